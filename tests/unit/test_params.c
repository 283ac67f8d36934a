/* test_params.c: query strings, JSON bodies and the field validators that name the field. */
#include "unit.h"

#include "http/params.h"
#include "http/request.h"
#include "http/response.h"

static struct config cfg = {.max_body = 1024};
static struct app app = {.cfg = &cfg};

static void query_strings(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	struct request req = unit_request(a, &app, "GET", "/", NULL);
	assert_int_equal(request_parse_query(&req, "q=%E6%A1%A5+x&page=2&page=3&empty=&=x&flag"), 0);
	assert_string_equal(request_query(&req, "q"), "桥 x");
	assert_string_equal(request_query(&req, "page"), "3"); /* the last one wins */
	assert_string_equal(request_query(&req, "empty"), "");
	assert_string_equal(request_query(&req, "flag"), "");
	assert_null(request_query(&req, "missing"));
	assert_int_equal(request_parse_query(&req, "a=%ZZ"), -1);
	assert_int_equal(request_parse_query(&req, "a=%00"), -1);
	assert_int_equal(request_parse_query(&req, "a=%4"), -1);
	arena_free(a);
}

static void json_bodies(void **state)
{
	(void)state;
	static const struct {
		const char *body;
		int status; /* 0 = parsed */
	} cases[] = {
	    {"{\"a\":1}", 0}, {"", 0},           {"{", 400},     {"[1,2]", 400},
	    {"\"x\"", 400},   {"{\"a\":1,\"a\":2}", 400}, {"{} {}", 400}, {"nul", 400},
	    {"{\"a\":\"x\\u0000y\"}", 400}, /* NUL inside a string */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct arena *a = arena_new(0);
		struct request req = unit_request(a, &app, "POST", "/", cases[i].body);
		int rc = request_parse_json(&req);
		if (cases[i].status == 0) {
			assert_int_equal(rc, 0);
			assert_true(json_is_object(req.json));
		} else {
			assert_int_equal(rc, -1);
			assert_int_equal(req.status, cases[i].status);
			assert_string_equal(unit_error_code(&req), "bad_request");
		}
		unit_request_free(&req);
		arena_free(a);
	}
}

/* Parses body and runs one validator, returning the field the error names (or ""). */
static const char *refused_field(const char *body, int (*check)(struct request *))
{
	static char field[64];
	struct arena *a = arena_new(0);
	struct request req = unit_request(a, &app, "POST", "/", body);
	assert_int_equal(request_parse_json(&req), 0);
	int rc = check(&req);
	snprintf(field, sizeof field, "%s", rc < 0 && unit_error_field(&req) ? unit_error_field(&req) : "");
	if (rc < 0)
		assert_int_equal(req.status, 422);
	unit_request_free(&req);
	arena_free(a);
	return field;
}

static int name_1_to_4(struct request *req)
{
	const char *v;
	return body_string_or_422(req, "name", 1, 4, &v);
}

static int years_1_to_8(struct request *req)
{
	long long v;
	return body_int_or_422(req, "years", 1, 8, &v);
}

static int ids(struct request *req)
{
	json_t *v;
	return body_id_array_or_422(req, "major_ids", &v);
}

static int only_name(struct request *req)
{
	static const char *const allowed[] = {"name", NULL};
	return body_only_or_422(req, allowed);
}

static void validators_name_the_field(void **state)
{
	(void)state;
	assert_string_equal(refused_field("{\"name\":\"桥梁\"}", name_1_to_4), "");
	assert_string_equal(refused_field("{\"name\":\"桥梁桥梁\"}", name_1_to_4), "");
	assert_string_equal(refused_field("{\"name\":\"桥梁桥梁桥\"}", name_1_to_4), "name");
	assert_string_equal(refused_field("{}", name_1_to_4), "name");
	assert_string_equal(refused_field("{\"name\":5}", name_1_to_4), "name");
	assert_string_equal(refused_field("{\"name\":\"a\\nb\"}", name_1_to_4), "name");
	assert_string_equal(refused_field("{\"years\":4}", years_1_to_8), "");
	assert_string_equal(refused_field("{\"years\":9}", years_1_to_8), "years");
	assert_string_equal(refused_field("{\"years\":\"4\"}", years_1_to_8), "years");
	assert_string_equal(refused_field("{\"years\":4.5}", years_1_to_8), "years");
	assert_string_equal(refused_field("{\"major_ids\":[1,2]}", ids), "");
	assert_string_equal(refused_field("{}", ids), "");
	assert_string_equal(refused_field("{\"major_ids\":[1,-2]}", ids), "major_ids");
	assert_string_equal(refused_field("{\"major_ids\":\"1\"}", ids), "major_ids");
	assert_string_equal(refused_field("{\"name\":\"x\",\"role\":\"admin\"}", only_name), "role");
}

static void utf8(void **state)
{
	(void)state;
	assert_int_equal(utf8_length("桥qiao𠀋"), 6);
	assert_int_equal(utf8_length("\xC0\xAF"), -1);         /* overlong '/' */
	assert_int_equal(utf8_length("\xED\xA0\x80"), -1);     /* surrogate */
	assert_int_equal(utf8_length("\xF4\x90\x80\x80"), -1); /* past U+10FFFF */
	assert_int_equal(utf8_length("\xE6\xA1"), -1);         /* cut short */
}

static void like_patterns(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	assert_string_equal(like_contains(a, "a_b%c\\"), "%a\\_b\\%c\\\\%");
	assert_null(like_contains(a, NULL));
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(query_strings),   cmocka_unit_test(json_bodies),
	    cmocka_unit_test(validators_name_the_field), cmocka_unit_test(utf8),
	    cmocka_unit_test(like_patterns),
	};
	return cmocka_run_group_tests_name("params", tests, NULL, NULL);
}
