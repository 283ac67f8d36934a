/* students_import.h: POST /students/import: the registrar's spreadsheet into student
 * records, accounts (pending activation), employment and dispatch rows. */
#ifndef QIAO_STUDENTS_IMPORT_H
#define QIAO_STUDENTS_IMPORT_H

#include "app.h"

/* POST /students/import?mode=insert|upsert&atomic=1, body: the CSV or xlsx file.
 * Answers {"imported","updated","failed","errors":[{"row","field","reason"}]}; a failing
 * row changes nothing; with atomic=1 any failing row refuses the whole file (422, the
 * errors in error.errors). The header names are recognised in Chinese or English, or
 * through the caller's saved mapping. Raises 401, 403, 413, 422. */
int students_import(struct request *req);

/* GET /students/import/mapping and PUT /students/import/mapping {"mapping":{"header":
 * "field"}}: the caller's saved field mapping. Raises 401, 403, 422. */
int students_import_mapping_get(struct request *req);
int students_import_mapping_put(struct request *req);

/* GET /students/import/fields: the importable fields with their header names and whether
 * each is required (for the wizard and the template). */
int students_import_fields(struct request *req);

/* GET /students/import/template: the xlsx to fill in, with a 说明 sheet and the caller's
 * majors (专业设置) exactly as the import expects them. */
int students_import_template(struct request *req);

#endif
