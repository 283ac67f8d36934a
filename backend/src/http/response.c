/* response.c: builds and serialises the response envelope of every answer. */
#include "http/response.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/formats.h"
#include "db/db.h"
#include "http/params.h"

static const struct {
	int status;
	const char *code;
	const char *reason;
} kinds[ERR__MAX] = {
    [ERR_BAD_REQUEST] = {400, "bad_request", "Bad Request"},
    [ERR_VALIDATION] = {422, "validation", "Unprocessable Entity"},
    [ERR_UNAUTHORIZED] = {401, "unauthorized", "Unauthorized"},
    [ERR_FORBIDDEN] = {403, "forbidden", "Forbidden"},
    [ERR_NOT_FOUND] = {404, "not_found", "Not Found"},
    [ERR_METHOD_NOT_ALLOWED] = {405, "method_not_allowed", "Method Not Allowed"},
    [ERR_CONFLICT] = {409, "conflict", "Conflict"},
    [ERR_PAYLOAD_TOO_LARGE] = {413, "payload_too_large", "Payload Too Large"},
    [ERR_RATE_LIMITED] = {429, "rate_limited", "Too Many Requests"},
    [ERR_UNAVAILABLE] = {503, "unavailable", "Service Unavailable"},
    [ERR_INTERNAL] = {500, "internal", "Internal Server Error"},
};

int error_status(enum error_kind kind)
{
	return kinds[kind].status;
}

const char *error_code(enum error_kind kind)
{
	return kinds[kind].code;
}

static void set_out(struct request *req, int status, json_t *doc)
{
	req->stream = NULL; /* an error after a stream was set up replaces it */
	json_decref(req->out);
	free(req->out_text);
	req->out = doc;
	req->out_text = NULL;
	req->status = status;
}

long long count_rows(struct request *req, const char *count_sql, const struct db_param *p, size_t n)
{
	json_t *count;
	if (db_row(req->app->db, &count, count_sql, p, n) < 0)
		return -1;
	long long total = json_integer_value(json_object_get(count, "n"));
	json_decref(count);
	return total;
}

int reply_paged(struct request *req, const char *rows_sql, const char *count_sql,
		struct db_param *p, size_t n, const struct page *pg, void (*tidy)(json_t *row))
{
	long long total = count_rows(req, count_sql, p, n);
	return total < 0 ? reply_db_failure(req) : reply_page(req, rows_sql, p, n, pg, tidy, total);
}

int reply_page(struct request *req, const char *rows_sql, struct db_param *p, size_t n,
	       const struct page *pg, void (*tidy)(json_t *row), long long total)
{
	p[n] = DB_INT(pg->per_page);
	p[n + 1] = DB_INT(pg->offset);
	json_t *rows = db_rows(req->app->db, rows_sql, p, n + 2);
	if (!rows)
		return reply_db_failure(req);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		if (tidy)
			tidy(row);
	}
	return reply_list(req, rows, pg->page, pg->per_page, total);
}

void reply_reset(struct request *req)
{
	set_out(req, 200, NULL);
	req->extra_headers = NULL;
}

int reply_text(struct request *req, int status, char *envelope)
{
	set_out(req, status, NULL);
	req->out_text = envelope;
	return 0;
}

int reply_data_text(struct request *req, int status, const char *data_text)
{
	static const char head[] = "{\"data\":";
	size_t n = strlen(data_text);
	char *envelope = malloc(sizeof head - 1 + n + 2);
	if (!envelope)
		return reply_internal(req);
	memcpy(envelope, head, sizeof head - 1);
	memcpy(envelope + sizeof head - 1, data_text, n);
	memcpy(envelope + sizeof head - 1 + n, "}", 2);
	return reply_text(req, status, envelope);
}

const char *reply_serialised(struct request *req)
{
	if (!req->out_text && req->out)
		req->out_text = json_dumps(req->out, RESPONSE_JSON_FLAGS);
	return req->out_text;
}

int reply_data(struct request *req, int status, json_t *data)
{
	set_out(req, status, json_pack("{s:o}", "data", data ? data : json_object()));
	return 0;
}

int reply_list(struct request *req, json_t *rows, long page, long per_page, long long total)
{
	set_out(req, 200,
		json_pack("{s:o, s:{s:i, s:i, s:I}}", "data", rows, "meta", "page", (int)page,
			  "per_page", (int)per_page, "total", (json_int_t)total));
	return 0;
}

int reply_error(struct request *req, enum error_kind kind, const char *field, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	utf8_scrub(msg);
	json_t *err = json_pack("{s:s, s:s}", "code", kinds[kind].code, "message", msg);
	if (field)
		json_object_set_new(err, "field", json_string(field));
	set_out(req, kinds[kind].status, json_pack("{s:o}", "error", err));
	return -1;
}

int reply_not_found(struct request *req)
{
	return reply_error(req, ERR_NOT_FOUND, NULL, "not found");
}

int reply_internal(struct request *req)
{
	return reply_error(req, ERR_INTERNAL, NULL, "internal error; the request id is in the logs");
}

int reply_db_failure(struct request *req)
{
	if (db_status(req->app->db) == DB_DOWN)
		return reply_error(req, ERR_UNAVAILABLE, NULL, "the database is unavailable");
	if (db_status(req->app->db) == DB_NO_SPACE)
		return reply_error(req, ERR_UNAVAILABLE, NULL,
				   "the database server is out of disk space; try again later");
	return reply_internal(req);
}

void reply_header(struct request *req, const char *name, const char *value)
{
	req->extra_headers = arena_printf(req->arena, "%s%s: %s\r\n",
					  req->extra_headers ? req->extra_headers : "", name, value);
}

static const char *reason_of(int status)
{
	for (int i = 0; i < ERR__MAX; i++)
		if (kinds[i].status == status)
			return kinds[i].reason;
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 204:
		return "No Content";
	default:
		return "Unknown";
	}
}

int reply_stream(struct request *req, const char *content_type, const char *filename,
		 int (*stream)(struct request *req, struct sink *out), void *ctx)
{
	req->status = 200;
	req->reply_type = content_type;
	req->stream = stream;
	req->stream_ctx = ctx;
	/* RFC 6266: an ASCII fallback and the UTF-8 name. */
	reply_header(req, "Content-Disposition",
		     arena_printf(req->arena, "attachment; filename=\"%s\"", filename));
	return 0;
}

/* An open file being sent; fd is -1 once closed. */
struct file_body {
	int fd;
};

static void close_file(void *p)
{
	struct file_body *f = p;
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

static int file_stream(struct request *req, struct sink *out)
{
	struct file_body *f = req->stream_ctx;
	char buf[1 << 16];
	ssize_t n;
	int rc = 0;
	while (rc == 0 && (n = read(f->fd, buf, sizeof buf)) > 0)
		rc = out->write(out->ctx, buf, (size_t)n);
	close_file(f);
	return rc;
}

int reply_file(struct request *req, const char *content_type, const char *filename, int fd)
{
	struct file_body *f = arena_alloc(req->arena, sizeof(*f));
	f->fd = fd;
	arena_defer(req->arena, close_file, f);
	return reply_stream(req, content_type, filename, file_stream, f);
}

char *response_render(struct request *req, size_t *len, const char **head)
{
	if (req->stream && !req->out && !req->out_text) {
		*len = 0;
		*head = arena_printf(req->arena,
				     "Status: 200 OK\r\nContent-Type: %s\r\nCache-Control: no-store\r\n"
				     "X-Request-Id: %s\r\n%s\r\n",
				     req->reply_type, req->request_id ? req->request_id : "-",
				     req->extra_headers ? req->extra_headers : "");
		return NULL;
	}
	if (!req->out && !req->out_text)
		reply_internal(req);
	char *body = req->out_text ? req->out_text : json_dumps(req->out, RESPONSE_JSON_FLAGS);
	req->out_text = NULL; /* the caller owns it now */
	if (!body) {
		/* Only an invalid document (e.g. bad UTF-8 from a column) can get here. */
		reply_internal(req);
		body = json_dumps(req->out, RESPONSE_JSON_FLAGS);
	}
	*len = strlen(body);
	*head = arena_printf(req->arena,
			     "Status: %d %s\r\n"
			     "Content-Type: application/json; charset=utf-8\r\n"
			     "Cache-Control: no-store\r\n"
			     "X-Request-Id: %s\r\n"
			     "%s\r\n",
			     req->status, reason_of(req->status),
			     req->request_id ? req->request_id : "-",
			     req->extra_headers ? req->extra_headers : "");
	return body;
}
