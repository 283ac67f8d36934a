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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(valid_dates),
	    cmocka_unit_test(today_is_a_date),
	};
	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
