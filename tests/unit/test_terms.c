/* test_terms.c: search terms for the FULLTEXT index (Chinese as characters and pairs). */
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

static void query_terms(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	char want[512];
	snprintf(want, sizeof want, "+%s +%s +%s", hex(a, "后端"), hex(a, "端开"), hex(a, "开发"));
	assert_string_equal(terms_query(a, "后端开发"), want);
	snprintf(want, sizeof want, "+%s +%s*", hex(a, "会"), hex(a, "jav"));
	assert_string_equal(terms_query(a, "会 JAV"), want);
	snprintf(want, sizeof want, "+%s +%s", hex(a, "fixture"), hex(a, "会"));
	assert_string_equal(terms_query(a, "FIXTURE会"), want);
	snprintf(want, sizeof want, "+%s*", hex(a, "ab12"));
	assert_string_equal(terms_query(a, "ＡＢ１２"), want); /* full-width forms */
	assert_null(terms_query(a, "% _ ！"));
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
