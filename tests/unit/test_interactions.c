/* test_interactions.c: the seed's points of each kind of interaction at every boundary of its
 * formula (10 × ([registration ≥ 1] + 2·[strategic ≥ 1] + [mentor ≥ 1] + [industry_education ≥ 1]
 * + (job_post ≥ 10 → 2; ≥ 1 → 1) + (daily_business ≥ 5 → 3; ≥ 1 → 1.5))). */
#include "unit.h"

#include "resources/interactions.h"

/* The points are whole or halves of ten: exact in a double. */
#define assert_points(kind, count, want) assert_true(interactions_seed_points(kind, count) == (want))

static void flags_count_once(void **state)
{
	(void)state;
	static const struct {
		const char *kind;
		double points;
	} flags[] = {{"registration", 10}, {"strategic", 20}, {"mentor", 10}, {"industry_education", 10}};
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		assert_points(flags[i].kind, 0, 0);
		assert_points(flags[i].kind, 1, flags[i].points);
		assert_points(flags[i].kind, 2, flags[i].points);
		assert_points(flags[i].kind, 7, flags[i].points);
		assert_points(flags[i].kind, 1000000, flags[i].points);
	}
}

static void job_posts_step_at_one_and_ten(void **state)
{
	(void)state;
	assert_points("job_post", 0, 0);
	assert_points("job_post", 1, 10);
	assert_points("job_post", 2, 10);
	assert_points("job_post", 9, 10);
	assert_points("job_post", 10, 20);
	assert_points("job_post", 11, 20);
	assert_points("job_post", 1000000, 20);
}

static void daily_business_steps_at_one_and_five(void **state)
{
	(void)state;
	assert_points("daily_business", 0, 0);
	assert_points("daily_business", 1, 15);
	assert_points("daily_business", 4, 15);
	assert_points("daily_business", 5, 30);
	assert_points("daily_business", 6, 30);
	assert_points("daily_business", 1000000, 30);
}

static void unknown_kinds_and_no_count_are_nothing(void **state)
{
	(void)state;
	for (long long n = 0; n <= 12; n++) {
		assert_points("visit", n, 0);
		assert_points("", n, 0);
		assert_points(NULL, n, 0);
		assert_points("Registration", n, 0); /* kinds are matched exactly */
		assert_points("job_posts", n, 0);
		assert_points("daily", n, 0);
	}
	/* a count below zero (none can be) is no interaction */
	assert_points("registration", -1, 0);
	assert_points("job_post", -1, 0);
	assert_points("daily_business", -1, 0);
}

static void the_whole_seed_is_at_most_one_hundred(void **state)
{
	(void)state;
	static const char *const kinds[] = {"registration", "strategic", "mentor", "industry_education",
					    "job_post", "daily_business"};
	double top = 0, least = 0;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		top += interactions_seed_points(kinds[i], 1000);
		least += interactions_seed_points(kinds[i], 1);
	}
	assert_true(top == 100);
	assert_true(least == 75); /* one of each: 10 + 20 + 10 + 10 + 10 + 15 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(flags_count_once),
	    cmocka_unit_test(job_posts_step_at_one_and_ten),
	    cmocka_unit_test(daily_business_steps_at_one_and_five),
	    cmocka_unit_test(unknown_kinds_and_no_count_are_nothing),
	    cmocka_unit_test(the_whole_seed_is_at_most_one_hundred),
	};
	return cmocka_run_group_tests_name("interactions", tests, NULL, NULL);
}
