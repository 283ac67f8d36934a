/* events.c: career events and info sessions as one timetable (docs/events.md): the office
 * creates, edits, reviews and cancels them; everyone reads the published ones. A real venue
 * never holds two approved events at overlapping times: every writer of a venue's timetable
 * first locks the venue's row. */
#include "resources/events.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/session.h"
#include "core/clock.h"
#include "db/db.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/audit.h"
#include "resources/employers.h"
#include "resources/interactions.h"
#include "resources/review.h"
#include "resources/venues.h"

enum events_stmt {
	EV_INSERT,
	EV_GET,
	EV_LOCK,
	EV_MINE,
	EV_OVERLAP,
	EV_UPDATE,
	EV_DECIDE,
	EV_LIST,
	EV_COUNT,
	EV__MAX
};

#define EV_COLUMNS                                                                                \
	"e.id, e.kind, e.category, e.title, e.description, e.employer_id, em.name AS "             \
	"employer_name, e.venue_id, e.venue, e.starts_at, e.ends_at, COALESCE(e.signup_from, "     \
	"e.created_at) AS signup_from, COALESCE(e.signup_until, e.starts_at) AS signup_until, "    \
	"e.capacity, e.signups, e.checkins, e.require_signup = 1 AS "                              \
	"require_signup, e.status, e.review_reason, e.created_at, e.updated_at"
#define EV_FROM " FROM events e LEFT JOIN employers em ON em.id = e.employer_id"
/* The list's filters: status (NULL: published), past, kind, category, employer, from and to
 * dates, words, and a student's own sign-ups. */
#define EV_FILTER                                                                                 \
	" WHERE (? = 'all' OR e.status = COALESCE(?, 'approved')) AND (? = 1 OR e.ends_at >= NOW())" \
	" AND (? IS NULL OR e.kind = ?) AND (? IS NULL OR e.category = ?)"                          \
	" AND (? IS NULL OR e.employer_id = ?) AND (? IS NULL OR e.starts_at >= ?)"                 \
	" AND (? IS NULL OR e.starts_at < ? + INTERVAL 1 DAY)"                                     \
	" AND (? IS NULL OR e.title LIKE ? OR em.name LIKE ?)"                                     \
	" AND (? IS NULL OR e.id IN (SELECT es.event_id FROM event_signups es WHERE es.student_id = ?))"
#define EV_NFILTER 18

static const char *const stmts[EV__MAX] = {
    [EV_INSERT] = "INSERT INTO events (kind, category, title, description, employer_id, venue_id, "
		  "venue, starts_at, ends_at, signup_from, signup_until, capacity, require_signup, "
		  "checkin_code, status, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    /* with the window as set (NULL: the default), which edits keep */
    [EV_GET] = "SELECT " EV_COLUMNS ", e.checkin_code, e.signup_from AS set_signup_from, "
	       "e.signup_until AS set_signup_until" EV_FROM " WHERE e.id = ?",
    [EV_LOCK] = "SELECT status FROM events WHERE id = ? FOR UPDATE",
    [EV_MINE] = "SELECT EXISTS (SELECT 1 FROM event_signups WHERE event_id = ? AND student_id = ?) "
		"AS signed_up, EXISTS (SELECT 1 FROM event_checkins WHERE event_id = ? AND "
		"student_id = ?) AS checked_in",
    /* A locking read: it sees the approvals committed while this request waited for the
     * venue's lock, whatever its snapshot. */
    [EV_OVERLAP] = "SELECT id, title, starts_at, ends_at FROM events WHERE venue_id = ? AND "
		   "status = 'approved' AND id <> ? AND starts_at < ? AND ends_at > ? "
		   "ORDER BY starts_at LIMIT 1 LOCK IN SHARE MODE",
    [EV_UPDATE] = "UPDATE events SET category = ?, title = ?, description = ?, venue_id = ?, "
		  "venue = ?, starts_at = ?, ends_at = ?, signup_from = ?, signup_until = ?, "
		  "capacity = ?, require_signup = ?, checkin_code = ? WHERE id = ?",
    [EV_DECIDE] = "UPDATE events SET status = ?, review_reason = ?, reviewed_by = ?, "
		  "reviewed_at = CURRENT_TIMESTAMP WHERE id = ? AND status = ?",
    [EV_LIST] = "SELECT " EV_COLUMNS EV_FROM EV_FILTER " ORDER BY e.starts_at, e.id LIMIT ? OFFSET ?",
    [EV_COUNT] = "SELECT COUNT(*) AS n" EV_FROM EV_FILTER,
};

#define EXAMPLE_TIME "2026-09-01T14:00:00+08:00"

/* ---- fields ------------------------------------------------------------------------------- */

static int listed(const char *const *list, const char *key)
{
	for (; *list; list++)
		if (strcmp(*list, key) == 0)
			return 1;
	return 0;
}

/* A time field of the body: 0 (and *out; null gives 0), or -1 after 422. */
static int time_or_422(struct request *req, const char *key, json_t *v, time_t *out)
{
	if (json_is_null(v)) {
		*out = 0;
		return 0;
	}
	if (json_is_string(v) && clock_parse_time(json_string_value(v), out) == 0)
		return 0;
	return reply_error(req, ERR_VALIDATION, key, "%s must be a time such as " EXAMPLE_TIME, key);
}

/* The current values of an event as the API shows it. */
static void from_current(json_t *cur, struct event_fields *f)
{
	f->category = json_string_value(json_object_get(cur, "category"));
	f->title = json_string_value(json_object_get(cur, "title"));
	f->description = json_string_value(json_object_get(cur, "description"));
	f->venue_text = json_string_value(json_object_get(cur, "venue"));
	f->checkin_code = json_string_value(json_object_get(cur, "checkin_code"));
	f->venue_id = json_integer_value(json_object_get(cur, "venue_id"));
	f->capacity = json_integer_value(json_object_get(cur, "capacity"));
	f->require_signup = json_is_true(json_object_get(cur, "require_signup"));
	struct {
		const char *key;
		time_t *to;
	} times[] = {{"starts_at", &f->starts_at},
		     {"ends_at", &f->ends_at},
		     {"set_signup_from", &f->signup_from},
		     {"set_signup_until", &f->signup_until}};
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++)
		if (clock_parse_time(json_string_value(json_object_get(cur, times[i].key)), times[i].to) < 0)
			*times[i].to = 0;
}

/* One body field into f: 0, or -1 after 422. */
static int field_or_422(struct request *req, const char *key, json_t *v, struct event_fields *f)
{
	if (strcmp(key, "title") == 0)
		return json_text_or_422(req, key, v, 2, 100) < 0 ? -1 : (f->title = json_string_value(v), 0);
	if (strcmp(key, "category") == 0)
		return json_text_or_422(req, key, v, 1, 32) < 0 ? -1 : (f->category = json_string_value(v), 0);
	if (strcmp(key, "description") == 0) {
		if (json_is_null(v))
			return f->description = NULL, 0;
		return json_paragraphs_or_422(req, key, v, 0, 5000) < 0 ? -1 : (f->description = json_string_value(v), 0);
	}
	if (strcmp(key, "checkin_code") == 0) {
		if (json_is_null(v))
			return f->checkin_code = NULL, 0;
		return json_text_or_422(req, key, v, 4, 32) < 0 ? -1 : (f->checkin_code = json_string_value(v), 0);
	}
	if (strcmp(key, "venue") == 0 || strcmp(key, "venue_id") == 0) {
		/* venue_id null only leaves the room ({"venue_id":null,"venue":"线上"} in any order) */
		if (strcmp(key, "venue") == 0 || !json_is_null(v))
			f->venue_text = NULL;
		f->venue_id = 0;
		if (json_is_null(v))
			return 0;
		if (json_is_integer(v) && json_integer_value(v) > 0)
			return f->venue_id = json_integer_value(v), 0;
		if (strcmp(key, "venue") == 0 && json_is_string(v))
			return json_text_or_422(req, key, v, 1, 100) < 0 ? -1 : (f->venue_text = json_string_value(v), 0);
		return reply_error(req, ERR_VALIDATION, key, "%s must be a venue's id%s", key,
				   strcmp(key, "venue") == 0 ? " or the name of a place" : "");
	}
	if (strcmp(key, "capacity") == 0) {
		if (json_is_null(v))
			return f->capacity = 0, 0;
		if (json_is_integer(v) && json_integer_value(v) >= 1 && json_integer_value(v) <= 100000)
			return f->capacity = json_integer_value(v), 0;
		return reply_error(req, ERR_VALIDATION, key, "capacity must be from 1 to 100000");
	}
	if (strcmp(key, "require_signup") == 0) {
		if (!json_is_boolean(v))
			return reply_error(req, ERR_VALIDATION, key, "require_signup must be true or false");
		return f->require_signup = json_is_true(v), 0;
	}
	if (strcmp(key, "starts_at") == 0)
		return time_or_422(req, key, v, &f->starts_at);
	if (strcmp(key, "ends_at") == 0)
		return time_or_422(req, key, v, &f->ends_at);
	if (strcmp(key, "signup_from") == 0)
		return time_or_422(req, key, v, &f->signup_from);
	if (strcmp(key, "signup_until") == 0)
		return time_or_422(req, key, v, &f->signup_until);
	return 0; /* decision, reason: the review's own */
}

int events_fields_or_422(struct request *req, json_t *current, const char *const *allowed,
			 struct event_fields *f)
{
	static const char *const required[] = {"title", "category", "starts_at", "ends_at", NULL};
	memset(f, 0, sizeof *f);
	if (body_only_or_422(req, allowed) < 0)
		return -1;
	if (current)
		from_current(current, f);
	for (size_t i = 0; !current && required[i]; i++) {
		json_t *v = json_object_get(req->json, required[i]);
		if (listed(allowed, required[i]) && (!v || json_is_null(v)))
			return reply_error(req, ERR_VALIDATION, required[i], "%s is required", required[i]);
	}
	const char *key;
	json_t *v;
	json_object_foreach(req->json, key, v)
	{
		if (field_or_422(req, key, v, f) < 0)
			return -1;
	}
	if (!f->starts_at || !f->ends_at)
		return reply_error(req, ERR_VALIDATION, f->starts_at ? "ends_at" : "starts_at",
				   "the event needs a start and an end");
	if (f->ends_at <= f->starts_at)
		return reply_error(req, ERR_VALIDATION, "ends_at", "ends_at must be after starts_at");
	int moved = !current || json_object_get(req->json, "starts_at");
	if (moved && f->starts_at <= time(NULL))
		return reply_error(req, ERR_VALIDATION, "starts_at", "starts_at must be in the future");
	if (f->signup_until && f->signup_until > f->starts_at)
		return reply_error(req, ERR_VALIDATION, "signup_until",
				   "sign-up must close by the start of the event");
	if (f->signup_from && f->signup_from >= (f->signup_until ? f->signup_until : f->starts_at))
		return reply_error(req, ERR_VALIDATION, "signup_from",
				   "sign-up must open before it closes (by default, at the start)");
	if (!f->capacity && !f->venue_id)
		return reply_error(req, ERR_VALIDATION, "capacity",
				   "capacity is required when no venue is chosen");
	return 0;
}

/* ---- the venue's timetable ---------------------------------------------------------------- */

/* A time as DATETIME text (arena-owned), NULL for 0. */
static const char *db_time(struct request *req, time_t t)
{
	if (!t)
		return NULL;
	char *s = arena_alloc(req->arena, 20);
	clock_cst_text(t, s);
	return s;
}

int events_place_or_reply(struct request *req, struct event_fields *f, long long event_id,
			  int check_room)
{
	if (!f->venue_id)
		return 0;
	json_t *venue;
	int found = venues_find(req->app, f->venue_id, 1, &venue);
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return reply_error(req, ERR_VALIDATION, "venue_id", "there is no venue %lld", f->venue_id);
	int chosen_now = json_object_get(req->json, "venue_id") || json_object_get(req->json, "venue");
	long long holds = json_integer_value(json_object_get(venue, "capacity"));
	int rc = 0;
	if (chosen_now && !json_is_true(json_object_get(venue, "active")))
		rc = reply_error(req, ERR_VALIDATION, "venue_id", "%s is no longer in use",
				 json_string_value(json_object_get(venue, "name")));
	else if (f->capacity > holds)
		rc = reply_error(req, ERR_VALIDATION, "capacity", "%s holds %lld people",
				 json_string_value(json_object_get(venue, "name")), holds);
	if (rc < 0) {
		json_decref(venue);
		return -1;
	}
	if (!f->capacity)
		f->capacity = holds;
	f->venue_text = arena_strdup(req->arena, json_string_value(json_object_get(venue, "name")));
	int real_room = !json_is_true(json_object_get(venue, "to_be_decided"));
	json_decref(venue);
	if (!check_room || !real_room)
		return 0;
	json_t *other;
	found = db_row(req->app->db, &other, stmts[EV_OVERLAP],
		       DB_ARGS(DB_INT(f->venue_id), DB_INT(event_id), DB_STR(db_time(req, f->ends_at)),
			       DB_STR(db_time(req, f->starts_at))));
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return 0;
	reply_error(req, ERR_CONFLICT, "venue_id", "%s is taken from %s to %s by event %lld (%s)",
		    f->venue_text, json_string_value(json_object_get(other, "starts_at")),
		    json_string_value(json_object_get(other, "ends_at")),
		    (long long)json_integer_value(json_object_get(other, "id")),
		    json_string_value(json_object_get(other, "title")));
	json_decref(other);
	return -1;
}

long long events_insert(struct request *req, const struct event_fields *f, const char *kind,
			long long employer_id, const char *status)
{
	struct db *db = req->app->db;
	if (db_exec(db, stmts[EV_INSERT],
		    DB_ARGS(DB_STR(kind), DB_STR(f->category), DB_STR(f->title), DB_STR(f->description),
			    employer_id ? DB_INT(employer_id) : DB_NULLV,
			    f->venue_id ? DB_INT(f->venue_id) : DB_NULLV, DB_STR(f->venue_text),
			    DB_STR(db_time(req, f->starts_at)), DB_STR(db_time(req, f->ends_at)),
			    DB_STR(db_time(req, f->signup_from)), DB_STR(db_time(req, f->signup_until)),
			    DB_INT(f->capacity), DB_INT(f->require_signup), DB_STR(f->checkin_code),
			    DB_STR(status), DB_INT(req->caller->id))) != 1)
		return -1;
	long long id = db_insert_id(db);
	return audit_record(req, 0, employer_id ? "session.apply" : "event.create", "event", id,
			    req->json) < 0
		   ? -1
		   : id;
}

/* ---- reading ------------------------------------------------------------------------------ */

int events_runs(const struct request *req, json_t *event)
{
	const struct caller *c = req->caller;
	if (!c)
		return 0;
	if ((c->role & ROLES_STAFF) && caller_can(c, "events.manage"))
		return 1;
	json_t *employer = json_object_get(event, "employer_id");
	return json_is_integer(employer) && employers_own(req, json_integer_value(employer));
}

static void tidy(json_t *event)
{
	json_object_set_new(event, "require_signup",
			    json_boolean(json_integer_value(json_object_get(event, "require_signup"))));
}

int events_load(struct request *req, long long id, json_t **doc)
{
	int found = db_row(req->app->db, doc, stmts[EV_GET], DB_ARGS(DB_INT(id)));
	if (found != 1)
		return found;
	tidy(*doc);
	int runs = events_runs(req, *doc);
	if (!runs && strcmp(json_string_value(json_object_get(*doc, "status")), "approved") != 0) {
		json_decref(*doc);
		*doc = NULL;
		return 0;
	}
	if (!runs)
		json_object_del(*doc, "checkin_code");
	return 1;
}

int events_reply(struct request *req, int status, long long id)
{
	json_t *event;
	int found = events_load(req, id, &event);
	if (found != 1)
		return found < 0 ? reply_db_failure(req) : reply_not_found(req);
	json_object_del(event, "set_signup_from"); /* read by edits only */
	json_object_del(event, "set_signup_until");
	const struct caller *c = req->caller;
	if (c && c->role == ROLE_STUDENT && c->student_id) {
		json_t *mine;
		if (db_row(req->app->db, &mine, stmts[EV_MINE],
			   DB_ARGS(DB_INT(id), DB_INT(c->student_id), DB_INT(id), DB_INT(c->student_id))) != 1) {
			json_decref(event);
			return reply_db_failure(req);
		}
		json_object_set_new(event, "mine",
				    json_pack("{s:b, s:b}", "signed_up",
					      (int)json_integer_value(json_object_get(mine, "signed_up")),
					      "checked_in",
					      (int)json_integer_value(json_object_get(mine, "checked_in"))));
		json_decref(mine);
	}
	return reply_data(req, status, event);
}

int events_get(struct request *req)
{
	long long id;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	return events_reply(req, 200, id);
}

int events_list(struct request *req)
{
	static const char *const statuses[] = {"pending", "approved", "rejected", "cancelled", "all", NULL};
	static const char *const kinds[] = {"event", "info_session", NULL};
	struct page pg;
	const char *status, *kind, *category, *from, *to, *q;
	long long employer = 0, past = 0, mine = 0;
	int has_employer, has_past, has_mine;
	if (page_or_422(req, &pg) < 0 || query_string_or_422(req, "status", 16, &status) < 0 ||
	    (status && value_one_of_or_422(req, "status", status, statuses) < 0) ||
	    query_string_or_422(req, "kind", 16, &kind) < 0 ||
	    (kind && value_one_of_or_422(req, "kind", kind, kinds) < 0) ||
	    query_string_or_422(req, "category", 32, &category) < 0 ||
	    query_string_or_422(req, "q", 100, &q) < 0 ||
	    query_string_or_422(req, "from", 10, &from) < 0 ||
	    query_string_or_422(req, "to", 10, &to) < 0 ||
	    query_int_or_422(req, "employer_id", 1, INT64_MAX, &employer, &has_employer) < 0 ||
	    query_int_or_422(req, "past", 0, 1, &past, &has_past) < 0 ||
	    query_int_or_422(req, "mine", 0, 1, &mine, &has_mine) < 0)
		return -1;
	if ((from && !clock_valid_date(from)) || (to && !clock_valid_date(to)))
		return reply_error(req, ERR_VALIDATION, from && !clock_valid_date(from) ? "from" : "to",
				   "dates are written YYYY-MM-DD");
	const struct caller *c = req->caller;
	int manager = c && (c->role & ROLES_STAFF) && caller_can(c, "events.manage");
	if (status && !manager)
		return reply_error(req, ERR_VALIDATION, "status",
				   "only the office lists events that are not published");
	long long student = 0;
	if (mine) {
		if (!c || c->role != ROLE_STUDENT || !c->student_id)
			return reply_error(req, ERR_VALIDATION, "mine", "mine is for a signed-in student");
		student = c->student_id;
		past = 1; /* a student's own list keeps what they attended */
	}
	const char *words = like_contains(req->arena, q);
	struct db_param p[EV_NFILTER + 2] = {
	    DB_STR(status ? status : ""), DB_STR(status), DB_INT(past), DB_STR(kind), DB_STR(kind),
	    DB_STR(category), DB_STR(category), has_employer ? DB_INT(employer) : DB_NULLV,
	    has_employer ? DB_INT(employer) : DB_NULLV, DB_STR(from), DB_STR(from), DB_STR(to), DB_STR(to),
	    DB_STR(words), DB_STR(words), DB_STR(words), student ? DB_INT(student) : DB_NULLV,
	    student ? DB_INT(student) : DB_NULLV};
	return reply_paged(req, stmts[EV_LIST], stmts[EV_COUNT], p, EV_NFILTER, &pg, tidy);
}

/* ---- writing ------------------------------------------------------------------------------ */

static const char *const event_fields[] = {
    "title",        "category", "venue",        "venue_id",       "starts_at",    "ends_at",
    "signup_from", "signup_until", "capacity", "require_signup", "checkin_code", "description",
    NULL};

/* Ends a write: commits and answers the event, or rolls back after a failure answered (or,
 * when none was, answers the database's). */
static int finish(struct request *req, int rc, int status, long long id)
{
	struct db *db = req->app->db;
	if (rc == 0 && db_commit(db) == 0)
		return events_reply(req, status, id);
	db_rollback(db);
	return req->status >= 400 ? -1 : reply_db_failure(req);
}

int events_create(struct request *req)
{
	struct event_fields f;
	if (events_fields_or_422(req, NULL, event_fields, &f) < 0)
		return -1;
	if (db_begin(req->app->db) < 0)
		return reply_db_failure(req);
	long long id = 0;
	int rc = events_place_or_reply(req, &f, 0, 1);
	if (rc == 0 && (id = events_insert(req, &f, "event", 0, "approved")) < 0)
		rc = -1;
	return finish(req, rc, 201, id);
}

/* Writes f over the event (inside the transaction): 0, or -1 after 409 (capacity below the
 * sign-ups) or a database failure. */
static int write_fields(struct request *req, long long id, const struct event_fields *f)
{
	struct db *db = req->app->db;
	if (db_exec(db, stmts[EV_UPDATE],
		    DB_ARGS(DB_STR(f->category), DB_STR(f->title), DB_STR(f->description),
			    f->venue_id ? DB_INT(f->venue_id) : DB_NULLV, DB_STR(f->venue_text),
			    DB_STR(db_time(req, f->starts_at)), DB_STR(db_time(req, f->ends_at)),
			    DB_STR(db_time(req, f->signup_from)), DB_STR(db_time(req, f->signup_until)),
			    DB_INT(f->capacity), DB_INT(f->require_signup), DB_STR(f->checkin_code),
			    DB_INT(id))) >= 0)
		return 0;
	if (db_status(db) == DB_CONSTRAINT)
		return reply_error(req, ERR_CONFLICT, "capacity",
				   "more students have signed up than capacity %lld", f->capacity);
	return -1;
}

/* Locks the event and reads it for the office inside a transaction: 1 and *doc, or -1 after
 * answering 404/503 (the transaction rolled back). */
static int begin_with_event(struct request *req, long long id, json_t **doc)
{
	struct db *db = req->app->db;
	json_t *lock;
	int found = db_begin(db) < 0 ? -1 : db_row(db, &lock, stmts[EV_LOCK], DB_ARGS(DB_INT(id)));
	json_decref(found == 1 ? lock : NULL);
	if (found == 1)
		found = events_load(req, id, doc);
	if (found == 1)
		return 1;
	db_rollback(db);
	return found < 0 ? reply_db_failure(req) : reply_not_found(req);
}

/* An info session held (on the day it starts) is an interaction of its employer (业务动态); a
 * cancelled one is struck out again. 0 or -1. */
static int session_interaction(struct request *req, long long id, json_t *event, const char *to,
			       time_t starts)
{
	json_t *employer = json_object_get(event, "employer_id");
	if (!json_is_integer(employer))
		return 0;
	if (strcmp(to, "cancelled") == 0)
		return interactions_undo(req, "session", id);
	if (strcmp(to, "approved") != 0)
		return 0;
	char day[20];
	clock_cst_text(starts, day);
	day[10] = '\0';
	return interactions_derive(req, json_integer_value(employer), "daily_business", "session", id,
				   json_string_value(json_object_get(event, "title")), day);
}

int events_update(struct request *req)
{
	long long id;
	json_t *current;
	if (path_id_or_404(req, 0, &id) < 0 || begin_with_event(req, id, &current) < 0)
		return -1;
	const char *status = json_string_value(json_object_get(current, "status"));
	struct event_fields f;
	int rc = 0;
	if (strcmp(status, "pending") != 0 && strcmp(status, "approved") != 0)
		rc = reply_error(req, ERR_CONFLICT, "status", "the event is %s: it can no longer be edited",
				 status);
	if (rc == 0)
		rc = events_fields_or_422(req, current, event_fields, &f);
	if (rc == 0)
		rc = events_place_or_reply(req, &f, id, strcmp(status, "approved") == 0);
	if (rc == 0)
		rc = write_fields(req, id, &f);
	if (rc == 0 && json_object_get(req->json, "starts_at")) /* the interaction moves with it */
		rc = session_interaction(req, id, current, status, f.starts_at);
	if (rc == 0)
		rc = audit_record(req, 0, "event.update", "event", id, req->json);
	json_decref(current);
	return finish(req, rc, 200, id);
}

int events_review(struct request *req)
{
	static const char *const allowed[] = {
	    "decision",     "reason",   "venue_id",       "starts_at",    "ends_at", "signup_from",
	    "signup_until", "capacity", "require_signup", "checkin_code", NULL};
	static const char *const decisions[] = {"approve", "reject", "cancel", NULL};
	/* each decision's move, in the order of decisions */
	static const struct {
		const char *from, *to;
	} moves[] = {{"pending", "approved"}, {"pending", "rejected"}, {"approved", "cancelled"}};
	long long id;
	const char *reason;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	int m = review_decision_or_422(req, allowed, decisions, &reason);
	if (m < 0)
		return -1;
	int approve = m == 0;
	const char *decision = decisions[m];
	for (size_t i = 2; !approve && allowed[i]; i++)
		if (json_object_get(req->json, allowed[i]))
			return reply_error(req, ERR_VALIDATION, allowed[i],
					   "only an approval moves the event");
	json_t *current;
	if (begin_with_event(req, id, &current) < 0)
		return -1;
	const char *from = json_string_value(json_object_get(current, "status"));
	struct event_fields f;
	int rc = 0;
	if (strcmp(from, moves[m].from) != 0)
		rc = reply_error(req, ERR_CONFLICT, "status", "the event is %s: it cannot become %s", from,
				 moves[m].to);
	if (rc == 0 && approve) {
		rc = events_fields_or_422(req, current, allowed, &f);
		if (rc == 0 && f.starts_at <= time(NULL))
			rc = reply_error(req, ERR_VALIDATION, "starts_at",
					 "the event's time has passed: give it a new one");
		if (rc == 0)
			rc = events_place_or_reply(req, &f, id, 1);
		if (rc == 0)
			rc = write_fields(req, id, &f);
	}
	json_t *detail = json_pack("{s:s, s:s, s:s, s:s?}", "decision", decision, "from", from, "to",
				   moves[m].to, "reason", reason);
	if (rc == 0 &&
	    db_exec(req->app->db, stmts[EV_DECIDE],
		    DB_ARGS(DB_STR(moves[m].to), DB_STR(reason), DB_INT(req->caller->id), DB_INT(id),
			    DB_STR(from))) != 1)
		rc = -1;
	if (rc == 0)
		rc = session_interaction(req, id, current, moves[m].to, approve ? f.starts_at : 0);
	if (rc == 0)
		rc = audit_record(req, 0, "event.review", "event", id, detail);
	json_decref(detail);
	json_decref(current);
	return finish(req, rc, 200, id);
}
