/* job_postings.h: jobs from the employer's and the office's side (职位管理, seed manual §4.3).
 * States: pending (待审核) → approved (已审核) or rejected (with a reason; an edit sends it
 * back to pending); an edit of an approved job waits in pending_changes as rereview (待复审)
 * while the approved text stays public. Public: approved and rereview jobs of employers that
 * are in (jobs.h). */
#ifndef QIAO_JOB_POSTINGS_H
#define QIAO_JOB_POSTINGS_H

#include "app.h"

/* GET /jobs/{id}: a public job to anyone; any state to its employer's HR and to staff (with
 * status, pending_changes, review_reason). Raises 404. */
int postings_get(struct request *req);

/* POST /jobs: an employer's HR posts {title, description, city, region_code, salary_min,
 * salary_max (monthly yuan), majors [names], degree (不限|专科|本科|硕士|博士), headcount,
 * deadline}; pending until reviewed. Raises 403 (the employer is not approved), 422. */
int postings_create(struct request *req);

/* PUT /jobs/{id}: the employer's HR edits any of those fields (see the states above). Raises
 * 404 (not the caller's job), 422. */
int postings_update(struct request *req);

/* POST /admin/jobs/{id}/review {"decision":"approve|reject","reason"}: staff holding
 * jobs.review. pending → approved or rejected; rereview → approved, applying or dropping the
 * held edit. Another state answers 409 naming it. */
int postings_review(struct request *req);

/* POST /admin/jobs/refresh {"ids":[…]}: moves those jobs to the top of the public list (刷新时间).
 * Staff holding jobs.review. Answers {"refreshed": N}. */
int postings_refresh(struct request *req);

/* GET /employers/{id}/jobs: status, page, per_page: every job of the employer, newest first, to
 * its HR and to staff. Raises 404. */
int postings_of_employer(struct request *req);

/* GET /admin/jobs: status (waiting = pending or rereview, the default; or one state),
 * employer_id, q, page, per_page: jobs of employers that are in, oldest first. Staff holding
 * jobs.review. */
int postings_queue(struct request *req);

#endif
