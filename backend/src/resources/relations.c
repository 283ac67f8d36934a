/* relations.c: cooperation levels, an employer's level, tags and follow-up owner, and the
 * follow-ups log. */
#include "resources/relations.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "db/db.h"
#include "db/sql_json.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/audit.h"

enum relations_stmt {
	REL_LEVELS,
	REL_LEVEL_GET,
	REL_LEVEL_PUT,
	REL_EMPLOYER,
	REL_SET,
	REL_FOLLOWUP_GET,
	REL_FOLLOWUP_INSERT,
	REL_FOLLOWUP_UPDATE,
	REL_FOLLOWUPS,
	REL_FOLLOWUPS_COUNT,
	REL__MAX
};

#define FU_COLUMNS                                                                                \
	"f.id, f.employer_id, f.happened_on AS date, f.contact_name, f.method, f.summary, "         \
	"f.next_step, f.next_on, f.owner, f.created_by, f.created_at, f.updated_at"

static const char *const stmts[REL__MAX] = {
    [REL_LEVELS] = "SELECT code, name, sort_order, active = 1 AS active FROM cooperation_levels "
		   "WHERE ? = 1 OR active = 1 ORDER BY sort_order, code",
    [REL_LEVEL_GET] = "SELECT code, name, sort_order, active = 1 AS active FROM cooperation_levels "
		      "WHERE code = ?",
    [REL_LEVEL_PUT] = "INSERT INTO cooperation_levels (code, name, sort_order, active) VALUES (?, ?, "
		      "?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), sort_order = "
		      "VALUES(sort_order), active = VALUES(active)",
    [REL_EMPLOYER] = "SELECT cooperation_level, tags AS tags__json, relation_owner FROM employers "
		     "WHERE id = ?",
    [REL_SET] = "UPDATE employers e JOIN (SELECT ? AS j) c SET " SQL_SET_FROM(
	"e", "c.j", "cooperation_level") ", e.tags = IF(JSON_EXISTS(c.j, '$.tags'), "
	"JSON_EXTRACT(c.j, '$.tags'), e.tags), " SQL_SET_FROM("e", "c.j", "relation_owner") " WHERE e.id = ?",
    [REL_FOLLOWUP_GET] = "SELECT " FU_COLUMNS " FROM employer_followups f WHERE f.id = ?",
    [REL_FOLLOWUP_INSERT] = "INSERT INTO employer_followups (employer_id, happened_on, contact_name, "
			    "method, summary, next_step, next_on, owner, created_by) SELECT ?, "
			    "JSON_VALUE(c.j, '$.happened_on'), JSON_VALUE(c.j, '$.contact_name'), "
			    "JSON_VALUE(c.j, '$.method'), JSON_VALUE(c.j, '$.summary'), "
			    "JSON_VALUE(c.j, '$.next_step'), JSON_VALUE(c.j, '$.next_on'), "
			    "JSON_VALUE(c.j, '$.owner'), ? FROM (SELECT ? AS j) c",
    [REL_FOLLOWUP_UPDATE] = "UPDATE employer_followups f JOIN (SELECT ? AS j) c SET " SQL_SET_FROM(
	"f", "c.j", "happened_on") ", " SQL_SET_FROM("f", "c.j", "contact_name") ", " SQL_SET_FROM("f", "c.j", "method") ", " SQL_SET_FROM("f", "c.j", "summary") ", " SQL_SET_FROM("f", "c.j", "next_step") ", " SQL_SET_FROM("f", "c.j", "next_on") ", " SQL_SET_FROM("f", "c.j", "owner") " WHERE f.id = ?",
    [REL_FOLLOWUPS] = "SELECT " FU_COLUMNS " FROM employer_followups f WHERE f.employer_id = ? "
		      "ORDER BY f.happened_on DESC, f.id DESC LIMIT ? OFFSET ?",
    [REL_FOLLOWUPS_COUNT] = "SELECT COUNT(*) AS n FROM employer_followups f WHERE f.employer_id = ?",
};

static void tidy_level(json_t *row)
{
	json_object_set_new(row, "active", json_boolean(json_integer_value(json_object_get(row, "active"))));
}

/* ---- cooperation levels ---------------------------------------------------------------------- */

int relations_levels(struct request *req)
{
	long long all = 0;
	int has_all;
	if (query_int_or_422(req, "all", 0, 1, &all, &has_all) < 0)
		return -1;
	json_t *rows = db_rows(req->app->db, stmts[REL_LEVELS], DB_ARGS(DB_INT(all)));
	if (!rows)
		return reply_db_failure(req);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		tidy_level(row);
	}
	return reply_data(req, 200, rows);
}

int relations_level_put(struct request *req)
{
	static const char *const allowed[] = {"name", "sort_order", "active", NULL};
	const char *code = req->params[0];
	size_t n = strlen(code);
	int ok = n >= 1 && n <= 20 && code[0] >= 'a' && code[0] <= 'z';
	for (size_t i = 0; ok && i < n; i++)
		ok = (code[i] >= 'a' && code[i] <= 'z') || (code[i] >= '0' && code[i] <= '9') || code[i] == '_';
	if (!ok)
		return reply_error(req, ERR_VALIDATION, "code", "a level's code is 1 to 20 of a–z, 0–9 and _, starting with a letter");
	if (body_only_or_422(req, allowed) < 0)
		return -1;
	struct db *db = req->app->db;
	json_t *current;
	int found = db_row(db, &current, stmts[REL_LEVEL_GET], DB_ARGS(DB_STR(code)));
	if (found < 0)
		return reply_db_failure(req);
	const char *name = found ? json_string_value(json_object_get(current, "name")) : NULL;
	long long sort = found ? json_integer_value(json_object_get(current, "sort_order")) : 0;
	int active = found ? (int)json_integer_value(json_object_get(current, "active")) : 1;
	int rc = 0;
	if ((!found || json_object_get(req->json, "name")) && body_string_or_422(req, "name", 1, 50, &name) < 0)
		rc = -1;
	else if (json_object_get(req->json, "sort_order") && body_int_or_422(req, "sort_order", 0, 1000000, &sort) < 0)
		rc = -1;
	else if (body_opt_bool_or_422(req, "active", &active) < 0)
		rc = -1;
	json_t *detail = json_pack("{s:s, s:O}", "code", code, "changes", req->json);
	if (rc == 0 && (db_begin(db) < 0 ||
			db_exec(db, stmts[REL_LEVEL_PUT], DB_ARGS(DB_STR(code), DB_STR(name), DB_INT(sort), DB_INT(active))) < 0 ||
			audit_record(req, 0, "cooperation_level.put", "cooperation_level", 0, detail) < 0 ||
			db_commit(db) < 0)) {
		db_rollback(db);
		rc = reply_db_failure(req);
	}
	json_decref(detail);
	json_decref(found ? current : NULL);
	json_t *level;
	if (rc < 0)
		return -1;
	if (db_row(db, &level, stmts[REL_LEVEL_GET], DB_ARGS(DB_STR(code))) != 1)
		return reply_db_failure(req);
	tidy_level(level);
	return reply_data(req, found ? 200 : 201, level);
}

/* ---- an employer's level, tags and owner -------------------------------------------------------- */

/* The employer's relationship fields: 1 and *doc, 0 when there is no such employer, -1. */
static int load_relations(struct request *req, long long id, json_t **doc)
{
	return db_row(req->app->db, doc, stmts[REL_EMPLOYER], DB_ARGS(DB_INT(id)));
}

int relations_put(struct request *req)
{
	static const char *const allowed[] = {"cooperation_level", "tags", "owner", NULL};
	long long id;
	json_t *doc;
	if (path_id_or_404(req, 0, &id) < 0 || body_only_or_422(req, allowed) < 0)
		return -1;
	json_t *norm = json_object(), *v;
	int rc = 0;
	if ((v = json_object_get(req->json, "cooperation_level"))) {
		json_t *level = NULL;
		int found = 0;
		if (!json_is_null(v) && (!json_is_string(v) || json_string_length(v) > 20))
			rc = reply_error(req, ERR_VALIDATION, "cooperation_level", "cooperation_level must be a level's code or null");
		else if (json_is_string(v) &&
			 (found = db_row(req->app->db, &level, stmts[REL_LEVEL_GET], DB_ARGS(DB_STR(json_string_value(v))))) < 0)
			rc = reply_db_failure(req);
		else if (json_is_string(v) && (!found || !json_integer_value(json_object_get(level, "active"))))
			rc = reply_error(req, ERR_VALIDATION, "cooperation_level", "there is no cooperation level %s in use",
					 json_string_value(v));
		json_decref(found == 1 ? level : NULL);
		json_object_set(norm, "cooperation_level", v);
	}
	if (rc == 0 && (v = json_object_get(req->json, "tags"))) {
		if (json_is_null(v)) /* no tags: an empty list, as a record that never had any */
			json_object_set_new(norm, "tags", json_array());
		else if (!json_is_array(v) || json_array_size(v) > 20)
			rc = reply_error(req, ERR_VALIDATION, "tags", "tags must be a list of at most 20");
		size_t i;
		json_t *tag;
		json_array_foreach(v, i, tag)
		{
			if (rc == 0 && json_text_or_422(req, "tags", tag, 1, 20) < 0)
				rc = -1;
		}
		if (rc == 0 && json_is_array(v))
			json_object_set(norm, "tags", v);
	}
	if (rc == 0 && (v = json_object_get(req->json, "owner"))) {
		if (!json_is_null(v) && json_text_or_422(req, "owner", v, 1, 100) < 0)
			rc = -1;
		json_object_set(norm, "relation_owner", v);
	}
	if (rc == 0 && json_object_size(norm) == 0)
		rc = reply_error(req, ERR_VALIDATION, "cooperation_level", "send the level, the tags or the owner to change");
	char *text = rc == 0 ? json_dumps(norm, JSON_COMPACT) : NULL;
	json_decref(norm);
	if (rc < 0)
		return -1;
	struct db *db = req->app->db;
	int found = load_relations(req, id, &doc);
	json_decref(found == 1 ? doc : NULL);
	if (found != 1) {
		free(text);
		return found < 0 ? reply_db_failure(req) : reply_not_found(req);
	}
	long long n = !text || db_begin(db) < 0 ? -1 : db_exec(db, stmts[REL_SET], DB_ARGS(DB_STR(text), DB_INT(id)));
	free(text);
	if (n < 0) {
		int unknown = db_status(db) == DB_CONSTRAINT;
		db_rollback(db);
		return unknown ? reply_error(req, ERR_VALIDATION, "cooperation_level", "there is no such cooperation level")
			       : reply_db_failure(req);
	}
	if (audit_record(req, 0, "employer.relations", "employer", id, req->json) < 0 || db_commit(db) < 0 ||
	    load_relations(req, id, &doc) != 1) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	return reply_data(req, 200, doc);
}

/* ---- follow-ups ------------------------------------------------------------------------------ */

/* The follow-up fields of the body into norm (columns' names): 0, or -1 after 422. */
static int followup_or_422(struct request *req, int creating, json_t *norm)
{
	static const char *const methods[] = {"phone", "email", "meeting", "visit", "wechat", "other", NULL};
	static const char *const required[] = {"date", "contact_name", "method", "summary", NULL};
	const char *key;
	json_t *v;
	json_object_foreach(req->json, key, v)
	{
		int rc = 0;
		const char *column = key;
		if (strcmp(key, "date") == 0 || strcmp(key, "next_on") == 0) {
			int optional = strcmp(key, "next_on") == 0;
			if (!(optional && json_is_null(v)) && !(json_is_string(v) && clock_valid_date(json_string_value(v))))
				rc = reply_error(req, ERR_VALIDATION, key, "%s must be a date (YYYY-MM-DD)", key);
			column = optional ? "next_on" : "happened_on";
		} else if (strcmp(key, "contact_name") == 0 || strcmp(key, "owner") == 0)
			rc = json_is_null(v) && strcmp(key, "owner") == 0 ? 0 : json_text_or_422(req, key, v, 1, 100);
		else if (strcmp(key, "method") == 0)
			rc = json_is_string(v) ? value_one_of_or_422(req, key, json_string_value(v), methods)
					       : reply_error(req, ERR_VALIDATION, key, "method must be phone, email, meeting, visit, wechat or other");
		else if (strcmp(key, "summary") == 0)
			rc = json_paragraphs_or_422(req, key, v, 1, 1000);
		else if (strcmp(key, "next_step") == 0)
			rc = json_is_null(v) ? 0 : json_paragraphs_or_422(req, key, v, 1, 500);
		else
			rc = reply_error(req, ERR_VALIDATION, key, "%s cannot be set here", key);
		if (rc < 0)
			return -1;
		json_object_set(norm, column, v);
	}
	for (size_t i = 0; creating && required[i]; i++)
		if (!json_object_get(req->json, required[i]))
			return reply_error(req, ERR_VALIDATION, required[i], "%s is required", required[i]);
	if (!creating && json_object_size(norm) == 0)
		return reply_error(req, ERR_VALIDATION, "summary", "send at least one field to change");
	return 0;
}

/* Writes the follow-up (insert for employer, or update of id) with its audit entry and answers
 * it. */
static int write_followup(struct request *req, long long employer, long long id, json_t *norm)
{
	struct db *db = req->app->db;
	char *text = json_dumps(norm, JSON_COMPACT);
	json_decref(norm);
	int creating = !id;
	long long n = !text || db_begin(db) < 0 ? -1
		      : creating ? db_exec(db, stmts[REL_FOLLOWUP_INSERT],
					   DB_ARGS(DB_INT(employer), DB_INT(req->caller->id), DB_STR(text)))
				 : db_exec(db, stmts[REL_FOLLOWUP_UPDATE], DB_ARGS(DB_STR(text), DB_INT(id)));
	free(text);
	if (n >= 0 && creating)
		id = db_insert_id(db);
	json_t *row;
	if (n < 0 ||
	    audit_record(req, 0, creating ? "employer_followup.create" : "employer_followup.update",
			 "employer_followup", id, req->json) < 0 ||
	    db_commit(db) < 0 || db_row(db, &row, stmts[REL_FOLLOWUP_GET], DB_ARGS(DB_INT(id))) != 1) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	return reply_data(req, creating ? 201 : 200, row);
}

/* The employer must exist: 0, or -1 after 404/503. */
static int employer_or_404(struct request *req, long long id)
{
	json_t *doc;
	int found = load_relations(req, id, &doc);
	json_decref(found == 1 ? doc : NULL);
	return found == 1 ? 0 : found < 0 ? reply_db_failure(req) : reply_not_found(req);
}

int relations_followups(struct request *req)
{
	long long id;
	struct page pg;
	if (path_id_or_404(req, 0, &id) < 0 || page_or_422(req, &pg) < 0 || employer_or_404(req, id) < 0)
		return -1;
	struct db_param p[3] = {DB_INT(id)};
	return reply_paged(req, stmts[REL_FOLLOWUPS], stmts[REL_FOLLOWUPS_COUNT], p, 1, &pg, NULL);
}

int relations_followup_create(struct request *req)
{
	long long id;
	json_t *norm = json_object();
	if (path_id_or_404(req, 0, &id) < 0 || followup_or_422(req, 1, norm) < 0 || employer_or_404(req, id) < 0) {
		json_decref(norm);
		return -1;
	}
	return write_followup(req, id, 0, norm);
}

int relations_followup_update(struct request *req)
{
	long long id;
	json_t *row, *norm = json_object();
	if (path_id_or_404(req, 0, &id) < 0 || followup_or_422(req, 0, norm) < 0) {
		json_decref(norm);
		return -1;
	}
	int found = db_row(req->app->db, &row, stmts[REL_FOLLOWUP_GET], DB_ARGS(DB_INT(id)));
	if (found != 1) {
		json_decref(norm);
		return found < 0 ? reply_db_failure(req) : reply_not_found(req);
	}
	long long employer = json_integer_value(json_object_get(row, "employer_id"));
	json_decref(row);
	return write_followup(req, employer, id, norm);
}
