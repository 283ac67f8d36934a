/* test_token.c: JWT issue and verification, including every forged form we refuse. */
#include "unit.h"

#include <jwt.h>
#include <stdlib.h>
#include <time.h>

#include "auth/token.h"

static const char *secret = "0123456789abcdef0123456789abcdef-test";

static void round_trip(void **state)
{
	(void)state;
	struct token_claims issued, seen;
	time_t now = time(NULL);
	char *t = token_issue(secret, 42, "advisor", now, 3600, &issued);
	assert_non_null(t);
	assert_int_equal(token_verify(secret, t, now + 10, &seen), 0);
	assert_int_equal(seen.sub, 42);
	assert_string_equal(seen.role, "advisor");
	assert_string_equal(seen.jti, issued.jti);
	assert_int_equal(strlen(seen.jti), TOKEN_JTI_LEN);
	assert_int_equal(seen.exp, now + 3600);
	free(t);
}

static void expired_is_refused(void **state)
{
	(void)state;
	struct token_claims c;
	time_t now = time(NULL);
	char *t = token_issue(secret, 1, "student", now - 7200, 3600, &c);
	assert_int_equal(token_verify(secret, t, now, &c), -1);
	/* The exact second of expiry is already too late. */
	char *u = token_issue(secret, 1, "student", now - 3600, 3600, &c);
	assert_int_equal(token_verify(secret, u, now, &c), -1);
	free(t);
	free(u);
}

static void tampered_is_refused(void **state)
{
	(void)state;
	struct token_claims c;
	time_t now = time(NULL);
	char *t = token_issue(secret, 7, "student", now, 3600, &c);
	char *dot = strchr(t, '.');
	dot[3] = dot[3] == 'A' ? 'B' : 'A';
	assert_int_equal(token_verify(secret, t, now, &c), -1);
	free(t);
	t = token_issue("another-secret-another-secret-000", 7, "student", now, 3600, &c);
	assert_int_equal(token_verify(secret, t, now, &c), -1);
	free(t);
}

/* Signs the claims of a real token with another algorithm (or none). */
static char *forge(jwt_alg_t alg)
{
	jwt_t *jwt;
	char exp[24];
	snprintf(exp, sizeof exp, "%ld", (long)time(NULL) + 3600);
	assert_int_equal(jwt_new(&jwt), 0);
	jwt_add_grant(jwt, "sub", "1");
	jwt_add_grant(jwt, "role", "superadmin");
	jwt_add_grant(jwt, "jti", "0123456789abcdef0123456789abcdef");
	jwt_add_grant_int(jwt, "exp", time(NULL) + 3600);
	if (alg == JWT_ALG_NONE)
		jwt_set_alg(jwt, alg, NULL, 0);
	else
		jwt_set_alg(jwt, alg, (const unsigned char *)secret, (int)strlen(secret));
	char *t = jwt_encode_str(jwt);
	jwt_free(jwt);
	return t;
}

static void other_algorithms_are_refused(void **state)
{
	(void)state;
	struct token_claims c;
	jwt_alg_t algs[] = {JWT_ALG_NONE, JWT_ALG_HS384, JWT_ALG_HS512};
	for (size_t i = 0; i < sizeof algs / sizeof algs[0]; i++) {
		char *t = forge(algs[i]);
		assert_non_null(t);
		assert_int_equal(token_verify(secret, t, time(NULL), &c), -1);
		free(t);
	}
	char *ok = forge(JWT_ALG_HS256);
	assert_int_equal(token_verify(secret, ok, time(NULL), &c), 0);
	free(ok);
}

static void garbage_is_refused(void **state)
{
	(void)state;
	struct token_claims c;
	const char *bad[] = {"", "a.b", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "....", NULL};
	for (size_t i = 0; bad[i]; i++)
		assert_int_equal(token_verify(secret, bad[i], time(NULL), &c), -1);
	assert_int_equal(token_verify(secret, NULL, time(NULL), &c), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(round_trip),
	    cmocka_unit_test(expired_is_refused),
	    cmocka_unit_test(tampered_is_refused),
	    cmocka_unit_test(other_algorithms_are_refused),
	    cmocka_unit_test(garbage_is_refused),
	};
	return cmocka_run_group_tests_name("token", tests, NULL, NULL);
}
