/* sessions.c: employers applying for info sessions, and the lists of them. */
#include "resources/sessions.h"

#include <string.h>

#include "db/db.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/employers.h"
#include "resources/events.h"

enum sessions_stmt { SES_LIST, SES_COUNT, SES__MAX };

#define SES_FILTER                                                                                \
	" FROM events e JOIN employers em ON em.id = e.employer_id WHERE e.kind = 'info_session'"  \
	" AND (? IS NULL OR e.employer_id = ?) AND (? IS NULL OR e.status = ?)"                    \
	" AND (? IS NULL OR e.title LIKE ? OR em.name LIKE ?)"

static const char *const stmts[SES__MAX] = {
    [SES_LIST] = "SELECT e.id, e.kind, e.category, e.title, e.employer_id, em.name AS employer_name, "
		 "e.venue_id, e.venue, e.starts_at, e.ends_at, e.capacity, e.signups, e.checkins, "
		 "e.status, e.review_reason, e.created_at, e.updated_at" SES_FILTER
		 " ORDER BY e.id DESC LIMIT ? OFFSET ?",
    [SES_COUNT] = "SELECT COUNT(*) AS n" SES_FILTER,
};

#define SESSION_CATEGORY "宣讲会"

int sessions_apply(struct request *req)
{
	static const char *const allowed[] = {"title",   "description", "venue_id", "starts_at",
					      "ends_at", "capacity",    NULL};
	struct event_fields f;
	if (employers_in_or_403(req, "it can apply for info sessions") < 0)
		return -1;
	json_t *venue = json_object_get(req->json, "venue_id");
	if (!venue || json_is_null(venue))
		return reply_error(req, ERR_VALIDATION, "venue_id",
				   "choose a venue (a 待定 one if the room is not known yet)");
	if (events_fields_or_422(req, NULL, allowed, &f) < 0)
		return -1;
	f.category = SESSION_CATEGORY;
	struct db *db = req->app->db;
	if (db_begin(db) < 0)
		return reply_db_failure(req);
	long long id = 0;
	int rc = events_place_or_reply(req, &f, 0, 1);
	if (rc == 0 && (id = events_insert(req, &f, "info_session", req->caller->employer_id, "pending")) < 0)
		rc = -1;
	if (rc == 0 && db_commit(db) == 0)
		return events_reply(req, 201, id);
	db_rollback(db);
	return req->status >= 400 ? -1 : reply_db_failure(req);
}

int sessions_list(struct request *req)
{
	static const char *const statuses[] = {"pending", "approved", "rejected", "cancelled", NULL};
	struct page pg;
	const char *status, *q;
	if (page_or_422(req, &pg) < 0 || query_string_or_422(req, "status", 16, &status) < 0 ||
	    (status && value_one_of_or_422(req, "status", status, statuses) < 0) ||
	    query_string_or_422(req, "q", 100, &q) < 0)
		return -1;
	struct db_param own = req->caller->role == ROLE_EMPLOYER ? DB_INT(req->caller->employer_id) : DB_NULLV;
	const char *words = like_contains(req->arena, q);
	struct db_param p[9] = {own,          own,          DB_STR(status), DB_STR(status),
				DB_STR(words), DB_STR(words), DB_STR(words)};
	return reply_paged(req, stmts[SES_LIST], stmts[SES_COUNT], p, 7, &pg, NULL);
}
