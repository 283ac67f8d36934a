/* codes.c: the code tables; their contents are data (sql/003_codes.sql, edited by the office),
 * never C. */
#include "resources/codes.h"

#include <string.h>

#include "core/clock.h"
#include "db/db.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/audit.h"
#include "resources/stats.h"

#define VALID_IN " valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)"
#define SEARCH " AND (? IS NULL OR name LIKE ? OR code LIKE ?)"
/* what the office edits: the years a code is valid and its place in the list */
#define YEARS ", valid_from, valid_to, sort_order"

static const struct {
	const char *path;  /* the {table} of GET /codes/{table} */
	const char *valid; /* one code valid in a year */
	const char *list;  /* the codes valid in a year */
} tables[CODES__MAX] = {
    [CODES_DESTINATION] = {"destination",
			   "SELECT 1 FROM destination_codes WHERE code = ? AND" VALID_IN,
			   "SELECT code, name, category, needs_employer, needs_school" YEARS " FROM "
			   "destination_codes WHERE" VALID_IN SEARCH " ORDER BY sort_order, code"},
    [CODES_UNIT_NATURE] = {"unit-nature",
			   "SELECT 1 FROM unit_nature_codes WHERE code = ? AND" VALID_IN,
			   "SELECT code, name" YEARS " FROM unit_nature_codes WHERE" VALID_IN SEARCH
			   " ORDER BY sort_order, code"},
    [CODES_INDUSTRY] = {"industry", "SELECT 1 FROM industry_codes WHERE code = ? AND" VALID_IN,
			"SELECT code, name" YEARS " FROM industry_codes WHERE" VALID_IN SEARCH
			" ORDER BY sort_order, code"},
    [CODES_REGION] = {"region", "SELECT 1 FROM region_codes WHERE code = ? AND" VALID_IN,
		      "SELECT code, name, level, parent_code, full_name" YEARS " FROM region_codes WHERE" VALID_IN
			  SEARCH " AND (? IS NULL OR parent_code = ?) AND (? IS NULL OR level = ?)"
			  " ORDER BY code LIMIT 1000"},
    [CODES_POLITICAL] = {"political-status",
			 "SELECT 1 FROM political_status_codes WHERE code = ? AND" VALID_IN,
			 "SELECT code, name" YEARS " FROM political_status_codes WHERE" VALID_IN SEARCH
			 " ORDER BY sort_order, code"},
    /* Statuses are named, not numbered: the name is the code. */
    [CODES_STUDENT_STATUS] = {"student-status",
			      "SELECT 1 FROM student_statuses WHERE name = ? AND" VALID_IN,
			      "SELECT name AS code, name, active FROM student_statuses WHERE" VALID_IN
			      " AND (? IS NULL OR name LIKE ? OR name LIKE ?)"
			      " ORDER BY sort_order, name"},
    [CODES_DISPATCH_TYPE] = {"dispatch-type",
			     "SELECT 1 FROM dispatch_types WHERE name = ? AND" VALID_IN,
			     "SELECT name AS code, name, needs_unit FROM dispatch_types WHERE" VALID_IN
			     " AND (? IS NULL OR name LIKE ? OR name LIKE ?)"
			     " ORDER BY sort_order, name"},
};

static const char *const sql_destination =
    "SELECT code, name, category, needs_employer, needs_school FROM destination_codes "
    "WHERE code = ? AND" VALID_IN;

int codes_valid(struct app *app, enum code_table table, const char *code, int year)
{
	json_t *row;
	int found = db_row(app->db, &row, tables[table].valid,
			   DB_ARGS(DB_STR(code), DB_INT(year), DB_INT(year)));
	json_decref(row);
	return found;
}

int codes_valid_or_422(struct request *req, const char *field, enum code_table table,
		       const char *code, int year)
{
	int ok = codes_valid(req->app, table, code, year);
	if (ok < 0)
		return reply_db_failure(req);
	if (!ok)
		return reply_error(req, ERR_VALIDATION, field, "%s \"%s\" is not in the code table for %d",
				   field, code, year);
	return 0;
}

int codes_destination(struct app *app, const char *code, int year, json_t **doc)
{
	return db_row(app->db, doc, sql_destination, DB_ARGS(DB_STR(code), DB_INT(year), DB_INT(year)));
}

int codes_list(struct request *req)
{
	size_t t = 0;
	while (t < CODES__MAX && strcmp(tables[t].path, req->params[0]) != 0)
		t++;
	if (t == CODES__MAX)
		return reply_not_found(req);
	long long year = 0, level = 0;
	int has_year, has_level;
	const char *q, *parent;
	if (query_int_or_422(req, "year", 2000, 2100, &year, &has_year) < 0 ||
	    query_int_or_422(req, "level", 1, 3, &level, &has_level) < 0 ||
	    query_string_or_422(req, "q", 64, &q) < 0 ||
	    query_string_or_422(req, "parent", 6, &parent) < 0)
		return -1;
	if (!has_year)
		year = clock_year();
	const char *like = like_contains(req->arena, q);
	struct db_param p[9] = {DB_INT(year), DB_INT(year), DB_STR(q), DB_STR(like), DB_STR(like_prefix(like)),
				DB_STR(parent), DB_STR(parent), has_level ? DB_INT(level) : DB_NULLV,
				has_level ? DB_INT(level) : DB_NULLV};
	json_t *rows = db_rows(req->app->db, tables[t].list, p, t == CODES_REGION ? 9 : 5);
	return rows ? reply_data(req, 200, rows) : reply_db_failure(req);
}

/* ---- editing ------------------------------------------------------------------------------- */

/* The tables the office edits: how a code is written, the row as it is, and the full upsert
 * (the code, then the columns in the order of columns[]). */
static const struct {
	enum code_table table;
	const char *code_shape; /* "digits:2-4", "letter", ... checked by code_ok() */
	const char *get;
	const char *upsert;
	const char *const *columns;
} editable[] = {
    {CODES_DESTINATION, "digits:2-4",
     "SELECT code, name, category, needs_employer, needs_school, valid_from, valid_to, sort_order "
     "FROM destination_codes WHERE code = ?",
     "INSERT INTO destination_codes (code, name, category, needs_employer, needs_school, "
     "valid_from, valid_to, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
     "name = VALUES(name), category = VALUES(category), needs_employer = VALUES(needs_employer), "
     "needs_school = VALUES(needs_school), valid_from = VALUES(valid_from), valid_to = "
     "VALUES(valid_to), sort_order = VALUES(sort_order)",
     (const char *const[]){"name", "category", "needs_employer", "needs_school", "valid_from",
			   "valid_to", "sort_order", NULL}},
    {CODES_UNIT_NATURE, "digits:2-2",
     "SELECT code, name, valid_from, valid_to, sort_order FROM unit_nature_codes WHERE code = ?",
     "INSERT INTO unit_nature_codes (code, name, valid_from, valid_to, sort_order) VALUES (?, ?, ?, "
     "?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), valid_from = VALUES(valid_from), "
     "valid_to = VALUES(valid_to), sort_order = VALUES(sort_order)",
     (const char *const[]){"name", "valid_from", "valid_to", "sort_order", NULL}},
    {CODES_INDUSTRY, "letter",
     "SELECT code, name, valid_from, valid_to, sort_order FROM industry_codes WHERE code = ?",
     "INSERT INTO industry_codes (code, name, valid_from, valid_to, sort_order) VALUES (?, ?, ?, ?, "
     "?) ON DUPLICATE KEY UPDATE name = VALUES(name), valid_from = VALUES(valid_from), valid_to = "
     "VALUES(valid_to), sort_order = VALUES(sort_order)",
     (const char *const[]){"name", "valid_from", "valid_to", "sort_order", NULL}},
    {CODES_REGION, "digits:6-6",
     "SELECT code, name, level, parent_code, full_name, valid_from, valid_to, sort_order FROM "
     "region_codes WHERE code = ?",
     "INSERT INTO region_codes (code, name, level, parent_code, full_name, valid_from, valid_to, "
     "sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), "
     "level = VALUES(level), parent_code = VALUES(parent_code), full_name = VALUES(full_name), "
     "valid_from = VALUES(valid_from), valid_to = VALUES(valid_to), sort_order = VALUES(sort_order)",
     (const char *const[]){"name", "level", "parent_code", "full_name", "valid_from", "valid_to",
			   "sort_order", NULL}},
    {CODES_POLITICAL, "digits:2-2",
     "SELECT code, name, valid_from, valid_to, sort_order FROM political_status_codes WHERE code = ?",
     "INSERT INTO political_status_codes (code, name, valid_from, valid_to, sort_order) VALUES (?, "
     "?, ?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), valid_from = VALUES(valid_from), "
     "valid_to = VALUES(valid_to), sort_order = VALUES(sort_order)",
     (const char *const[]){"name", "valid_from", "valid_to", "sort_order", NULL}},
};

/* Whether code has the table's shape: "letter" (A–Z) or "digits:MIN-MAX". */
static int code_ok(const char *shape, const char *code)
{
	size_t n = strlen(code);
	if (strcmp(shape, "letter") == 0)
		return n == 1 && code[0] >= 'A' && code[0] <= 'Z';
	size_t lo = (size_t)(shape[7] - '0'), hi = (size_t)(shape[9] - '0');
	for (size_t i = 0; i < n; i++)
		if (code[i] < '0' || code[i] > '9')
			return 0;
	return n >= lo && n <= hi;
}

/* One body field over the row: 0, or -1 after 422. */
static int code_field_or_422(struct request *req, const char *key, json_t *v, json_t *row)
{
	static const char *const categories[] = {"employed", "further_study", "pending", "not_counted", NULL};
	int rc = 0;
	if (strcmp(key, "name") == 0)
		rc = json_text_or_422(req, key, v, 1, 64);
	else if (strcmp(key, "full_name") == 0)
		rc = json_text_or_422(req, key, v, 1, 128);
	else if (strcmp(key, "category") == 0)
		rc = json_is_string(v) ? value_one_of_or_422(req, key, json_string_value(v), categories)
				       : reply_error(req, ERR_VALIDATION, key, "category must be employed, further_study, pending or not_counted");
	else if (strcmp(key, "needs_employer") == 0 || strcmp(key, "needs_school") == 0) {
		if (!json_is_boolean(v))
			return reply_error(req, ERR_VALIDATION, key, "%s must be true or false", key);
		json_object_set_new(row, key, json_integer(json_is_true(v)));
		return 0;
	} else if (strcmp(key, "valid_from") == 0 || strcmp(key, "valid_to") == 0)
		rc = (json_is_null(v) && strcmp(key, "valid_to") == 0) ||
			     (json_is_integer(v) && json_integer_value(v) >= 2000 && json_integer_value(v) <= 2100)
			 ? 0
			 : reply_error(req, ERR_VALIDATION, key, "%s must be a year from 2000 to 2100", key);
	else if (strcmp(key, "sort_order") == 0)
		rc = json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= 1000000
			 ? 0
			 : reply_error(req, ERR_VALIDATION, key, "sort_order must be 0 to 1000000");
	else if (strcmp(key, "level") == 0)
		rc = json_is_integer(v) && json_integer_value(v) >= 1 && json_integer_value(v) <= 3
			 ? 0
			 : reply_error(req, ERR_VALIDATION, key, "level must be 1 (province), 2 (city) or 3 (county)");
	else if (strcmp(key, "parent_code") == 0)
		rc = json_is_null(v) || (json_is_string(v) && code_ok("digits:6-6", json_string_value(v)))
			 ? 0
			 : reply_error(req, ERR_VALIDATION, key, "parent_code must be a region code of 6 digits");
	if (rc < 0)
		return -1;
	json_object_set(row, key, v);
	return 0;
}

int codes_put(struct request *req)
{
	size_t t = 0, e = 0;
	while (t < CODES__MAX && strcmp(tables[t].path, req->params[0]) != 0)
		t++;
	while (e < sizeof editable / sizeof editable[0] && editable[e].table != (enum code_table)t)
		e++;
	if (t == CODES__MAX || e == sizeof editable / sizeof editable[0])
		return reply_not_found(req);
	const char *code = req->params[1];
	if (!code_ok(editable[e].code_shape, code))
		return reply_error(req, ERR_VALIDATION, "code", "\"%s\" is not a code of this table", code);
	if (body_only_or_422(req, editable[e].columns) < 0)
		return -1;
	struct db *db = req->app->db;
	json_t *row;
	int found = db_row(db, &row, editable[e].get, DB_ARGS(DB_STR(code)));
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		row = json_pack("{s:s, s:i, s:i, s:i, s:i}", "code", code, "valid_from", 2000, "sort_order", 0,
				"needs_employer", 0, "needs_school", 0);
	const char *key;
	json_t *v;
	int rc = 0;
	json_object_foreach(req->json, key, v)
	{
		if (rc == 0 && code_field_or_422(req, key, v, row) < 0)
			rc = -1;
	}
	/* a new code needs what the table cannot do without */
	static const char *const needed[] = {"name", "category", "level", "full_name", NULL};
	for (size_t i = 0; rc == 0 && needed[i]; i++) {
		int column = 0;
		for (const char *const *c = editable[e].columns; *c; c++)
			column |= strcmp(*c, needed[i]) == 0;
		json_t *value = json_object_get(row, needed[i]);
		if (column && (!value || json_is_null(value)))
			rc = reply_error(req, ERR_VALIDATION, needed[i], "%s is required for a new code", needed[i]);
	}
	json_t *to = json_object_get(row, "valid_to");
	if (rc == 0 && json_is_integer(to) &&
	    json_integer_value(to) < json_integer_value(json_object_get(row, "valid_from")))
		rc = reply_error(req, ERR_VALIDATION, "valid_to", "valid_to is before valid_from");
	if (rc == 0 && json_integer_value(json_object_get(row, "needs_employer")) &&
	    json_integer_value(json_object_get(row, "needs_school")))
		rc = reply_error(req, ERR_VALIDATION, "needs_school", "a destination names an employer or a school, not both");
	struct db_param p[9] = {DB_STR(code)};
	size_t n = 1;
	for (const char *const *c = editable[e].columns; rc == 0 && *c; c++, n++) {
		json_t *value = json_object_get(row, *c);
		p[n] = json_is_integer(value) ? DB_INT(json_integer_value(value))
		       : json_is_string(value) ? DB_STR(json_string_value(value))
					       : DB_NULLV;
	}
	json_t *detail = json_pack("{s:s, s:s, s:O}", "table", tables[t].path, "code", code, "changes", req->json);
	if (rc == 0 && (db_begin(db) < 0 || db_exec(db, editable[e].upsert, p, n) < 0 ||
			audit_record(req, 0, "code.put", "code", 0, detail) < 0 || db_commit(db) < 0)) {
		db_rollback(db);
		rc = db_status(db) == DB_CONSTRAINT || db_status(db) == DB_INVALID
			 ? reply_error(req, ERR_VALIDATION, "code", "the code table refuses this value")
			 : reply_db_failure(req);
	}
	json_decref(detail);
	json_decref(row);
	if (rc < 0)
		return -1;
	/* what counts as employed, and the names lists show, may have changed */
	stats_invalidate(req->app, 0);
	if (db_row(db, &row, editable[e].get, DB_ARGS(DB_STR(code))) != 1)
		return reply_db_failure(req);
	return reply_data(req, found ? 200 : 201, row);
}
