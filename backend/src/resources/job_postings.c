/* job_postings.c: jobs from the employer's and the office's side (职位管理, seed manual §4.3):
 * an approved employer posts and edits its jobs; the office reviews them (待审核 → 已审核; an
 * edit of an approved job waits as 待复审 while the approved text stays public) and refreshes
 * chosen ones to the top of the public list. */
#include "resources/job_postings.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/session.h"
#include "core/clock.h"
#include "db/db.h"
#include "db/sql_json.h"
#include "http/params.h"
#include "http/request.h"
#include "http/response.h"
#include "resources/audit.h"
#include "resources/codes.h"
#include "resources/employers.h"
#include "resources/held_review.h"
#include "resources/interactions.h"
#include "resources/jobs.h"

enum postings_stmt {
	JP_INSERT,
	JP_GET,
	JP_EDIT,
	JP_MAJORS_CLEAR,
	JP_MAJORS_SET,
	JP_REFRESH,
	JP_OF_EMPLOYER,
	JP_OF_EMPLOYER_COUNT,
	JP_QUEUE,
	JP_QUEUE_COUNT,
	JP__MAX
};

#define SET_ALL(src)                                                                              \
	SQL_SET_FROM("j", src, "title") ", " SQL_SET_FROM("j", src, "description") ", " SQL_SET_FROM( \
	    "j", src, "city") ", " SQL_SET_FROM("j", src, "region_code") ", " SQL_SET_FROM("j", src, \
										     "salary_min") \
	", " SQL_SET_FROM("j", src, "salary_max") ", " SQL_SET_FROM("j", src, "degree") ", "        \
	    SQL_SET_FROM("j", src, "headcount") ", " SQL_SET_FROM("j", src, "deadline")

#define JP_COLUMNS                                                                                \
	"j.id, j.employer_id, e.name AS employer_name, j.title, j.description, j.city, "          \
	"j.region_code, j.salary_min, j.salary_max, j.degree, j.headcount, j.deadline, j.status, " \
	"j.pending_changes AS pending_changes__json, j.review_reason, j.reviewed_at, "           \
	"j.refreshed_at, j.created_at, j.updated_at, (SELECT JSON_ARRAYAGG(jm.major) FROM "      \
	"job_majors jm WHERE jm.job_id = j.id) AS majors__json"
#define JP_FROM " FROM jobs j JOIN employers e ON e.id = j.employer_id"
/* The office's queue: jobs of employers that are in (seed §4.3), by state and words. */
#define JP_QUEUE_FILTER                                                                           \
	" WHERE e.status IN ('approved', 'rereview') AND (? IS NULL OR j.status = ? OR (? = "      \
	"'waiting' AND j.status IN ('pending', 'rereview'))) AND (? IS NULL OR j.employer_id = ?)" \
	" AND (? IS NULL OR j.title LIKE ? OR e.name LIKE ?)"

static const char *const stmts[JP__MAX] = {
    [JP_INSERT] = "INSERT INTO jobs (employer_id, title, description, city, region_code, salary_min, "
		  "salary_max, degree, headcount, deadline) SELECT ?, JSON_VALUE(c.j, '$.title'), "
		  "JSON_VALUE(c.j, '$.description'), JSON_VALUE(c.j, '$.city'), "
		  "JSON_VALUE(c.j, '$.region_code'), JSON_VALUE(c.j, '$.salary_min'), "
		  "JSON_VALUE(c.j, '$.salary_max'), COALESCE(JSON_VALUE(c.j, '$.degree'), '不限'), "
		  "COALESCE(JSON_VALUE(c.j, '$.headcount'), 1), JSON_VALUE(c.j, '$.deadline') "
		  "FROM (SELECT ? AS j) c",
    [JP_GET] = "SELECT " JP_COLUMNS ", e.status AS employer_status" JP_FROM " WHERE j.id = ?",
    /* A rejected job's edit is a new application. */
    [JP_EDIT] = "UPDATE jobs j JOIN (SELECT ? AS j) c SET " SET_ALL("c.j")
		", j.status = IF(j.status = 'rejected', 'pending', j.status) WHERE j.id = ?",
    [JP_MAJORS_CLEAR] = "DELETE FROM job_majors WHERE job_id = ? AND JSON_EXISTS(?, '$.majors')",
    [JP_MAJORS_SET] = "INSERT IGNORE INTO job_majors (job_id, major) SELECT ?, m.major FROM "
		      "JSON_TABLE(?, '$.majors[*]' COLUMNS (major VARCHAR(100) PATH '$')) m",
    [JP_REFRESH] = "UPDATE jobs j JOIN JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$')) r "
		   "ON r.id = j.id SET j.refreshed_at = CURRENT_TIMESTAMP(6) "
		   "WHERE j.status IN ('approved', 'rereview')",
    [JP_OF_EMPLOYER] = "SELECT " JP_COLUMNS JP_FROM " WHERE j.employer_id = ? AND (? IS NULL OR "
		       "j.status = ?) ORDER BY j.id DESC LIMIT ? OFFSET ?",
    [JP_OF_EMPLOYER_COUNT] = "SELECT COUNT(*) AS n FROM jobs j WHERE j.employer_id = ? AND "
			     "(? IS NULL OR j.status = ?)",
    [JP_QUEUE] = "SELECT " JP_COLUMNS JP_FROM JP_QUEUE_FILTER " ORDER BY j.id LIMIT ? OFFSET ?",
    [JP_QUEUE_COUNT] = "SELECT COUNT(*) AS n" JP_FROM JP_QUEUE_FILTER,
};

static const char *const degrees[] = {"不限", "专科", "本科", "硕士", "博士", NULL};

/* ---- reading ------------------------------------------------------------------------------ */

/* No changes held reads as null (db.c reads a NULL __json column as []). */
static void tidy(json_t *job)
{
	if (json_is_array(json_object_get(job, "pending_changes")))
		json_object_set_new(job, "pending_changes", json_null());
}

/* The job for the caller: 1 and *doc, 0 when absent or not the caller's to see (a job that is
 * not public is seen only by its employer and by staff), -1 on a database error. */
static int load_job(struct request *req, long long id, json_t **doc)
{
	int found = db_row(req->app->db, doc, stmts[JP_GET], DB_ARGS(DB_INT(id)));
	if (found != 1)
		return found;
	long long employer = json_integer_value(json_object_get(*doc, "employer_id"));
	const char *status = json_string_value(json_object_get(*doc, "status"));
	const char *employer_status = json_string_value(json_object_get(*doc, "employer_status"));
	const struct caller *c = req->caller;
	int inside = employers_own(req, employer) || (c && (c->role & ROLES_STAFF));
	int public = (strcmp(status, "approved") == 0 || strcmp(status, "rereview") == 0) &&
		     (strcmp(employer_status, "approved") == 0 || strcmp(employer_status, "rereview") == 0);
	if (!inside && !public) {
		json_decref(*doc);
		*doc = NULL;
		return 0;
	}
	tidy(*doc);
	if (!inside) /* the public sees the approved text alone */
		for (const char *k = "pending_changes\0review_reason\0reviewed_at\0employer_status\0";
		     *k; k += strlen(k) + 1)
			json_object_del(*doc, k);
	return 1;
}

static int reply_job(struct request *req, int status, long long id)
{
	json_t *doc;
	int found = load_job(req, id, &doc);
	if (found < 0)
		return reply_db_failure(req);
	return found ? reply_data(req, status, doc) : reply_not_found(req);
}

int postings_get(struct request *req)
{
	long long id;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	return reply_job(req, 200, id);
}

/* ---- the body ------------------------------------------------------------------------------- */

/* The job fields of the body, checked, as a new object (majors included); NULL after 422.
 * creating: title, description and city are required. */
static json_t *job_body_or_422(struct request *req, int creating)
{
	static const char *const required[] = {"title", "description", "city", NULL};
	const char *key;
	json_t *v;
	json_object_foreach(req->json, key, v)
	{
		int rc;
		if (strcmp(key, "title") == 0)
			rc = json_text_or_422(req, key, v, 2, 100);
		else if (strcmp(key, "description") == 0)
			rc = json_paragraphs_or_422(req, key, v, 10, 5000);
		else if (strcmp(key, "city") == 0)
			rc = json_text_or_422(req, key, v, 2, 64);
		else if (strcmp(key, "region_code") == 0)
			rc = json_is_null(v) ? 0
			     : json_is_string(v)
				 ? codes_valid_or_422(req, key, CODES_REGION, json_string_value(v), clock_year())
				 : reply_error(req, ERR_VALIDATION, key, "region_code must be a code");
		else if (strcmp(key, "salary_min") == 0 || strcmp(key, "salary_max") == 0)
			rc = json_is_null(v) || (json_is_integer(v) && json_integer_value(v) >= 0 &&
						 json_integer_value(v) <= 1000000)
				 ? 0
				 : reply_error(req, ERR_VALIDATION, key,
					       "%s must be a monthly salary in yuan, 0 to 1000000", key);
		else if (strcmp(key, "headcount") == 0)
			rc = json_is_integer(v) && json_integer_value(v) >= 1 && json_integer_value(v) <= 10000
				 ? 0
				 : reply_error(req, ERR_VALIDATION, key, "headcount must be 1 to 10000");
		else if (strcmp(key, "degree") == 0)
			rc = json_is_string(v) ? value_one_of_or_422(req, key, json_string_value(v), degrees)
					       : reply_error(req, ERR_VALIDATION, key, "degree must be one of 不限, 专科, 本科, 硕士, 博士");
		else if (strcmp(key, "deadline") == 0)
			rc = json_is_null(v) ? 0
			     : json_is_string(v) && clock_valid_date(json_string_value(v))
				 ? 0
				 : reply_error(req, ERR_VALIDATION, key, "deadline must be a date (YYYY-MM-DD)");
		else if (strcmp(key, "majors") == 0) {
			json_t *majors;
			rc = body_string_array_or_422(req, key, &majors);
			if (rc == 0 && json_array_size(majors) > 30)
				rc = reply_error(req, ERR_VALIDATION, key, "at most 30 majors");
		} else
			rc = reply_error(req, ERR_VALIDATION, key, "%s cannot be set here", key);
		if (rc < 0)
			return NULL;
	}
	for (size_t i = 0; creating && required[i]; i++)
		if (!json_object_get(req->json, required[i])) {
			reply_error(req, ERR_VALIDATION, required[i], "%s is required", required[i]);
			return NULL;
		}
	json_t *lo = json_object_get(req->json, "salary_min"), *hi = json_object_get(req->json, "salary_max");
	if (json_is_integer(lo) && json_is_integer(hi) && json_integer_value(lo) > json_integer_value(hi)) {
		reply_error(req, ERR_VALIDATION, "salary_max", "salary_max is below salary_min");
		return NULL;
	}
	return json_deep_copy(req->json);
}

/* After the job's columns took changes: replaces its majors with those of changes (when it
 * names majors) and writes its search terms again. 0 or -1. */
static int after_changes(struct request *req, long long id, const char *changes)
{
	struct db *db = req->app->db;
	return db_exec(db, stmts[JP_MAJORS_CLEAR], DB_ARGS(DB_INT(id), DB_STR(changes))) < 0 ||
		       db_exec(db, stmts[JP_MAJORS_SET], DB_ARGS(DB_INT(id), DB_STR(changes))) < 0 ||
		       jobs_index(req->app, req->arena, id) < 0
		   ? -1
		   : 0;
}

/* Each approved job is an interaction of its employer (岗位发布). */
static int job_approved(struct request *req, long long id)
{
	json_t *job;
	if (db_row(req->app->db, &job, stmts[JP_GET], DB_ARGS(DB_INT(id))) != 1)
		return -1;
	int rc = interactions_derive(req, json_integer_value(json_object_get(job, "employer_id")), "job_post",
				     "job", id, json_string_value(json_object_get(job, "title")), NULL);
	json_decref(job);
	return rc;
}

/* The review of new jobs and of approved jobs' edits (held_review.h); the lock also reads the
 * job's employer, for the ownership check of an edit. */
static const struct held_table held_jobs = {
    .entity = "job",
    .lock_sql = "SELECT status, pending_changes, employer_id FROM jobs WHERE id = ? FOR UPDATE",
    .hold_sql = "UPDATE jobs SET pending_changes = ?, status = 'rereview' WHERE id = ?",
    .apply_sql = "UPDATE jobs j SET " SET_ALL("j.pending_changes") " WHERE j.id = ?",
    .decide_sql = "UPDATE jobs SET status = ?, review_reason = ?, reviewed_by = ?, reviewed_at = "
		  "CURRENT_TIMESTAMP, pending_changes = NULL WHERE id = ? AND status = ?",
    .apply_more = after_changes,
    .approved = job_approved,
};

/* ---- posting and editing -------------------------------------------------------------------- */

int postings_create(struct request *req)
{
	long long employer = req->caller->employer_id;
	if (employers_in_or_403(req, "jobs can be posted") < 0)
		return -1;
	json_t *c = job_body_or_422(req, 1);
	if (!c)
		return -1;
	char *text = json_dumps(c, JSON_COMPACT);
	struct db *db = req->app->db;
	long long id = -1;
	int rc = !text || db_begin(db) < 0 ||
			 db_exec(db, stmts[JP_INSERT], DB_ARGS(DB_INT(employer), DB_STR(text))) != 1
		     ? -1
		     : 0;
	if (rc == 0) {
		id = db_insert_id(db);
		rc = after_changes(req, id, text) < 0 ||
			     audit_record(req, 0, "job.create", "job", id, c) < 0 || db_commit(db) < 0
			 ? -1
			 : 0;
	}
	free(text);
	json_decref(c);
	if (rc < 0) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	return reply_job(req, 201, id);
}

int postings_update(struct request *req)
{
	long long id;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	struct db *db = req->app->db;
	json_t *row = NULL;
	if (db_begin(db) < 0)
		return reply_db_failure(req);
	int found = db_row(db, &row, held_jobs.lock_sql, DB_ARGS(DB_INT(id)));
	if (found != 1 || !employers_own(req, json_integer_value(json_object_get(row, "employer_id")))) {
		json_decref(row);
		db_rollback(db);
		return found < 0 ? reply_db_failure(req) : reply_not_found(req);
	}
	char status[16];
	snprintf(status, sizeof status, "%s", json_string_value(json_object_get(row, "status")));
	const char *before = arena_strdup(req->arena, json_string_value(json_object_get(row, "pending_changes")));
	json_decref(row);
	json_t *c = job_body_or_422(req, 0);
	if (!c || json_object_size(c) == 0) {
		db_rollback(db);
		json_decref(c);
		return c ? reply_error(req, ERR_VALIDATION, NULL, "send at least one field to change") : -1;
	}
	/* An approved job's edit waits for review; the approved text stays public meanwhile. */
	int held = strcmp(status, "approved") == 0 || strcmp(status, "rereview") == 0;
	char *text = json_dumps(c, JSON_COMPACT);
	int rc = !text ? -1
		 : held ? held_hold(req, &held_jobs, id, before, c)
			: (db_exec(db, stmts[JP_EDIT], DB_ARGS(DB_STR(text), DB_INT(id))) < 0 ||
					   after_changes(req, id, text) < 0
				       ? -1
				       : 0);
	json_t *detail = json_pack("{s:O, s:b}", "changes", c, "held_for_review", held);
	if (rc == 0 && (audit_record(req, 0, "job.update", "job", id, detail) < 0 || db_commit(db) < 0))
		rc = -1;
	json_decref(detail);
	json_decref(c);
	free(text);
	if (rc < 0) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	if (held)
		jobs_invalidate(req->app);
	return reply_job(req, 200, id);
}

/* ---- the office ------------------------------------------------------------------------------ */

int postings_review(struct request *req)
{
	long long id;
	if (path_id_or_404(req, 0, &id) < 0 || held_review(req, &held_jobs, id) < 0)
		return -1;
	jobs_invalidate(req->app);
	return reply_job(req, 200, id);
}

int postings_refresh(struct request *req)
{
	static const char *const allowed[] = {"ids", NULL};
	json_t *ids;
	if (body_only_or_422(req, allowed) < 0 || body_id_array_or_422(req, "ids", &ids) < 0)
		return -1;
	if (json_array_size(ids) == 0 || json_array_size(ids) > 500)
		return reply_error(req, ERR_VALIDATION, "ids", "ids must list 1 to 500 jobs");
	char *text = json_dumps(ids, JSON_COMPACT);
	struct db *db = req->app->db;
	long long n = -1;
	int rc = !text || db_begin(db) < 0 ||
			 (n = db_exec(db, stmts[JP_REFRESH], DB_ARGS(DB_STR(text)))) < 0 ||
			 audit_record(req, 0, "job.refresh", "job", 0, req->json) < 0 || db_commit(db) < 0
		     ? -1
		     : 0;
	free(text);
	if (rc < 0) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	jobs_invalidate(req->app);
	return reply_data(req, 200, json_pack("{s:I}", "refreshed", (json_int_t)n));
}

static const char *const states[] = {"pending", "approved", "rejected", "rereview", NULL};

int postings_of_employer(struct request *req)
{
	long long id;
	struct page pg;
	const char *status;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	json_t *employer;
	int found = employers_find(req->app, id, &employer);
	json_decref(employer);
	if (found < 0)
		return reply_db_failure(req);
	if (!found || (!employers_own(req, id) && !(req->caller->role & ROLES_STAFF)))
		return reply_not_found(req);
	if (page_or_422(req, &pg) < 0 || query_string_or_422(req, "status", 16, &status) < 0 ||
	    (status && value_one_of_or_422(req, "status", status, states) < 0))
		return -1;
	struct db_param p[5] = {DB_INT(id), DB_STR(status), DB_STR(status)};
	return reply_paged(req, stmts[JP_OF_EMPLOYER], stmts[JP_OF_EMPLOYER_COUNT], p, 3, &pg, tidy);
}

int postings_queue(struct request *req)
{
	static const char *const queue_states[] = {"waiting", "pending", "approved", "rejected",
						   "rereview", NULL};
	struct page pg;
	const char *status, *q;
	long long employer;
	int has_employer;
	if (page_or_422(req, &pg) < 0 || query_string_or_422(req, "status", 16, &status) < 0 ||
	    (status && value_one_of_or_422(req, "status", status, queue_states) < 0) ||
	    query_int_or_422(req, "employer_id", 1, INT64_MAX, &employer, &has_employer) < 0 ||
	    query_string_or_422(req, "q", 100, &q) < 0)
		return -1;
	if (!status)
		status = "waiting"; /* what needs a decision: new and edited jobs */
	const char *like = like_contains(req->arena, q);
	struct db_param p[10] = {DB_STR(status), DB_STR(status), DB_STR(status),
				 has_employer ? DB_INT(employer) : DB_NULLV,
				 has_employer ? DB_INT(employer) : DB_NULLV,
				 DB_STR(like), DB_STR(like), DB_STR(like)};
	return reply_paged(req, stmts[JP_QUEUE], stmts[JP_QUEUE_COUNT], p, 8, &pg, tidy);
}
