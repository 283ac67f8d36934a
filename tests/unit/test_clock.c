/* test_clock.c: dates as written in requests. */
#include "unit.h"

#include <stdlib.h>

#include "core/clock.h"

static void valid_dates(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int ok;
	} cases[] = {
	    {"2026-08-31", 1}, {"2026-12-31", 1}, {"2024-02-29", 1}, {"2000-02-29", 1},
	    {"1900-02-29", 0}, {"2026-02-29", 0}, {"2026-02-30", 0}, {"2026-13-01", 0},
	    {"2026-00-10", 0}, {"2026-04-31", 0}, {"2026-8-31", 0},  {"2026-08-31x", 0},
	    {"26-08-31", 0},   {"", 0},           {"2026/08/31", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(clock_valid_date(cases[i].s), cases[i].ok);
	assert_int_equal(clock_valid_date(NULL), 0);
}

static void today_is_a_date(void **state)
{
	(void)state;
	char today[11];
	clock_today(today);
	assert_true(clock_valid_date(today));
	assert_int_equal(atoi(today), clock_year());
}

static void times_with_offsets(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		long long epoch; /* -1: refused */
	} cases[] = {
	    {"2026-09-01T08:00:00+08:00", 1788220800}, {"2026-09-01T00:00:00Z", 1788220800},
	    {"2026-09-01T08:00:00", 1788220800},       {"2026-09-01 08:00", 1788220800},
	    {"2026-09-01T08:00:00.123+08:00", 1788220800}, {"2026-09-01T02:30:00+0230", 1788220800},
	    {"2026-08-31T19:00:00-05:00", 1788220800},
	    {"2026-09-01", -1}, {"2026-09-01T24:00:00Z", -1}, {"2026-09-01T08:60Z", -1},
	    {"2026-02-30T08:00:00Z", -1}, {"2026-09-01T08:00:00+8", -1}, {"2026-09-01T08:00:00+08:", -1},
	    {"2026-09-01T08:00:00 junk", -1}, {"2026-09-01X08:00:00Z", -1}, {"", -1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		time_t t = 0;
		int rc = clock_parse_time(cases[i].s, &t);
		if (cases[i].epoch < 0) {
			assert_int_equal(rc, -1);
		} else {
			assert_int_equal(rc, 0);
			assert_int_equal((long long)t, cases[i].epoch);
		}
	}
	char text[20];
	clock_cst_text(1788220800, text);
	assert_string_equal(text, "2026-09-01 08:00:00");
	char iso[26];
	clock_iso_text(1788220800, iso);
	assert_string_equal(iso, "2026-09-01T08:00:00+08:00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(valid_dates),
	    cmocka_unit_test(today_is_a_date),
	    cmocka_unit_test(times_with_offsets),
	};
	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
