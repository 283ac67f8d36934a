/* students_export.h: GET /students/export: the filtered student list as CSV or xlsx. */
#ifndef QIAO_STUDENTS_EXPORT_H
#define QIAO_STUDENTS_EXPORT_H

#include "app.h"

/* GET /students/export?format=csv|xlsx&fields=a,b,…&list=not_employed plus the filters of
 * GET /students. Streams the file; phones and ID cards masked without students.sensitive.
 * Raises 401, 403, 422 (unknown field or format), 503. */
int students_export(struct request *req);

/* GET /students/export/fields: the exportable fields with their column titles. */
int students_export_fields(struct request *req);

#endif
