/* token.c: JWT issue and verification with libjwt 1.10. */
#include "auth/token.h"

#include <errno.h>
#include <jwt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *token_issue(const char *secret, long long sub, const char *role, time_t now, long ttl,
		  struct token_claims *claims)
{
	jwt_t *jwt = NULL;
	char *out = NULL;
	unsigned char raw[TOKEN_JTI_LEN / 2];
	randombytes_buf(raw, sizeof raw);
	memset(claims, 0, sizeof(*claims));
	sodium_bin2hex(claims->jti, sizeof claims->jti, raw, sizeof raw);
	claims->sub = sub;
	snprintf(claims->role, sizeof claims->role, "%s", role);
	claims->iat = now;
	claims->exp = now + ttl;

	char sub_text[24];
	snprintf(sub_text, sizeof sub_text, "%lld", sub);
	if (jwt_new(&jwt) != 0)
		return NULL;
	if (jwt_add_grant(jwt, "sub", sub_text) || jwt_add_grant(jwt, "role", role) ||
	    jwt_add_grant(jwt, "jti", claims->jti) || jwt_add_grant_int(jwt, "iat", (long)now) ||
	    jwt_add_grant_int(jwt, "exp", (long)claims->exp) ||
	    jwt_set_alg(jwt, JWT_ALG_HS256, (const unsigned char *)secret, (int)strlen(secret)))
		goto out;
	out = jwt_encode_str(jwt);
out:
	jwt_free(jwt);
	return out;
}

int token_verify(const char *secret, const char *token, time_t now, struct token_claims *claims)
{
	jwt_t *jwt = NULL;
	int rc = -1;
	memset(claims, 0, sizeof(*claims));
	if (!token || strlen(token) > 4096)
		return -1;
	if (jwt_decode(&jwt, token, (const unsigned char *)secret, (int)strlen(secret)) != 0 || !jwt)
		return -1;
	/* libjwt accepts any HMAC algorithm under the same key: insist on the configured one. */
	if (jwt_get_alg(jwt) != JWT_ALG_HS256)
		goto out;
	const char *sub = jwt_get_grant(jwt, "sub");
	const char *role = jwt_get_grant(jwt, "role");
	const char *jti = jwt_get_grant(jwt, "jti");
	errno = 0;
	long exp = jwt_get_grant_int(jwt, "exp");
	if (errno || !sub || !role || !jti || strlen(role) >= sizeof claims->role ||
	    strlen(jti) != TOKEN_JTI_LEN || exp <= now)
		goto out;
	char *end;
	long long id = strtoll(sub, &end, 10);
	if (*end || id <= 0)
		goto out;
	errno = 0;
	long iat = jwt_get_grant_int(jwt, "iat");
	claims->iat = errno ? 0 : iat;
	claims->sub = id;
	claims->exp = exp;
	snprintf(claims->role, sizeof claims->role, "%s", role);
	memcpy(claims->jti, jti, TOKEN_JTI_LEN + 1);
	rc = 0;
out:
	jwt_free(jwt);
	return rc;
}
