/* params.c: field validation that names the field in every refusal. */
#include "http/params.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "http/request.h"
#include "http/response.h"

long utf8_length(const char *s)
{
	long n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int extra;
		unsigned int cp;
		if (*p < 0x80) {
			extra = 0;
			cp = *p;
		} else if ((*p & 0xE0) == 0xC0) {
			extra = 1;
			cp = *p & 0x1F;
		} else if ((*p & 0xF0) == 0xE0) {
			extra = 2;
			cp = *p & 0x0F;
		} else if ((*p & 0xF8) == 0xF0) {
			extra = 3;
			cp = *p & 0x07;
		} else {
			return -1;
		}
		p++;
		for (int i = 0; i < extra; i++, p++) {
			if ((*p & 0xC0) != 0x80)
				return -1;
			cp = (cp << 6) | (*p & 0x3F);
		}
		/* Overlong forms, surrogates and values past U+10FFFF are not UTF-8. */
		static const unsigned int min_cp[4] = {0, 0x80, 0x800, 0x10000};
		if (cp < min_cp[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return -1;
		n++;
	}
	return n;
}

int text_has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			return 1;
	return 0;
}

/* Whether s holds a control character other than a line break or a tab. */
static int has_control_in_paragraphs(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t') || *p == 0x7F)
			return 1;
	return 0;
}

/* Validates a string value: UTF-8, length bounds, no control characters (paragraphs: line
 * breaks and tabs allowed). */
static int check_text(struct request *req, const char *field, const char *s, size_t min,
		      size_t max, int paragraphs)
{
	long len = utf8_length(s);
	if (len < 0)
		return reply_error(req, ERR_VALIDATION, field, "%s is not valid UTF-8", field);
	if ((size_t)len < min)
		return reply_error(req, ERR_VALIDATION, field,
				   min <= 1 ? "%s is required" : "%s is too short", field);
	if ((size_t)len > max)
		return reply_error(req, ERR_VALIDATION, field, "%s must be at most %zu characters",
				   field, max);
	if (paragraphs ? has_control_in_paragraphs(s) : text_has_control(s))
		return reply_error(req, ERR_VALIDATION, field, "%s must not contain control characters",
				   field);
	return 0;
}

int json_text_or_422(struct request *req, const char *field, json_t *v, size_t min, size_t max)
{
	if (!json_is_string(v))
		return reply_error(req, ERR_VALIDATION, field, "%s must be text", field);
	return check_text(req, field, json_string_value(v), min, max, 0);
}

int json_paragraphs_or_422(struct request *req, const char *field, json_t *v, size_t min,
			   size_t max)
{
	if (!json_is_string(v))
		return reply_error(req, ERR_VALIDATION, field, "%s must be text", field);
	return check_text(req, field, json_string_value(v), min, max, 1);
}

int body_string_or_422(struct request *req, const char *field, size_t min, size_t max,
		       const char **out)
{
	json_t *v = json_object_get(req->json, field);
	if (!v || json_is_null(v))
		return reply_error(req, ERR_VALIDATION, field, "%s is required", field);
	if (!json_is_string(v))
		return reply_error(req, ERR_VALIDATION, field, "%s must be a string", field);
	if (strlen(json_string_value(v)) != json_string_length(v))
		return reply_error(req, ERR_VALIDATION, field, "%s must not contain NUL", field);
	if (check_text(req, field, json_string_value(v), min ? min : 1, max, 0) < 0)
		return -1;
	*out = json_string_value(v);
	return 0;
}

int body_opt_string_or_422(struct request *req, const char *field, size_t max, const char **out)
{
	*out = NULL;
	json_t *v = json_object_get(req->json, field);
	if (!v || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0))
		return 0;
	return body_string_or_422(req, field, 0, max, out);
}

int value_one_of_or_422(struct request *req, const char *field, const char *value,
			const char *const *allowed)
{
	for (const char *const *a = allowed; *a; a++)
		if (strcmp(*a, value) == 0)
			return 0;
	return reply_error(req, ERR_VALIDATION, field, "%s \"%s\" is not allowed", field, value);
}

int body_int_or_422(struct request *req, const char *field, long long min, long long max,
		    long long *out)
{
	json_t *v = json_object_get(req->json, field);
	if (!v || json_is_null(v))
		return reply_error(req, ERR_VALIDATION, field, "%s is required", field);
	if (!json_is_integer(v))
		return reply_error(req, ERR_VALIDATION, field, "%s must be a whole number", field);
	long long n = json_integer_value(v);
	if (n < min || n > max)
		return reply_error(req, ERR_VALIDATION, field, "%s must be from %lld to %lld", field,
				   min, max);
	*out = n;
	return 0;
}

int body_opt_bool_or_422(struct request *req, const char *field, int *out)
{
	json_t *v = json_object_get(req->json, field);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return reply_error(req, ERR_VALIDATION, field, "%s must be true or false", field);
	*out = json_is_true(v);
	return 0;
}

/* Fetches an optional array field, creating an empty one when absent. */
static int array_field(struct request *req, const char *field, size_t max_items, json_t **out)
{
	json_t *v = json_object_get(req->json, field);
	if (!v || json_is_null(v)) {
		json_object_set_new(req->json, field, json_array());
		v = json_object_get(req->json, field);
	}
	if (!json_is_array(v))
		return reply_error(req, ERR_VALIDATION, field, "%s must be an array", field);
	if (json_array_size(v) > max_items)
		return reply_error(req, ERR_VALIDATION, field, "%s has more than %zu items", field,
				   max_items);
	*out = v;
	return 0;
}

int body_id_array_or_422(struct request *req, const char *field, json_t **out)
{
	if (array_field(req, field, 10000, out) < 0)
		return -1;
	size_t i;
	json_t *item;
	json_array_foreach(*out, i, item)
	{
		if (!json_is_integer(item) || json_integer_value(item) <= 0)
			return reply_error(req, ERR_VALIDATION, field,
					   "%s must hold positive whole numbers (item %zu is not)",
					   field, i + 1);
	}
	return 0;
}

int body_string_array_or_422(struct request *req, const char *field, json_t **out)
{
	if (array_field(req, field, 1000, out) < 0)
		return -1;
	size_t i;
	json_t *item;
	json_array_foreach(*out, i, item)
	{
		if (!json_is_string(item) || json_string_length(item) == 0 ||
		    json_string_length(item) > 64 ||
		    strlen(json_string_value(item)) != json_string_length(item))
			return reply_error(req, ERR_VALIDATION, field,
					   "%s must hold non-empty strings (item %zu is not)", field,
					   i + 1);
	}
	return 0;
}

int body_only_or_422(struct request *req, const char *const *allowed)
{
	const char *key;
	json_t *value;
	json_object_foreach(req->json, key, value)
	{
		int ok = 0;
		for (const char *const *a = allowed; *a && !ok; a++)
			ok = strcmp(*a, key) == 0;
		if (!ok)
			return reply_error(req, ERR_VALIDATION, key, "%s cannot be set here", key);
	}
	return 0;
}

int query_int_or_422(struct request *req, const char *key, long long min, long long max,
		     long long *out, int *present)
{
	const char *v = request_query(req, key);
	*present = 0;
	if (!v || !*v)
		return 0;
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || *end || n < min || n > max)
		return reply_error(req, ERR_VALIDATION, key, "%s must be a whole number from %lld to %lld",
				   key, min, max);
	*out = n;
	*present = 1;
	return 0;
}

int query_number_or_422(struct request *req, const char *key, double min, double max, double *out,
			int *present)
{
	const char *v = request_query(req, key);
	*present = 0;
	if (!v || !*v)
		return 0;
	char *end;
	errno = 0;
	double n = strtod(v, &end);
	if (errno || *end || !(n >= min && n <= max)) /* NaN fails both */
		return reply_error(req, ERR_VALIDATION, key, "%s must be a number from %g to %g", key, min, max);
	*out = n;
	*present = 1;
	return 0;
}

int query_string_or_422(struct request *req, const char *key, size_t max, const char **out)
{
	const char *v = request_query(req, key);
	*out = NULL;
	if (!v || !*v)
		return 0;
	if (check_text(req, key, v, 1, max, 0) < 0)
		return -1;
	*out = v;
	return 0;
}

int page_or_422(struct request *req, struct page *pg)
{
	long long page = 1, per_page = 20;
	int present;
	if (query_int_or_422(req, "page", 1, 1000000, &page, &present) < 0 ||
	    query_int_or_422(req, "per_page", 1, 200, &per_page, &present) < 0)
		return -1;
	pg->page = (long)page;
	pg->per_page = (long)per_page;
	pg->offset = (page - 1) * per_page;
	return 0;
}

int path_id_or_404(struct request *req, size_t i, long long *out)
{
	const char *s = i < req->nparams ? req->params[i] : NULL;
	if (!s || !*s || strlen(s) > 18)
		return reply_not_found(req);
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return reply_not_found(req);
	long long n = strtoll(s, NULL, 10);
	if (n <= 0)
		return reply_not_found(req);
	*out = n;
	return 0;
}

const char *like_contains(struct arena *arena, const char *q)
{
	if (!q)
		return NULL;
	char *out = arena_alloc(arena, strlen(q) * 2 + 3), *w = out;
	*w++ = '%';
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			*w++ = '\\';
		*w++ = *p;
	}
	*w++ = '%';
	*w = '\0';
	return out;
}

const char *like_prefix(const char *contains)
{
	return contains ? contains + 1 : NULL;
}
