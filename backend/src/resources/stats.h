/* stats.h: employment statistics (就业率) by college or major, live or as of a date. */
#ifndef QIAO_STATS_H
#define QIAO_STATS_H

#include "app.h"

/* Makes every cached statistic stale; call after committing a write that changes students,
 * their status or employment. */
void stats_invalidate(struct app *app);

/* GET /stats/employment: year (default this year), group_by=college|major, as_of
 * (YYYY-MM-DD; the live figures when absent or today). Rows {key, label, total, employed,
 * further_study, pending, rate}; rate = (employed + further_study) / total to 4 decimals.
 * Students whose status is inactive do not count; an advisor sees only their majors.
 * Raises 401, 403, 422. */
int stats_employment(struct request *req);

#endif
