/* majors_import.h: POST /majors/import and its template (the majors setup, seed manual §1). */
#ifndef QIAO_MAJORS_IMPORT_H
#define QIAO_MAJORS_IMPORT_H

#include "app.h"

/* POST /majors/import?mode=insert|upsert&atomic=0|1: CSV or xlsx; answers
 * {"imported","failed","errors":[{"row","field","reason"}]}. Raises 401, 403, 409, 422. */
int majors_import(struct request *req);
/* GET /majors/import/template: the xlsx to fill in. */
int majors_import_template(struct request *req);

#endif
