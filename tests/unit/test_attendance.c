/* test_attendance.c: the rotating check-in token: its form, its lifetime, its entrance and its key. */
#include "unit.h"

#include <string.h>

#include "resources/attendance.h"

static const char *const SECRET = "a-jwt-secret-of-at-least-thirty-two-bytes";

static void accepted_for_two_periods(void **state)
{
	(void)state;
	time_t now = 1788220800 + 7; /* 7 s into a period */
	long long period = (long long)now / ATTENDANCE_PERIOD_S;
	char token[64];
	attendance_token_for(SECRET, "event", 42, period, token);
	assert_non_null(strchr(token, '.'));
	assert_int_equal(strlen(strchr(token, '.') + 1), 16); /* 12 bytes, base64url */
	assert_true(attendance_token_valid(SECRET, "event", 42, token, now));
	assert_true(attendance_token_valid(SECRET, "event", 42, token, now + ATTENDANCE_PERIOD_S));
	assert_false(attendance_token_valid(SECRET, "event", 42, token, now + 2 * ATTENDANCE_PERIOD_S));
	assert_false(attendance_token_valid(SECRET, "event", 42, token, now - ATTENDANCE_PERIOD_S));
}

static void bound_to_entrance_and_key(void **state)
{
	(void)state;
	time_t now = 1788220800;
	long long period = (long long)now / ATTENDANCE_PERIOD_S;
	char token[64], other[64];
	attendance_token_for(SECRET, "event", 42, period, token);
	assert_false(attendance_token_valid(SECRET, "event", 43, token, now));
	assert_false(attendance_token_valid(SECRET, "fair-students", 42, token, now));
	assert_false(attendance_token_valid("another-secret-of-at-least-thirty-two-b", "event", 42, token, now));
	attendance_token_for(SECRET, "event", 42, period + 1, other);
	assert_string_not_equal(token, other);
}

static void forgeries_refused(void **state)
{
	(void)state;
	time_t now = 1788220800;
	long long period = (long long)now / ATTENDANCE_PERIOD_S;
	char token[64];
	attendance_token_for(SECRET, "event", 42, period, token);
	char changed[64];
	strcpy(changed, token);
	changed[strlen(changed) - 1] = changed[strlen(changed) - 1] == 'A' ? 'B' : 'A';
	static const char *const bad[] = {"", ".", "abc", "59888575", "59888575.", "-1.AAAAAAAAAAAAAAAA",
					  "59888575.AAAAAAAAAAAAAAAA"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(attendance_token_valid(SECRET, "event", 42, bad[i], now));
	assert_false(attendance_token_valid(SECRET, "event", 42, changed, now));
	char longer[80];
	snprintf(longer, sizeof longer, "%sA", token);
	assert_false(attendance_token_valid(SECRET, "event", 42, longer, now));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(accepted_for_two_periods),
	    cmocka_unit_test(bound_to_entrance_and_key),
	    cmocka_unit_test(forgeries_refused),
	};
	return cmocka_run_group_tests_name("attendance", tests, NULL, NULL);
}
