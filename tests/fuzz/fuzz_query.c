/* fuzz_query.c: libFuzzer harness for the query string: the input through url_decode and
 * request_parse_query, then request_query and the typed query helpers of params.c. */
#include "fuzz.h"

#include "http/params.h"
#include "http/request.h"

static struct config cfg = {.max_body = 1024};
static struct app app = {.cfg = &cfg};

static const char *const statuses[] = {"active", "graduated", "suspended", NULL};

static void check(struct request *req, int rc)
{
	if (rc < 0)
		fuzz_check_refusal(req, 422);
	else if (rc != 0)
		abort();
}

/* Decoding never lengthens a string, and a failure is the only way out of a bad escape. */
static void decode(const char *raw)
{
	char *copy = strdup(raw);
	if (!copy)
		abort();
	if (url_decode(copy) == 0 && strlen(copy) > strlen(raw))
		abort();
	free(copy);
}

static void pairs(const struct request *req, const char *qs)
{
	size_t amps = 0;
	for (const char *p = qs; *p; p++)
		amps += *p == '&';
	if (req->nquery > amps + 1)
		abort();
	for (size_t i = 0; i < req->nquery; i++) {
		const struct query_pair *q = &req->query[i];
		if (!q->key[0] || !q->value || !request_query(req, q->key))
			abort();
	}
}

static void helpers(struct request *req)
{
	struct page pg;
	int rc = page_or_422(req, &pg);
	check(req, rc);
	if (rc == 0 && (pg.page < 1 || pg.page > 1000000 || pg.per_page < 1 ||
			pg.per_page > 200 || pg.offset != (long long)(pg.page - 1) * pg.per_page))
		abort();
	long long n = 0;
	int present = 0;
	rc = query_int_or_422(req, "major_id", 1, 9223372036854775807LL, &n, &present);
	check(req, rc);
	if (rc == 0 && present && n < 1)
		abort();
	const char *s = NULL;
	rc = query_string_or_422(req, "q", 64, &s);
	check(req, rc);
	if (rc == 0 && s && (utf8_length(s) < 1 || utf8_length(s) > 64))
		abort();
	if (rc == 0 && s && !like_contains(req->arena, s))
		abort();
	rc = query_string_or_422(req, "status", 16, &s);
	check(req, rc);
	if (rc == 0 && s)
		check(req, value_one_of_or_422(req, "status", s, statuses));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *arena = arena_new(0);
	char *qs = fuzz_string(data, size);
	struct request req = fuzz_request(arena, &app, "GET", "/api/v1/students");
	req.query_string = qs;

	decode(qs);
	if (request_parse_query(&req, qs) == 0) {
		pairs(&req, qs);
		helpers(&req);
	}
	fuzz_request_finish(&req);
	free(qs);
	arena_free(arena);
	return 0;
}
