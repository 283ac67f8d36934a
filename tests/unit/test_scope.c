/* test_scope.c: permission items and the advisor's major scope. */
#include "unit.h"

#include "auth/session.h"

static struct caller make(enum role role, int all, const char *perms, const char *majors)
{
	struct caller c = {.role = role, .all_permissions = all};
	c.permissions = json_loads(perms, 0, NULL);
	c.major_ids = json_loads(majors, 0, NULL);
	return c;
}

static void release(struct caller *c)
{
	json_decref(c->permissions);
	json_decref(c->major_ids);
}

static void permission_items(void **state)
{
	(void)state;
	struct caller adv = make(ROLE_ADVISOR, 0, "[\"students.view\",\"stats.view\"]", "[3,5]");
	assert_true(caller_can(&adv, "students.view"));
	assert_false(caller_can(&adv, "students.sensitive"));
	assert_false(caller_can(&adv, "students.vie"));
	assert_false(caller_can(NULL, "students.view"));
	struct caller admin = make(ROLE_ADMIN, 1, "[]", "[]");
	assert_true(caller_can(&admin, "students.sensitive"));
	release(&adv);
	release(&admin);
}

static void major_scope(void **state)
{
	(void)state;
	struct caller adv = make(ROLE_ADVISOR, 0, "[]", "[3,5]");
	assert_true(caller_is_scoped(&adv));
	assert_true(caller_in_scope(&adv, 3));
	assert_true(caller_in_scope(&adv, 5));
	assert_false(caller_in_scope(&adv, 4));
	struct caller none = make(ROLE_ADVISOR, 0, "[]", "[]");
	assert_false(caller_in_scope(&none, 3));
	/* Office staff are not limited to majors; their permission items limit them. */
	struct caller admin = make(ROLE_ADMIN, 0, "[]", "[]");
	assert_false(caller_is_scoped(&admin));
	assert_true(caller_in_scope(&admin, 4));
	release(&adv);
	release(&none);
	release(&admin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(permission_items),
	    cmocka_unit_test(major_scope),
	};
	return cmocka_run_group_tests_name("scope", tests, NULL, NULL);
}
