/* test_arena.c: the per-request arena. */
#include "unit.h"

static void alignment_and_reuse(void **state)
{
	(void)state;
	struct arena *a = arena_new(128);
	for (int i = 0; i < 100; i++) {
		char *p = arena_alloc(a, (size_t)i + 1);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		memset(p, 'x', (size_t)i + 1);
	}
	assert_true(arena_used(a) >= 5050);
	arena_reset(a);
	assert_int_equal(arena_used(a), 0);
	arena_free(a);
}

static void large_allocations_get_their_own_block(void **state)
{
	(void)state;
	struct arena *a = arena_new(64);
	char *big = arena_alloc(a, 1 << 20);
	memset(big, 1, 1 << 20);
	char *small = arena_alloc(a, 8);
	assert_non_null(small);
	arena_free(a);
}

static void strings(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	assert_string_equal(arena_strdup(a, "桥 qiao"), "桥 qiao");
	assert_null(arena_strdup(a, NULL));
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	assert_string_equal(arena_printf(a, "%s-%d", "id", 42), "id-42");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(alignment_and_reuse),
	    cmocka_unit_test(large_allocations_get_their_own_block),
	    cmocka_unit_test(strings),
	};
	return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
