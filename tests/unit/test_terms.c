/* test_terms.c: the job search's terms (Chinese as characters and pairs) and its queries. */
#include "unit.h"

#include <stdio.h>

#include "core/terms.h"

/* The hex form of one term, for readable expectations. */
static const char *hex(struct arena *a, const char *term)
{
	char *out = arena_alloc(a, 2 * strlen(term) + 2), *w = out;
	*w++ = 'x';
	for (const unsigned char *p = (const unsigned char *)term; *p; p++)
		w += sprintf(w, "%02x", *p);
	return out;
}

static void index_terms(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	const char *texts[] = {"Java开发", NULL, "开发 C"};
	char *t = terms_index(a, texts, 3);
	char want[512];
	snprintf(want, sizeof want, "%s %s %s %s %s", hex(a, "java"), hex(a, "开"), hex(a, "发"),
		 hex(a, "开发"), hex(a, "c"));
	assert_string_equal(t, want); /* each once: the second 开发 adds nothing */
	const char *none[] = {"——！"};
	assert_string_equal(terms_index(a, none, 1), "");
	arena_free(a);
}

/* The patterns of q, joined by spaces. */
static const char *query(struct arena *a, const char *q)
{
	size_t n;
	const char **patterns = terms_query(a, q, &n);
	const char *out = "";
	for (size_t i = 0; i < n; i++)
		out = arena_printf(a, "%s%s%s", out, i ? " " : "", patterns[i]);
	return out;
}

static void query_terms(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	/* Pairs of one length in byte order */
	assert_string_equal(query(a, "后端开发"), arena_printf(a, "%s %s %s", hex(a, "后端"), hex(a, "开发"), hex(a, "端开")));
	/* An exact term before the last word's prefix, however long that is */
	assert_string_equal(query(a, "会 JAVASCRI"), arena_printf(a, "%s %s%%", hex(a, "会"), hex(a, "javascri")));
	/* A longer term first */
	assert_string_equal(query(a, "FIXTURE会"), arena_printf(a, "%s %s", hex(a, "fixture"), hex(a, "会")));
	assert_string_equal(query(a, "ＡＢ１２"), arena_printf(a, "%s%%", hex(a, "ab12"))); /* full-width forms */
	assert_string_equal(query(a, "% _ ！"), "");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(index_terms),
	    cmocka_unit_test(query_terms),
	};
	return cmocka_run_group_tests_name("terms", tests, NULL, NULL);
}
