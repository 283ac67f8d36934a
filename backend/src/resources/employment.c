/* employment.c: reports, direct entries, review, and the current record kept in step. */
#include "resources/employment.h"

#include <stdint.h>
#include <string.h>

#include "auth/session.h"
#include "core/clock.h"
#include "core/idcodes.h"
#include "db/db.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/audit.h"
#include "resources/codes.h"
#include "resources/review.h"
#include "resources/stats.h"
#include "resources/students.h"

enum employment_stmt {
	EMP_CURRENT,
	EMP_PENDING,
	EMP_INSERT,
	EMP_SUPERSEDE,
	EMP_ENSURE,
	EMP_APPLY,
	EMP_SYNC_STUDENT,
	EMP_REMEMBER_COMPANY,
	EMP_REVIEWS_QUEUE,
	EMP_REVIEWS_DONE,
	EMP_REVIEWS_COUNT,
	EMP_ENTRY_FOR_REVIEW,
	EMP_DECIDE,
	EMP__MAX
};

#define EMP_FIELDS                                                                                \
	"destination_code, employer_name, credit_code, industry_code, region_code, "              \
	"unit_nature_code, job_title, salary, school"
/* The same fields as a JSON object, for the review queue's side-by-side view. */
#define EMP_JSON(t)                                                                               \
	"JSON_OBJECT('destination_code', " t ".destination_code, 'employer_name', " t              \
	".employer_name, 'credit_code', " t ".credit_code, 'industry_code', " t ".industry_code, " \
	"'region_code', " t ".region_code, 'unit_nature_code', " t ".unit_nature_code, "           \
	"'job_title', " t ".job_title, 'salary', " t ".salary, 'school', " t ".school, "            \
	"'effective_date', " t ".effective_date)"
#define REVIEW_SELECT                                                                             \
	"SELECT h.id, h.student_id, s.student_no, s.name, s.graduation_year, m.college, "         \
	"m.name AS major, h.state, h.submitted_at, h.reviewed_at, h.review_reason, " EMP_JSON("e") \
	" AS current__json, " EMP_JSON("h") " AS proposed__json"
#define REVIEW_FROM                                                                               \
	" FROM employment_history h JOIN students s ON s.id = h.student_id"                       \
	" JOIN majors m ON m.id = s.major_id LEFT JOIN employment e ON e.student_id = s.id"            \
	" WHERE h.state = ? AND " SCOPE_FILTER("s.major_id")

static const char *const stmts[EMP__MAX] = {
    [EMP_CURRENT] = "SELECT e.destination_code, d.name AS destination_name, "
		    "COALESCE(d.category, 'pending') AS destination_category, e.employer_name, "
		    "e.credit_code, e.industry_code, e.region_code, e.unit_nature_code, e.job_title, "
		    "e.salary, e.school, e.effective_date, e.updated_at, 'approved' AS review_state "
		    "FROM employment e LEFT JOIN destination_codes d ON d.code = e.destination_code "
		    "WHERE e.student_id = ? AND e.destination_code IS NOT NULL",
    [EMP_PENDING] = "SELECT id, " EMP_FIELDS ", effective_date, submitted_at, "
		    "'pending' AS review_state FROM employment_history "
		    "WHERE student_id = ? AND state = 'pending' ORDER BY id DESC LIMIT 1",
    [EMP_INSERT] = "INSERT INTO employment_history (student_id, " EMP_FIELDS ", effective_date, "
		   "state, submitted_by, reviewed_by, reviewed_at) VALUES "
		   "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, IF(? = 'approved', CURRENT_TIMESTAMP, NULL))",
    [EMP_SUPERSEDE] = "UPDATE employment_history SET state = 'rejected', reviewed_at = "
		      "CURRENT_TIMESTAMP, review_reason = '被新的申报取代 (superseded by a newer report)' "
		      "WHERE student_id = ? AND state = 'pending'",
    [EMP_ENSURE] = "INSERT IGNORE INTO employment (student_id) VALUES (?)",
    /* The current record follows the newest effective date, not the newest write. */
    [EMP_APPLY] = "UPDATE employment e JOIN employment_history h ON h.id = ? "
		  "SET e.destination_code = h.destination_code, e.employer_name = h.employer_name, "
		  "e.credit_code = h.credit_code, e.industry_code = h.industry_code, "
		  "e.region_code = h.region_code, e.unit_nature_code = h.unit_nature_code, "
		  "e.job_title = h.job_title, e.salary = h.salary, e.school = h.school, "
		  "e.effective_date = h.effective_date, e.history_id = h.id, e.updated_by = ? "
		  "WHERE e.student_id = h.student_id "
		  "AND (e.effective_date IS NULL OR e.effective_date <= h.effective_date)",
    [EMP_SYNC_STUDENT] = "UPDATE students s JOIN employment e ON e.student_id = s.id "
			 "SET s.destination_code = e.destination_code WHERE s.id = ?",
    /* The employment form's company lookup learns every company recorded with a credit code. */
    [EMP_REMEMBER_COMPANY] = "INSERT INTO companies (credit_code, name, industry_code, region_code, "
			     "unit_nature_code) SELECT credit_code, employer_name, industry_code, "
			     "region_code, unit_nature_code FROM employment_history WHERE id = ? "
			     "AND credit_code IS NOT NULL AND employer_name IS NOT NULL "
			     "ON DUPLICATE KEY UPDATE name = VALUES(name), industry_code = "
			     "COALESCE(VALUES(industry_code), companies.industry_code), region_code = "
			     "COALESCE(VALUES(region_code), companies.region_code), unit_nature_code = "
			     "COALESCE(VALUES(unit_nature_code), companies.unit_nature_code)",
    /* The queue is worked oldest first; decided reports are looked up newest first. */
    [EMP_REVIEWS_QUEUE] = REVIEW_SELECT REVIEW_FROM " ORDER BY h.id LIMIT ? OFFSET ?",
    [EMP_REVIEWS_DONE] = REVIEW_SELECT REVIEW_FROM " ORDER BY h.id DESC LIMIT ? OFFSET ?",
    [EMP_REVIEWS_COUNT] = "SELECT COUNT(*) AS n" REVIEW_FROM,
    [EMP_ENTRY_FOR_REVIEW] = "SELECT h.id, h.student_id, h.state FROM employment_history h "
			     "JOIN students s ON s.id = h.student_id WHERE h.id = ? AND "
			     SCOPE_FILTER("s.major_id") " FOR UPDATE",
    [EMP_DECIDE] = "UPDATE employment_history SET state = ?, reviewed_by = ?, reviewed_at = "
		   "CURRENT_TIMESTAMP, review_reason = ? WHERE id = ? AND state = 'pending'",
};

/* One employment entry as given in a request body. */
struct entry {
	const char *destination_code, *employer_name, *credit_code, *industry_code, *region_code,
	    *unit_nature_code, *job_title, *school, *effective_date;
	double salary;
	int has_salary;
};

int employment_attach(struct app *app, json_t *doc, long long student_id)
{
	json_t *current, *pending;
	int a = db_row(app->db, &current, stmts[EMP_CURRENT], DB_ARGS(DB_INT(student_id)));
	if (a < 0)
		return -1;
	int b = db_row(app->db, &pending, stmts[EMP_PENDING], DB_ARGS(DB_INT(student_id)));
	if (b < 0) {
		json_decref(current);
		return -1;
	}
	json_object_set_new(doc, "employment", a ? current : json_null());
	json_object_set_new(doc, "pending_employment", b ? pending : json_null());
	return 0;
}

/* A code field that must exist in its table for the student's graduation year. */
static int code_or_422(struct request *req, const char *field, enum code_table table, int year,
		       size_t max, const char **out)
{
	if (body_opt_string_or_422(req, field, max, out) < 0)
		return -1;
	return *out ? codes_valid_or_422(req, field, table, *out, year) : 0;
}

/* Reads and checks the body: every code against its table, and the destination's own rules
 * (an employer for employment, a school for further study). */
static int entry_or_422(struct request *req, int year, int staff, struct entry *e)
{
	static const char *const allowed[] = {
	    "destination_code", "employer_name", "credit_code", "industry_code", "region_code",
	    "unit_nature_code", "job_title",     "salary",      "school",        "effective_date",
	    NULL};
	memset(e, 0, sizeof(*e));
	if (body_only_or_422(req, allowed) < 0 ||
	    body_string_or_422(req, "destination_code", 1, 4, &e->destination_code) < 0 ||
	    body_opt_string_or_422(req, "employer_name", 200, &e->employer_name) < 0 ||
	    body_opt_string_or_422(req, "credit_code", 18, &e->credit_code) < 0 ||
	    code_or_422(req, "industry_code", CODES_INDUSTRY, year, 1, &e->industry_code) < 0 ||
	    code_or_422(req, "region_code", CODES_REGION, year, 6, &e->region_code) < 0 ||
	    code_or_422(req, "unit_nature_code", CODES_UNIT_NATURE, year, 4, &e->unit_nature_code) < 0 ||
	    body_opt_string_or_422(req, "job_title", 100, &e->job_title) < 0 ||
	    body_opt_string_or_422(req, "school", 200, &e->school) < 0 ||
	    body_opt_string_or_422(req, "effective_date", 10, &e->effective_date) < 0)
		return -1;
	json_t *salary = json_object_get(req->json, "salary");
	if (salary && !json_is_null(salary)) {
		if (!json_is_number(salary) || json_number_value(salary) < 0 ||
		    json_number_value(salary) > 1e9)
			return reply_error(req, ERR_VALIDATION, "salary",
					   "salary must be a number from 0 to 1000000000");
		e->salary = json_number_value(salary);
		e->has_salary = 1;
	}
	if (e->credit_code && !credit_code_valid(e->credit_code))
		return reply_error(req, ERR_VALIDATION, "credit_code",
				   "credit_code is not a valid unified social credit code");
	char today[11];
	clock_today(today);
	if (e->effective_date && (!clock_valid_date(e->effective_date) ||
				  strcmp(e->effective_date, today) > 0))
		return reply_error(req, ERR_VALIDATION, "effective_date",
				   "effective_date must be a date (YYYY-MM-DD) no later than today");
	/* A student reports as of today; staff may record a past date from the documents. */
	if (!e->effective_date || !staff)
		e->effective_date = arena_strdup(req->arena, today);
	json_t *dest;
	int found = codes_destination(req->app, e->destination_code, year, &dest);
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return reply_error(req, ERR_VALIDATION, "destination_code",
				   "destination_code \"%s\" is not in the code table for %d",
				   e->destination_code, year);
	int needs_employer = json_integer_value(json_object_get(dest, "needs_employer")) == 1;
	int needs_school = json_integer_value(json_object_get(dest, "needs_school")) == 1;
	const char *name = arena_strdup(req->arena, json_string_value(json_object_get(dest, "name")));
	json_decref(dest);
	if (needs_employer && !e->employer_name)
		return reply_error(req, ERR_VALIDATION, "employer_name",
				   "employer_name is required for destination %s (%s)",
				   e->destination_code, name);
	if (needs_school && !e->school)
		return reply_error(req, ERR_VALIDATION, "school",
				   "school is required for destination %s (%s)", e->destination_code,
				   name);
	return 0;
}

/* Applies an approved history entry to the current record and the student's row. */
static int apply_entry(struct request *req, long long history_id, long long student_id)
{
	struct db *db = req->app->db;
	return db_exec(db, stmts[EMP_ENSURE], DB_ARGS(DB_INT(student_id))) < 0 ||
		       db_exec(db, stmts[EMP_APPLY],
			       DB_ARGS(DB_INT(history_id), DB_INT(req->caller->id))) < 0 ||
		       db_exec(db, stmts[EMP_SYNC_STUDENT], DB_ARGS(DB_INT(student_id))) < 0 ||
		       db_exec(db, stmts[EMP_REMEMBER_COMPANY], DB_ARGS(DB_INT(history_id))) < 0
		   ? -1
		   : 0;
}

static long long insert_entry(struct request *req, long long student_id, const struct entry *e,
			      const char *state)
{
	struct db *db = req->app->db;
	const struct caller *c = req->caller;
	int approved = strcmp(state, "approved") == 0;
	if (db_exec(db, stmts[EMP_INSERT],
		    DB_ARGS(DB_INT(student_id), DB_STR(e->destination_code), DB_STR(e->employer_name),
			    DB_STR(e->credit_code), DB_STR(e->industry_code), DB_STR(e->region_code),
			    DB_STR(e->unit_nature_code), DB_STR(e->job_title),
			    e->has_salary ? DB_DOUBLE(e->salary) : DB_NULLV, DB_STR(e->school),
			    DB_STR(e->effective_date), DB_STR(state), DB_INT(c->id),
			    approved ? DB_INT(c->id) : DB_NULLV, DB_STR(state))) < 0)
		return -1;
	return db_insert_id(db);
}

int employment_put(struct request *req)
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
	const char *status = arena_strdup(req->arena,
					  json_string_value(json_object_get(student, "status")));
	json_decref(student);
	if (!active)
		return reply_error(req, ERR_CONFLICT, NULL,
				   "the student's status is %s: employment cannot be recorded", status);
	int staff = req->caller->role != ROLE_STUDENT;
	struct entry e;
	if (entry_or_422(req, year, staff, &e) < 0)
		return -1;

	struct db *db = req->app->db;
	const char *state = staff ? "approved" : "pending";
	long long history_id = -1;
	if (db_begin(db) < 0 ||
	    (!staff && db_exec(db, stmts[EMP_SUPERSEDE], DB_ARGS(DB_INT(id))) < 0) ||
	    (history_id = insert_entry(req, id, &e, state)) < 0 ||
	    (staff && apply_entry(req, history_id, id) < 0) ||
	    audit_record(req, 0, staff ? "employment.update" : "employment.submit", "student", id,
			 req->json) < 0 ||
	    db_commit(db) < 0) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	if (staff)
		stats_invalidate(req->app, year);
	json_t *doc = json_object();
	if (employment_attach(req->app, doc, id) < 0) {
		json_decref(doc);
		return reply_db_failure(req);
	}
	json_t *out = json_incref(json_object_get(doc, staff ? "employment" : "pending_employment"));
	json_decref(doc);
	return reply_data(req, 200, out);
}

/* A queue row: the fields that differ, the date aside (every report has its own). */
static void review_row(struct request *req, json_t *row)
{
	static const char *const skip[] = {"effective_date", NULL};
	(void)req;
	json_object_set_new(row, "changed_fields",
			    review_changed_fields(json_object_get(row, "current"),
						  json_object_get(row, "proposed"), skip));
}

int employment_reviews(struct request *req)
{
	static const char *const states[] = {"pending", "approved", "rejected", NULL};
	struct page pg;
	const char *state;
	if (page_or_422(req, &pg) < 0 || query_string_or_422(req, "state", 16, &state) < 0)
		return -1;
	if (!state)
		state = "pending";
	if (value_one_of_or_422(req, "state", state, states) < 0)
		return -1;
	const char *scope = caller_scope_json(req);
	struct db_param p[5] = {DB_STR(state), DB_STR(scope), DB_STR(scope)};
	return review_page(req, state, &pg, p, 3, stmts[EMP_REVIEWS_COUNT], stmts[EMP_REVIEWS_QUEUE],
			   stmts[EMP_REVIEWS_DONE], review_row);
}

/* Decides one entry inside the review transaction; answers and returns -1 on a refusal. */
static int decide(struct request *req, long long id, int approve, const char *reason)
{
	struct db *db = req->app->db;
	const char *scope = caller_scope_json(req);
	json_t *row;
	int found = db_row(db, &row, stmts[EMP_ENTRY_FOR_REVIEW],
			   DB_ARGS(DB_INT(id), DB_STR(scope), DB_STR(scope)));
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return reply_error(req, ERR_NOT_FOUND, "ids", "report %lld not found", id);
	long long student = json_integer_value(json_object_get(row, "student_id"));
	char state[16];
	snprintf(state, sizeof state, "%s", json_string_value(json_object_get(row, "state")));
	json_decref(row);
	const char *to = approve ? "approved" : "rejected";
	long long n = db_exec(db, stmts[EMP_DECIDE], DB_ARGS(DB_STR(to), DB_INT(req->caller->id),
							   DB_STR(reason), DB_INT(id)));
	if (n < 0)
		return reply_db_failure(req);
	if (n == 0)
		return reply_error(req, ERR_CONFLICT, "ids", "report %lld is %s, not pending: it cannot become %s",
				   id, state, to);
	if (approve && apply_entry(req, id, student) < 0)
		return reply_db_failure(req);
	return 0;
}

int employment_review(struct request *req)
{
	if (review_batch(req, decide, "employment.review", "employment_history") < 0)
		return -1;
	stats_invalidate(req->app, 0);
	return 0;
}
