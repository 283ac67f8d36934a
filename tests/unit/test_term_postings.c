/* test_term_postings.c: the bulk load's postings, written in job_terms' primary-key order. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/term_postings.h"

static char *written(const struct term_postings *p, long long *lines)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	*lines = term_postings_write(p, f);
	assert_int_equal(fclose(f), 0);
	return text;
}

static void sorted_by_term_then_job(void **state)
{
	(void)state;
	struct term_postings *p = term_postings_new();
	term_postings_add(p, "xe5bc80 x6a617661 xe5bc80e58f91", 7);
	term_postings_add(p, "", 8); /* a job without terms adds nothing */
	term_postings_add(p, "x6a617661 xe5bc80", 9);
	term_postings_add(p, "xe5bc80", 12);
	long long lines;
	char *text = written(p, &lines);
	assert_int_equal(lines, 6);
	/* byte order: "x6..." before "xe5bc80" before "xe5bc80e5..." */
	assert_string_equal(text, "x6a617661\t7\nx6a617661\t9\n"
				  "xe5bc80\t7\nxe5bc80\t9\nxe5bc80\t12\n"
				  "xe5bc80e58f91\t7\n");
	free(text);
	term_postings_free(p);
}

static void many_jobs_grow_the_lists(void **state)
{
	(void)state;
	struct term_postings *p = term_postings_new();
	for (long long id = 1; id <= 10000; id++)
		term_postings_add(p, id % 2 ? "xb xa" : "xa", id);
	long long lines;
	char *text = written(p, &lines);
	assert_int_equal(lines, 15000);
	assert_memory_equal(text, "xa\t1\nxa\t2\n", 10);
	assert_non_null(strstr(text, "xa\t10000\nxb\t1\nxb\t3\n"));
	free(text);
	term_postings_free(p);
	term_postings_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sorted_by_term_then_job),
	    cmocka_unit_test(many_jobs_grow_the_lists),
	};
	return cmocka_run_group_tests_name("term_postings", tests, NULL, NULL);
}
