/* test_password.c: hashing and the password policy. */
#include "unit.h"

#include <sodium.h>

#include "auth/password.h"

static void hash_and_verify(void **state)
{
	(void)state;
	char hash[PASSWORD_HASH_MAX];
	assert_int_equal(password_hash("Correct-Horse-9", hash), 0);
	assert_memory_equal(hash, "$argon2id$", 10);
	assert_true(password_verify(hash, "Correct-Horse-9"));
	assert_false(password_verify(hash, "correct-horse-9"));
	assert_false(password_verify(NULL, "x"));
	assert_false(password_verify("plain", "plain"));
}

static void policy(void **state)
{
	(void)state;
	static const struct {
		const char *user, *pw;
		int ok;
	} cases[] = {
	    {"zhang", "Abcdef1!", 1},        {"zhang", "abcdefg1", 0},   /* two classes */
	    {"zhang", "Abc1!", 0},           /* short */
	    {"zhang", "xxZHANG1!x", 0},      /* contains the username, any case */
	    {"li", "Li-Tong-2026", 0},       {"wang", "ABCDEFG1!", 1},   /* upper+digit+symbol */
	    {"wang", "abcdefgH1", 1},        {"wang", "密码密码密码密码1a", 1}, /* symbol = other */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *msg = password_policy_check(cases[i].user, cases[i].pw);
		if (cases[i].ok)
			assert_null(msg);
		else
			assert_non_null(msg);
	}
	char longpw[200];
	memset(longpw, 'a', sizeof longpw - 1);
	longpw[sizeof longpw - 1] = '\0';
	longpw[0] = 'A';
	longpw[1] = '1';
	assert_non_null(password_policy_check("u", longpw));
}

static void generated_passwords_pass_the_policy(void **state)
{
	(void)state;
	for (int i = 0; i < 200; i++) {
		char pw[17];
		password_generate(pw, 16);
		assert_int_equal(strlen(pw), 16);
		assert_null(password_policy_check("nobody-matches", pw));
	}
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(hash_and_verify),
	    cmocka_unit_test(policy),
	    cmocka_unit_test(generated_passwords_pass_the_policy),
	};
	return cmocka_run_group_tests_name("password", tests, NULL, NULL);
}
