/* codes.c: reading the code tables; their contents are data (sql/003_codes.sql), never C. */
#include "resources/codes.h"

#include <string.h>

#include "core/clock.h"
#include "db/db.h"
#include "http/params.h"
#include "http/response.h"

#define VALID_IN " valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)"
#define SEARCH " AND (? IS NULL OR name LIKE ? OR code LIKE ?)"

static const struct {
	const char *path;  /* the {table} of GET /codes/{table} */
	const char *valid; /* one code valid in a year */
	const char *list;  /* the codes valid in a year */
} tables[CODES__MAX] = {
    [CODES_DESTINATION] = {"destination",
			   "SELECT 1 FROM destination_codes WHERE code = ? AND" VALID_IN,
			   "SELECT code, name, category, needs_employer, needs_school FROM "
			   "destination_codes WHERE" VALID_IN SEARCH " ORDER BY sort_order, code"},
    [CODES_UNIT_NATURE] = {"unit-nature",
			   "SELECT 1 FROM unit_nature_codes WHERE code = ? AND" VALID_IN,
			   "SELECT code, name FROM unit_nature_codes WHERE" VALID_IN SEARCH
			   " ORDER BY sort_order, code"},
    [CODES_INDUSTRY] = {"industry", "SELECT 1 FROM industry_codes WHERE code = ? AND" VALID_IN,
			"SELECT code, name FROM industry_codes WHERE" VALID_IN SEARCH
			" ORDER BY sort_order, code"},
    [CODES_REGION] = {"region", "SELECT 1 FROM region_codes WHERE code = ? AND" VALID_IN,
		      "SELECT code, name, level, parent_code, full_name FROM region_codes WHERE" VALID_IN
			  SEARCH " AND (? IS NULL OR parent_code = ?) AND (? IS NULL OR level = ?)"
			  " ORDER BY code LIMIT 1000"},
    [CODES_POLITICAL] = {"political-status",
			 "SELECT 1 FROM political_status_codes WHERE code = ? AND" VALID_IN,
			 "SELECT code, name FROM political_status_codes WHERE" VALID_IN SEARCH
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
