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

/* Each call appends its tag to a shared log. */
struct call_log {
	char seen[8];
	size_t n;
};
struct tagged {
	struct call_log *log;
	char tag;
};

static void log_call(void *p)
{
	struct tagged *t = p;
	t->log->seen[t->log->n++] = t->tag;
}

static void deferred_calls_run_at_reset_newest_first(void **state)
{
	(void)state;
	struct arena *a = arena_new(64);
	struct call_log log = {{0}, 0};
	struct tagged first = {&log, 'a'}, second = {&log, 'b'}, later = {&log, 'c'};
	arena_defer(a, log_call, &first);
	arena_alloc(a, 4096); /* the records survive a new block */
	arena_defer(a, log_call, &second);
	assert_int_equal(log.n, 0);
	arena_reset(a);
	assert_string_equal(log.seen, "ba");
	arena_reset(a); /* each runs once */
	assert_int_equal(log.n, 2);
	arena_defer(a, log_call, &later);
	arena_free(a); /* freeing runs what is left */
	assert_string_equal(log.seen, "bac");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(alignment_and_reuse),
	    cmocka_unit_test(large_allocations_get_their_own_block),
	    cmocka_unit_test(strings),
	    cmocka_unit_test(deferred_calls_run_at_reset_newest_first),
	};
	return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
