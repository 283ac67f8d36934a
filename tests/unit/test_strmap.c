/* test_strmap.c: the per-request string map. */
#include "unit.h"

#include <stdio.h>

#include "core/strmap.h"

static void put_get_replace(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	struct strmap *m = strmap_new(a);
	long long v = 0;
	assert_false(strmap_get(m, "计算机学院\x1f软件工程", &v));
	strmap_put(m, "计算机学院\x1f软件工程", 7);
	assert_true(strmap_get(m, "计算机学院\x1f软件工程", &v));
	assert_int_equal(v, 7);
	strmap_put(m, "计算机学院\x1f软件工程", -1);
	assert_true(strmap_get(m, "计算机学院\x1f软件工程", &v));
	assert_int_equal(v, -1);
	assert_int_equal(strmap_size(m), 1);
	assert_true(strmap_get(m, "计算机学院\x1f软件工程", NULL));
	assert_false(strmap_get(m, "", NULL));
	arena_free(a);
}

static void grows_and_keeps_everything(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	struct strmap *m = strmap_new(a);
	char key[32];
	for (long long i = 0; i < 100000; i++) {
		snprintf(key, sizeof key, "2026%08lld", i);
		strmap_put(m, key, i);
	}
	assert_int_equal(strmap_size(m), 100000);
	for (long long i = 0; i < 100000; i += 997) {
		long long v;
		snprintf(key, sizeof key, "2026%08lld", i);
		assert_true(strmap_get(m, key, &v));
		assert_int_equal(v, i);
	}
	assert_false(strmap_get(m, "2026", NULL));
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(put_get_replace),
	    cmocka_unit_test(grows_and_keeps_everything),
	};
	return cmocka_run_group_tests_name("strmap", tests, NULL, NULL);
}
