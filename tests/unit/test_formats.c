/* test_formats.c: mobile numbers, e-mail addresses, UTF-8 scrubbing and the review's
 * changed-field list. */
#include "unit.h"

#include "core/formats.h"
#include "resources/review.h"

static void mobiles(void **state)
{
	(void)state;
	assert_true(mobile_valid("13800138000"));
	assert_false(mobile_valid("23800138000"));  /* not a mobile prefix */
	assert_false(mobile_valid("1380013800"));   /* 10 digits */
	assert_false(mobile_valid("138001380001")); /* 12 digits */
	assert_false(mobile_valid("1380013800a"));
	assert_false(mobile_valid(""));
}

static void scrubbed(void **state)
{
	(void)state;
	char ok[] = "桥 ok", cut[] = "桥\xe6\xa1", bad[] = "a\xc0\xaf" "b\xed\xa0\x80" "c\xf4\x90\x80\x80";
	utf8_scrub(ok);
	assert_string_equal(ok, "桥 ok");
	utf8_scrub(cut); /* a character cut short */
	assert_string_equal(cut, "桥??");
	utf8_scrub(bad); /* overlong '/', a surrogate, past U+10FFFF */
	assert_string_equal(bad, "a??b???c????");
}

static void emails(void **state)
{
	(void)state;
	assert_true(email_valid("li.ming@stu.qiao.edu.cn"));
	assert_false(email_valid("li.ming"));
	assert_false(email_valid("@qiao.edu.cn"));
	assert_false(email_valid("a@b"));
	assert_false(email_valid("a@.cn"));
	assert_false(email_valid("a@b.cn."));
	assert_false(email_valid("a@b@c.cn"));
	assert_false(email_valid("a b@c.cn"));
	assert_false(email_valid("a@b.cn,c@d.cn"));
}

static void changed_fields(void **state)
{
	(void)state;
	json_t *current = json_pack("{s:s, s:n, s:i, s:s}", "phone", "13800138000", "email",
				    "enrolment_year", 2022, "effective_date", "2026-01-01");
	json_t *proposed = json_pack("{s:s, s:s, s:i, s:s}", "phone", "13800138000", "email",
				     "a@b.cn", "enrolment_year", 2021, "effective_date", "2026-02-01");
	static const char *const skip[] = {"effective_date", NULL};
	json_t *changed = review_changed_fields(current, proposed, skip);
	assert_int_equal(json_array_size(changed), 2);
	assert_string_equal(json_string_value(json_array_get(changed, 0)), "email");
	assert_string_equal(json_string_value(json_array_get(changed, 1)), "enrolment_year");
	json_decref(changed);
	changed = review_changed_fields(current, proposed, NULL);
	assert_int_equal(json_array_size(changed), 3);
	json_decref(changed);
	json_decref(current);
	json_decref(proposed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(mobiles),
	    cmocka_unit_test(emails),
	    cmocka_unit_test(scrubbed),
	    cmocka_unit_test(changed_fields),
	};
	return cmocka_run_group_tests_name("formats", tests, NULL, NULL);
}
