/* applications.h: students applying to jobs (简历投递, seed manual §4.4). States: delivered →
 * viewed (the employer opened it) → shortlisted → interview → offer; rejected by the employer or
 * withdrawn by the student before the end; offer, rejected and withdrawn are final. */
#ifndef QIAO_APPLICATIONS_H
#define QIAO_APPLICATIONS_H

#include "app.h"

/* POST /jobs/{id}/applications {"resume_id", "share": ["phone","email"]}: a student applies to
 * a public job before its deadline with one of their resumes, once (409 field job on a second
 * try or after the deadline). The employer sees the resume as it was sent, with the student's
 * study details and only the contact details named in share. Raises 404 (no such public job),
 * 409, 422. */
int applications_create(struct request *req);

/* GET /applications/{id}: the student, an HR user of the job's employer (opening a delivered
 * one marks it viewed), staff holding jobs.review; with its events. Raises 404. */
int applications_get(struct request *req);
/* The application for the caller, with status (used after a write). Returns 0 or -1. */
int applications_reply(struct request *req, int status, long long id);

/* PUT /applications/{id}/state {"state", "note"}: the employer moves it forward (shortlisted,
 * interview, offer) or to rejected; the student withdraws it; a move not allowed from the
 * current state answers 409 naming both. A move without a note keeps the last note. Raises
 * 404, 409, 422. */
int applications_set_state(struct request *req);

/* GET /jobs/{id}/applications: state, page, per_page: the job's applications, newest first, to
 * its employer's HR users and staff holding jobs.review; another employer gets 404. */
int applications_of_job(struct request *req);

/* GET /applications: job_id (has the student applied to this job?), page, per_page: the
 * student's own applications with their jobs, newest first. */
int applications_mine(struct request *req);

#endif
