/* params.h: typed access to body fields, query values and path ids. Each *_or_422 / _or_404
 * helper writes the error response itself and returns -1 (the handler then just returns). */
#ifndef QIAO_PARAMS_H
#define QIAO_PARAMS_H

#include "app.h"

/* A required string field of the JSON body, trimmed length within [min, max] characters
 * (UTF-8 code points), no control characters. */
/* A JSON value that must be text of min to max code points without control characters (the
 * same rule as body_string_or_422, for values inside objects and lists). 0, or -1 after 422. */
int json_text_or_422(struct request *req, const char *field, json_t *v, size_t min, size_t max);
/* The same for text written in paragraphs (a description): line breaks and tabs allowed. */
int json_paragraphs_or_422(struct request *req, const char *field, json_t *v, size_t min,
			   size_t max);
int body_string_or_422(struct request *req, const char *field, size_t min, size_t max,
		       const char **out);
/* The same, but absent or null gives *out = NULL. */
int body_opt_string_or_422(struct request *req, const char *field, size_t max, const char **out);
/* A required whole number in [min, max]. */
int body_int_or_422(struct request *req, const char *field, long long min, long long max,
		    long long *out);
/* An optional true/false: absent or null leaves *out as it is. */
int body_opt_bool_or_422(struct request *req, const char *field, int *out);
/* An optional array of positive integers (absent gives an empty array). *out is borrowed or
 * a new empty array owned by the request body. */
int body_id_array_or_422(struct request *req, const char *field, json_t **out);
/* An optional array of short strings. */
int body_string_array_or_422(struct request *req, const char *field, json_t **out);

/* value (of field) must be one of allowed, a NULL-terminated list. */
int value_one_of_or_422(struct request *req, const char *field, const char *value,
			const char *const *allowed);

/* Refuses body fields that the route does not accept (mass assignment): allowed is a
 * NULL-terminated list. */
int body_only_or_422(struct request *req, const char *const *allowed);

struct page {
	long page;
	long per_page;
	long long offset;
};
/* `page` (from 1) and `per_page` (1-200, default 20). */
int page_or_422(struct request *req, struct page *pg);

/* An optional query string value of at most max characters; absent or empty gives NULL. */
int query_string_or_422(struct request *req, const char *key, size_t max, const char **out);
/* An optional query integer in [min, max]; absent gives *present = 0. */
int query_int_or_422(struct request *req, const char *key, long long min, long long max,
		     long long *out, int *present);

/* An optional query number (decimals allowed) in [min, max]; absent gives *present = 0. */
int query_number_or_422(struct request *req, const char *key, double min, double max, double *out,
			int *present);

/* A LIKE pattern matching values that contain q literally (wildcards escaped); NULL for
 * NULL. Arena-owned. */
const char *like_contains(struct arena *arena, const char *q);
/* The pattern "starts with q" made from like_contains' answer (NULL stays NULL). */
const char *like_prefix(const char *contains);

/* Path parameter i as a positive id; anything else answers 404. */
int path_id_or_404(struct request *req, size_t i, long long *out);

/* Counts UTF-8 code points; returns -1 for invalid UTF-8. */
long utf8_length(const char *s);
/* 1 when s holds a control character (below U+0020, or DEL): text the API refuses. */
int text_has_control(const char *s);

#endif
