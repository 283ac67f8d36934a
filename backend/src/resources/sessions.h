/* sessions.h: info sessions (宣讲会, seed manual §4.5) from the employer's side: an approved
 * employer applies for a venue and a time; the office reviews it (events_review) and it
 * becomes a published event students sign up for. */
#ifndef QIAO_SESSIONS_H
#define QIAO_SESSIONS_H

#include "app.h"

/* POST /sessions {"title","description","venue_id","starts_at","ends_at","capacity"}: an HR
 * user of an approved employer. Answers 201 the session (an event of kind info_session,
 * pending). Raises 403 (the employer is not approved), 409 (the venue is taken then), 422. */
int sessions_apply(struct request *req);

/* GET /sessions: status, q, page, per_page: an employer's HR sees its own, the office holding
 * events.manage all of them; newest first. */
int sessions_list(struct request *req);

#endif
