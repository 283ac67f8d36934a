/* employer_stats.h: the employer portrait (issue 7's first dashboard): employers counted by
 * industry, cooperation level, size, unit nature, province, or by the kinds of interaction they
 * have had, each filterable by the others. */
#ifndef QIAO_EMPLOYER_STATS_H
#define QIAO_EMPLOYER_STATS_H

#include "app.h"

/* GET /stats/employers?by=industry|cooperation_level|size|unit_nature|province|kind with filters
 * status (default approved; all for every state), industry, cooperation_level, size,
 * unit_nature, province (a region code: its first two digits), interaction_kind (employers with a
 * live interaction of that kind): rows {"key","label","count","avg_index"} (the seed index's
 * average), most first; for kind, the employers with at least one interaction of each kind, in
 * the kinds' order. Staff holding stats.view; advisors. Raises 422. */
int employer_stats(struct request *req);

#endif
