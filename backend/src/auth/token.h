/* token.h: issuing and verifying the HS256 JWTs that carry sub, role, exp and jti. */
#ifndef QIAO_TOKEN_H
#define QIAO_TOKEN_H

#include <time.h>

#define TOKEN_JTI_LEN 32

struct token_claims {
	long long sub;
	char role[16];
	char jti[TOKEN_JTI_LEN + 1];
	time_t iat;
	time_t exp;
};

/* Issues a token for (sub, role) valid for ttl seconds from now, filling claims with what
 * it signed. Returns a malloc'd string (caller frees) or NULL. */
char *token_issue(const char *secret, long long sub, const char *role, time_t now, long ttl,
		  struct token_claims *claims);

/* Verifies signature, algorithm (exactly HS256: "none" and every other algorithm are
 * refused), expiry and the presence of every claim. Returns 0 and fills claims, or -1. */
int token_verify(const char *secret, const char *token, time_t now, struct token_claims *claims);

#endif
