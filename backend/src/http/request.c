/* request.c: query-string, path-pattern and JSON-body parsing. */
#include "http/request.h"

#include <string.h>

#include "http/response.h"

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int url_decode(char *s)
{
	char *w = s;
	for (const char *r = s; *r; r++) {
		if (*r == '+') {
			*w++ = ' ';
		} else if (*r == '%') {
			int hi = hexval((unsigned char)r[1]);
			int lo = hi < 0 ? -1 : hexval((unsigned char)r[2]);
			if (lo < 0 || (hi == 0 && lo == 0))
				return -1;
			*w++ = (char)(hi * 16 + lo);
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return 0;
}

int request_parse_query(struct request *req, const char *qs)
{
	req->query = NULL;
	req->nquery = 0;
	if (!qs || !*qs)
		return 0;
	size_t cap = 1;
	for (const char *p = qs; *p; p++)
		cap += *p == '&';
	if (cap > 256)
		return -1;
	req->query = arena_alloc(req->arena, cap * sizeof(*req->query));
	char *copy = arena_strdup(req->arena, qs);
	char *save = NULL;
	for (char *part = strtok_r(copy, "&", &save); part; part = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(part, '=');
		char *value = part + strlen(part); /* "flag" alone has the empty value */
		if (eq) {
			*eq = '\0';
			value = eq + 1;
		}
		if (url_decode(part) < 0 || url_decode(value) < 0)
			return -1;
		if (!*part)
			continue;
		req->query[req->nquery++] = (struct query_pair){part, value};
	}
	return 0;
}

const char *request_query(const struct request *req, const char *key)
{
	const char *found = NULL;
	for (size_t i = 0; i < req->nquery; i++)
		if (strcmp(req->query[i].key, key) == 0)
			found = req->query[i].value;
	return found;
}

int path_match(struct arena *arena, const char *pattern, const char *path,
	       const char *params[REQUEST_MAX_PARAMS], size_t *nparams)
{
	*nparams = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			const char *seg_end = strchr(s, '/');
			size_t n = seg_end ? (size_t)(seg_end - s) : strlen(s);
			if (!close || n == 0 || *nparams == REQUEST_MAX_PARAMS)
				return 0;
			char *value = arena_strndup(arena, s, n);
			if (url_decode(value) < 0)
				return 0;
			params[(*nparams)++] = value;
			p = close + 1;
			s += n;
		} else if (*p++ != *s++) {
			return 0;
		}
	}
	return *p == '\0' && *s == '\0';
}

int request_parse_json(struct request *req)
{
	if (req->json)
		return 0;
	if (req->body_len == 0) {
		req->json = json_object();
		return 0;
	}
	json_error_t err;
	req->json = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &err);
	if (!req->json)
		return reply_error(req, ERR_BAD_REQUEST, NULL, "malformed JSON at line %d column %d: %s",
				   err.line, err.column, err.text);
	if (!json_is_object(req->json))
		return reply_error(req, ERR_BAD_REQUEST, NULL, "the body must be a JSON object");
	return 0;
}
