/* resumes.c: a student's resumes (简历, seed manual §2.9): built on the phone, education started
 * from the record; staff of the student's majors read them and mark one recommended. */
#include "resources/resumes.h"

#include <stdlib.h>
#include <string.h>

#include "auth/session.h"
#include "core/clock.h"
#include "db/db.h"
#include "http/params.h"
#include "http/request.h"
#include "http/response.h"
#include "resources/audit.h"
#include "resources/codes.h"
#include "resources/students.h"

enum resumes_stmt {
	RES_INSERT,
	RES_GET,
	RES_OF_STUDENT,
	RES_UPDATE,
	RES_RECOMMEND,
	RES_EDUCATION,
	RES__MAX
};

#define RES_COLUMNS                                                                               \
	" r.id, r.student_id, s.student_no, s.name AS student_name, r.title, r.summary, "         \
	"r.expected_city, r.expected_industry, r.expected_job, r.content AS content__json, "      \
	"r.recommended, r.created_at, r.updated_at"
#define RES_FROM " FROM resumes r JOIN students s ON s.id = r.student_id"
/* The student themself, or staff whose majors hold the student. */
#define RES_VISIBLE " AND (? IS NULL OR r.student_id = ?) AND " SCOPE_FILTER("s.major_id")

static const char *const stmts[RES__MAX] = {
    [RES_INSERT] = "INSERT INTO resumes (student_id, title, summary, expected_city, expected_industry, "
		   "expected_job, content) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [RES_GET] = "SELECT" RES_COLUMNS RES_FROM " WHERE r.id = ?" RES_VISIBLE,
    [RES_OF_STUDENT] = "SELECT" RES_COLUMNS RES_FROM " WHERE r.student_id = ?" RES_VISIBLE
		       " ORDER BY r.id DESC",
    [RES_UPDATE] = "UPDATE resumes SET title = ?, summary = ?, expected_city = ?, expected_industry = ?, "
		   "expected_job = ?, content = ? WHERE id = ?",
    [RES_RECOMMEND] = "UPDATE resumes SET recommended = ?, recommended_by = ? WHERE id = ?",
    /* The education a new resume starts from: the student's own record. */
    [RES_EDUCATION] = "SELECT m.college, m.name AS major, s.level AS degree, s.enrolment_year AS "
		      "start_year, s.graduation_year AS end_year FROM students s JOIN majors m ON "
		      "m.id = s.major_id WHERE s.id = ?",
};

/* The lists of a resume, each a list of objects with these text fields (or of strings). */
static const struct list_field {
	const char *name;
	size_t max_items;
	const char *const keys[7]; /* empty: a list of strings */
	size_t max_len;
} lists[] = {
    {"education", 10, {"school", "college", "major", "degree", "start_year", "end_year", NULL}, 100},
    {"experience", 20, {"organisation", "role", "start", "end", "description", NULL}, 2000},
    {"projects", 20, {"name", "role", "start", "end", "description", NULL}, 2000},
    {"skills", 50, {NULL}, 50},
    {"certificates", 30, {NULL}, 100},
};
#define NLISTS (sizeof lists / sizeof lists[0])

/* A list item's field: text (line breaks allowed in a description) or a whole number (a year). */
static int text_ok(json_t *v, size_t max, int paragraphs)
{
	const char *s = json_string_value(v);
	long n = s ? utf8_length(s) : -1;
	int bad = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && !bad; p++)
		bad = (*p < 0x20 && !(paragraphs && (*p == '\n' || *p == '\r' || *p == '\t'))) || *p == 0x7F;
	return (s && n >= 0 && (size_t)n <= max && !bad) || json_is_integer(v);
}

/* One list of the body: 0, or -1 after a 422 naming it and the item. */
static int list_or_422(struct request *req, const struct list_field *l, json_t *v)
{
	if (!json_is_array(v) || json_array_size(v) > l->max_items)
		return reply_error(req, ERR_VALIDATION, l->name, "%s must be a list of at most %zu items",
				   l->name, l->max_items);
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item)
	{
		if (!l->keys[0]) {
			if (!json_is_string(item) || !text_ok(item, l->max_len, 0) || !json_string_length(item))
				return reply_error(req, ERR_VALIDATION, l->name,
						   "%s item %zu must be text of at most %zu characters",
						   l->name, i + 1, l->max_len);
			continue;
		}
		if (!json_is_object(item))
			return reply_error(req, ERR_VALIDATION, l->name, "%s item %zu must be an object",
					   l->name, i + 1);
		const char *key;
		json_t *field;
		json_object_foreach(item, key, field)
		{
			size_t k = 0;
			while (l->keys[k] && strcmp(l->keys[k], key) != 0)
				k++;
			if (!l->keys[k])
				return reply_error(req, ERR_VALIDATION, l->name,
						   "%s item %zu: %s is not one of its fields", l->name, i + 1,
						   key);
			if (!json_is_null(field) && !text_ok(field, l->max_len, strcmp(key, "description") == 0))
				return reply_error(req, ERR_VALIDATION, l->name,
						   "%s item %zu: %s must be text of at most %zu characters",
						   l->name, i + 1, key, l->max_len);
		}
	}
	return 0;
}

/* The resume of the body over base (a stored resume, or a new one's defaults): the columns and
 * the content object, checked. NULL after answering 422. */
static json_t *resume_or_422(struct request *req, json_t *base)
{
	static const struct {
		const char *name;
		size_t max;
		int required;
	} texts[] = {{"title", 100, 1},        {"summary", 2000, 0}, {"expected_city", 64, 0},
		     {"expected_industry", 1, 0}, {"expected_job", 100, 0}};
	json_t *out = json_deep_copy(base);
	json_t *content = json_object_get(out, "content");
	const char *key;
	json_t *v;
	json_object_foreach(req->json, key, v)
	{
		int rc = 1;
		for (size_t i = 0; rc == 1 && i < sizeof texts / sizeof texts[0]; i++) {
			if (strcmp(texts[i].name, key) != 0)
				continue;
			if (json_is_null(v) && !texts[i].required)
				rc = 0;
			else if ((rc = (strcmp(key, "summary") == 0 ? json_paragraphs_or_422
									: json_text_or_422)(req, key, v, 1,
											    texts[i].max)) == 0 &&
				 strcmp(key, "expected_industry") == 0)
				rc = codes_valid_or_422(req, key, CODES_INDUSTRY, json_string_value(v),
							clock_year());
			if (rc == 0)
				json_object_set(out, key, v);
		}
		for (size_t i = 0; rc == 1 && i < NLISTS; i++) {
			if (strcmp(lists[i].name, key) != 0)
				continue;
			rc = list_or_422(req, &lists[i], v);
			if (rc == 0)
				json_object_set(content, key, v);
		}
		if (rc == 1)
			rc = reply_error(req, ERR_VALIDATION, key, "%s cannot be set here", key);
		if (rc < 0) {
			json_decref(out);
			return NULL;
		}
	}
	if (!json_is_string(json_object_get(out, "title"))) {
		json_decref(out);
		reply_error(req, ERR_VALIDATION, "title", "title is required");
		return NULL;
	}
	return out;
}

/* Binds the columns of a checked resume: title … content (7 values from p). */
static void bind_resume(struct db_param *p, json_t *r, char *content)
{
	static const char *const cols[] = {"title", "summary", "expected_city", "expected_industry",
					   "expected_job"};
	for (size_t i = 0; i < 5; i++)
		p[i] = DB_STR(json_string_value(json_object_get(r, cols[i])));
	p[5] = DB_STR(content);
}

/* recommended as a JSON boolean. */
static void tidy(json_t *resume)
{
	json_object_set_new(resume, "recommended",
			    json_boolean(json_integer_value(json_object_get(resume, "recommended"))));
}

int resumes_load(struct request *req, long long id, json_t **doc)
{
	const struct caller *c = req->caller;
	struct db_param own = c->role == ROLE_STUDENT ? DB_INT(c->student_id) : DB_NULLV;
	const char *scope = caller_scope_json(req);
	int found = db_row(req->app->db, doc, stmts[RES_GET],
			   DB_ARGS(DB_INT(id), own, own, DB_STR(scope), DB_STR(scope)));
	if (found == 1)
		tidy(*doc);
	return found;
}

static int reply_resume(struct request *req, int status, long long id)
{
	json_t *doc;
	int found = resumes_load(req, id, &doc);
	if (found < 0)
		return reply_db_failure(req);
	return found ? reply_data(req, status, doc) : reply_not_found(req);
}

/* Writes a resume as the body leaves it (insert when id is 0), audited. 0 or -1 after replying. */
static int save(struct request *req, json_t *r, long long id, long long *out_id)
{
	char *content = json_dumps(json_object_get(r, "content"), JSON_COMPACT);
	struct db_param p[8];
	bind_resume(id ? p : p + 1, r, content);
	struct db *db = req->app->db;
	int rc;
	if (id) {
		p[6] = DB_INT(id);
		rc = content && db_begin(db) == 0 && db_exec(db, stmts[RES_UPDATE], p, 7) >= 0 ? 0 : -1;
	} else {
		p[0] = DB_INT(req->caller->student_id);
		rc = content && db_begin(db) == 0 && db_exec(db, stmts[RES_INSERT], p, 7) == 1 ? 0 : -1;
		if (rc == 0)
			id = db_insert_id(db);
	}
	free(content);
	if (rc == 0 && (audit_record(req, 0, out_id ? "resume.create" : "resume.update", "resume", id,
				     r) < 0 ||
			db_commit(db) < 0))
		rc = -1;
	if (rc < 0) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	if (out_id)
		*out_id = id;
	return 0;
}

int resumes_create(struct request *req)
{
	if (!req->caller->student_id)
		return reply_error(req, ERR_FORBIDDEN, NULL,
				   "this account is not linked to a student record");
	json_t *education;
	if (db_row(req->app->db, &education, stmts[RES_EDUCATION],
		   DB_ARGS(DB_INT(req->caller->student_id))) != 1)
		return reply_db_failure(req);
	json_t *base = json_pack("{s:{s:[o], s:[], s:[], s:[], s:[]}}", "content", "education", education,
				 "experience", "projects", "skills", "certificates");
	json_t *r = resume_or_422(req, base);
	json_decref(base);
	if (!r)
		return -1;
	long long id;
	int rc = save(req, r, 0, &id);
	json_decref(r);
	return rc < 0 ? -1 : reply_resume(req, 201, id);
}

int resumes_update(struct request *req)
{
	long long id;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	json_t *doc;
	int found = resumes_load(req, id, &doc);
	if (found != 1)
		return found < 0 ? reply_db_failure(req) : reply_not_found(req);
	int own = json_integer_value(json_object_get(doc, "student_id")) == req->caller->student_id;
	int empty = json_object_size(req->json) == 0;
	json_t *r = own && !empty ? resume_or_422(req, doc) : NULL;
	json_decref(doc);
	if (!own)
		return reply_not_found(req);
	if (empty)
		return reply_error(req, ERR_VALIDATION, NULL, "send at least one field to change");
	if (!r)
		return -1;
	int rc = save(req, r, id, NULL);
	json_decref(r);
	return rc < 0 ? -1 : reply_resume(req, 200, id);
}

int resumes_get(struct request *req)
{
	long long id;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	return reply_resume(req, 200, id);
}

int resumes_list(struct request *req)
{
	long long student;
	if (req->caller->role == ROLE_STUDENT) {
		student = req->caller->student_id;
	} else {
		/* Staff: a student outside their majors is not there (404), as for the record. */
		json_t *record;
		if (path_id_or_404(req, 0, &student) < 0)
			return -1;
		int found = students_load_visible(req, student, &record);
		json_decref(record);
		if (found != 1)
			return found < 0 ? reply_db_failure(req) : reply_not_found(req);
	}
	const struct caller *c = req->caller;
	struct db_param own = c->role == ROLE_STUDENT ? DB_INT(c->student_id) : DB_NULLV;
	const char *scope = caller_scope_json(req);
	json_t *rows = db_rows(req->app->db, stmts[RES_OF_STUDENT],
			       DB_ARGS(DB_INT(student), own, own, DB_STR(scope), DB_STR(scope)));
	if (!rows)
		return reply_db_failure(req);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		tidy(row);
	}
	return reply_data(req, 200, rows);
}

int resumes_recommend(struct request *req)
{
	static const char *const allowed[] = {"recommended", NULL};
	long long id;
	if (path_id_or_404(req, 0, &id) < 0 || body_only_or_422(req, allowed) < 0)
		return -1;
	json_t *flag = json_object_get(req->json, "recommended");
	if (!json_is_boolean(flag))
		return reply_error(req, ERR_VALIDATION, "recommended", "recommended must be true or false");
	json_t *doc;
	int found = resumes_load(req, id, &doc);
	json_decref(doc);
	if (found != 1)
		return found < 0 ? reply_db_failure(req) : reply_not_found(req);
	struct db *db = req->app->db;
	int on = json_is_true(flag);
	if (db_begin(db) < 0 ||
	    db_exec(db, stmts[RES_RECOMMEND],
		    DB_ARGS(DB_INT(on), on ? DB_INT(req->caller->id) : DB_NULLV, DB_INT(id))) < 0 ||
	    audit_record(req, 0, "resume.recommend", "resume", id, req->json) < 0 ||
	    db_commit(db) < 0) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	return reply_resume(req, 200, id);
}
