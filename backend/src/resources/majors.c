/* majors.c: creating and listing majors. */
#include "resources/majors.h"

#include <string.h>

#include "db/db.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/audit.h"

enum majors_stmt { MAJ_INSERT, MAJ_GET, MAJ_LIST, MAJ_COUNT, MAJ__MAX };

#define MAJ_COLUMNS "SELECT id, code, name, college, campus, direction, level, years FROM majors"
#define MAJ_FILTER                                                                                \
	" WHERE (? IS NULL OR college = ?) AND (? IS NULL OR level = ?)"                          \
	" AND (? IS NULL OR name LIKE ? OR code = ?)"

static const char *const stmts[MAJ__MAX] = {
    [MAJ_INSERT] = "INSERT INTO majors (code, name, college, campus, direction, level, years) "
		   "VALUES (?, ?, ?, ?, ?, ?, ?)",
    [MAJ_GET] = MAJ_COLUMNS " WHERE id = ?",
    [MAJ_LIST] = MAJ_COLUMNS MAJ_FILTER " ORDER BY college, level, name LIMIT ? OFFSET ?",
    [MAJ_COUNT] = "SELECT COUNT(*) AS n FROM majors" MAJ_FILTER,
};

static const char *const levels[] = {"专科生", "本科生", "硕士研究生", "博士研究生", NULL};

int majors_level_valid(const char *level)
{
	for (const char *const *l = levels; *l; l++)
		if (strcmp(*l, level) == 0)
			return 1;
	return 0;
}

long long majors_insert(struct app *app, const char *code, const char *name, const char *college,
			const char *campus, const char *direction, const char *level, int years)
{
	if (db_exec(app->db, stmts[MAJ_INSERT],
		    DB_ARGS(DB_STR(code), DB_STR(name), DB_STR(college), DB_STR(campus ? campus : ""),
			    DB_STR(direction ? direction : ""), DB_STR(level), DB_INT(years))) < 0)
		return -1;
	return db_insert_id(app->db);
}

int majors_create(struct request *req)
{
	static const char *const allowed[] = {"code",  "name",  "college",   "campus",
					      "level", "years", "direction", NULL};
	const char *code, *name, *college, *campus, *direction, *level;
	long long years;
	if (body_only_or_422(req, allowed) < 0 || body_string_or_422(req, "code", 1, 32, &code) < 0 ||
	    body_string_or_422(req, "name", 1, 100, &name) < 0 ||
	    body_string_or_422(req, "college", 1, 100, &college) < 0 ||
	    body_opt_string_or_422(req, "campus", 100, &campus) < 0 ||
	    body_opt_string_or_422(req, "direction", 100, &direction) < 0 ||
	    body_string_or_422(req, "level", 1, 16, &level) < 0)
		return -1;
	if (!majors_level_valid(level))
		return reply_error(req, ERR_VALIDATION, "level",
				   "level must be one of 专科生, 本科生, 硕士研究生, 博士研究生");
	if (body_int_or_422(req, "years", 1, 8, &years) < 0)
		return -1;
	struct db *db = req->app->db;
	if (db_begin(db) < 0)
		return reply_db_failure(req);
	long long id = majors_insert(req->app, code, name, college, campus, direction, level,
				     (int)years);
	if (id < 0) {
		int dup = db_status(db) == DB_DUPLICATE;
		db_rollback(db);
		return dup ? reply_error(req, ERR_CONFLICT, "name",
					 "%s already has the major %s (%s)", college, name, level)
			   : reply_db_failure(req);
	}
	json_t *major;
	if (audit_record(req, 0, "major.create", "major", id, req->json) < 0 ||
	    db_row(db, &major, stmts[MAJ_GET], DB_ARGS(DB_INT(id))) != 1) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	if (db_commit(db) < 0) {
		json_decref(major);
		db_rollback(db);
		return reply_db_failure(req);
	}
	return reply_data(req, 201, major);
}

int majors_list(struct request *req)
{
	struct page pg;
	const char *college, *level, *q;
	if (page_or_422(req, &pg) < 0 || query_string_or_422(req, "college", 100, &college) < 0 ||
	    query_string_or_422(req, "level", 16, &level) < 0 ||
	    query_string_or_422(req, "q", 100, &q) < 0)
		return -1;
	struct db_param p[9] = {DB_STR(college), DB_STR(college), DB_STR(level), DB_STR(level),
				DB_STR(q),       DB_STR(like_contains(req->arena, q)), DB_STR(q)};
	return reply_paged(req, stmts[MAJ_LIST], stmts[MAJ_COUNT], p, 7, &pg, NULL);
}
