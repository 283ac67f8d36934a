/* changes.h: changes of a student's profile and dispatch information, and their review
 * (seed manual §2.4.2, §2.5.1). Contract: docs/records-changes.md. */
#ifndef QIAO_CHANGES_H
#define QIAO_CHANGES_H

#include "app.h"

/* PUT /students/{id}: staff change the profile at once; the student's change waits for
 * review. Answers the record. Raises 401, 403 (id_card without students.sensitive), 404,
 * 422 (a field the caller may not set, a bad value, nothing changes). */
int changes_put_profile(struct request *req);
/* PUT /students/{id}/dispatch: the same for the dispatch information. Also 409 for a
 * student of an inactive status. */
int changes_put_dispatch(struct request *req);

/* Adds "pending_profile" and "pending_dispatch" (null or {"id","proposed","submitted_at"})
 * to a student's record. -1 on a database error. */
int changes_attach(struct request *req, json_t *doc, long long student_id);

/* GET /students/changes: kind, state (default pending), student_id, page, per_page; the
 * caller's majors only. */
int changes_list(struct request *req);
/* POST /students/changes/review {"ids","decision","reason"}: one transaction. */
int changes_review(struct request *req);

#endif
