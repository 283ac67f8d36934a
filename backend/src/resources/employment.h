/* employment.h: employment information (就业信息): a student's report goes to review, staff
 * record directly, every change is history with its effective date and actor. */
#ifndef QIAO_EMPLOYMENT_H
#define QIAO_EMPLOYMENT_H

#include "app.h"

/* Adds "employment" (the current record, with review_state "approved") and
 * "pending_employment" (the report awaiting review, or null) to a student document.
 * Returns 0, or -1 on a database error. */
int employment_attach(struct app *app, json_t *doc, long long student_id);

/* PUT /students/{id}/employment {"destination_code","employer_name","credit_code",
 * "industry_code","region_code","unit_nature_code","job_title","salary","school",
 * "effective_date"}: a student's own report waits for review (review_state "pending");
 * staff in scope record it at once ("approved"). Raises 401, 403, 404 (absent or out of
 * scope), 409 (inactive status), 422 (field named). */
int employment_put(struct request *req);

/* GET /employment/reviews: state (pending|approved|rejected), page, per_page; each entry
 * carries the student, "current", "proposed" and "changed_fields". Only the caller's
 * majors. Raises 401, 403, 422. */
int employment_reviews(struct request *req);

/* POST /employment/reviews {"ids":[…],"decision":"approve"|"reject","reason"}: all or
 * nothing. Raises 401, 403, 404 (an id absent or out of scope), 409 (an entry no longer
 * pending, naming both states), 422. */
int employment_review(struct request *req);

#endif
