/* transfers.h: moving a student's record to another graduation year and/or major (seed
 * §2.2.3, §2.10). Contract: docs/records-changes.md. */
#ifndef QIAO_TRANSFERS_H
#define QIAO_TRANSFERS_H

#include "app.h"

/* POST /students/{id}/transfers {"graduation_year","major_id","reason"}: made at once when
 * the caller's scope covers the target major, else pending for the receiving college. 201
 * with the transfer. Raises 401, 403, 404, 409 (number taken in the target year, one already
 * pending), 422. */
int transfers_request(struct request *req);
/* GET /transfers: state, direction (incoming|outgoing), page, per_page. */
int transfers_list(struct request *req);
/* POST /transfers/{id}/decision {"decision":"approve|reject|withdraw","reason"}. Raises 403
 * (the other side's decision), 404, 409 (not pending, or the move no longer fits), 422. */
int transfers_decide(struct request *req);

/* Adds "pending_transfer" (null or the transfer) to a student's record. -1 on a database
 * error. */
int transfers_attach(struct request *req, json_t *doc, long long student_id);

#endif
