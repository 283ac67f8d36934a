/* fair_visitors.h: students at job fairs: signing up beforehand and checking in at the
 * students' entrance (by its rotating QR or the pass-code); a walk-in is signed up by checking
 * in where the fair does not require signing up. */
#ifndef QIAO_FAIR_VISITORS_H
#define QIAO_FAIR_VISITORS_H

#include "app.h"

/* POST /fairs/{id}/signups: a student. Answers 201 the visit. Raises 403 (no student record),
 * 404, 409 (signed up already; the fair is over or cancelled), 422. */
int visitors_signup(struct request *req);

/* POST /fairs/{id}/checkins {"token"} or {"code"}: a student. Answers 201 the visit. Raises
 * 403, 404, 409 (checked in already; not signed up where required; over), 422. */
int visitors_checkin(struct request *req);

#endif
