/* applications.c: a student applying to a job with a resume (简历投递, seed manual §4.4), and
 * the application's states, seen by both sides: delivered → viewed (the employer opened it) →
 * shortlisted → interview → offer, or rejected by the employer, or withdrawn by the student. */
#include "resources/applications.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/session.h"
#include "core/clock.h"
#include "db/db.h"
#include "http/params.h"
#include "http/request.h"
#include "http/response.h"
#include "resources/audit.h"
#include "resources/employers.h"
#include "resources/resumes.h"
#include "resources/students.h"

enum applications_stmt {
	APP_JOB,
	APP_AT_FAIR,
	APP_STUDENT,
	APP_INSERT,
	APP_EVENT,
	APP_GET,
	APP_EVENTS,
	APP_SET_STATE,
	APP_STATE_NOW,
	APP_OF_JOB,
	APP_OF_JOB_COUNT,
	APP_MINE,
	APP_MINE_COUNT,
	APP__MAX
};

#define APP_SELECT                                                                                \
	"SELECT a.id, a.job_id, j.title AS job_title, j.city, j.employer_id, e.name AS "            \
	"employer_name, a.student_id, a.resume_id, a.resume AS resume__json, a.fair_id, a.state, " \
	"a.note, a.created_at, a.updated_at FROM applications a JOIN jobs j ON j.id = a.job_id "   \
	"JOIN employers e ON e.id = j.employer_id"

static const char *const stmts[APP__MAX] = {
    [APP_JOB] = "SELECT j.status, j.deadline, j.employer_id, e.status AS employer_status FROM jobs j "
		"JOIN employers e ON e.id = j.employer_id WHERE j.id = ?",
    /* a resume delivered at a fair (现场投递): to a job an approved participant brings to a
     * public fair, until a day after it */
    [APP_AT_FAIR] = "SELECT 1 AS yes FROM fair_application_jobs aj JOIN fair_applications fa ON "
		    "fa.id = aj.application_id JOIN fairs f ON f.id = fa.fair_id WHERE aj.job_id = ? "
		    "AND fa.fair_id = ? AND fa.state = 'approved' AND f.status = 'published' AND "
		    "(f.publish_at IS NULL OR f.publish_at <= NOW()) AND f.ends_at > NOW() - INTERVAL 1 DAY",
    [APP_STUDENT] = "SELECT s.name, s.gender, s.graduation_year, s.level, m.college, m.name AS major, "
		    "s.phone, s.email FROM students s JOIN majors m ON m.id = s.major_id WHERE s.id = ?",
    [APP_INSERT] = "INSERT INTO applications (job_id, student_id, resume_id, resume, fair_id) VALUES "
		   "(?, ?, ?, ?, ?)",
    [APP_EVENT] = "INSERT INTO application_events (application_id, from_state, to_state, actor_id, note) "
		  "VALUES (?, ?, ?, ?, ?)",
    [APP_GET] = APP_SELECT " WHERE a.id = ?",
    [APP_EVENTS] = "SELECT from_state, to_state, note, at FROM application_events WHERE "
		   "application_id = ? ORDER BY id",
    /* Conditional on the state read: two changes at once cannot both apply. */
    /* A move without a note keeps the last one (the employer's word stays for the student). */
    [APP_SET_STATE] = "UPDATE applications SET state = ?, note = COALESCE(?, note) WHERE id = ? AND "
		      "state = ?",
    /* What the move that won a race left (a locking read sees it, whatever the snapshot). */
    [APP_STATE_NOW] = "SELECT state FROM applications WHERE id = ? LOCK IN SHARE MODE",
    [APP_OF_JOB] = "SELECT a.id, a.state, a.note, a.resume AS resume__json, a.fair_id, a.created_at, "
		   "a.updated_at "
		   "FROM applications a WHERE a.job_id = ? AND (? IS NULL OR a.state = ?) "
		   "ORDER BY a.id DESC LIMIT ? OFFSET ?",
    /* From the counts the triggers keep (sql/027), not the applications themselves. */
    [APP_OF_JOB_COUNT] = "SELECT CAST(COALESCE(SUM(n), 0) AS SIGNED) AS n FROM application_tally "
			 "WHERE job_id = ? AND (? IS NULL OR state = ?)",
    [APP_MINE] = APP_SELECT " WHERE a.student_id = ? AND (? IS NULL OR a.job_id = ?) ORDER BY a.id DESC "
		 "LIMIT ? OFFSET ?",
    [APP_MINE_COUNT] = "SELECT COUNT(*) AS n FROM applications a WHERE a.student_id = ? AND "
		       "(? IS NULL OR a.job_id = ?)",
};

static const char *const states[] = {"delivered", "viewed",   "shortlisted", "interview",
				     "offer",     "rejected", "withdrawn",   NULL};

/* Who may move an application from one state to another: the employer forward or to rejected,
 * the student to withdrawn, both only before the end (offer, rejected, withdrawn). */
static int allowed_move(enum role role, const char *from, const char *to)
{
	static const char *const open[] = {"delivered", "viewed", "shortlisted", "interview", NULL};
	int rank_from = -1, rank_to = -1;
	for (int i = 0; open[i]; i++) {
		if (strcmp(open[i], from) == 0)
			rank_from = i;
		if (strcmp(open[i], to) == 0)
			rank_to = i;
	}
	if (rank_from < 0) /* offer, rejected, withdrawn: final */
		return 0;
	if (role == ROLE_STUDENT)
		return strcmp(to, "withdrawn") == 0;
	if (role != ROLE_EMPLOYER)
		return 0;
	return strcmp(to, "offer") == 0 || strcmp(to, "rejected") == 0 ||
	       (rank_to > rank_from && rank_to >= 2); /* viewed is set by opening it */
}

/* ---- applying ---------------------------------------------------------------------------------- */

/* The resume as the employer will see it: the student's study details, the resume's fields and
 * lists, and only the contact details named in share, a phone sealed like the record's (sql/013;
 * opened again by open_resume). New reference, NULL on a database error. */
static json_t *snapshot(struct request *req, json_t *resume, json_t *share)
{
	json_t *student;
	if (db_row(req->app->db, &student, stmts[APP_STUDENT],
		   DB_ARGS(DB_INT(req->caller->student_id))) != 1)
		return NULL;
	students_pii_open(req->app->cfg, student);
	json_t *out = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O}", "name", json_object_get(student, "name"),
				"gender", json_object_get(student, "gender"), "graduation_year",
				json_object_get(student, "graduation_year"), "level",
				json_object_get(student, "level"), "college",
				json_object_get(student, "college"), "major", json_object_get(student, "major"));
	static const char *const fields[] = {"title",        "summary",      "expected_city",
					     "expected_industry", "expected_job", "content"};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		json_object_set(out, fields[i], json_object_get(resume, fields[i]));
	size_t i;
	json_t *what;
	json_array_foreach(share, i, what)
	{
		const char *k = json_string_value(what);
		json_object_set(out, k, json_object_get(student, k));
	}
	json_decref(student);
	if (students_pii_seal_copy(req->app->cfg, out) < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* The job must take applications: public (approved, its employer in) and before its deadline. */
static int open_job_or_reply(struct request *req, long long job)
{
	json_t *row;
	int found = db_row(req->app->db, &row, stmts[APP_JOB], DB_ARGS(DB_INT(job)));
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return reply_not_found(req);
	const char *st = json_string_value(json_object_get(row, "status"));
	const char *es = json_string_value(json_object_get(row, "employer_status"));
	const char *deadline = json_string_value(json_object_get(row, "deadline"));
	char today[11];
	clock_today(today);
	int public = (strcmp(st, "approved") == 0 || strcmp(st, "rereview") == 0) &&
		     (strcmp(es, "approved") == 0 || strcmp(es, "rereview") == 0);
	int closed = deadline && strcmp(deadline, today) < 0;
	json_decref(row);
	if (!public)
		return reply_not_found(req);
	if (closed)
		return reply_error(req, ERR_CONFLICT, "job", "the job's deadline has passed");
	return 0;
}

/* The job must be at the fair: brought there by an approved participant. 0, or -1 after 422
 * (or 503). */
static int at_fair_or_422(struct request *req, long long job, long long fair)
{
	json_t *row;
	int found = db_row(req->app->db, &row, stmts[APP_AT_FAIR], DB_ARGS(DB_INT(job), DB_INT(fair)));
	json_decref(found == 1 ? row : NULL);
	if (found < 0)
		return reply_db_failure(req);
	return found ? 0 : reply_error(req, ERR_VALIDATION, "fair_id", "this job is not at that fair");
}

int applications_create(struct request *req)
{
	static const char *const allowed[] = {"resume_id", "share", "fair_id", NULL};
	static const char *const shareable[] = {"phone", "email", NULL};
	long long job, resume_id, fair = 0;
	json_t *share;
	json_t *fair_v = json_object_get(req->json, "fair_id");
	if (path_id_or_404(req, 0, &job) < 0 || body_only_or_422(req, allowed) < 0 ||
	    body_int_or_422(req, "resume_id", 1, INT64_MAX, &resume_id) < 0 ||
	    body_string_array_or_422(req, "share", &share) < 0 ||
	    (fair_v && !json_is_null(fair_v) && body_int_or_422(req, "fair_id", 1, INT64_MAX, &fair) < 0))
		return -1;
	size_t i;
	json_t *what;
	json_array_foreach(share, i, what)
	{
		if (value_one_of_or_422(req, "share", json_string_value(what), shareable) < 0)
			return -1;
	}
	if (!req->caller->student_id)
		return reply_error(req, ERR_FORBIDDEN, NULL, "this account is not linked to a student record");
	if (open_job_or_reply(req, job) < 0 || (fair && at_fair_or_422(req, job, fair) < 0))
		return -1;
	json_t *resume;
	int found = resumes_load(req, resume_id, &resume);
	if (found != 1)
		return found < 0 ? reply_db_failure(req)
				 : reply_error(req, ERR_VALIDATION, "resume_id", "no such resume of yours");
	json_t *snap = snapshot(req, resume, share);
	json_decref(resume);
	char *text = snap ? json_dumps(snap, JSON_COMPACT) : NULL;
	json_decref(snap);
	struct db *db = req->app->db;
	long long id = -1;
	int rc = !text || db_begin(db) < 0 ? -1 : 0;
	if (rc == 0 && db_exec(db, stmts[APP_INSERT],
			       DB_ARGS(DB_INT(job), DB_INT(req->caller->student_id), DB_INT(resume_id),
				       DB_STR(text), fair ? DB_INT(fair) : DB_NULLV)) != 1)
		rc = db_status(db) == DB_DUPLICATE ? 1 : -1;
	if (rc == 0) {
		id = db_insert_id(db);
		json_t *detail = json_pack("{s:I, s:I}", "job_id", (json_int_t)job, "resume_id",
					   (json_int_t)resume_id);
		rc = db_exec(db, stmts[APP_EVENT], DB_ARGS(DB_INT(id), DB_NULLV, DB_STR("delivered"),
							   DB_INT(req->caller->id), DB_NULLV)) < 0 ||
			     audit_record(req, 0, "application.create", "application", id, detail) < 0 ||
			     db_commit(db) < 0
			 ? -1
			 : 0;
		json_decref(detail);
	}
	free(text);
	if (rc != 0) {
		db_rollback(db);
		return rc > 0 ? reply_error(req, ERR_CONFLICT, "job", "you have applied to this job already")
			      : reply_db_failure(req);
	}
	return applications_reply(req, 201, id);
}

/* ---- reading ------------------------------------------------------------------------------------ */

/* Opens the phone the application's resume keeps sealed: whoever may see the application sees
 * the contact details the student shared with it. */
static void open_resume(const struct request *req, json_t *app)
{
	students_pii_open(req->app->cfg, json_object_get(app, "resume"));
}

/* 1 when the caller may see the application: its student, an HR user of the job's employer, or
 * staff holding jobs.review. */
static int may_see(const struct request *req, json_t *app)
{
	const struct caller *c = req->caller;
	if (c->role == ROLE_STUDENT)
		return json_integer_value(json_object_get(app, "student_id")) == c->student_id;
	if (c->role == ROLE_EMPLOYER)
		return employers_own(req, json_integer_value(json_object_get(app, "employer_id")));
	return caller_can(c, "jobs.review");
}

/* The application if the caller may see it: 1 and *app, 0 after answering 404, -1 after 503. */
static int load_visible(struct request *req, long long id, json_t **app)
{
	int found = db_row(req->app->db, app, stmts[APP_GET], DB_ARGS(DB_INT(id)));
	if (found < 0)
		return reply_db_failure(req);
	if (!found || !may_see(req, *app)) {
		json_decref(*app);
		*app = NULL;
		reply_not_found(req);
		return 0;
	}
	return 1;
}

int applications_reply(struct request *req, int status, long long id)
{
	json_t *app;
	if (load_visible(req, id, &app) != 1)
		return -1;
	json_t *events = db_rows(req->app->db, stmts[APP_EVENTS], DB_ARGS(DB_INT(id)));
	if (!events) {
		json_decref(app);
		return reply_db_failure(req);
	}
	json_object_set_new(app, "events", events);
	open_resume(req, app);
	if (req->caller->role == ROLE_EMPLOYER) /* the employer knows the student by the resume */
		json_object_del(app, "student_id");
	return reply_data(req, status, app);
}

/* Answers the move from -> to that found the application moved meanwhile: 409 naming the state it
 * is in now and the one asked for. -1. */
static int lost_race(struct request *req, long long id, const char *from, const char *to)
{
	json_t *row;
	if (db_row(req->app->db, &row, stmts[APP_STATE_NOW], DB_ARGS(DB_INT(id))) != 1)
		return reply_db_failure(req);
	int rc = reply_error(req, ERR_CONFLICT, "state",
			     "the application changed meanwhile: it is %s now (it was %s), and cannot be "
			     "made %s from there; reload and try again",
			     json_string_value(json_object_get(row, "state")), from, to);
	json_decref(row);
	return rc;
}

/* Moves an application in one transaction, with its event and audit entry: 0, or -1 after 409
 * (changed meanwhile) or 503. */
static int move(struct request *req, long long id, const char *from, const char *to, const char *note)
{
	struct db *db = req->app->db;
	if (db_begin(db) < 0)
		return reply_db_failure(req);
	long long n = db_exec(db, stmts[APP_SET_STATE], DB_ARGS(DB_STR(to), DB_STR(note), DB_INT(id), DB_STR(from)));
	json_t *detail = json_pack("{s:s, s:s, s:s?}", "from", from, "to", to, "note", note);
	int rc = n < 0 ? reply_db_failure(req) : n == 0 ? lost_race(req, id, from, to) : 0;
	if (rc == 0 && (db_exec(db, stmts[APP_EVENT], DB_ARGS(DB_INT(id), DB_STR(from), DB_STR(to),
							      DB_INT(req->caller->id), DB_STR(note))) < 0 ||
			audit_record(req, 0, "application.state", "application", id, detail) < 0 ||
			db_commit(db) < 0))
		rc = reply_db_failure(req);
	json_decref(detail);
	if (rc < 0)
		db_rollback(db);
	return rc;
}

/* The application's state for the caller who may see it: 1 and from[], 0 when not theirs to
 * see (answered 404), -1 after answering a failure. */
static int state_of(struct request *req, long long id, char from[16])
{
	json_t *app;
	int seen = load_visible(req, id, &app);
	if (seen != 1)
		return seen;
	snprintf(from, 16, "%s", json_string_value(json_object_get(app, "state")));
	json_decref(app);
	return 1;
}

int applications_get(struct request *req)
{
	long long id;
	char from[16];
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	int seen = state_of(req, id, from);
	if (seen != 1)
		return -1;
	/* The employer opening a new application is what "viewed" means to the student. */
	if (req->caller->role == ROLE_EMPLOYER && strcmp(from, "delivered") == 0 &&
	    move(req, id, from, "viewed", NULL) < 0 && req->status != 409)
		return -1;
	reply_reset(req);
	return applications_reply(req, 200, id);
}

int applications_set_state(struct request *req)
{
	static const char *const allowed[] = {"state", "note", NULL};
	long long id;
	const char *to, *note;
	char from[16];
	if (path_id_or_404(req, 0, &id) < 0 || body_only_or_422(req, allowed) < 0 ||
	    body_string_or_422(req, "state", 1, 16, &to) < 0 ||
	    value_one_of_or_422(req, "state", to, states) < 0 ||
	    body_opt_string_or_422(req, "note", 500, &note) < 0)
		return -1;
	if (state_of(req, id, from) != 1)
		return -1;
	if (!allowed_move(req->caller->role, from, to))
		return reply_error(req, ERR_CONFLICT, "state", "the application is %s: %s cannot make it %s",
				   from, req->caller->role == ROLE_STUDENT ? "you" : "this account", to);
	if (move(req, id, from, to, note) < 0)
		return -1;
	return applications_reply(req, 200, id);
}

/* ---- lists -------------------------------------------------------------------------------------- */

/* A page of applications (reply_paged's, with each resume opened): p has room for n + 2. */
static int reply_applications(struct request *req, enum applications_stmt rows_st,
			      enum applications_stmt count_st, struct db_param *p, size_t n,
			      const struct page *pg)
{
	long long total = count_rows(req, stmts[count_st], p, n);
	if (total < 0)
		return reply_db_failure(req);
	p[n] = DB_INT(pg->per_page);
	p[n + 1] = DB_INT(pg->offset);
	json_t *rows = db_rows(req->app->db, stmts[rows_st], p, n + 2);
	if (!rows)
		return reply_db_failure(req);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		open_resume(req, row);
	}
	return reply_list(req, rows, pg->page, pg->per_page, total);
}

int applications_of_job(struct request *req)
{
	long long job;
	struct page pg;
	const char *state;
	if (path_id_or_404(req, 0, &job) < 0)
		return -1;
	json_t *row;
	int found = db_row(req->app->db, &row, stmts[APP_JOB], DB_ARGS(DB_INT(job)));
	long long employer = found == 1 ? json_integer_value(json_object_get(row, "employer_id")) : 0;
	json_decref(row);
	if (found < 0)
		return reply_db_failure(req);
	const struct caller *c = req->caller;
	int staff = c->role != ROLE_EMPLOYER && caller_can(c, "jobs.review");
	if (!found || (!employers_own(req, employer) && !staff))
		return reply_not_found(req);
	if (page_or_422(req, &pg) < 0 || query_string_or_422(req, "state", 16, &state) < 0 ||
	    (state && value_one_of_or_422(req, "state", state, states) < 0))
		return -1;
	struct db_param p[5] = {DB_INT(job), DB_STR(state), DB_STR(state)};
	return reply_applications(req, APP_OF_JOB, APP_OF_JOB_COUNT, p, 3, &pg);
}

int applications_mine(struct request *req)
{
	struct page pg;
	long long job;
	int has_job;
	if (page_or_422(req, &pg) < 0 || query_int_or_422(req, "job_id", 1, INT64_MAX, &job, &has_job) < 0)
		return -1;
	struct db_param p[5] = {DB_INT(req->caller->student_id), has_job ? DB_INT(job) : DB_NULLV,
				has_job ? DB_INT(job) : DB_NULLV};
	return reply_applications(req, APP_MINE, APP_MINE_COUNT, p, 3, &pg);
}
