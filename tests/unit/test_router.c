/* test_router.c: path patterns and the dispatch order 404 -> 405 -> 413 -> 401 -> 403. */
#include "unit.h"

#include "http/request.h"
#include "routes.h"

static struct config cfg = {.max_body = 1024, .jwt_secret = "0123456789abcdef0123456789abcdef"};
static struct app app = {.cfg = &cfg};

static void patterns(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	const char *p[REQUEST_MAX_PARAMS];
	size_t n;
	assert_true(path_match(a, "/api/v1/me", "/api/v1/me", p, &n));
	assert_int_equal(n, 0);
	assert_false(path_match(a, "/api/v1/me", "/api/v1/me/", p, &n));
	assert_false(path_match(a, "/api/v1/me", "/api/v1/m", p, &n));
	assert_true(path_match(a, "/api/v1/admin/accounts/{id}/scope", "/api/v1/admin/accounts/17/scope",
			       p, &n));
	assert_int_equal(n, 1);
	assert_string_equal(p[0], "17");
	assert_false(path_match(a, "/api/v1/admin/accounts/{id}", "/api/v1/admin/accounts/", p, &n));
	assert_false(path_match(a, "/api/v1/admin/accounts/{id}", "/api/v1/admin/accounts/1/x", p, &n));
	assert_true(path_match(a, "/x/{a}/{b}", "/x/%E6%A1%A5/2", p, &n));
	assert_int_equal(n, 2);
	assert_string_equal(p[0], "桥");
	/* An encoded NUL never reaches a handler. */
	assert_false(path_match(a, "/x/{a}", "/x/a%00b", p, &n));
	arena_free(a);
}

/* Dispatches a request built by hand and returns its status. */
static int dispatch(const char *method, const char *path, const char *auth, long long length,
		    const char **code)
{
	static char codebuf[64];
	struct arena *a = arena_new(0);
	struct request req = unit_request(a, &app, method, path, NULL);
	req.authorization = auth;
	req.content_length = length;
	routes_dispatch(&req);
	int status = req.status;
	snprintf(codebuf, sizeof codebuf, "%s", unit_error_code(&req) ? unit_error_code(&req) : "");
	*code = codebuf;
	unit_request_free(&req);
	arena_free(a);
	return status;
}

static void dispatch_order(void **state)
{
	(void)state;
	const char *code;
	assert_int_equal(dispatch("GET", "/api/v1/nothing", NULL, -1, &code), 404);
	assert_string_equal(code, "not_found");
	assert_int_equal(dispatch("DELETE", "/api/v1/me", NULL, -1, &code), 405);
	assert_string_equal(code, "method_not_allowed");
	assert_int_equal(dispatch("POST", "/api/v1/majors", NULL, 4096, &code), 413);
	assert_string_equal(code, "payload_too_large");
	assert_int_equal(dispatch("GET", "/api/v1/me", NULL, -1, &code), 401);
	assert_int_equal(dispatch("GET", "/api/v1/me", "Basic abc", -1, &code), 401);
	assert_int_equal(dispatch("GET", "/api/v1/me", "Bearer not.a.token", -1, &code), 401);
	assert_string_equal(code, "unauthorized");
}

static void every_route_is_well_formed(void **state)
{
	(void)state;
	size_t n;
	const struct route *r = routes_table(&n);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(r[i].handler);
		assert_memory_equal(r[i].pattern, "/api/v1/", 8);
		/* A permission item only makes sense on a route that needs a caller. */
		if (r[i].permission)
			assert_true(r[i].roles != 0);
		for (size_t j = 0; j < i; j++)
			assert_false(strcmp(r[i].method, r[j].method) == 0 &&
				     strcmp(r[i].pattern, r[j].pattern) == 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(patterns),
	    cmocka_unit_test(dispatch_order),
	    cmocka_unit_test(every_route_is_well_formed),
	};
	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
