/* appeals.h: employers' account appeals (用人单位账号申诉, seed manual §4.2): a company whose HR
 * account can no longer be used (the person left, the password is lost) appeals with its
 * credit code; the office checks it and approves, which makes the applicant the employer's
 * contact and mails the applicant a one-time link (30 minutes) to set a new password. No
 * password is ever shown to staff. */
#ifndef QIAO_APPEALS_H
#define QIAO_APPEALS_H

#include "app.h"

/* POST /employer-appeals {"credit_code","username","applicant_name","applicant_phone",
 * "applicant_email","reason"}: anyone (counted per address like registrations). Answers 201
 * {"id","state"}. Raises 409 (an appeal of the employer is pending already),
 * 422 (field named: no employer with that credit code; a username not of that employer), 429. */
int appeals_create(struct request *req);

/* GET /admin/employer-appeals: state, q (company name), page, per_page: the office holding
 * employers.review; each appeal beside the employer's current contact. */
int appeals_list(struct request *req);

/* POST /admin/employer-appeals/{id}/review {"decision":"approve|reject","reason"}: approving
 * updates the contact, issues the reset link and queues the mail with it (the answer says
 * where it went, never the link). Raises 404, 409 (not pending; no account to recover), 422. */
int appeals_review(struct request *req);

#endif
