/* fuzz_json.c: libFuzzer harness for the JSON body: the input as a POST body through
 * request_parse_json, then every body field helper of params.c on what it parsed. */
#include "fuzz.h"

#include "http/params.h"
#include "http/request.h"

static struct config cfg = {.max_body = 1 << 20};
static struct app app = {.cfg = &cfg};

static const char *const fields[] = {"name", "note", "years", "ids", "tags", "kind", NULL};
static const char *const kinds[] = {"employed", "studying", "other", NULL};

/* The helpers either accept (and then what they give must hold) or refuse with a 422. */
static void check(struct request *req, int rc)
{
	if (rc < 0)
		fuzz_check_refusal(req, 422);
	else if (rc != 0)
		abort();
}

static void strings(struct request *req)
{
	const char *s = NULL;
	int rc = body_string_or_422(req, "name", 2, 32, &s);
	check(req, rc);
	if (rc == 0) {
		long n = utf8_length(s);
		if (n < 2 || n > 32)
			abort();
		const char *like = like_contains(req->arena, s);
		if (like[0] != '%' || strlen(like) < strlen(s) + 2)
			abort();
	}
	rc = body_opt_string_or_422(req, "note", 200, &s);
	check(req, rc);
	if (rc == 0 && s && utf8_length(s) > 200)
		abort();
	/* As handlers do: a bounded string first, then the list of allowed values. */
	rc = body_opt_string_or_422(req, "kind", 16, &s);
	check(req, rc);
	if (rc == 0 && s)
		check(req, value_one_of_or_422(req, "kind", s, kinds));
}

static void numbers(struct request *req)
{
	long long n = 0;
	int rc = body_int_or_422(req, "years", 1, 8, &n);
	check(req, rc);
	if (rc == 0 && (n < 1 || n > 8))
		abort();
	json_t *ids = NULL, *tags = NULL, *item;
	size_t i;
	rc = body_id_array_or_422(req, "ids", &ids);
	check(req, rc);
	if (rc == 0) {
		json_array_foreach(ids, i, item)
		{
			if (json_integer_value(item) <= 0)
				abort();
		}
	}
	rc = body_string_array_or_422(req, "tags", &tags);
	check(req, rc);
	if (rc == 0) {
		json_array_foreach(tags, i, item)
		{
			if (!json_string_length(item))
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *arena = arena_new(0);
	char *body = fuzz_string(data, size);
	struct request req = fuzz_request(arena, &app, "POST", "/api/v1/fuzz");
	req.body = body;
	req.body_len = size;
	req.content_length = (long long)size;

	(void)utf8_length(body);
	if (request_parse_json(&req) < 0) {
		fuzz_check_refusal(&req, 400);
	} else {
		if (!json_is_object(req.json))
			abort();
		check(&req, body_only_or_422(&req, fields));
		strings(&req);
		numbers(&req);
	}
	fuzz_request_finish(&req);
	free(body);
	arena_free(arena);
	return 0;
}
