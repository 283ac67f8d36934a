/* fairs.c: job fairs as the office sets them up (title, place, dates, publication, the
 * employers' deadline, booths, fee, notes) and everyone reads them; the live figures, the
 * exports and the entrances' QR tokens. */
#include "resources/fairs.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/session.h"
#include "core/clock.h"
#include "db/db.h"
#include "db/sql_json.h"
#include "exports/sheet.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/attendance.h"
#include "resources/audit.h"
#include "resources/interactions.h"
#include "resources/venues.h"

enum fairs_stmt {
	FAIR_INSERT,
	FAIR_UPDATE,
	FAIR_GET,
	FAIR_LOCK,
	FAIR_APPLIED,
	FAIR_VISIT,
	FAIR_CANCEL,
	FAIR_TAKING_PART,
	FAIR_LIST,
	FAIR_COUNT,
	FAIR_STATS,
	FAIR_EXPORT_PARTICIPANTS,
	FAIR_EXPORT_JOBS,
	FAIR_EXPORT_VISITORS,
	FAIR__MAX
};

#define FAIR_COLUMNS                                                                              \
	"f.id, f.title, f.description, f.venue_id, f.venue, f.starts_at, f.ends_at, f.publish_at, " \
	"f.apply_until, f.booths, f.booths_taken, f.booths - f.booths_taken AS booths_left, "      \
	"f.max_booths, f.max_attendees, f.fee, f.payment_note, f.form_note, "                      \
	"f.participants_public = 1 AS participants_public, f.require_signup = 1 AS "               \
	"require_signup, f.status, f.cancel_reason, f.signups, f.checkins, (SELECT COUNT(*) FROM " \
	"fair_applications pa WHERE pa.fair_id = f.id AND pa.state = 'approved') AS participants, " \
	"f.created_at, f.updated_at"
#define FAIR_GET_SQL                                                                              \
	"SELECT " FAIR_COLUMNS ", f.checkin_code, (f.publish_at IS NULL OR f.publish_at <= NOW()) " \
	"AS published FROM fairs f WHERE f.id = ?"
/* The office sees every fair; others the published ones once their publication time has come. */
#define FAIR_FILTER                                                                               \
	" WHERE (? = 1 OR (f.status = 'published' AND (f.publish_at IS NULL OR f.publish_at <= "   \
	"NOW()))) AND (? IS NULL OR ? = 'all' OR f.status = ?) AND (? = 1 OR f.ends_at >= NOW())"  \
	" AND (? IS NULL OR f.starts_at >= ?) AND (? IS NULL OR f.starts_at < ? + INTERVAL 1 DAY)" \
	" AND (? IS NULL OR f.title LIKE ?)"
#define FAIR_NFILTER 11
/* An application's booth numbers, in order. */
#define BOOTH_NUMBERS(a)                                                                          \
	"(SELECT GROUP_CONCAT(b.booth ORDER BY b.booth SEPARATOR ' ') FROM fair_booths b WHERE "   \
	"b.application_id = " a ".id)"

#define SET(col) SQL_SET_FROM("f", "c.j", col)

static const char *const stmts[FAIR__MAX] = {
    [FAIR_INSERT] = "INSERT INTO fairs (title, description, venue_id, venue, starts_at, ends_at, "
		    "publish_at, apply_until, booths, max_booths, max_attendees, fee, payment_note, "
		    "form_note, participants_public, require_signup, checkin_code, created_by) SELECT "
		    "JSON_VALUE(c.j, '$.title'), JSON_VALUE(c.j, '$.description'), "
		    "JSON_VALUE(c.j, '$.venue_id'), JSON_VALUE(c.j, '$.venue'), "
		    "JSON_VALUE(c.j, '$.starts_at'), JSON_VALUE(c.j, '$.ends_at'), "
		    "JSON_VALUE(c.j, '$.publish_at'), JSON_VALUE(c.j, '$.apply_until'), "
		    "JSON_VALUE(c.j, '$.booths'), COALESCE(JSON_VALUE(c.j, '$.max_booths'), 1), "
		    "COALESCE(JSON_VALUE(c.j, '$.max_attendees'), 3), "
		    "COALESCE(JSON_VALUE(c.j, '$.fee'), 0), JSON_VALUE(c.j, '$.payment_note'), "
		    "JSON_VALUE(c.j, '$.form_note'), COALESCE(JSON_VALUE(c.j, '$.participants_public'), 1), "
		    "COALESCE(JSON_VALUE(c.j, '$.require_signup'), 0), JSON_VALUE(c.j, '$.checkin_code'), ? "
		    "FROM (SELECT ? AS j) c",
    /* booths below booths_taken breaks ck_fairs_booths: a 409 */
    [FAIR_UPDATE] = "UPDATE fairs f JOIN (SELECT ? AS j) c SET " SET("title") ", " SET("description")
		    ", " SET("venue_id") ", " SET("venue") ", " SET("starts_at") ", " SET("ends_at")
		    ", " SET("publish_at") ", " SET("apply_until") ", " SET("booths") ", " SET("max_booths")
		    ", " SET("max_attendees") ", " SET("fee") ", " SET("payment_note") ", " SET("form_note")
		    ", " SET("participants_public") ", " SET("require_signup") ", " SET("checkin_code")
		    " WHERE f.id = ?",
    [FAIR_GET] = FAIR_GET_SQL,
    [FAIR_LOCK] = FAIR_GET_SQL " FOR UPDATE",
    [FAIR_APPLIED] = "SELECT id AS application_id, state FROM fair_applications WHERE fair_id = ? "
		     "AND employer_id = ?",
    [FAIR_VISIT] = "SELECT signed_up_at IS NOT NULL AS signed_up, checked_in_at IS NOT NULL AS "
		   "checked_in FROM fair_visitors WHERE fair_id = ? AND student_id = ?",
    [FAIR_CANCEL] = "UPDATE fairs SET status = 'cancelled', cancel_reason = ? WHERE id = ? AND "
		    "status = 'published'",
    [FAIR_TAKING_PART] = "SELECT a.id, a.employer_id, f.title, DATE_FORMAT(f.starts_at, '%Y-%m-%d') AS "
			 "day FROM fair_applications a JOIN fairs f ON f.id = a.fair_id WHERE "
			 "a.fair_id = ? AND a.state = 'approved'",
    [FAIR_LIST] = "SELECT " FAIR_COLUMNS " FROM fairs f" FAIR_FILTER
		  " ORDER BY f.starts_at, f.id LIMIT ? OFFSET ?",
    [FAIR_COUNT] = "SELECT COUNT(*) AS n FROM fairs f" FAIR_FILTER,
    [FAIR_STATS] = "SELECT f.booths, f.booths_taken, f.signups, f.checkins, (SELECT COUNT(*) FROM "
		   "fair_booths b WHERE b.fair_id = f.id) AS numbered, (SELECT COUNT(*) FROM "
		   "applications ap WHERE ap.fair_id = f.id) AS resumes, a.applied, a.pending, "
		   "a.approved, a.checked_in, jb.jobs, jb.headcount FROM fairs f, (SELECT COUNT(*) AS "
		   "applied, COUNT(IF(state = 'pending', 1, NULL)) AS pending, COUNT(IF(state = "
		   "'approved', 1, NULL)) AS approved, COUNT(IF(state = 'approved' AND checked_in_at "
		   "IS NOT NULL, 1, NULL)) AS checked_in FROM fair_applications WHERE fair_id = ?) a, "
		   "(SELECT COUNT(*) AS jobs, CAST(COALESCE(SUM(j.headcount), 0) AS UNSIGNED) AS "
		   "headcount FROM "
		   "fair_application_jobs aj JOIN fair_applications fa ON fa.id = aj.application_id "
		   "JOIN jobs j ON j.id = aj.job_id WHERE fa.fair_id = ? AND fa.state = 'approved') jb "
		   "WHERE f.id = ?",
    [FAIR_EXPORT_PARTICIPANTS] =
	"SELECT e.name AS employer_name, e.credit_code, e.industry_code, a.booths, " BOOTH_NUMBERS("a")
	" AS booth_numbers, a.zone, a.group_name, a.contact_name, a.contact_phone, a.attendees, "
	"a.state, a.checked_in_at, (SELECT COUNT(*) FROM fair_application_jobs aj WHERE "
	"aj.application_id = a.id) AS jobs FROM fair_applications a JOIN employers e ON "
	"e.id = a.employer_id WHERE a.fair_id = ? ORDER BY booth_numbers IS NULL, booth_numbers, a.id",
    [FAIR_EXPORT_JOBS] = "SELECT e.name AS employer_name, " BOOTH_NUMBERS("a")
			 " AS booth_numbers, j.title, j.city, j.degree, j.headcount, j.salary_min, "
			 "j.salary_max FROM fair_application_jobs aj JOIN fair_applications a ON a.id = "
			 "aj.application_id JOIN jobs j ON j.id = aj.job_id JOIN employers e ON e.id = "
			 "a.employer_id WHERE a.fair_id = ? AND a.state = 'approved' ORDER BY "
			 "booth_numbers IS NULL, booth_numbers, a.id, j.id",
    [FAIR_EXPORT_VISITORS] = "SELECT s.student_no, s.name, m.college, m.name AS major, "
			     "v.signed_up_at, v.checked_in_at, v.checkin_method FROM fair_visitors v "
			     "JOIN students s ON s.id = v.student_id JOIN majors m ON m.id = "
			     "s.major_id WHERE v.fair_id = ? ORDER BY v.id",
};

/* ---- reading ------------------------------------------------------------------------------ */

int fairs_manager(const struct request *req)
{
	const struct caller *c = req->caller;
	return c && (c->role & ROLES_STAFF) && caller_can(c, "fairs.manage");
}

static void tidy(json_t *fair)
{
	for (const char *k = "participants_public\0require_signup\0"; *k; k += strlen(k) + 1)
		json_object_set_new(fair, k, json_boolean(json_integer_value(json_object_get(fair, k))));
}

/* The caller's part in the fair: a student's visit or an employer's application, as "mine"
 * (null when none). 0, or -1 on a database error. */
static int add_mine(struct request *req, long long id, json_t *fair)
{
	const struct caller *c = req->caller;
	int student = c && c->role == ROLE_STUDENT && c->student_id;
	int employer = c && c->role == ROLE_EMPLOYER;
	if (!student && !employer)
		return 0;
	json_t *mine;
	int found = db_row(req->app->db, &mine, stmts[student ? FAIR_VISIT : FAIR_APPLIED],
			   DB_ARGS(DB_INT(id), DB_INT(student ? c->student_id : c->employer_id)));
	if (found < 0)
		return -1;
	if (!found)
		mine = student ? json_pack("{s:b, s:b}", "signed_up", 0, "checked_in", 0) : json_null();
	else if (student)
		for (const char *k = "signed_up\0checked_in\0"; *k; k += strlen(k) + 1)
			json_object_set_new(mine, k, json_boolean(json_integer_value(json_object_get(mine, k))));
	json_object_set_new(fair, "mine", mine);
	return 0;
}

int fairs_load(struct request *req, long long id, int lock, json_t **doc)
{
	int found = db_row(req->app->db, doc, stmts[lock ? FAIR_LOCK : FAIR_GET], DB_ARGS(DB_INT(id)));
	if (found != 1)
		return found;
	tidy(*doc);
	int manager = fairs_manager(req);
	int published = json_integer_value(json_object_get(*doc, "published")) != 0;
	json_object_del(*doc, "published");
	if (!manager)
		json_object_del(*doc, "checkin_code");
	if (add_mine(req, id, *doc) < 0) {
		json_decref(*doc);
		return -1;
	}
	/* a cancelled fair stays visible to those who took part in it */
	json_t *mine = json_object_get(*doc, "mine");
	int involved = req->caller && ((req->caller->role == ROLE_EMPLOYER && json_is_object(mine)) ||
				       (req->caller->role == ROLE_STUDENT && json_is_true(json_object_get(mine, "signed_up"))));
	int open = published && strcmp(json_string_value(json_object_get(*doc, "status")), "published") == 0;
	if (!manager && !open && !involved) {
		json_decref(*doc);
		*doc = NULL;
		return 0;
	}
	return 1;
}

int fairs_load_or_reply(struct request *req, long long id, int lock, json_t **doc)
{
	int found = fairs_load(req, id, lock, doc);
	if (found == 1)
		return 1;
	return found < 0 ? reply_db_failure(req) : reply_not_found(req);
}

static int reply_fair(struct request *req, int status, long long id)
{
	json_t *fair;
	return fairs_load_or_reply(req, id, 0, &fair) < 0 ? -1 : reply_data(req, status, fair);
}

int fairs_get(struct request *req)
{
	long long id;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	return reply_fair(req, 200, id);
}

int fairs_list(struct request *req)
{
	static const char *const statuses[] = {"published", "cancelled", "all", NULL};
	struct page pg;
	const char *status, *from, *to, *q;
	long long past = 0;
	int has_past;
	if (page_or_422(req, &pg) < 0 || query_string_or_422(req, "status", 16, &status) < 0 ||
	    (status && value_one_of_or_422(req, "status", status, statuses) < 0) ||
	    query_string_or_422(req, "from", 10, &from) < 0 ||
	    query_string_or_422(req, "to", 10, &to) < 0 || query_string_or_422(req, "q", 100, &q) < 0 ||
	    query_int_or_422(req, "past", 0, 1, &past, &has_past) < 0)
		return -1;
	if ((from && !clock_valid_date(from)) || (to && !clock_valid_date(to)))
		return reply_error(req, ERR_VALIDATION, from && !clock_valid_date(from) ? "from" : "to",
				   "dates are written YYYY-MM-DD");
	int manager = fairs_manager(req);
	if (status && !manager)
		return reply_error(req, ERR_VALIDATION, "status",
				   "only the office lists fairs by status");
	const char *words = like_contains(req->arena, q);
	struct db_param p[FAIR_NFILTER + 2] = {
	    DB_INT(manager), DB_STR(status), DB_STR(status), DB_STR(status), DB_INT(past),
	    DB_STR(from),    DB_STR(from),   DB_STR(to),     DB_STR(to),     DB_STR(words),
	    DB_STR(words)};
	return reply_paged(req, stmts[FAIR_LIST], stmts[FAIR_COUNT], p, FAIR_NFILTER, &pg, tidy);
}

/* ---- the body ----------------------------------------------------------------------------- */

enum field_kind { F_TEXT, F_PARAGRAPHS, F_TIME, F_INT, F_BOOL, F_MONEY, F_VENUE };

static const struct fair_field {
	const char *key;
	enum field_kind kind;
	long long min, max; /* length of a text, range of a number */
	int required;       /* on creation; a required field cannot be null */
} fields[] = {
    {"title", F_TEXT, 2, 100, 1},          {"description", F_PARAGRAPHS, 0, 5000, 0},
    {"venue", F_VENUE, 1, 100, 0},         {"venue_id", F_VENUE, 1, 100, 0},
    {"starts_at", F_TIME, 0, 0, 1},        {"ends_at", F_TIME, 0, 0, 1},
    {"publish_at", F_TIME, 0, 0, 0},       {"apply_until", F_TIME, 0, 0, 1},
    {"booths", F_INT, 1, 5000, 1},         {"max_booths", F_INT, 1, 20, 0},
    {"max_attendees", F_INT, 1, 20, 0},    {"fee", F_MONEY, 0, 100000, 0},
    {"payment_note", F_TEXT, 1, 500, 0},   {"form_note", F_PARAGRAPHS, 0, 5000, 0},
    {"participants_public", F_BOOL, 0, 0, 0}, {"require_signup", F_BOOL, 0, 0, 0},
    {"checkin_code", F_TEXT, 4, 32, 0},
};
#define NFIELDS (sizeof fields / sizeof fields[0])

/* One field into norm, as the columns take it: 0, or -1 after 422. */
static int field_or_422(struct request *req, const struct fair_field *f, json_t *v, json_t *norm)
{
	if (json_is_null(v)) {
		if (f->required || f->kind == F_INT || f->kind == F_BOOL || f->kind == F_MONEY)
			return reply_error(req, ERR_VALIDATION, f->key, "%s cannot be empty", f->key);
		if (f->kind == F_VENUE && strcmp(f->key, "venue") == 0)
			json_object_set_new(norm, "venue", json_null());
		json_object_set_new(norm, f->kind == F_VENUE ? "venue_id" : f->key, json_null());
		return 0;
	}
	time_t t;
	char text[20];
	switch (f->kind) {
	case F_TEXT:
	case F_PARAGRAPHS:
		if ((f->kind == F_TEXT ? json_text_or_422 : json_paragraphs_or_422)(req, f->key, v, (size_t)f->min,
										  (size_t)f->max) < 0)
			return -1;
		json_object_set(norm, f->key, v);
		return 0;
	case F_TIME:
		if (!json_is_string(v) || clock_parse_time(json_string_value(v), &t) < 0)
			return reply_error(req, ERR_VALIDATION, f->key,
					   "%s must be a time such as 2026-10-20T09:00:00+08:00", f->key);
		clock_cst_text(t, text);
		json_object_set_new(norm, f->key, json_string(text));
		return 0;
	case F_INT:
		if (!json_is_integer(v) || json_integer_value(v) < f->min || json_integer_value(v) > f->max)
			return reply_error(req, ERR_VALIDATION, f->key, "%s must be a whole number from %lld to %lld",
					   f->key, f->min, f->max);
		json_object_set(norm, f->key, v);
		return 0;
	case F_BOOL:
		if (!json_is_boolean(v))
			return reply_error(req, ERR_VALIDATION, f->key, "%s must be true or false", f->key);
		json_object_set_new(norm, f->key, json_integer(json_is_true(v)));
		return 0;
	case F_MONEY:
		if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > f->max)
			return reply_error(req, ERR_VALIDATION, f->key, "%s must be yuan from 0 to %lld",
					   f->key, f->max);
		json_object_set_new(norm, f->key, json_real((double)(long long)(json_number_value(v) * 100 + 0.5) / 100));
		return 0;
	case F_VENUE:
		if (json_is_integer(v) && json_integer_value(v) > 0) {
			json_object_set(norm, "venue_id", v);
			return 0;
		}
		if (strcmp(f->key, "venue") == 0 && json_is_string(v)) {
			if (json_text_or_422(req, f->key, v, 1, 100) < 0)
				return -1;
			json_object_set_new(norm, "venue_id", json_null());
			json_object_set(norm, "venue", v);
			return 0;
		}
		return reply_error(req, ERR_VALIDATION, f->key, "%s must be a venue's id%s", f->key,
				   strcmp(f->key, "venue") == 0 ? " or the name of a place" : "");
	}
	return 0;
}

/* A time of the fair after the change: norm's (CST text) if it names it, else current's. 0 when
 * unset. */
static time_t time_after(json_t *norm, json_t *current, const char *key)
{
	json_t *v = json_object_get(norm, key);
	if (!v && current)
		v = json_object_get(current, key);
	time_t t;
	return json_is_string(v) && clock_parse_time(json_string_value(v), &t) == 0 ? t : 0;
}

static long long int_after(json_t *norm, json_t *current, const char *key, long long def)
{
	json_t *v = json_object_get(norm, key);
	if (!v && current)
		v = json_object_get(current, key);
	return json_is_integer(v) ? json_integer_value(v) : def;
}

/* The fair's fields of the body, checked alone and together (over current when editing), as
 * a new object of column values; NULL after 422. */
static json_t *fair_body_or_422(struct request *req, json_t *current)
{
	json_t *norm = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(req->json, key, v)
	{
		size_t i = 0;
		while (i < NFIELDS && strcmp(fields[i].key, key) != 0)
			i++;
		if (i == NFIELDS) {
			reply_error(req, ERR_VALIDATION, key, "%s cannot be set here", key);
			goto fail;
		}
		if (field_or_422(req, &fields[i], v, norm) < 0)
			goto fail;
	}
	for (size_t i = 0; !current && i < NFIELDS; i++)
		if (fields[i].required && !json_object_get(norm, fields[i].key)) {
			reply_error(req, ERR_VALIDATION, fields[i].key, "%s is required", fields[i].key);
			goto fail;
		}
	time_t starts = time_after(norm, current, "starts_at"), ends = time_after(norm, current, "ends_at");
	time_t until = time_after(norm, current, "apply_until"), publish = time_after(norm, current, "publish_at");
	const char *bad = NULL, *why = NULL;
	if (ends <= starts)
		bad = "ends_at", why = "ends_at must be after starts_at";
	else if ((!current || json_object_get(norm, "starts_at")) && starts <= time(NULL))
		bad = "starts_at", why = "starts_at must be in the future";
	else if (until > starts)
		bad = "apply_until", why = "employers' applications must close by the start";
	else if (publish && publish >= starts)
		bad = "publish_at", why = "the fair must be published before it starts";
	else if (int_after(norm, current, "max_booths", 1) > int_after(norm, current, "booths", 0))
		bad = "max_booths", why = "max_booths is more than the fair's booths";
	if (bad) {
		reply_error(req, ERR_VALIDATION, bad, "%s", why);
		goto fail;
	}
	return norm;
fail:
	json_decref(norm);
	return NULL;
}

/* Fills the venue's name for a venue id of norm: 0, or -1 after 422/503. */
static int venue_name_or_422(struct request *req, json_t *norm)
{
	json_t *id = json_object_get(norm, "venue_id"), *venue;
	if (!json_is_integer(id))
		return 0;
	int found = venues_find(req->app, json_integer_value(id), 0, &venue);
	if (found < 0)
		return reply_db_failure(req);
	int usable = found && json_is_true(json_object_get(venue, "active"));
	if (usable)
		json_object_set(norm, "venue", json_object_get(venue, "name"));
	json_decref(found ? venue : NULL);
	return usable ? 0 : reply_error(req, ERR_VALIDATION, "venue_id", "there is no venue %lld in use",
					(long long)json_integer_value(id));
}

/* ---- writing ------------------------------------------------------------------------------ */

/* Inside the transaction: the interactions of the employers taking part follow the fair (undo:
 * it is cancelled; else its day or title changed). 0 or -1. */
static int participants_follow(struct request *req, long long id, int undo)
{
	json_t *rows = db_rows(req->app->db, stmts[FAIR_TAKING_PART], DB_ARGS(DB_INT(id)));
	int rc = rows ? 0 : -1;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		long long app = json_integer_value(json_object_get(row, "id"));
		if (rc == 0)
			rc = undo ? interactions_undo(req, "fair", app)
				  : interactions_derive(req, json_integer_value(json_object_get(row, "employer_id")),
							"daily_business", "fair", app,
							json_string_value(json_object_get(row, "title")),
							json_string_value(json_object_get(row, "day")));
	}
	json_decref(rows);
	return rc;
}

/* Runs the write of norm (serialised) with its audit entry in one transaction and answers the
 * fair: 0 or -1. */
static int save(struct request *req, long long id, json_t *norm)
{
	struct db *db = req->app->db;
	char *text = json_dumps(norm, JSON_COMPACT);
	int moved = json_object_get(norm, "starts_at") || json_object_get(norm, "title");
	json_decref(norm);
	int creating = !id;
	long long n = !text || db_begin(db) < 0 ? -1
		      : creating ? db_exec(db, stmts[FAIR_INSERT], DB_ARGS(DB_INT(req->caller->id), DB_STR(text)))
				 : db_exec(db, stmts[FAIR_UPDATE], DB_ARGS(DB_STR(text), DB_INT(id)));
	free(text);
	int rc = n < 0 ? -1 : 0;
	if (rc < 0 && db_status(db) == DB_CONSTRAINT)
		reply_error(req, ERR_CONFLICT, "booths", "more booths are taken than that");
	if (rc == 0 && creating)
		id = db_insert_id(db);
	if (rc == 0 && !creating && moved)
		rc = participants_follow(req, id, 0);
	if (rc == 0)
		rc = audit_record(req, 0, creating ? "fair.create" : "fair.update", "fair", id, req->json);
	if (rc == 0 && db_commit(db) == 0)
		return reply_fair(req, creating ? 201 : 200, id);
	db_rollback(db);
	return req->status >= 400 ? -1 : reply_db_failure(req);
}

int fairs_create(struct request *req)
{
	json_t *norm = fair_body_or_422(req, NULL);
	if (!norm)
		return -1;
	if (venue_name_or_422(req, norm) < 0) {
		json_decref(norm);
		return -1;
	}
	return save(req, 0, norm);
}

int fairs_update(struct request *req)
{
	long long id;
	json_t *current;
	if (path_id_or_404(req, 0, &id) < 0 || fairs_load_or_reply(req, id, 0, &current) < 0)
		return -1;
	int cancelled = strcmp(json_string_value(json_object_get(current, "status")), "cancelled") == 0;
	json_t *norm = cancelled ? NULL : fair_body_or_422(req, current);
	json_decref(current);
	if (cancelled)
		return reply_error(req, ERR_CONFLICT, "status", "the fair is cancelled: it can no longer be edited");
	if (!norm)
		return -1;
	if (venue_name_or_422(req, norm) < 0) {
		json_decref(norm);
		return -1;
	}
	return save(req, id, norm);
}

int fairs_cancel(struct request *req)
{
	static const char *const allowed[] = {"reason", NULL};
	long long id;
	const char *reason;
	json_t *fair;
	if (path_id_or_404(req, 0, &id) < 0 || body_only_or_422(req, allowed) < 0 ||
	    body_string_or_422(req, "reason", 1, 500, &reason) < 0 ||
	    fairs_load_or_reply(req, id, 0, &fair) < 0)
		return -1;
	json_decref(fair);
	struct db *db = req->app->db;
	if (db_begin(db) < 0)
		return reply_db_failure(req);
	long long n = db_exec(db, stmts[FAIR_CANCEL], DB_ARGS(DB_STR(reason), DB_INT(id)));
	int rc = n < 0 ? -1 : n == 0 ? reply_error(req, ERR_CONFLICT, "status", "the fair is cancelled already") : 0;
	if (rc == 0) /* a fair that did not take place is no interaction */
		rc = participants_follow(req, id, 1);
	if (rc == 0)
		rc = audit_record(req, 0, "fair.cancel", "fair", id, req->json);
	if (rc == 0 && db_commit(db) == 0)
		return reply_fair(req, 200, id);
	db_rollback(db);
	return req->status >= 400 ? -1 : reply_db_failure(req);
}

/* ---- figures, files, entrances -------------------------------------------------------------- */

int fairs_stats(struct request *req)
{
	long long id;
	json_t *fair, *s;
	if (path_id_or_404(req, 0, &id) < 0 || fairs_load_or_reply(req, id, 0, &fair) < 0)
		return -1;
	json_decref(fair);
	if (db_row(req->app->db, &s, stmts[FAIR_STATS], DB_ARGS(DB_INT(id), DB_INT(id), DB_INT(id))) != 1)
		return reply_db_failure(req);
#define N(k) json_object_get(s, k)
	json_t *out = json_pack(
	    "{s:{s:O, s:O, s:O, s:O}, s:{s:O, s:O, s:O}, s:{s:O, s:O}, s:{s:O, s:O}, s:O}", "employers",
	    "applied", N("applied"), "pending", N("pending"), "approved", N("approved"), "checked_in",
	    N("checked_in"), "booths", "total", N("booths"), "taken", N("booths_taken"), "numbered",
	    N("numbered"), "jobs", "count", N("jobs"), "headcount", N("headcount"), "students",
	    "signed_up", N("signups"), "checked_in", N("checkins"), "resumes_delivered", N("resumes"));
#undef N
	json_decref(s);
	return reply_data(req, 200, out);
}

static const struct sheet_column participant_columns[] = {
    {"employer_name", "单位名称"}, {"credit_code", "统一社会信用代码"}, {"industry_code", "行业"},
    {"booths", "展位数"},           {"booth_numbers", "展位号"},          {"zone", "区域"},
    {"group_name", "组别"},         {"contact_name", "联系人"},           {"contact_phone", "联系电话"},
    {"attendees", "参会人数"},      {"state", "状态"},                    {"checked_in_at", "签到时间"},
    {"jobs", "职位数"}};
static const struct sheet_column job_columns[] = {
    {"employer_name", "单位名称"}, {"booth_numbers", "展位号"}, {"title", "职位"},
    {"city", "工作城市"},           {"degree", "学历要求"},      {"headcount", "招聘人数"},
    {"salary_min", "月薪下限"},     {"salary_max", "月薪上限"}};
static const struct sheet_column visitor_columns[] = {
    {"student_no", "学号"}, {"name", "姓名"},           {"college", "学院"},
    {"major", "专业"},      {"signed_up_at", "报名时间"}, {"checked_in_at", "签到时间"},
    {"checkin_method", "签到方式"}};

static int json_rows(struct request *req, void *src, struct sheet_out *out)
{
	(void)req;
	return sheet_json_rows(out, src);
}

int fairs_export(struct request *req)
{
	static const char *const lists[] = {"participants", "jobs", "visitors", NULL};
	static const struct {
		enum fairs_stmt stmt;
		const struct sheet_column *columns;
		size_t n;
		const char *sheet;
	} kinds[] = {
	    {FAIR_EXPORT_PARTICIPANTS, participant_columns,
	     sizeof participant_columns / sizeof participant_columns[0], "参会单位"},
	    {FAIR_EXPORT_JOBS, job_columns, sizeof job_columns / sizeof job_columns[0], "招聘职位"},
	    {FAIR_EXPORT_VISITORS, visitor_columns, sizeof visitor_columns / sizeof visitor_columns[0],
	     "学生报名签到"},
	};
	long long id;
	const char *list;
	json_t *fair;
	if (path_id_or_404(req, 0, &id) < 0 || query_string_or_422(req, "list", 16, &list) < 0)
		return -1;
	if (!list)
		return reply_error(req, ERR_VALIDATION, "list", "list is required: participants, jobs or visitors");
	if (value_one_of_or_422(req, "list", list, lists) < 0)
		return -1;
	int xlsx = sheet_format_or_422(req);
	if (xlsx < 0 || fairs_load_or_reply(req, id, 0, &fair) < 0)
		return -1;
	json_decref(fair);
	size_t k = 0;
	while (strcmp(lists[k], list) != 0)
		k++;
	json_t *detail = json_pack("{s:s, s:s}", "list", list, "format", xlsx ? "xlsx" : "csv");
	int logged = audit_record(req, 0, "fair.export", "fair", id, detail);
	json_decref(detail);
	if (logged < 0)
		return reply_db_failure(req);
	json_t *rows = db_rows(req->app->db, stmts[kinds[k].stmt], DB_ARGS(DB_INT(id)));
	if (!rows)
		return reply_db_failure(req);
	arena_defer(req->arena, (void (*)(void *))json_decref, rows);
	struct sheet_spec *spec = arena_alloc(req->arena, sizeof *spec);
	*spec = (struct sheet_spec){.sheet = kinds[k].sheet,
				    .filename = arena_printf(req->arena, "fair-%lld-%s", id, list),
				    .columns = kinds[k].columns,
				    .ncolumns = kinds[k].n,
				    .rows = json_rows,
				    .src = rows};
	return sheet_reply(req, spec, xlsx);
}

int fairs_checkin_token(struct request *req)
{
	static const char *const whos[] = {"students", "employers", NULL};
	long long id;
	const char *who;
	json_t *fair;
	if (path_id_or_404(req, 0, &id) < 0 || query_string_or_422(req, "who", 16, &who) < 0 ||
	    (who && value_one_of_or_422(req, "who", who, whos) < 0) ||
	    fairs_load_or_reply(req, id, 0, &fair) < 0)
		return -1;
	json_decref(fair);
	int employers = who && strcmp(who, "employers") == 0;
	return attendance_token_reply(req, employers ? FAIR_EMPLOYERS_ENTRANCE : FAIR_STUDENTS_ENTRANCE, id);
}
