/* deliveries.h: the office's view of resume delivery (简历投递管理, seed manual §4.4): every
 * application with its student and job, figures grouped as asked, and the export. Staff
 * holding jobs.review; an advisor holding it sees the students of their majors only. */
#ifndef QIAO_DELIVERIES_H
#define QIAO_DELIVERIES_H

#include "app.h"

/* The filters every route here takes: from, to (dates the applications were sent), employer_id,
 * job_id, fair_id, college, major_id, state. */

/* GET /admin/applications: the applications, newest first, paged. Raises 422. */
int deliveries_list(struct request *req);

/* GET /admin/applications/stats?group_by=employer|job|college|major|state|date: rows {"key",
 * "label","applications","students","offers"}, most applications first (date: the latest 500
 * days, newest first). Raises 422. */
int deliveries_stats(struct request *req);

/* GET /admin/applications/export?format=csv|xlsx: the list as a file (streamed). Raises 422. */
int deliveries_export(struct request *req);

#endif
