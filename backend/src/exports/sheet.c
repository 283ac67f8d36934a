/* sheet.c: CSV streamed page by page; xlsx built in constant memory, then sent. */
#include "exports/sheet.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "http/request.h"
#include "http/response.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The text of a cell: strings as they are, numbers without a trailing ".0". */
static const char *cell_text(json_t *v, char *buf, size_t cap)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, cap, "%.2f", json_real_value(v));
	else
		buf[0] = '\0';
	return buf;
}

/* Writes one CSV cell (quoted when needed) to out, which has room for 2 * strlen(s) + 3
 * bytes; text a spreadsheet would run as a formula gets a leading apostrophe. */
static size_t csv_quote(char *out, const char *s)
{
	char *w = out;
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	int formula = strchr("=+-@\t\r", s[0]) && s[0];
	if (quote)
		*w++ = '"';
	if (formula)
		*w++ = '\'';
	for (; *s; s++) {
		if (*s == '"')
			*w++ = '"';
		*w++ = *s;
	}
	if (quote)
		*w++ = '"';
	return (size_t)(w - out);
}

/* Appends s as a CSV cell to *buf (growing it). */
static void csv_append(char **buf, size_t *len, size_t *cap, const char *s, int first)
{
	size_t need = strlen(s) * 2 + 8;
	while (*len + need > *cap)
		*buf = xrealloc(*buf, *cap *= 2);
	if (!first)
		(*buf)[(*len)++] = ',';
	*len += csv_quote(*buf + *len, s);
}

/* Writes the header (titles) or a page of rows as CSV lines and hands them to the sink. */
static int csv_lines(const struct sheet_spec *spec, json_t *rows, struct sink *out)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = xmalloc(cap);
	if (!rows) {
		memcpy(buf, "\xEF\xBB\xBF", 3); /* the BOM makes Excel read UTF-8 */
		len = 3;
		for (size_t c = 0; c < spec->ncolumns; c++)
			csv_append(&buf, &len, &cap, spec->columns[c].title, c == 0);
		memcpy(buf + len, "\r\n", 2);
		len += 2;
	}
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		for (size_t c = 0; c < spec->ncolumns; c++) {
			char num[64];
			csv_append(&buf, &len, &cap,
				   cell_text(json_object_get(row, spec->columns[c].name), num, sizeof num),
				   c == 0);
		}
		memcpy(buf + len, "\r\n", 2);
		len += 2;
	}
	int rc = out->write(out->ctx, buf, len);
	free(buf);
	return rc;
}

/* Hands each page to write_page, the first one first; -1 when a write or the source fails. */
static int each_page(struct request *req, struct sheet_spec *spec,
		     int (*write_page)(struct sheet_spec *spec, json_t *rows, void *ctx), void *ctx)
{
	json_t *rows = spec->first;
	spec->first = NULL;
	while (rows && json_array_size(rows) > 0) {
		if (write_page(spec, rows, ctx) < 0) {
			json_decref(rows);
			return -1;
		}
		json_t *next = spec->next ? spec->next(req, spec->src, rows) : json_array();
		json_decref(rows);
		if (!next)
			return -1; /* the database failed mid-way: the file ends short */
		rows = next;
	}
	json_decref(rows);
	return 0;
}

static int csv_page(struct sheet_spec *spec, json_t *rows, void *out)
{
	return csv_lines(spec, rows, out);
}

static int csv_stream(struct request *req, struct sink *out)
{
	struct sheet_spec *spec = req->stream_ctx;
	if (csv_lines(spec, NULL, out) < 0)
		return -1;
	return each_page(req, spec, csv_page, out);
}

struct xlsx_ctx {
	lxw_worksheet *ws;
	lxw_row_t row;
};

static int xlsx_page(struct sheet_spec *spec, json_t *rows, void *ctx)
{
	struct xlsx_ctx *x = ctx;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		for (size_t c = 0; c < spec->ncolumns; c++) {
			json_t *v = json_object_get(row, spec->columns[c].name);
			/* Numbers stay numbers; codes and ID numbers stay text. */
			if (json_is_number(v))
				worksheet_write_number(x->ws, x->row, (lxw_col_t)c, json_number_value(v), NULL);
			else if (json_is_string(v))
				worksheet_write_string(x->ws, x->row, (lxw_col_t)c, json_string_value(v), NULL);
		}
		x->row++;
	}
	return 0;
}

lxw_workbook *sheet_workbook_new(struct request *req, const char **path)
{
	const char *dir = arena_printf(req->arena, "%s/tmp", req->app->cfg->var_dir);
	*path = arena_printf(req->arena, "%s/sheet-%d-%08x.xlsx", dir, (int)getpid(),
			     randombytes_random());
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = (char *)dir};
	return workbook_new_opt(*path, &opt);
}

/* Builds the whole workbook before answering, so a failure can still be a clean 503. */
static int build_xlsx(struct request *req, struct sheet_spec *spec, const char **path)
{
	lxw_workbook *wb = sheet_workbook_new(req, path);
	if (!wb)
		return -1;
	struct xlsx_ctx x = {.ws = workbook_add_worksheet(wb, spec->sheet), .row = 1};
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (size_t c = 0; c < spec->ncolumns; c++) {
		worksheet_write_string(x.ws, 0, (lxw_col_t)c, spec->columns[c].title, bold);
		worksheet_set_column(x.ws, (lxw_col_t)c, (lxw_col_t)c, 14, NULL);
	}
	int rc = each_page(req, spec, xlsx_page, &x);
	if (workbook_close(wb) != LXW_NO_ERROR)
		rc = -1;
	if (rc < 0)
		unlink(*path);
	return rc;
}

static int file_stream(struct request *req, struct sink *out)
{
	const char *path = req->stream_ctx;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	unlink(path); /* gone from the directory either way */
	if (fd < 0)
		return -1;
	char buf[1 << 16];
	ssize_t n;
	int rc = 0;
	while (rc == 0 && (n = read(fd, buf, sizeof buf)) > 0)
		rc = out->write(out->ctx, buf, (size_t)n);
	close(fd);
	return rc;
}

int sheet_send_xlsx(struct request *req, const char *path, const char *filename)
{
	return reply_stream(req, XLSX_TYPE, arena_printf(req->arena, "%s.xlsx", filename), file_stream,
			    (void *)path);
}

int sheet_format_or_422(struct request *req)
{
	const char *format = request_query(req, "format");
	if (!format || strcmp(format, "csv") == 0)
		return 0;
	if (strcmp(format, "xlsx") == 0)
		return 1;
	return reply_error(req, ERR_VALIDATION, "format", "format must be csv or xlsx");
}

int sheet_reply(struct request *req, struct sheet_spec *spec, int xlsx)
{
	char today[11];
	clock_today(today);
	const char *name = arena_printf(req->arena, "%s-%s", spec->filename, today);
	if (!xlsx)
		return reply_stream(req, "text/csv; charset=utf-8",
				    arena_printf(req->arena, "%s.csv", name), csv_stream, spec);
	const char *path;
	if (build_xlsx(req, spec, &path) < 0)
		return reply_error(req, ERR_UNAVAILABLE, NULL, "the file could not be written");
	return sheet_send_xlsx(req, path, name);
}
