/* students_differs.h: POST /students/export/differs: the students whose record differs from
 * the provincial system's export (seed manual §2.6.2). Contract: docs/records-changes.md. */
#ifndef QIAO_STUDENTS_DIFFERS_H
#define QIAO_STUDENTS_DIFFERS_H

#include "app.h"

/* Body: the provincial file (CSV or xlsx); format=json|csv|xlsx (default csv). Only the
 * caller's majors; others count as unmatched. Raises 401, 403, 422 (no student_no column, a
 * file that is not a table), 503. */
int students_export_differs(struct request *req);

#endif
