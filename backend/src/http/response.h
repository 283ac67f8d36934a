/* response.h: the JSON envelope: {"data"}, {"data","meta"} and {"error"}. */
#ifndef QIAO_RESPONSE_H
#define QIAO_RESPONSE_H

#include "app.h"

/* How answers are serialised: compact, reals with 15 significant digits (a rate rounded to
 * 4 decimals prints as 0.6556, not 0.65559999999999996). */
#define RESPONSE_JSON_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15))

enum error_kind {
	ERR_BAD_REQUEST,
	ERR_VALIDATION,
	ERR_UNAUTHORIZED,
	ERR_FORBIDDEN,
	ERR_NOT_FOUND,
	ERR_METHOD_NOT_ALLOWED,
	ERR_CONFLICT,
	ERR_PAYLOAD_TOO_LARGE,
	ERR_RATE_LIMITED,
	ERR_UNAVAILABLE,
	ERR_INTERNAL,
	ERR__MAX
};

/* Sets {"data": data} with status; steals data. Returns 0. */
int reply_data(struct request *req, int status, json_t *data);
/* Sets {"data": rows, "meta": {page, per_page, total}}; steals rows. Returns 0. */
int reply_list(struct request *req, json_t *rows, long page, long per_page, long long total);
struct db_param;
struct page;
/* A page of a list: counts with count_sql over the n filter parameters p, then reads rows_sql
 * with p, per_page and offset (p has room for n + 2); tidy, when not NULL, adjusts each row.
 * Answers the list (or 503/500) and returns 0 or -1. */
int reply_paged(struct request *req, const char *rows_sql, const char *count_sql,
		struct db_param *p, size_t n, const struct page *pg, void (*tidy)(json_t *row));
/* The same with the total already known (a cached count). */
int reply_page(struct request *req, const char *rows_sql, struct db_param *p, size_t n,
	       const struct page *pg, void (*tidy)(json_t *row), long long total);
/* The "n" of count_sql over the n parameters p, or -1 on a database failure (nothing answered). */
long long count_rows(struct request *req, const char *count_sql, const struct db_param *p, size_t n);

/* Answers with an envelope already serialised (a cached answer): steals the malloc'd
 * text, which must be a complete JSON document. Returns 0. */
int reply_text(struct request *req, int status, char *envelope);
/* Answers {"data": …} around data_text, JSON text already serialised; copies it. Returns 0,
 * or -1 with a 500 when memory runs out. */
int reply_data_text(struct request *req, int status, const char *data_text);
/* The serialised form of the answer set so far (serialising it once, kept for the
 * response): for storing a computed answer in a cache. NULL when out of memory. */
const char *reply_serialised(struct request *req);
/* Forgets the answer set so far (the request is run again). */
void reply_reset(struct request *req);
/* Sets the error envelope; field may be NULL. Always returns -1 so handlers can
 * `return reply_error(...)`. */
int reply_error(struct request *req, enum error_kind kind, const char *field, const char *fmt,
		...) __attribute__((format(printf, 4, 5)));
/* Shorthands for the common failures. */
int reply_not_found(struct request *req);
int reply_internal(struct request *req);
/* Maps the DB layer's last failure to 503 (server down) or 500. */
int reply_db_failure(struct request *req);
/* Appends a response header line (arena-owned). */
void reply_header(struct request *req, const char *name, const char *value);

/* The HTTP status of an error kind and its code string. */
int error_status(enum error_kind kind);
const char *error_code(enum error_kind kind);

/* Answers with a file: the head says content_type and offers filename for download; the
 * worker then calls stream(req, sink) for the body. Returns 0. */
int reply_stream(struct request *req, const char *content_type, const char *filename,
		 int (*stream)(struct request *req, struct sink *out), void *ctx);
/* Answers with the contents of an open file: takes fd, which is closed when the request ends
 * however it ends. Returns 0. */
int reply_file(struct request *req, const char *content_type, const char *filename, int fd);

/* Serialises the response head and body: returns a malloc'd body (caller frees) and writes
 * the length; the head goes to head (arena-owned). For a streamed answer the body is NULL
 * and only the head is made. */
char *response_render(struct request *req, size_t *len, const char **head);

#endif
