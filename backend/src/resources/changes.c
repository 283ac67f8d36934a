/* changes.c: profile and dispatch changes (生源信息, 派遣信息): staff apply them at once, a
 * student's wait for review; every change is kept with its actor and date. */
#include "resources/changes.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/session.h"
#include "core/formats.h"
#include "core/idcodes.h"
#include "db/db.h"
#include "db/sql_json.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/audit.h"
#include "resources/codes.h"
#include "resources/majors.h"
#include "resources/review.h"
#include "resources/stats.h"
#include "resources/students.h"

enum check { C_TEXT, C_GENDER, C_ID_CARD, C_ENROLMENT, C_LEVEL, C_PHONE, C_EMAIL, C_CODE };

struct field {
	const char *name;
	enum check check;
	size_t max;           /* characters */
	enum code_table code; /* for C_CODE */
	int staff_only;       /* a student may not propose it */
	int required;         /* may not be cleared */
};

static const struct field profile_fields[] = {
    {"name", C_TEXT, 100, 0, 1, 1},
    {"gender", C_GENDER, 1, 0, 1, 0},
    {"id_card", C_ID_CARD, 18, 0, 1, 1},
    {"enrolment_year", C_ENROLMENT, 4, 0, 1, 1},
    {"level", C_LEVEL, 16, 0, 1, 1},
    {"phone", C_PHONE, 20, 0, 0, 0},
    {"email", C_EMAIL, 120, 0, 0, 0},
    {"origin_region_code", C_CODE, 6, CODES_REGION, 0, 0},
    {"political_status", C_CODE, 2, CODES_POLITICAL, 0, 0},
    {NULL, 0, 0, 0, 0, 0},
};

static const struct field dispatch_fields[] = {
    {"dispatch_type", C_CODE, 32, CODES_DISPATCH_TYPE, 0, 1},
    {"unit_name", C_TEXT, 200, 0, 0, 0},
    {"unit_address", C_TEXT, 200, 0, 0, 0},
    {"archive_unit", C_TEXT, 200, 0, 0, 0},
    {"archive_address", C_TEXT, 200, 0, 0, 0},
    {"hukou_address", C_TEXT, 200, 0, 0, 0},
    {NULL, 0, 0, 0, 0, 0},
};

enum changes_stmt {
	CH_LOCK_STUDENT,
	CH_CURRENT_PROFILE,
	CH_CURRENT_DISPATCH,
	CH_NEEDS_UNIT,
	CH_SUPERSEDE,
	CH_INSERT,
	CH_ENSURE_DISPATCH,
	CH_KEEP_PREVIOUS,
	CH_APPLY_PROFILE,
	CH_APPLY_DISPATCH,
	CH_PENDING,
	CH_PENDING_KIND,
	CH_QUEUE,
	CH_DONE,
	CH_COUNT,
	CH_FOR_REVIEW,
	CH_DECIDE,
	CH__MAX
};

#define PROFILE_JSON                                                                              \
	"JSON_OBJECT('name', s.name, 'gender', s.gender, 'id_card', s.id_card, 'enrolment_year', " \
	"s.enrolment_year, 'level', s.level, 'phone', s.phone, 'email', s.email, "                 \
	"'origin_region_code', s.origin_region_code, 'political_status', s.political_status)"
#define DISPATCH_JSON                                                                             \
	"JSON_OBJECT('dispatch_type', d.dispatch_type, 'unit_name', d.unit_name, 'unit_address', " \
	"d.unit_address, 'archive_unit', d.archive_unit, 'archive_address', d.archive_address, "   \
	"'hukou_address', d.hukou_address)"
#define CURRENT_JSON "IF(c.kind = 'profile', " PROFILE_JSON ", " DISPATCH_JSON ")"
/* Sets a column from the change's proposal when the proposal names it (JSON null clears). */
#define SET_FROM(t, col) SQL_SET_FROM(t, "c.proposed", col)
#define LIST_SELECT                                                                               \
	"SELECT c.id, c.kind, c.student_id, s.student_no, s.name, s.graduation_year, m.college, "  \
	"m.name AS major, c.state, c.submitted_by, c.submitted_at, c.reviewed_by, c.reviewed_at, " \
	"c.review_reason, c.proposed AS proposed__json, c.previous AS previous__json, " CURRENT_JSON \
	" AS current__json"
#define LIST_FROM                                                                                 \
	" FROM record_changes c JOIN students s ON s.id = c.student_id"                           \
	" JOIN majors m ON m.id = s.major_id LEFT JOIN dispatch d ON d.student_id = s.id"         \
	" WHERE c.state = ? AND (? IS NULL OR c.kind = ?) AND (? IS NULL OR c.student_id = ?)"    \
	" AND " SCOPE_FILTER("s.major_id")

static const char *const stmts[CH__MAX] = {
    /* Changes to one student take turns: their statements lock rows of several tables, in
     * orders that would otherwise deadlock. */
    [CH_LOCK_STUDENT] = "SELECT id FROM students WHERE id = ? FOR UPDATE",
    [CH_CURRENT_PROFILE] = "SELECT " PROFILE_JSON " AS doc__json FROM students s WHERE s.id = ?",
    [CH_CURRENT_DISPATCH] = "SELECT " DISPATCH_JSON " AS doc__json FROM students s "
			    "LEFT JOIN dispatch d ON d.student_id = s.id WHERE s.id = ?",
    [CH_NEEDS_UNIT] = "SELECT needs_unit FROM dispatch_types WHERE name = ?",
    [CH_SUPERSEDE] = "UPDATE record_changes SET state = 'rejected', reviewed_at = "
		     "CURRENT_TIMESTAMP, review_reason = '被新的申报取代 (superseded by a newer report)' "
		     "WHERE student_id = ? AND kind = ? AND state = 'pending'",
    [CH_INSERT] = "INSERT INTO record_changes (student_id, kind, proposed, state, submitted_by, "
		  "reviewed_by, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, "
		  "IF(? = 'approved', CURRENT_TIMESTAMP, NULL))",
    [CH_ENSURE_DISPATCH] = "INSERT IGNORE INTO dispatch (student_id) VALUES (?)",
    [CH_KEEP_PREVIOUS] = "UPDATE record_changes c JOIN students s ON s.id = c.student_id "
			 "LEFT JOIN dispatch d ON d.student_id = s.id SET c.previous = " CURRENT_JSON
			 " WHERE c.id = ?",
    /* A stored proposal holds ID card and phone sealed, with their indexes (sql/013). */
    [CH_APPLY_PROFILE] = "UPDATE students s JOIN record_changes c ON c.student_id = s.id SET " SET_FROM(
	"s", "name") ", " SET_FROM("s", "gender") ", " SET_FROM("s", "id_card") ", " SET_FROM("s", "id_card_index") ", " SET_FROM("s", "enrolment_year") ", " SET_FROM("s", "level") ", " SET_FROM("s", "phone") ", " SET_FROM("s", "phone_index") ", " SET_FROM("s", "email") ", " SET_FROM("s", "origin_region_code") ", " SET_FROM("s", "political_status") " WHERE c.id = ?",
    [CH_APPLY_DISPATCH] = "UPDATE dispatch d JOIN record_changes c ON c.student_id = d.student_id SET " SET_FROM(
	"d", "dispatch_type") ", " SET_FROM("d", "unit_name") ", " SET_FROM("d", "unit_address") ", " SET_FROM("d", "archive_unit") ", " SET_FROM("d", "archive_address") ", " SET_FROM("d", "hukou_address") " WHERE c.id = ?",
    [CH_PENDING] = "SELECT id, kind, proposed AS proposed__json, submitted_at FROM record_changes "
		   "WHERE student_id = ? AND state = 'pending' ORDER BY id",
    [CH_PENDING_KIND] = "SELECT proposed AS proposed__json FROM record_changes WHERE "
			"student_id = ? AND kind = ? AND state = 'pending' ORDER BY id DESC LIMIT 1",
    /* The queue is worked oldest first; decided changes are looked up newest first. */
    [CH_QUEUE] = LIST_SELECT LIST_FROM " ORDER BY c.id LIMIT ? OFFSET ?",
    [CH_DONE] = LIST_SELECT LIST_FROM " ORDER BY c.id DESC LIMIT ? OFFSET ?",
    [CH_COUNT] = "SELECT COUNT(*) AS n" LIST_FROM,
    [CH_FOR_REVIEW] = "SELECT c.id, c.student_id, c.kind, c.state, s.graduation_year, "
		      "st.active AS status_active, s.status, c.proposed AS proposed__json, " CURRENT_JSON
		      " AS current__json FROM record_changes c JOIN students s ON s.id = c.student_id "
		      "JOIN student_statuses st ON st.name = s.status "
		      "LEFT JOIN dispatch d ON d.student_id = s.id WHERE c.id = ? AND " SCOPE_FILTER(
			  "s.major_id") " FOR UPDATE",
    [CH_DECIDE] = "UPDATE record_changes SET state = ?, reviewed_by = ?, reviewed_at = "
		  "CURRENT_TIMESTAMP, review_reason = ? WHERE id = ? AND state = 'pending'",
};

/* One kind of change: its fields and how to read and apply them. */
struct kind {
	const char *name; /* record_changes.kind */
	const struct field *fields;
	enum changes_stmt current, apply;
	int needs_active; /* a student of an inactive status has none (seed §2.4.3) */
};

static const struct kind kinds[] = {
    {"profile", profile_fields, CH_CURRENT_PROFILE, CH_APPLY_PROFILE, 0},
    {"dispatch", dispatch_fields, CH_CURRENT_DISPATCH, CH_APPLY_DISPATCH, 1},
};

static const struct kind *kind_named(const char *name)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (name && strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

static const struct field *field_named(const struct kind *k, const char *name)
{
	for (const struct field *f = k->fields; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

/* ---- checks ------------------------------------------------------------------------------ */

/* Checks one proposed value (year: the student's graduation year, which dates the codes). */
static int value_or_422(struct request *req, const struct field *f, json_t *v, int year)
{
	const char *name = f->name;
	if (json_is_null(v))
		return f->required ? reply_error(req, ERR_VALIDATION, name, "%s cannot be cleared", name)
				   : 0;
	if (f->check == C_ENROLMENT) {
		long long y = json_is_integer(v) ? json_integer_value(v) : 0;
		if (y > year || y < year - 12)
			return reply_error(req, ERR_VALIDATION, name,
					   "%s must be a year from %d to %d (graduation in %d)", name,
					   year - 12, year, year);
		return 0;
	}
	const char *s;
	if (body_string_or_422(req, name, 1, f->max, &s) < 0)
		return -1;
	int ok = 1;
	switch (f->check) {
	case C_GENDER:
		ok = strcmp(s, "男") == 0 || strcmp(s, "女") == 0;
		break;
	case C_ID_CARD:
		if (strlen(s) == 18 && s[17] == 'x')
			json_object_set_new(req->json, name,
					    json_string(arena_printf(req->arena, "%.17sX", s)));
		ok = idcard_valid(json_string_value(json_object_get(req->json, name)));
		break;
	case C_LEVEL:
		ok = majors_level_valid(s);
		break;
	case C_PHONE:
		ok = mobile_valid(s);
		break;
	case C_EMAIL:
		ok = email_valid(s);
		break;
	case C_CODE:
		return codes_valid_or_422(req, name, f->code, s, year);
	case C_TEXT:
	case C_ENROLMENT:
		break;
	}
	/* An ID card or a phone is not repeated: error messages reach logs and screens that must
	 * not show one (issue 5). */
	if (!ok && (f->check == C_ID_CARD || f->check == C_PHONE))
		return reply_error(req, ERR_VALIDATION, name, "%s is not valid: %s", name,
				   f->check == C_ID_CARD
				       ? "18 characters whose last one is the right check character"
				       : "a mobile number is 11 digits starting with 1");
	if (!ok)
		return reply_error(req, ERR_VALIDATION, name, "%s \"%s\" is not valid", name, s);
	return 0;
}

/* The rules across fields, on the record as it would be (merged): a dispatch to a unit
 * names the unit. change_id names the change in a batch review (0 when submitting). */
static int rules_or_422(struct request *req, const struct kind *k, json_t *merged,
			long long change_id)
{
	if (k->apply != CH_APPLY_DISPATCH)
		return 0;
	const char *type = json_string_value(json_object_get(merged, "dispatch_type"));
	json_t *row;
	int found = db_row(req->app->db, &row, stmts[CH_NEEDS_UNIT], DB_ARGS(DB_STR(type)));
	if (found < 0)
		return reply_db_failure(req);
	int needs_unit = found && json_integer_value(json_object_get(row, "needs_unit")) == 1;
	json_decref(row);
	if (needs_unit && !json_is_string(json_object_get(merged, "unit_name")))
		return reply_error(req, ERR_VALIDATION, "unit_name",
				   "%s%s%sunit_name is required for dispatch type %s",
				   change_id ? "change " : "",
				   change_id ? arena_printf(req->arena, "%lld", change_id) : "",
				   change_id ? ": " : "", type);
	return 0;
}

/* The proposal: base (a pending proposal the body amends, or NULL) with each body field
 * checked and set, or dropped where it equals the record; NULL after answering. */
static json_t *proposal_or_reply(struct request *req, const struct kind *k, json_t *current,
				 json_t *base, int year)
{
	int staff = req->caller->role != ROLE_STUDENT;
	json_t *proposed = base ? json_deep_copy(base) : json_object();
	const char *key;
	json_t *v;
	json_object_foreach(req->json, key, v)
	{
		const struct field *f = field_named(k, key);
		int refused = 0;
		if (!f)
			refused = reply_error(req, ERR_VALIDATION, key, "%s is not a field of the %s",
					      key, k->name);
		else if (f->staff_only && !staff)
			refused = reply_error(req, ERR_VALIDATION, key,
					      "%s can only be changed by the career office or your college",
					      key);
		else if (f->check == C_ID_CARD && !caller_can(req->caller, "students.sensitive"))
			refused = reply_error(req, ERR_FORBIDDEN, key,
					      "changing id_card needs the students.sensitive permission");
		else
			refused = value_or_422(req, f, v, year);
		if (refused < 0) {
			json_decref(proposed);
			return NULL;
		}
		v = json_object_get(req->json, key); /* normalised by the check */
		if (json_equal(v, json_object_get(current, key)))
			json_object_del(proposed, key);
		else
			json_object_set(proposed, key, v);
	}
	if (json_object_size(proposed) == 0) {
		json_decref(proposed);
		reply_error(req, ERR_VALIDATION, NULL, "nothing changes: every field equals the record");
		return NULL;
	}
	return proposed;
}

/* ---- writes ------------------------------------------------------------------------------ */

static int apply(struct request *req, const struct kind *k, long long change_id, long long student_id)
{
	struct db *db = req->app->db;
	if (k->apply == CH_APPLY_DISPATCH &&
	    db_exec(db, stmts[CH_ENSURE_DISPATCH], DB_ARGS(DB_INT(student_id))) < 0)
		return -1;
	return db_exec(db, stmts[CH_KEEP_PREVIOUS], DB_ARGS(DB_INT(change_id))) < 0 ||
		       db_exec(db, stmts[k->apply], DB_ARGS(DB_INT(change_id))) < 0
		   ? -1
		   : 0;
}

/* Locks the student's row for the rest of the transaction; -1 on a database error. */
static int lock_student(struct db *db, long long student_id)
{
	json_t *row = NULL;
	int found = db_row(db, &row, stmts[CH_LOCK_STUDENT], DB_ARGS(DB_INT(student_id)));
	json_decref(row);
	return found < 0 ? -1 : 0;
}

/* Keeps the change: approved and applied for staff, pending (replacing an older pending
 * one) for the student. */
static int write_change(struct request *req, const struct kind *k, long long student_id,
			json_t *proposed)
{
	struct db *db = req->app->db;
	int staff = req->caller->role != ROLE_STUDENT;
	const char *state = staff ? "approved" : "pending";
	/* Kept, and audited, with ID card and phone sealed. */
	json_t *stored = json_deep_copy(proposed);
	char *text = students_pii_seal(req->app->cfg, stored) == 0 ? json_dumps(stored, JSON_COMPACT) : NULL;
	long long change_id = -1;
	int failed =
	    !text || db_begin(db) < 0 ||
	    lock_student(db, student_id) < 0 ||
	    (!staff && db_exec(db, stmts[CH_SUPERSEDE], DB_ARGS(DB_INT(student_id), DB_STR(k->name))) < 0) ||
	    db_exec(db, stmts[CH_INSERT],
		    DB_ARGS(DB_INT(student_id), DB_STR(k->name), DB_STR(text), DB_STR(state),
			    DB_INT(req->caller->id), staff ? DB_INT(req->caller->id) : DB_NULLV,
			    DB_STR(state))) < 0 ||
	    (change_id = db_insert_id(db)) <= 0 || (staff && apply(req, k, change_id, student_id) < 0) ||
	    audit_record(req, 0, arena_printf(req->arena, "%s.%s", k->name, staff ? "update" : "submit"),
			 "student", student_id, stored) < 0 ||
	    db_commit(db) < 0;
	free(text);
	json_decref(stored);
	if (failed) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	if (staff)
		stats_invalidate(req->app, 0); /* list counts (a name search) may change */
	return 0;
}

static int submit(struct request *req, const struct kind *k)
{
	long long id;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	json_t *student;
	int found = students_load_visible(req, id, &student);
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return reply_not_found(req);
	int year = (int)json_integer_value(json_object_get(student, "graduation_year"));
	int active = json_integer_value(json_object_get(student, "status_active")) == 1;
	const char *status = arena_strdup(req->arena, json_string_value(json_object_get(student, "status")));
	json_decref(student);
	if (k->needs_active && !active)
		return reply_error(req, ERR_CONFLICT, NULL,
				   "the student's status is %s: the %s cannot be changed", status, k->name);
	if (json_object_size(req->json) == 0)
		return reply_error(req, ERR_VALIDATION, NULL, "send at least one field to change");
	json_t *row, *pending = NULL;
	if (db_row(req->app->db, &row, stmts[k->current], DB_ARGS(DB_INT(id))) != 1)
		return reply_db_failure(req);
	json_t *current = json_incref(json_object_get(row, "doc"));
	json_decref(row);
	students_pii_open(req->app->cfg, current);
	/* A student's new report amends their pending one rather than losing its fields. */
	int found_pending = req->caller->role == ROLE_STUDENT
				? db_row(req->app->db, &pending, stmts[CH_PENDING_KIND],
					 DB_ARGS(DB_INT(id), DB_STR(k->name)))
				: 0;
	if (found_pending < 0) {
		json_decref(current);
		return reply_db_failure(req);
	}
	students_pii_open(req->app->cfg, json_object_get(pending, "proposed"));
	json_t *proposed = proposal_or_reply(req, k, current, json_object_get(pending, "proposed"), year);
	json_decref(pending);
	int rc = -1;
	if (proposed) {
		json_t *merged = json_deep_copy(current);
		json_object_update(merged, proposed);
		rc = rules_or_422(req, k, merged, 0);
		json_decref(merged);
	}
	if (rc == 0)
		rc = write_change(req, k, id, proposed);
	json_decref(proposed);
	json_decref(current);
	return rc < 0 ? -1 : students_get(req);
}

int changes_put_profile(struct request *req)
{
	return submit(req, &kinds[0]);
}

int changes_put_dispatch(struct request *req)
{
	return submit(req, &kinds[1]);
}

int changes_attach(struct request *req, json_t *doc, long long student_id)
{
	json_t *rows = db_rows(req->app->db, stmts[CH_PENDING], DB_ARGS(DB_INT(student_id)));
	if (!rows)
		return -1;
	json_object_set_new(doc, "pending_profile", json_null());
	json_object_set_new(doc, "pending_dispatch", json_null());
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const char *kind = json_string_value(json_object_get(row, "kind"));
		students_mask_for(req, student_id, json_object_get(row, "proposed"));
		json_object_set(doc, arena_printf(req->arena, "pending_%s", kind), row);
		json_object_del(row, "kind");
	}
	json_decref(rows);
	return 0;
}

/* ---- review ------------------------------------------------------------------------------ */

/* obj reduced to the keys of like (NULL stays NULL). New reference. */
static json_t *same_keys(json_t *obj, json_t *like)
{
	if (!json_is_object(obj))
		return json_null();
	json_t *out = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(like, key, v)
	{
		json_object_set(out, key, json_object_get(obj, key));
	}
	return out;
}

/* Shapes a queue row: current (and, once applied, previous) reduced to the proposed keys,
 * the changed ones named, and personal data masked. */
static void review_row(struct request *req, json_t *row)
{
	json_t *proposed = json_object_get(row, "proposed");
	students_pii_open(req->app->cfg, proposed);
	students_pii_open(req->app->cfg, json_object_get(row, "current"));
	students_pii_open(req->app->cfg, json_object_get(row, "previous"));
	json_t *current = same_keys(json_object_get(row, "current"), proposed);
	json_t *previous = same_keys(json_object_get(row, "previous"), proposed);
	/* A pending change is compared with the record now; an applied one with what it replaced. */
	json_t *base = json_is_object(previous) ? previous : current;
	json_object_set_new(row, "changed_fields", review_changed_fields(base, proposed, NULL));
	long long student = json_integer_value(json_object_get(row, "student_id"));
	students_mask_for(req, student, current);
	students_mask_for(req, student, previous);
	students_mask_for(req, student, proposed);
	json_object_set_new(row, "current", current);
	json_object_set_new(row, "previous", previous);
}

int changes_list(struct request *req)
{
	static const char *const states[] = {"pending", "approved", "rejected", NULL};
	static const char *const kind_names[] = {"profile", "dispatch", NULL};
	struct page pg;
	const char *state, *kind;
	long long student = 0;
	int has_student;
	if (page_or_422(req, &pg) < 0 || query_string_or_422(req, "state", 16, &state) < 0 ||
	    query_string_or_422(req, "kind", 16, &kind) < 0 ||
	    query_int_or_422(req, "student_id", 1, INT64_MAX, &student, &has_student) < 0 ||
	    (state && value_one_of_or_422(req, "state", state, states) < 0) ||
	    (kind && value_one_of_or_422(req, "kind", kind, kind_names) < 0))
		return -1;
	if (!state)
		state = "pending";
	const char *scope = caller_scope_json(req);
	struct db_param sid = has_student ? DB_INT(student) : DB_NULLV;
	struct db_param p[9] = {DB_STR(state), DB_STR(kind),  DB_STR(kind), sid,
				sid,           DB_STR(scope), DB_STR(scope)};
	return review_page(req, state, &pg, p, 7, stmts[CH_COUNT], stmts[CH_QUEUE], stmts[CH_DONE],
			   review_row);
}

/* Decides one change inside the review transaction. */
static int decide(struct request *req, long long id, int approve, const char *reason)
{
	struct db *db = req->app->db;
	const char *scope = caller_scope_json(req);
	json_t *row;
	int found = db_row(db, &row, stmts[CH_FOR_REVIEW],
			   DB_ARGS(DB_INT(id), DB_STR(scope), DB_STR(scope)));
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return reply_error(req, ERR_NOT_FOUND, "ids", "change %lld not found", id);
	const struct kind *k = kind_named(json_string_value(json_object_get(row, "kind")));
	long long student = json_integer_value(json_object_get(row, "student_id"));
	int active = json_integer_value(json_object_get(row, "status_active")) == 1;
	const char *state = arena_strdup(req->arena, json_string_value(json_object_get(row, "state")));
	const char *status = arena_strdup(req->arena, json_string_value(json_object_get(row, "status")));
	json_t *merged = json_deep_copy(json_object_get(row, "current"));
	json_object_update(merged, json_object_get(row, "proposed"));
	json_decref(row);
	students_pii_open(req->app->cfg, merged);
	int rc = 0;
	if (approve && strcmp(state, "pending") == 0) {
		if (k->needs_active && !active)
			rc = reply_error(req, ERR_CONFLICT, "ids",
					 "change %lld: the student's status is %s now", id, status);
		else
			rc = rules_or_422(req, k, merged, id);
	}
	json_decref(merged);
	if (rc < 0)
		return -1;
	const char *to = approve ? "approved" : "rejected";
	long long n = db_exec(db, stmts[CH_DECIDE], DB_ARGS(DB_STR(to), DB_INT(req->caller->id),
							  DB_STR(reason), DB_INT(id)));
	if (n < 0)
		return reply_db_failure(req);
	if (n == 0)
		return reply_error(req, ERR_CONFLICT, "ids",
				   "change %lld is %s, not pending: it cannot become %s", id, state, to);
	if (approve && apply(req, k, id, student) < 0)
		return reply_db_failure(req);
	return 0;
}

int changes_review(struct request *req)
{
	if (review_batch(req, decide, "student_change.review", "record_change") < 0)
		return -1;
	stats_invalidate(req->app, 0);
	return 0;
}
