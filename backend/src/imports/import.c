/* import.c: the parts of a spreadsheet import that do not depend on what is imported. */
#include "imports/import.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/formats.h"
#include "exports/sheet.h"
#include "http/request.h"
#include "http/response.h"

int import_mode_or_422(struct request *req, int *upsert, int *atomic)
{
	const char *mode = request_query(req, "mode");
	const char *at = request_query(req, "atomic");
	*upsert = mode && strcmp(mode, "upsert") == 0;
	if (mode && !*upsert && strcmp(mode, "insert") != 0)
		return reply_error(req, ERR_VALIDATION, "mode", "mode must be insert or upsert");
	*atomic = at && (strcmp(at, "1") == 0 || strcmp(at, "true") == 0);
	if (at && !*atomic && strcmp(at, "0") != 0 && strcmp(at, "false") != 0)
		return reply_error(req, ERR_VALIDATION, "atomic", "atomic must be 0 or 1");
	return 0;
}

struct table_reader *import_open_or_422(struct request *req)
{
	enum table_format format = table_sniff(req->body, req->body_len, req->content_type);
	if (req->body_len == 0) {
		reply_error(req, ERR_VALIDATION, "file", "the file is empty");
		return NULL;
	}
	if (format == TABLE_UNKNOWN) {
		reply_error(req, ERR_VALIDATION, "file",
			    "the file is neither CSV nor xlsx (old .xls files: save as .xlsx)");
		return NULL;
	}
	struct table_limits limits = {.max_rows = req->app->cfg->import_max_rows,
				      .max_cells = 256,
				      .max_cell_bytes = 32768,
				      .max_unzipped = 512u << 20};
	char err[256];
	struct table_reader *t = table_open(req->body, req->body_len, format, &limits, err, sizeof err);
	if (!t)
		reply_error(req, ERR_VALIDATION, "file", "%s", err);
	return t;
}

const char *import_header_key(struct arena *a, const char *cell)
{
	char *h = arena_strdup(a, cell);
	char *cut = strstr(h, "（");
	if (!cut)
		cut = strchr(h, '(');
	if (cut)
		*cut = '\0';
	size_t n = strlen(h);
	while (n && (h[n - 1] == '*' || h[n - 1] == ' '))
		h[--n] = '\0';
	while (*h == '*' || *h == ' ')
		h++;
	for (char *p = h; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return h;
}

static int column_of_header(const char *key, const struct import_column *columns, size_t n,
			    json_t *mapping)
{
	const char *mapped = json_string_value(json_object_get(mapping, key));
	for (size_t f = 0; f < n; f++) {
		if (strcmp(key, columns[f].name) == 0 || (mapped && strcmp(mapped, columns[f].name) == 0))
			return (int)f;
		for (int k = 0; k < 3 && columns[f].headers[k]; k++)
			if (strcmp(key, columns[f].headers[k]) == 0)
				return (int)f;
	}
	return -1;
}

int import_header_or_422(struct request *req, struct table_reader *t,
			 const struct import_column *columns, size_t n, json_t *mapping, int *where)
{
	char err[256];
	const char *const *cells;
	size_t ncells;
	long rowno;
	int r = table_next(t, &cells, &ncells, &rowno, err, sizeof err);
	if (r <= 0)
		return reply_error(req, ERR_VALIDATION, "file", "%s",
				   r == 0 ? "the file is empty: it has no header row" : err);
	for (size_t f = 0; f < n; f++)
		where[f] = -1;
	for (size_t c = 0; c < ncells; c++) {
		int f = column_of_header(import_header_key(req->arena, cells[c]), columns, n, mapping);
		if (f >= 0 && where[f] < 0)
			where[f] = (int)c;
	}
	for (size_t f = 0; f < n; f++)
		if (columns[f].required && where[f] < 0)
			return reply_error(req, ERR_VALIDATION, columns[f].name,
					   "the file has no %s (%s) column: check the header row or map the column",
					   columns[f].headers[0], columns[f].name);
	return 0;
}

void import_values(struct arena *a, const char *const *cells, size_t ncells, const int *where,
		   size_t n, const char **v)
{
	for (size_t f = 0; f < n; f++) {
		int c = where[f];
		v[f] = c >= 0 && (size_t)c < ncells && cells[c][0] ? arena_strdup(a, cells[c])
								 : NULL;
	}
}

int import_each_row_or_422(struct request *req, struct table_reader *t,
			   void (*on_row)(void *ctx, const char *const *cells, size_t n, long row),
			   void *ctx)
{
	char err[256];
	const char *const *cells;
	size_t n;
	long rowno, rows = 0;
	int r;
	while ((r = table_next(t, &cells, &n, &rowno, err, sizeof err)) == 1) {
		on_row(ctx, cells, n, rowno);
		rows++;
	}
	if (r < 0)
		return reply_error(req, ERR_VALIDATION, "file", "%s; nothing was imported", err);
	if (rows == 0)
		return reply_error(req, ERR_VALIDATION, "file", "the file has a header but no rows");
	return 0;
}

void import_error(struct import_errors *e, long row, const char *field, const char *fmt, ...)
{
	if (e->count++ >= IMPORT_MAX_ERRORS)
		return;
	char reason[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	utf8_scrub(reason); /* cut inside a character, it would not pack */
	json_array_append_new(e->list, json_pack("{s:I, s:s, s:s}", "row", (json_int_t)row, "field",
						 field, "reason", reason));
}

int import_atomic_or_422(struct request *req, int atomic, size_t failed,
			 const struct import_errors *e)
{
	if (!atomic || failed == 0)
		return 0;
	reply_error(req, ERR_VALIDATION, "file", "%zu rows failed; nothing was imported", failed);
	json_t *err = json_object_get(req->out, "error");
	json_object_set(err, "errors", e->list);
	json_object_set_new(err, "errors_truncated", json_boolean(e->count > IMPORT_MAX_ERRORS));
	return -1;
}

int import_reply(struct request *req, size_t imported, size_t failed, const struct import_errors *e)
{
	return reply_data(req, 200, json_pack("{s:I, s:I, s:O, s:b}", "imported", (json_int_t)imported,
					      "failed", (json_int_t)failed, "errors", e->list,
					      "errors_truncated", e->count > IMPORT_MAX_ERRORS));
}

/* ---- the template ------------------------------------------------------------------------ */

static void write_notes(lxw_workbook *wb, const struct import_template *tpl, lxw_format *bold)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "说明");
	static const char *const titles[] = {"列名", "字段", "必填", "填写说明"};
	for (lxw_col_t c = 0; c < 4; c++)
		worksheet_write_string(ws, 0, c, titles[c], bold);
	worksheet_set_column(ws, 0, 1, 18, NULL);
	worksheet_set_column(ws, 3, 3, 80, NULL);
	for (size_t i = 0; i < tpl->ncolumns; i++) {
		const struct import_column *col = &tpl->columns[i];
		lxw_row_t r = (lxw_row_t)i + 1;
		worksheet_write_string(ws, r, 0, col->headers[0], NULL);
		worksheet_write_string(ws, r, 1, col->name, NULL);
		worksheet_write_string(ws, r, 2, col->required ? "是" : "否", NULL);
		worksheet_write_string(ws, r, 3, col->note ? col->note : "", NULL);
	}
}

static void write_reference(lxw_workbook *wb, const struct import_template *tpl, lxw_format *bold)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, tpl->reference_sheet);
	for (size_t c = 0; c < tpl->nreference; c++) {
		worksheet_write_string(ws, 0, (lxw_col_t)c, tpl->reference_columns[c].title, bold);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, 22, NULL);
	}
	size_t i;
	json_t *row;
	json_array_foreach(tpl->reference_rows, i, row)
	{
		for (size_t c = 0; c < tpl->nreference; c++) {
			json_t *v = json_object_get(row, tpl->reference_columns[c].name);
			if (json_is_string(v))
				worksheet_write_string(ws, (lxw_row_t)i + 1, (lxw_col_t)c, json_string_value(v), NULL);
			else if (json_is_number(v))
				worksheet_write_number(ws, (lxw_row_t)i + 1, (lxw_col_t)c, json_number_value(v), NULL);
		}
	}
}

int import_template_reply(struct request *req, const struct import_template *tpl)
{
	const char *path;
	lxw_workbook *wb = sheet_workbook_new(req, &path);
	if (!wb)
		return reply_error(req, ERR_UNAVAILABLE, NULL, "the template could not be written");
	lxw_worksheet *ws = workbook_add_worksheet(wb, tpl->sheet);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *text = workbook_add_format(wb);
	format_set_num_format(text, "@");
	for (size_t c = 0; c < tpl->ncolumns; c++) {
		const struct import_column *col = &tpl->columns[c];
		const char *title = arena_printf(req->arena, "%s%s", col->required ? "*" : "", col->headers[0]);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, col->text ? 22 : 14,
				     col->text ? text : NULL);
		worksheet_write_string(ws, 0, (lxw_col_t)c, title, bold);
	}
	worksheet_freeze_panes(ws, 1, 0);
	write_notes(wb, tpl, bold);
	if (tpl->reference_sheet)
		write_reference(wb, tpl, bold);
	if (sheet_workbook_close(wb, path) < 0)
		return reply_error(req, ERR_UNAVAILABLE, NULL, "the template could not be written");
	return sheet_send_xlsx(req, path, tpl->filename);
}
