/* activation.h: one-time links that let a student set the first password of the account the
 * import made; no password is ever derived from the student's data. */
#ifndef QIAO_ACTIVATION_H
#define QIAO_ACTIVATION_H

#include "app.h"

/* POST /students/{id}/activation: a new link for the student's pending account, valid 7 days
 * (older unused links stop working). Answers {"path","token","expires_at","username"}.
 * Raises 401, 403, 404 (absent or out of scope), 409 (already active). */
int activation_create(struct request *req);

/* POST /auth/activate {"token","password"}: sets the password and activates the account.
 * Raises 422 (token unknown, used or expired — one answer for all; password policy). */
int activation_use(struct request *req);

#endif
