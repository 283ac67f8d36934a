/* test_idcodes.c: ID-card and credit-code check characters. */
#include "unit.h"

#include "core/idcodes.h"

static void idcards(void **state)
{
	(void)state;
	/* The worked example of GB 11643-1999. */
	assert_true(idcard_valid("11010519491231002X"));
	assert_false(idcard_valid("110105194912310021"));
	assert_false(idcard_valid("11010519491231002x"));
	assert_false(idcard_valid("11010519491231002"));
	assert_false(idcard_valid("1101051949123100AX"));
	assert_false(idcard_valid(NULL));
	assert_int_equal(idcard_check_char("11010519491231002"), 'X');
}

static void credit_codes(void **state)
{
	(void)state;
	/* The example code printed in GB 32100-2015's explanatory material. */
	assert_true(credit_code_valid("91350100M000100Y43"));
	assert_int_equal(credit_code_check_char("91350100M000100Y4"), '3');
	assert_false(credit_code_valid("91350100M000100Y44"));
	assert_false(credit_code_valid("91350100M000100I43")); /* I is not in the alphabet */
	assert_false(credit_code_valid("9135"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(idcards),
	    cmocka_unit_test(credit_codes),
	};
	return cmocka_run_group_tests_name("idcodes", tests, NULL, NULL);
}
