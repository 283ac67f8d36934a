/* fuzz_path.c: libFuzzer harness for path matching: the input ("METHOD /path", or just a path
 * for GET) through path_match against every pattern of the real route table, then routes_find
 * and path_id_or_404 as the worker would call them. No handler runs. */
#include "fuzz.h"

#include <ctype.h>

#include "http/params.h"
#include "http/request.h"
#include "routes.h"

static struct config cfg = {.max_body = 1024, .max_upload = 1 << 20};
static struct app app = {.cfg = &cfg};

/* nginx hands on only methods made of capital letters, so that is all the harness makes. */
static const char *method_of(char *input, char **path)
{
	size_t n = 0;
	while (n < 8 && isupper((unsigned char)input[n]))
		n++;
	if (n == 0 || input[n] != ' ') {
		*path = input;
		return "GET";
	}
	input[n] = '\0';
	*path = input + n + 1;
	return input;
}

static size_t braces(const char *pattern)
{
	size_t n = 0;
	for (const char *p = pattern; *p; p++)
		n += *p == '{';
	return n;
}

static void match_every_pattern(struct arena *arena, const char *path)
{
	size_t count;
	const struct route *table = routes_table(&count);
	for (size_t i = 0; i < count; i++) {
		const char *params[REQUEST_MAX_PARAMS];
		size_t n;
		int hit = path_match(arena, table[i].pattern, path, params, &n);
		size_t want = braces(table[i].pattern);
		if (want == 0 && hit != (strcmp(table[i].pattern, path) == 0))
			abort();
		if (!hit)
			continue;
		if (n != want)
			abort();
		for (size_t k = 0; k < n; k++)
			if (!params[k][0])
				abort();
	}
}

static void find(struct request *req)
{
	const struct route *route = routes_find(req);
	if (!route) {
		if (req->nparams)
			abort();
		fuzz_check_refusal(req, req->status == 405 ? 405 : 404);
		return;
	}
	if (strcmp(route->method, req->method) != 0 || req->route != route->pattern ||
	    req->nparams != braces(route->pattern))
		abort();
	long long id = 0;
	if (!req->nparams)
		return;
	if (path_id_or_404(req, 0, &id) < 0)
		fuzz_check_refusal(req, 404);
	else if (id <= 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *arena = arena_new(0);
	char *input = fuzz_string(data, size), *path;
	const char *method = method_of(input, &path);
	struct request req = fuzz_request(arena, &app, method, path);

	match_every_pattern(arena, path);
	find(&req);
	fuzz_request_finish(&req);
	free(input);
	arena_free(arena);
	return 0;
}
