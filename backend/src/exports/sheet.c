/* sheet.c: CSV streamed as the rows come; xlsx built in constant memory, then sent. */
#include "exports/sheet.h"

#include <fcntl.h>
#include <sys/stat.h>
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

struct sheet_out {
	const struct sheet_spec *spec;
	/* CSV: lines gathered in buf and handed to the sink when it fills */
	struct sink *csv;
	char *buf;
	size_t len, cap;
	/* xlsx */
	lxw_worksheet *ws;
	lxw_row_t row;
};

#define CSV_FLUSH (1 << 16)

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

static int csv_flush(struct sheet_out *out)
{
	int rc = out->len ? out->csv->write(out->csv->ctx, out->buf, out->len) : 0;
	out->len = 0;
	return rc;
}

/* Appends one CSV line of the values; hands the lines to the sink once enough have gathered. */
static int csv_line(struct sheet_out *out, const char *const *values)
{
	for (size_t c = 0; c < out->spec->ncolumns; c++) {
		const char *v = values[c] ? values[c] : "";
		size_t need = strlen(v) * 2 + 8;
		while (out->len + need > out->cap)
			out->buf = xrealloc(out->buf, out->cap *= 2);
		if (c)
			out->buf[out->len++] = ',';
		out->len += csv_quote(out->buf + out->len, v);
	}
	memcpy(out->buf + out->len, "\r\n", 2);
	out->len += 2;
	return out->len >= CSV_FLUSH ? csv_flush(out) : 0;
}

static void xlsx_line(struct sheet_out *out, const char *const *values, const unsigned char *number)
{
	for (size_t c = 0; c < out->spec->ncolumns; c++) {
		/* Numbers stay numbers; codes and ID numbers stay text. */
		if (!values[c])
			continue;
		if (number && number[c])
			worksheet_write_number(out->ws, out->row, (lxw_col_t)c, strtod(values[c], NULL), NULL);
		else
			worksheet_write_string(out->ws, out->row, (lxw_col_t)c, values[c], NULL);
	}
	out->row++;
}

int sheet_row(struct sheet_out *out, const char *const *values, const unsigned char *number)
{
	if (out->csv)
		return csv_line(out, values);
	xlsx_line(out, values, number);
	return 0;
}

int sheet_json_rows(struct sheet_out *out, json_t *rows)
{
	size_t n = out->spec->ncolumns;
	const char **values = xcalloc(n, sizeof(*values));
	unsigned char *number = xcalloc(n, 1);
	char *nums = xmalloc(n * 32); /* the text of numeric cells */
	int rc = 0;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		for (size_t c = 0; c < n; c++) {
			json_t *v = json_object_get(row, out->spec->columns[c].name);
			number[c] = json_is_number(v);
			values[c] = json_is_string(v) ? json_string_value(v) : number[c] ? nums + c * 32 : NULL;
			if (json_is_integer(v))
				snprintf(nums + c * 32, 32, "%lld", (long long)json_integer_value(v));
			else if (json_is_real(v))
				snprintf(nums + c * 32, 32, "%.2f", json_real_value(v));
		}
		if ((rc = sheet_row(out, values, number)) < 0)
			break;
	}
	free(nums);
	free(number);
	free(values);
	return rc;
}

static int csv_stream(struct request *req, struct sink *sink)
{
	struct sheet_spec *spec = req->stream_ctx;
	struct sheet_out out = {.spec = spec, .csv = sink, .cap = 2 * CSV_FLUSH};
	out.buf = xmalloc(out.cap);
	memcpy(out.buf, "\xEF\xBB\xBF", 3); /* the BOM makes Excel read UTF-8 */
	out.len = 3;
	const char **titles = xcalloc(spec->ncolumns, sizeof(*titles));
	for (size_t c = 0; c < spec->ncolumns; c++)
		titles[c] = spec->columns[c].title;
	int rc = csv_line(&out, titles);
	free(titles);
	if (rc == 0)
		rc = spec->rows(req, spec->src, &out);
	/* What was written is sent even after a failure: the file then ends short. */
	if (csv_flush(&out) < 0)
		rc = -1;
	free(out.buf);
	return rc;
}

lxw_workbook *sheet_workbook_new(struct request *req, const char **path)
{
	const char *dir = arena_printf(req->arena, "%s/tmp", req->app->cfg->var_dir);
	*path = arena_printf(req->arena, "%s/sheet-%d-%08x.xlsx", dir, (int)getpid(),
			     randombytes_random());
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = (char *)dir};
	return workbook_new_opt(*path, &opt);
}

/* A worksheet's temporary file in constant-memory mode, as it was before closing. */
struct sheet_tmpfile {
	FILE *fp;
	int fd;
	struct stat st;
};

#define MAX_SHEETS 8

int sheet_workbook_close(lxw_workbook *wb, const char *path)
{
	/* libxlsxwriter 1.1.4 leaves a worksheet's temporary file open when workbook_close fails
	 * (a full disk): one descriptor and the file's disk space per failed export, until the
	 * worker exits. A descriptor still on the same unlinked file afterwards was not closed
	 * by the library, so its FILE is still valid and is closed here. */
	struct sheet_tmpfile tmp[MAX_SHEETS];
	size_t n = 0;
	lxw_worksheet *ws;
	LXW_FOREACH_WORKSHEET(ws, wb)
	{
		if (n < MAX_SHEETS && ws->optimize_tmpfile) {
			tmp[n].fp = ws->optimize_tmpfile;
			tmp[n].fd = fileno(tmp[n].fp);
			if (fstat(tmp[n].fd, &tmp[n].st) == 0)
				n++;
		}
	}
	if (workbook_close(wb) == LXW_NO_ERROR)
		return 0;
	for (size_t i = 0; i < n; i++) {
		struct stat now;
		if (fstat(tmp[i].fd, &now) == 0 && now.st_dev == tmp[i].st.st_dev &&
		    now.st_ino == tmp[i].st.st_ino && now.st_nlink == 0)
			fclose(tmp[i].fp);
	}
	unlink(path);
	return -1;
}

/* Builds the whole workbook before answering, so a failure can still be a clean 503. */
static int build_xlsx(struct request *req, struct sheet_spec *spec, const char **path)
{
	lxw_workbook *wb = sheet_workbook_new(req, path);
	if (!wb)
		return -1;
	struct sheet_out out = {.spec = spec, .ws = workbook_add_worksheet(wb, spec->sheet), .row = 1};
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (size_t c = 0; c < spec->ncolumns; c++) {
		worksheet_write_string(out.ws, 0, (lxw_col_t)c, spec->columns[c].title, bold);
		worksheet_set_column(out.ws, (lxw_col_t)c, (lxw_col_t)c, 14, NULL);
	}
	int rc = spec->rows(req, spec->src, &out);
	if (sheet_workbook_close(wb, *path) < 0)
		return -1;
	if (rc < 0)
		unlink(*path);
	return rc;
}

int sheet_send_xlsx(struct request *req, const char *path, const char *filename)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	unlink(path); /* gone from the directory either way */
	if (fd < 0)
		return reply_error(req, ERR_UNAVAILABLE, NULL, "the file could not be read back");
	return reply_file(req, XLSX_TYPE, arena_printf(req->arena, "%s.xlsx", filename), fd);
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
