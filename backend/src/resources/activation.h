/* activation.h: one-time links that set an account's password: a student's first one (the
 * account the import made; no password is ever derived from the student's data), or a new one
 * after an employer's appeal (reset links, 30 minutes). */
#ifndef QIAO_ACTIVATION_H
#define QIAO_ACTIVATION_H

#include "app.h"

/* POST /students/{id}/activation: a new link for the student's pending account, valid 7 days
 * (older unused links stop working). Answers {"path","token","username","valid_days"}.
 * Raises 401, 403, 404 (absent or out of scope), 409 (already active). */
int activation_create(struct request *req);

/* POST /auth/activate {"token","password"}: sets the password and activates the account (a
 * reset link: sets a new password of an active one). Raises 422 (token unknown, used or
 * expired — one answer for all; password policy). */
int activation_use(struct request *req);

/* Inside the caller's transaction: a new link of purpose "activate" or "reset" for the account,
 * valid minutes (the account's older unused links stop working). 0 and token[65] (the secret
 * to put in the link; only its hash is kept), or -1 on a database error. */
int activation_issue(struct request *req, long long account_id, const char *purpose, int minutes,
		     char token[65]);

#endif
