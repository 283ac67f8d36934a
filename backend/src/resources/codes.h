/* codes.h: the national code tables (destination, unit nature, industry, region, political
 * status, education level, student status): lookups for validation and GET /codes/{table}. */
#ifndef QIAO_CODES_H
#define QIAO_CODES_H

#include "app.h"

enum code_table {
	CODES_DESTINATION,
	CODES_UNIT_NATURE,
	CODES_INDUSTRY,
	CODES_REGION,
	CODES_POLITICAL,
	CODES_STUDENT_STATUS,
	CODES_DISPATCH_TYPE,
	CODES__MAX
};

/* Whether code is valid in the given year in table: 1 yes, 0 no, -1 database error. */
int codes_valid(struct app *app, enum code_table table, const char *code, int year);
/* The same for a request's field: 0 when valid, else -1 after answering 422 naming field (or
 * a database failure). */
int codes_valid_or_422(struct request *req, const char *field, enum code_table table,
		       const char *code, int year);

/* The destination code valid in year: 1 and *doc (new reference: code, name, category,
 * needs_employer, needs_school) when found, 0 when not, -1 on a database error. */
int codes_destination(struct app *app, const char *code, int year, json_t **doc);

/* GET /codes/{table} (destination, unit-nature, industry, region, political-status,
 * student-status): the codes valid this year (or ?year=), with q for a name or code
 * search and, for regions, parent and level. Raises 404 (unknown table), 422. */
int codes_list(struct request *req);

/* PUT /codes/{table}/{code}: the office holding codes.manage adds a code or changes one, of
 * destination, unit-nature, industry, region or political-status: {"name","valid_from",
 * "valid_to","sort_order"}, and for destinations "category","needs_employer","needs_school",
 * for regions "level","parent_code","full_name". Codes change by year: a code is retired with
 * valid_to, never deleted (records keep pointing at it). Answers the code (201 when new).
 * Raises 404 (a table not edited here), 422 (field named). */
int codes_put(struct request *req);

#endif
