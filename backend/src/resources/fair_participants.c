/* fair_participants.c: employers' applications to job fairs and what follows them. Booths are
 * counted by a conditional UPDATE of the fair in the transaction that approves (of two
 * approvals for the last booth one wins), and numbered in fair_booths, keyed by (fair, number),
 * under the fair's row lock. */
#include "resources/fair_participants.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/strmap.h"
#include "db/db.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/attendance.h"
#include "resources/audit.h"
#include "resources/employers.h"
#include "resources/fairs.h"
#include "resources/interactions.h"
#include "resources/review.h"

enum participants_stmt {
	PA_EXISTING,
	PA_INSERT,
	PA_REAPPLY,
	PA_JOBS_CLEAR,
	PA_JOBS_ADD,
	PA_GET,
	PA_LIST,
	PA_COUNT,
	PA_DECIDE,
	PA_TAKE_BOOTHS,
	PA_FREE_BOOTHS,
	PA_WITHDRAW,
	PA_STATE_NOW,
	PA_RELEASE,
	PA_HELD,
	PA_BOOTH,
	PA_ZONE,
	PA_CHECKIN,
	PA_OWN_APPROVED,
	PA_PUBLIC,
	PA_PUBLIC_COUNT,
	PA__MAX
};

#define PA_BOOTHS "(SELECT JSON_ARRAYAGG(b.booth ORDER BY b.booth) FROM fair_booths b WHERE b.application_id = a.id)"
#define PA_FIRST_BOOTH "(SELECT MIN(b.booth) FROM fair_booths b WHERE b.application_id = a.id)"
#define PA_COLUMNS                                                                                \
	"a.id, a.fair_id, f.title AS fair_title, f.starts_at AS fair_starts_at, a.employer_id, "    \
	"e.name AS employer_name, "                                                                \
	"e.credit_code, e.industry_code, a.booths, a.attendees, a.contact_name, a.contact_phone, "   \
	"a.note, a.state, a.review_reason, a.reviewed_at, a.zone, a.group_name AS `group`, "        \
	PA_BOOTHS " AS booth_numbers__json, (SELECT JSON_ARRAYAGG(JSON_OBJECT('id', j.id, "          \
	"'title', j.title)) FROM fair_application_jobs aj JOIN jobs j ON j.id = aj.job_id WHERE "   \
	"aj.application_id = a.id) AS jobs__json, a.checked_in_at, a.created_at, a.updated_at"
#define PA_FROM                                                                                   \
	" FROM fair_applications a JOIN employers e ON e.id = a.employer_id JOIN fairs f ON "       \
	"f.id = a.fair_id"
#define PA_FILTER                                                                                 \
	" WHERE a.fair_id = ? AND (? IS NULL OR a.employer_id = ?) AND (? IS NULL OR a.state = ?)" \
	" AND (? IS NULL OR e.name LIKE ?)"
#define PA_PUBLIC_FILTER                                                                          \
	" FROM fair_applications a JOIN employers e ON e.id = a.employer_id WHERE a.fair_id = ? "   \
	"AND a.state = 'approved' AND (? IS NULL OR e.name LIKE ?)"

static const char *const stmts[PA__MAX] = {
    [PA_EXISTING] = "SELECT id, state FROM fair_applications WHERE fair_id = ? AND employer_id = ? "
		    "FOR UPDATE",
    [PA_INSERT] = "INSERT INTO fair_applications (fair_id, employer_id, booths, attendees, "
		  "contact_name, contact_phone, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [PA_REAPPLY] = "UPDATE fair_applications SET booths = ?, attendees = ?, contact_name = ?, "
		   "contact_phone = ?, note = ?, state = 'pending', review_reason = NULL, "
		   "reviewed_by = NULL, reviewed_at = NULL, zone = NULL, group_name = NULL, "
		   "checked_in_at = NULL WHERE id = ? AND state IN ('rejected', 'withdrawn')",
    [PA_JOBS_CLEAR] = "DELETE FROM fair_application_jobs WHERE application_id = ?",
    /* only the employer's own public jobs are taken: fewer rows than ids means a bad id */
    [PA_JOBS_ADD] = "INSERT INTO fair_application_jobs (application_id, job_id) SELECT ?, j.id FROM "
		    "JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$')) x JOIN jobs j ON "
		    "j.id = x.id WHERE j.employer_id = ? AND j.status IN ('approved', 'rereview')",
    [PA_GET] = "SELECT " PA_COLUMNS PA_FROM " WHERE a.id = ?",
    [PA_LIST] = "SELECT " PA_COLUMNS PA_FROM PA_FILTER " ORDER BY a.id LIMIT ? OFFSET ?",
    [PA_COUNT] = "SELECT COUNT(*) AS n" PA_FROM PA_FILTER,
    [PA_DECIDE] = "UPDATE fair_applications SET state = ?, review_reason = ?, reviewed_by = ?, "
		  "reviewed_at = CURRENT_TIMESTAMP WHERE id = ? AND state = 'pending'",
    [PA_TAKE_BOOTHS] = "UPDATE fairs SET booths_taken = booths_taken + ? WHERE id = ? AND "
		       "booths_taken + ? <= booths AND status = 'published'",
    [PA_FREE_BOOTHS] = "UPDATE fairs SET booths_taken = booths_taken - ? WHERE id = ?",
    [PA_WITHDRAW] = "UPDATE fair_applications SET state = 'withdrawn', zone = NULL, group_name = "
		    "NULL WHERE id = ? AND state = ?",
    /* What the change that won a race left (a locking read sees it, whatever the snapshot). */
    [PA_STATE_NOW] = "SELECT state FROM fair_applications WHERE id = ? LOCK IN SHARE MODE",
    [PA_RELEASE] = "DELETE FROM fair_booths WHERE application_id = ?",
    [PA_HELD] = "SELECT booth FROM fair_booths WHERE fair_id = ?",
    [PA_BOOTH] = "INSERT INTO fair_booths (fair_id, booth, application_id) VALUES (?, ?, ?)",
    /* a zone or group not given stays as it was */
    [PA_ZONE] = "UPDATE fair_applications SET zone = COALESCE(?, zone), group_name = "
		"COALESCE(?, group_name) WHERE id = ?",
    [PA_CHECKIN] = "UPDATE fair_applications a JOIN fairs f ON f.id = a.fair_id SET "
		   "a.checked_in_at = CURRENT_TIMESTAMP WHERE a.id = ? AND a.state = 'approved' AND "
		   "a.checked_in_at IS NULL AND f.status = 'published' AND f.ends_at > NOW() - "
		   "INTERVAL 1 HOUR",
    [PA_OWN_APPROVED] = "SELECT id FROM fair_applications WHERE fair_id = ? AND employer_id = ? "
			"AND state = 'approved'",
    [PA_PUBLIC] = "SELECT a.id AS application_id, a.employer_id, e.name AS employer_name, "
		  "e.industry_code, " PA_BOOTHS " AS booth_numbers__json, a.zone, a.group_name AS "
		  "`group`, (SELECT JSON_ARRAYAGG(JSON_OBJECT('id', j.id, 'title', j.title, 'city', "
		  "j.city, 'salary_min', j.salary_min, 'salary_max', j.salary_max, 'degree', j.degree, "
		  "'headcount', j.headcount)) FROM fair_application_jobs aj JOIN jobs j ON j.id = "
		  "aj.job_id WHERE aj.application_id = a.id) AS jobs__json" PA_PUBLIC_FILTER
		  " ORDER BY " PA_FIRST_BOOTH " IS NULL, " PA_FIRST_BOOTH ", a.id LIMIT ? OFFSET ?",
    [PA_PUBLIC_COUNT] = "SELECT COUNT(*) AS n" PA_PUBLIC_FILTER,
};

/* ---- reading ------------------------------------------------------------------------------ */

/* The application for the caller (the office, or its employer's HR): 1 and *doc, 0 when not
 * theirs to see, -1 on a database error. */
static int load_application(struct request *req, long long id, json_t **doc)
{
	int found = db_row(req->app->db, doc, stmts[PA_GET], DB_ARGS(DB_INT(id)));
	if (found != 1)
		return found;
	if (fairs_manager(req) || employers_own(req, json_integer_value(json_object_get(*doc, "employer_id"))))
		return 1;
	json_decref(*doc);
	*doc = NULL;
	return 0;
}

static int load_or_reply(struct request *req, long long id, json_t **doc)
{
	int found = load_application(req, id, doc);
	return found == 1 ? 1 : found < 0 ? reply_db_failure(req) : reply_not_found(req);
}

static int reply_application(struct request *req, int status, long long id)
{
	json_t *doc;
	return load_or_reply(req, id, &doc) < 0 ? -1 : reply_data(req, status, doc);
}

int participants_get(struct request *req)
{
	long long id;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	return reply_application(req, 200, id);
}

int participants_list(struct request *req)
{
	static const char *const states[] = {"pending", "approved", "rejected", "withdrawn", NULL};
	long long id;
	struct page pg;
	const char *state, *q;
	json_t *fair;
	if (path_id_or_404(req, 0, &id) < 0 || page_or_422(req, &pg) < 0 ||
	    query_string_or_422(req, "state", 16, &state) < 0 ||
	    (state && value_one_of_or_422(req, "state", state, states) < 0) ||
	    query_string_or_422(req, "q", 100, &q) < 0 || fairs_load_or_reply(req, id, 0, &fair) < 0)
		return -1;
	json_decref(fair);
	struct db_param own = req->caller->role == ROLE_EMPLOYER ? DB_INT(req->caller->employer_id) : DB_NULLV;
	const char *words = like_contains(req->arena, q);
	struct db_param p[9] = {DB_INT(id),    own,          own,          DB_STR(state),
				DB_STR(state), DB_STR(words), DB_STR(words)};
	return reply_paged(req, stmts[PA_LIST], stmts[PA_COUNT], p, 7, &pg, NULL);
}

int participants_public_list(struct request *req)
{
	long long id;
	struct page pg;
	const char *q;
	json_t *fair;
	if (path_id_or_404(req, 0, &id) < 0 || page_or_422(req, &pg) < 0 ||
	    query_string_or_422(req, "q", 100, &q) < 0 || fairs_load_or_reply(req, id, 0, &fair) < 0)
		return -1;
	json_t *mine = json_object_get(fair, "mine");
	time_t starts;
	int begun = clock_parse_time(json_string_value(json_object_get(fair, "starts_at")), &starts) == 0 &&
		    starts <= time(NULL);
	int participant = req->caller && req->caller->role == ROLE_EMPLOYER && json_is_object(mine) &&
			  strcmp(json_string_value(json_object_get(mine, "state")), "approved") == 0;
	int open = fairs_manager(req) || json_is_true(json_object_get(fair, "participants_public")) || begun ||
		   participant;
	json_decref(fair);
	if (!open)
		return reply_not_found(req);
	const char *words = like_contains(req->arena, q);
	struct db_param p[5] = {DB_INT(id), DB_STR(words), DB_STR(words)};
	return reply_paged(req, stmts[PA_PUBLIC], stmts[PA_PUBLIC_COUNT], p, 3, &pg, NULL);
}

/* ---- applying ----------------------------------------------------------------------------- */

/* The fair must take applications: published, before apply_until. 0, or -1 after 409. */
static int open_for_applications_or_409(struct request *req, json_t *fair)
{
	time_t until;
	if (strcmp(json_string_value(json_object_get(fair, "status")), "published") != 0)
		return reply_error(req, ERR_CONFLICT, NULL, "the fair is cancelled");
	if (clock_parse_time(json_string_value(json_object_get(fair, "apply_until")), &until) < 0 ||
	    until < time(NULL))
		return reply_error(req, ERR_CONFLICT, NULL, "applications closed at %s",
				   json_string_value(json_object_get(fair, "apply_until")));
	return 0;
}

struct application_body {
	long long booths, attendees;
	const char *contact_name, *contact_phone, *note;
	json_t *job_ids;
};

/* The body against the fair's limits: 0, or -1 after 422. */
static int application_body_or_422(struct request *req, json_t *fair, struct application_body *b)
{
	static const char *const allowed[] = {"booths",        "attendees", "contact_name",
					      "contact_phone", "note",      "job_ids", NULL};
	long long max_booths = json_integer_value(json_object_get(fair, "max_booths"));
	long long max_attendees = json_integer_value(json_object_get(fair, "max_attendees"));
	b->booths = 1;
	b->attendees = 1;
	if (body_only_or_422(req, allowed) < 0 ||
	    (json_object_get(req->json, "booths") && body_int_or_422(req, "booths", 1, max_booths, &b->booths) < 0) ||
	    (json_object_get(req->json, "attendees") &&
	     body_int_or_422(req, "attendees", 1, max_attendees, &b->attendees) < 0) ||
	    body_string_or_422(req, "contact_name", 1, 100, &b->contact_name) < 0 ||
	    body_string_or_422(req, "contact_phone", 5, 20, &b->contact_phone) < 0 ||
	    body_opt_string_or_422(req, "note", 500, &b->note) < 0 ||
	    body_id_array_or_422(req, "job_ids", &b->job_ids) < 0)
		return -1;
	for (const char *c = b->contact_phone; *c; c++)
		if (!isdigit((unsigned char)*c) && *c != '-' && *c != '+' && *c != ' ')
			return reply_error(req, ERR_VALIDATION, "contact_phone", "contact_phone must be a phone number");
	if (json_array_size(b->job_ids) > 50)
		return reply_error(req, ERR_VALIDATION, "job_ids", "at most 50 jobs");
	return 0;
}

/* Writes the jobs the application brings: 0, or -1 after 422 (an id not the employer's own
 * public job) or a database failure (not answered). */
static int write_jobs(struct request *req, long long application, json_t *job_ids)
{
	struct db *db = req->app->db;
	size_t distinct = 0, i, k;
	json_t *v;
	json_array_foreach(job_ids, i, v)
	{
		int seen = 0;
		for (k = 0; k < i; k++)
			seen |= json_integer_value(json_array_get(job_ids, k)) == json_integer_value(v);
		distinct += !seen;
	}
	char *text = json_dumps(job_ids, JSON_COMPACT);
	long long n = db_exec(db, stmts[PA_JOBS_CLEAR], DB_ARGS(DB_INT(application))) < 0 || !text
			  ? -1
			  : db_exec(db, stmts[PA_JOBS_ADD],
				    DB_ARGS(DB_INT(application), DB_STR(text), DB_INT(req->caller->employer_id)));
	free(text);
	if (n < 0)
		return -1;
	if ((size_t)n != distinct)
		return reply_error(req, ERR_VALIDATION, "job_ids",
				   "bring only your company's approved jobs");
	return 0;
}

int participants_apply(struct request *req)
{
	long long id;
	json_t *fair, *existing;
	struct application_body b;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	if (employers_in_or_403(req, "it can take part in fairs") < 0 || fairs_load_or_reply(req, id, 0, &fair) < 0)
		return -1;
	int rc = open_for_applications_or_409(req, fair);
	if (rc == 0)
		rc = application_body_or_422(req, fair, &b);
	json_decref(fair);
	if (rc < 0)
		return -1;
	struct db *db = req->app->db;
	if (db_begin(db) < 0)
		return reply_db_failure(req);
	long long app = 0;
	int found = db_row(db, &existing, stmts[PA_EXISTING], DB_ARGS(DB_INT(id), DB_INT(req->caller->employer_id)));
	if (found < 0)
		rc = -1;
	else if (found) {
		app = json_integer_value(json_object_get(existing, "id"));
		const char *state = json_string_value(json_object_get(existing, "state"));
		if (strcmp(state, "pending") == 0 || strcmp(state, "approved") == 0)
			rc = reply_error(req, ERR_CONFLICT, NULL, "your company has applied already (%s)", state);
		else if (db_exec(db, stmts[PA_REAPPLY],
				 DB_ARGS(DB_INT(b.booths), DB_INT(b.attendees), DB_STR(b.contact_name),
					 DB_STR(b.contact_phone), DB_STR(b.note), DB_INT(app))) != 1)
			rc = -1;
		json_decref(existing);
	} else if (db_exec(db, stmts[PA_INSERT],
			   DB_ARGS(DB_INT(id), DB_INT(req->caller->employer_id), DB_INT(b.booths),
				   DB_INT(b.attendees), DB_STR(b.contact_name), DB_STR(b.contact_phone),
				   DB_STR(b.note))) != 1) {
		rc = db_status(db) == DB_DUPLICATE
			 ? reply_error(req, ERR_CONFLICT, NULL, "your company has applied already")
			 : -1;
	} else {
		app = db_insert_id(db);
	}
	if (rc == 0)
		rc = write_jobs(req, app, b.job_ids);
	if (rc == 0)
		rc = audit_record(req, 0, "fair.apply", "fair_application", app, req->json);
	if (rc == 0 && db_commit(db) == 0)
		return reply_application(req, 201, app);
	db_rollback(db);
	return req->status >= 400 ? -1 : reply_db_failure(req);
}

/* ---- the office's decisions, the employer's withdrawal ------------------------------------- */

/* Ends a write on one application: commits and answers it, or rolls back. */
static int finish(struct request *req, int rc, long long id)
{
	struct db *db = req->app->db;
	if (rc == 0 && db_commit(db) == 0)
		return reply_application(req, 200, id);
	db_rollback(db);
	return req->status >= 400 ? -1 : reply_db_failure(req);
}

/* Inside a transaction: moves booths (n, may be negative) on the fair: 0, or -1 after 409 when
 * fewer are left, or a database failure. */
static int move_booths(struct request *req, long long fair, long long n)
{
	struct db *db = req->app->db;
	long long done = n > 0 ? db_exec(db, stmts[PA_TAKE_BOOTHS], DB_ARGS(DB_INT(n), DB_INT(fair), DB_INT(n)))
			       : db_exec(db, stmts[PA_FREE_BOOTHS], DB_ARGS(DB_INT(-n), DB_INT(fair)));
	if (done < 0)
		return -1;
	if (done == 0) {
		json_t *f;
		long long left = fairs_load(req, fair, 0, &f) == 1
				     ? json_integer_value(json_object_get(f, "booths_left"))
				     : 0;
		json_decref(f);
		return reply_error(req, ERR_CONFLICT, "booths",
				   "%lld booth%s asked for, %lld left (or the fair is cancelled)", n,
				   n == 1 ? "" : "s", left);
	}
	return 0;
}

int participants_review(struct request *req)
{
	static const char *const allowed[] = {"decision", "reason", NULL};
	static const char *const decisions[] = {"approve", "reject", NULL};
	long long id;
	const char *reason;
	json_t *doc;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	int which = review_decision_or_422(req, allowed, decisions, &reason);
	if (which < 0 || load_or_reply(req, id, &doc) < 0)
		return -1;
	const char *to = which == 0 ? "approved" : "rejected";
	long long fair = json_integer_value(json_object_get(doc, "fair_id"));
	long long booths = json_integer_value(json_object_get(doc, "booths"));
	struct db *db = req->app->db;
	int rc = db_begin(db) < 0 ? -1 : 0;
	long long n = rc == 0 ? db_exec(db, stmts[PA_DECIDE], DB_ARGS(DB_STR(to), DB_STR(reason),
								      DB_INT(req->caller->id), DB_INT(id)))
			      : -1;
	if (n == 0) {
		json_t *now;
		int seen = load_application(req, id, &now);
		rc = reply_error(req, ERR_CONFLICT, "state", "the application is %s: it cannot become %s",
				 seen == 1 ? json_string_value(json_object_get(now, "state")) : "changed", to);
		json_decref(seen == 1 ? now : NULL);
	} else if (n < 0)
		rc = -1;
	if (rc == 0 && which == 0)
		rc = move_booths(req, fair, booths);
	if (rc == 0 && which == 0) { /* taking part is an interaction of the employer (业务动态) */
		char day[11];
		snprintf(day, sizeof day, "%.10s", json_string_value(json_object_get(doc, "fair_starts_at")));
		rc = interactions_derive(req, json_integer_value(json_object_get(doc, "employer_id")),
					 "daily_business", "fair", id,
					 json_string_value(json_object_get(doc, "fair_title")), day);
	}
	json_t *detail = json_pack("{s:s, s:s?}", "decision", decisions[which], "reason", reason);
	if (rc == 0)
		rc = audit_record(req, 0, "fair_application.review", "fair_application", id, detail);
	json_decref(detail);
	json_decref(doc);
	return finish(req, rc, id);
}

/* The application of the path, for an action that takes no body: 1 and *doc, or -1 after
 * answering. */
static int bodyless_application(struct request *req, long long *id, json_t **doc)
{
	static const char *const no_fields[] = {NULL};
	if (path_id_or_404(req, 0, id) < 0 || body_only_or_422(req, no_fields) < 0)
		return -1;
	return load_or_reply(req, *id, doc);
}

/* Answers the withdrawal that found the application moved on from `from` meanwhile: 409 naming
 * the state it is in now. -1 (a database failure unanswered, for finish()). */
static int withdrawal_lost_race(struct request *req, long long id, const char *from)
{
	json_t *now;
	if (db_row(req->app->db, &now, stmts[PA_STATE_NOW], DB_ARGS(DB_INT(id))) != 1)
		return -1;
	reply_error(req, ERR_CONFLICT, "state",
		    "the application changed meanwhile: it is %s now (it was %s) and cannot become "
		    "withdrawn; reload it",
		    json_string_value(json_object_get(now, "state")), from);
	json_decref(now);
	return -1;
}

int participants_withdraw(struct request *req)
{
	long long id;
	json_t *doc;
	if (bodyless_application(req, &id, &doc) < 0)
		return -1;
	if (req->caller->role != ROLE_EMPLOYER) { /* the office rejects; only the employer withdraws */
		json_decref(doc);
		return reply_not_found(req);
	}
	char from[16];
	snprintf(from, sizeof from, "%s", json_string_value(json_object_get(doc, "state")));
	long long fair = json_integer_value(json_object_get(doc, "fair_id"));
	long long booths = json_integer_value(json_object_get(doc, "booths"));
	json_decref(doc);
	if (strcmp(from, "pending") != 0 && strcmp(from, "approved") != 0)
		return reply_error(req, ERR_CONFLICT, "state", "the application is %s: it cannot become withdrawn",
				   from);
	struct db *db = req->app->db;
	int rc = db_begin(db) < 0 ? -1 : 0;
	long long n = rc == 0 ? db_exec(db, stmts[PA_WITHDRAW], DB_ARGS(DB_INT(id), DB_STR(from))) : -1;
	if (n == 0)
		rc = withdrawal_lost_race(req, id, from);
	else if (n < 0)
		rc = -1;
	if (rc == 0 && strcmp(from, "approved") == 0 &&
	    (db_exec(db, stmts[PA_RELEASE], DB_ARGS(DB_INT(id))) < 0 || move_booths(req, fair, -booths) < 0 ||
	     interactions_undo(req, "fair", id) < 0))
		rc = -1;
	if (rc == 0)
		rc = audit_record(req, 0, "fair_application.withdraw", "fair_application", id, NULL);
	return finish(req, rc, id);
}

/* ---- booth numbers -------------------------------------------------------------------------- */

/* A list must not name a value twice: 0, or -1 after 422. */
static int repeated_or_422(struct request *req, const char *field, json_t *list)
{
	for (size_t i = 0; i < json_array_size(list); i++)
		for (size_t k = 0; k < i; k++)
			if (json_equal(json_array_get(list, i), json_array_get(list, k)))
				return reply_error(req, ERR_VALIDATION, field, "%s names one value twice", field);
	return 0;
}

/* A zone: 1 to 10 letters or digits. */
static int zone_or_422(struct request *req, const char *field, const char *zone)
{
	size_t n = strlen(zone);
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)zone[i]))
			n = 0;
	return n >= 1 && n <= 10 ? 0
				 : reply_error(req, ERR_VALIDATION, field,
					       "%s must be 1 to 10 letters or digits (A, B2 …)", field);
}

/* Inside the transaction that holds the fair's lock: gives the application the numbers and the
 * zone and group: 0, or -1 after 409 (a number held by another) or a database failure. */
static int write_booths(struct request *req, long long fair, long long app, json_t *numbers,
			const char *zone, const char *group)
{
	struct db *db = req->app->db;
	if (db_exec(db, stmts[PA_RELEASE], DB_ARGS(DB_INT(app))) < 0 ||
	    db_exec(db, stmts[PA_ZONE], DB_ARGS(DB_STR(zone), DB_STR(group), DB_INT(app))) < 0)
		return -1;
	size_t i;
	json_t *v;
	json_array_foreach(numbers, i, v)
	{
		if (db_exec(db, stmts[PA_BOOTH], DB_ARGS(DB_INT(fair), DB_STR(json_string_value(v)), DB_INT(app))) != 1)
			return db_status(db) == DB_DUPLICATE
				   ? reply_error(req, ERR_CONFLICT, "booth_numbers", "booth %s is held by another employer",
						 json_string_value(v))
				   : -1;
	}
	return 0;
}

/* Starts a booth write for the fair of the path or of an application: locks the fair; 0, or
 * -1 after 404/503. */
static int begin_booths(struct request *req, long long fair)
{
	json_t *doc;
	struct db *db = req->app->db;
	if (db_begin(db) < 0)
		return reply_db_failure(req);
	int found = fairs_load(req, fair, 1, &doc);
	json_decref(found == 1 ? doc : NULL);
	if (found == 1)
		return 0;
	db_rollback(db);
	return found < 0 ? reply_db_failure(req) : reply_not_found(req);
}

int participants_number_booths(struct request *req)
{
	static const char *const allowed[] = {"ids", "zone", "group", "start", NULL};
	long long fair, start = 1;
	json_t *ids;
	const char *zone, *group;
	if (path_id_or_404(req, 0, &fair) < 0 || body_only_or_422(req, allowed) < 0 ||
	    body_id_array_or_422(req, "ids", &ids) < 0 || body_string_or_422(req, "zone", 1, 10, &zone) < 0 ||
	    zone_or_422(req, "zone", zone) < 0 || body_opt_string_or_422(req, "group", 50, &group) < 0 ||
	    (json_object_get(req->json, "start") && body_int_or_422(req, "start", 1, 999, &start) < 0))
		return -1;
	if (json_array_size(ids) == 0 || json_array_size(ids) > 500)
		return reply_error(req, ERR_VALIDATION, "ids", "ids must hold 1 to 500 applications");
	if (repeated_or_422(req, "ids", ids) < 0)
		return -1;
	if (begin_booths(req, fair) < 0)
		return -1;
	struct db *db = req->app->db;
	json_t *assigned = json_array();
	int rc = 0;
	size_t i;
	json_t *v;
	/* the numbers of the applications being numbered are free for them */
	json_array_foreach(ids, i, v)
	{
		if (rc == 0 && db_exec(db, stmts[PA_RELEASE], DB_ARGS(DB_INT(json_integer_value(v)))) < 0)
			rc = -1;
	}
	json_t *held_rows = rc == 0 ? db_rows(db, stmts[PA_HELD], DB_ARGS(DB_INT(fair))) : NULL;
	struct strmap *held = strmap_new(req->arena);
	if (!held_rows)
		rc = -1;
	json_array_foreach(held_rows, i, v)
	{
		strmap_put(held, json_string_value(json_object_get(v, "booth")), 1);
	}
	json_decref(held_rows);
	long long next = start;
	json_array_foreach(ids, i, v)
	{
		json_t *doc;
		long long app = json_integer_value(v);
		if (rc < 0)
			break;
		int found = load_application(req, app, &doc);
		if (found < 0) {
			rc = -1;
			break;
		}
		int fits = found && json_integer_value(json_object_get(doc, "fair_id")) == fair &&
			   strcmp(json_string_value(json_object_get(doc, "state")), "approved") == 0;
		long long booths = fits ? json_integer_value(json_object_get(doc, "booths")) : 0;
		json_decref(found ? doc : NULL);
		if (!fits) {
			rc = reply_error(req, ERR_VALIDATION, "ids",
					 "application %lld is not an approved participant of this fair", app);
			break;
		}
		json_t *numbers = json_array();
		for (long long k = 0; k < booths; k++) {
			char label[24];
			do
				snprintf(label, sizeof label, "%s%02lld", zone, next++);
			while (strmap_get(held, label, NULL));
			strmap_put(held, label, 1);
			json_array_append_new(numbers, json_string(label));
		}
		rc = write_booths(req, fair, app, numbers, zone, group);
		json_array_append_new(assigned, json_pack("{s:I, s:o}", "application_id", (json_int_t)app,
							  "booth_numbers", numbers));
	}
	if (rc == 0)
		rc = audit_record(req, 0, "fair.booths", "fair", fair, req->json);
	if (rc == 0 && db_commit(db) == 0)
		return reply_data(req, 200, json_pack("{s:o}", "assigned", assigned));
	json_decref(assigned);
	db_rollback(db);
	return req->status >= 400 ? -1 : reply_db_failure(req);
}

int participants_set_booths(struct request *req)
{
	static const char *const allowed[] = {"booth_numbers", "zone", "group", NULL};
	long long id;
	json_t *numbers, *doc;
	const char *zone, *group;
	if (path_id_or_404(req, 0, &id) < 0 || body_only_or_422(req, allowed) < 0 ||
	    body_string_array_or_422(req, "booth_numbers", &numbers) < 0 ||
	    body_opt_string_or_422(req, "zone", 10, &zone) < 0 ||
	    (zone && zone_or_422(req, "zone", zone) < 0) || body_opt_string_or_422(req, "group", 50, &group) < 0 ||
	    load_or_reply(req, id, &doc) < 0)
		return -1;
	long long fair = json_integer_value(json_object_get(doc, "fair_id"));
	long long booths = json_integer_value(json_object_get(doc, "booths"));
	int approved = strcmp(json_string_value(json_object_get(doc, "state")), "approved") == 0;
	json_decref(doc);
	if (!approved)
		return reply_error(req, ERR_CONFLICT, "state", "only an approved application has booths");
	if ((long long)json_array_size(numbers) != booths)
		return reply_error(req, ERR_VALIDATION, "booth_numbers", "the application has %lld booth%s",
				   booths, booths == 1 ? "" : "s");
	if (repeated_or_422(req, "booth_numbers", numbers) < 0)
		return -1;
	size_t i;
	json_t *v;
	json_array_foreach(numbers, i, v)
	{
		if (zone_or_422(req, "booth_numbers", json_string_value(v)) < 0)
			return -1;
	}
	if (begin_booths(req, fair) < 0)
		return -1;
	int rc = write_booths(req, fair, id, numbers, zone, group);
	if (rc == 0)
		rc = audit_record(req, 0, "fair_application.booths", "fair_application", id, req->json);
	return finish(req, rc, id);
}

/* ---- check-in ----------------------------------------------------------------------------- */

/* Marks an approved application checked in (inside a new transaction) and answers it. */
static int check_in(struct request *req, long long id, const char *method)
{
	struct db *db = req->app->db;
	int rc = db_begin(db) < 0 ? -1 : 0;
	long long n = rc == 0 ? db_exec(db, stmts[PA_CHECKIN], DB_ARGS(DB_INT(id))) : -1;
	if (n == 0)
		rc = reply_error(req, ERR_CONFLICT, NULL,
				 "not checked in: the company is checked in already, not approved, or the fair is over");
	else if (n < 0)
		rc = -1;
	json_t *detail = json_pack("{s:s}", "method", method);
	if (rc == 0)
		rc = audit_record(req, 0, "fair_application.checkin", "fair_application", id, detail);
	json_decref(detail);
	return finish(req, rc, id);
}

int participants_checkin(struct request *req)
{
	static const char *const allowed[] = {"token", NULL};
	long long fair;
	json_t *doc, *own;
	if (path_id_or_404(req, 0, &fair) < 0 || body_only_or_422(req, allowed) < 0 ||
	    fairs_load_or_reply(req, fair, 0, &doc) < 0)
		return -1;
	json_decref(doc);
	int found = db_row(req->app->db, &own, stmts[PA_OWN_APPROVED],
			   DB_ARGS(DB_INT(fair), DB_INT(req->caller->employer_id)));
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return reply_error(req, ERR_CONFLICT, NULL, "your company is not an approved participant of this fair");
	long long app = json_integer_value(json_object_get(own, "id"));
	json_decref(own);
	if (!attendance_proof_or_422(req, FAIR_EMPLOYERS_ENTRANCE, fair, NULL, 0))
		return -1;
	return check_in(req, app, "qr");
}

int participants_mark_checkin(struct request *req)
{
	long long id;
	json_t *doc;
	if (bodyless_application(req, &id, &doc) < 0)
		return -1;
	json_decref(doc);
	return check_in(req, id, "office");
}
