/* auth.h: sign-in, sign-out and the signed-in caller's own account. */
#ifndef QIAO_AUTH_H
#define QIAO_AUTH_H

#include "app.h"

/* POST /auth/login {"username","password"}. Raises 401 (bad credentials, same answer for
 * an unknown user), 422 (missing field), 429 (too many failures; Retry-After), 503. */
int auth_login(struct request *req);
/* POST /auth/logout: revokes the token's jti at once. Raises 401, 503. */
int auth_logout(struct request *req);
/* GET /me. Raises 401. */
int auth_me(struct request *req);
/* PUT /me/password {"old_password","new_password"}. Raises 401, 422 (field named). */
int auth_change_password(struct request *req);

#endif
