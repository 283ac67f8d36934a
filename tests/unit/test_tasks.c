/* test_tasks.c: the task table refuses what it cannot run, without touching a store. */
#include "unit.h"

#include "tasks/tasks.h"

static void unknown_or_malformed_jobs_are_dropped(void **state)
{
	(void)state;
	struct app app = {0};
	static const char *const jobs[] = {"{}", "{\"task\":\"nope\"}", "{\"task\":42}",
					   "{\"task\":\"stats.refresh\"}",
					   "{\"task\":\"stats.refresh\",\"year\":\"2026\"}"};
	for (size_t i = 0; i < sizeof jobs / sizeof jobs[0]; i++) {
		json_t *job = json_loads(jobs[i], 0, NULL);
		assert_non_null(job);
		assert_int_equal(tasks_run(&app, job), -2);
		json_decref(job);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(unknown_or_malformed_jobs_are_dropped),
	};
	return cmocka_run_group_tests_name("tasks", tests, NULL, NULL);
}
