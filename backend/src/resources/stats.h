/* stats.h: employment statistics (就业率) by college or major, live or as of a date. */
#ifndef QIAO_STATS_H
#define QIAO_STATS_H

#include "app.h"

/* Makes every cached statistic stale and queues a refresh of the year's dashboards (0: this
 * year); call after committing a write that changes students, their status or employment. */
void stats_invalidate(struct app *app, int year);

/* The version key of the student records that stats_invalidate() bumps on every write that
 * changes what lists and statistics show: answers cached under it (cache_answer_get) are never
 * stale. */
#define STATS_VERSION_KEY "qiao:stats:version"

/* GET /stats/employment: year (default this year), group_by=college|major, as_of
 * (YYYY-MM-DD; the live figures when absent or today). Rows {key, label, total, employed,
 * further_study, pending, rate}; rate = (employed + further_study) / total to 4 decimals.
 * Students whose status is inactive do not count; an advisor sees only their majors.
 * Raises 401, 403, 422. */
int stats_employment(struct request *req);

/* GET /stats/destinations?year&by=category|destination|unit_nature|industry|province|school,
 * college, major_id (the drill-down): the counted students of the year (the same rule as the
 * rates) broken down: by destination category or code; the employed by their employer's unit
 * nature, industry or province; further study by school. Rows {"key","label","count"}, most
 * first; scoped to the caller's majors; cached like the rates. Raises 422. */
int stats_destinations(struct request *req);

/* Recomputes and caches a graduation year's dashboards for every major (by college and by
 * major, live), unless this process already did for the current cache version. For the task
 * queue (stats.refresh). 0, or -1 when the stores failed (the job is retried). */
int stats_refresh(struct app *app, int year);

#endif
