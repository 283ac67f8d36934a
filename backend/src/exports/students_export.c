/* students_export.c: CSV streamed page by page; xlsx built in constant memory, then sent. */
#include "exports/students_export.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>
#include <xlsxwriter.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/xmalloc.h"
#include "http/request.h"
#include "http/response.h"
#include "resources/audit.h"
#include "resources/students.h"

#define PAGE 2000
#define MAX_FIELDS 64

static const struct {
	const char *name;
	const char *title;
} columns[] = {
    {"student_no", "学号"},           {"name", "姓名"},
    {"gender", "性别"},               {"id_card", "身份证号"},
    {"graduation_year", "毕业年份"},  {"enrolment_year", "入学年份"},
    {"level", "学历"},                {"college", "学院"},
    {"major", "专业名称"},            {"major_id", "专业ID"},
    {"status", "学籍状态"},           {"phone", "手机号"},
    {"email", "邮箱"},                {"origin_region_code", "生源地代码"},
    {"political_status", "政治面貌"}, {"destination_code", "毕业去向代码"},
    {"destination_name", "毕业去向"}, {"destination_category", "去向类别"},
    {"employer_name", "单位名称"},    {"credit_code", "统一社会信用代码"},
    {"industry_code", "单位行业代码"}, {"region_code", "单位所在地代码"},
    {"unit_nature_code", "单位性质代码"}, {"job_title", "职位"},
    {"salary", "月薪"},               {"school", "升学院校"},
    {"effective_date", "去向生效日期"},
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

static const char default_fields[] = "student_no,name,gender,graduation_year,level,college,major,"
				     "status,phone,destination_code,destination_name,employer_name";

struct export {
	const struct students_filter *filter;
	size_t cols[MAX_FIELDS];
	size_t ncols;
	json_t *page;       /* the first page, read before the answer is committed to */
	char *xlsx_path;    /* the finished workbook (xlsx) */
	long long rows;
};

static int fields_or_422(struct request *req, struct export *ex)
{
	const char *v = request_query(req, "fields");
	char *list = arena_strdup(req->arena, v && *v ? v : default_fields), *save = NULL;
	for (char *f = strtok_r(list, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		size_t c = 0;
		while (c < NCOLUMNS && strcmp(columns[c].name, f) != 0)
			c++;
		if (c == NCOLUMNS)
			return reply_error(req, ERR_VALIDATION, "fields", "\"%s\" is not an exportable field", f);
		if (ex->ncols == MAX_FIELDS)
			return reply_error(req, ERR_VALIDATION, "fields", "too many fields");
		ex->cols[ex->ncols++] = c;
	}
	return 0;
}

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

/* Writes rows as CSV lines into one buffer and hands it to the sink. */
static int csv_page(const struct export *ex, json_t *rows, struct sink *out)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = xmalloc(cap);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		for (size_t c = 0; c < ex->ncols; c++) {
			char num[64];
			const char *s = cell_text(json_object_get(row, columns[ex->cols[c]].name), num, sizeof num);
			size_t need = strlen(s) * 2 + 8;
			if (len + need + 2 > cap) {
				while (len + need + 2 > cap)
					cap *= 2;
				buf = xrealloc(buf, cap);
			}
			if (c)
				buf[len++] = ',';
			len += csv_quote(buf + len, s);
		}
		buf[len++] = '\r';
		buf[len++] = '\n';
	}
	int rc = out->write(out->ctx, buf, len);
	free(buf);
	return rc;
}

static long long last_id(json_t *rows)
{
	return json_integer_value(json_object_get(json_array_get(rows, json_array_size(rows) - 1), "id"));
}

static int csv_stream(struct request *req, struct sink *out)
{
	struct export *ex = req->stream_ctx;
	char head[4096] = "\xEF\xBB\xBF"; /* the BOM makes Excel read UTF-8 */
	size_t len = 3;
	for (size_t c = 0; c < ex->ncols; c++)
		len += (size_t)snprintf(head + len, sizeof head - len, "%s%s", c ? "," : "",
					columns[ex->cols[c]].title);
	len += (size_t)snprintf(head + len, sizeof head - len, "\r\n");
	if (out->write(out->ctx, head, len) < 0)
		return -1;
	json_t *rows = ex->page;
	ex->page = NULL;
	while (rows && json_array_size(rows) > 0) {
		if (csv_page(ex, rows, out) < 0) {
			json_decref(rows);
			return -1;
		}
		long long after = last_id(rows);
		int full = json_array_size(rows) == PAGE;
		json_decref(rows);
		rows = full ? students_export_page(req, ex->filter, after, PAGE) : NULL;
		if (full && !rows)
			return -1; /* the database failed mid-way: the file ends short */
	}
	json_decref(rows);
	return 0;
}

/* Builds the whole workbook before answering, so a failure can still be a clean 503. */
static int build_xlsx(struct request *req, struct export *ex)
{
	const char *dir = arena_printf(req->arena, "%s/tmp", req->app->cfg->var_dir);
	ex->xlsx_path = arena_printf(req->arena, "%s/export-%d-%08x.xlsx", dir, (int)getpid(),
				     randombytes_random());
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = (char *)dir};
	lxw_workbook *wb = workbook_new_opt(ex->xlsx_path, &opt);
	if (!wb)
		return -1;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "学生");
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (size_t c = 0; c < ex->ncols; c++) {
		worksheet_write_string(ws, 0, (lxw_col_t)c, columns[ex->cols[c]].title, bold);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, 14, NULL);
	}
	lxw_row_t r = 1;
	json_t *rows = ex->page;
	ex->page = NULL;
	int rc = 0;
	while (rows && json_array_size(rows) > 0) {
		size_t i;
		json_t *row;
		json_array_foreach(rows, i, row)
		{
			for (size_t c = 0; c < ex->ncols; c++) {
				json_t *v = json_object_get(row, columns[ex->cols[c]].name);
				/* Numbers stay numbers; codes and ID numbers stay text. */
				if (json_is_number(v))
					worksheet_write_number(ws, r, (lxw_col_t)c, json_number_value(v), NULL);
				else if (json_is_string(v))
					worksheet_write_string(ws, r, (lxw_col_t)c, json_string_value(v), NULL);
			}
			r++;
		}
		ex->rows += (long long)json_array_size(rows);
		long long after = last_id(rows);
		int full = json_array_size(rows) == PAGE;
		json_decref(rows);
		rows = full ? students_export_page(req, ex->filter, after, PAGE) : NULL;
		if (full && !rows)
			rc = -1;
	}
	json_decref(rows);
	if (workbook_close(wb) != LXW_NO_ERROR)
		rc = -1;
	if (rc < 0)
		unlink(ex->xlsx_path);
	return rc;
}

static int file_stream(struct request *req, struct sink *out)
{
	struct export *ex = req->stream_ctx;
	int fd = open(ex->xlsx_path, O_RDONLY | O_CLOEXEC);
	unlink(ex->xlsx_path); /* gone from the directory either way */
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

int students_export(struct request *req)
{
	const char *format = request_query(req, "format");
	int xlsx = format && strcmp(format, "xlsx") == 0;
	if (format && !xlsx && strcmp(format, "csv") != 0)
		return reply_error(req, ERR_VALIDATION, "format", "format must be csv or xlsx");
	struct export *ex = arena_alloc(req->arena, sizeof(*ex));
	memset(ex, 0, sizeof(*ex));
	if (fields_or_422(req, ex) < 0 || !(ex->filter = students_filter_or_422(req)))
		return -1;
	ex->page = students_export_page(req, ex->filter, 0, PAGE);
	if (!ex->page)
		return reply_db_failure(req);
	json_t *detail = json_pack("{s:s, s:s?}", "format", xlsx ? "xlsx" : "csv", "query",
				   req->query_string);
	int logged = audit_record(req, 0, "student.export", "student", 0, detail);
	json_decref(detail);
	if (logged < 0) {
		json_decref(ex->page);
		return reply_db_failure(req);
	}
	char today[11];
	clock_today(today);
	if (xlsx) {
		if (build_xlsx(req, ex) < 0)
			return reply_error(req, ERR_UNAVAILABLE, NULL, "the export could not be written");
		return reply_stream(req,
				    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
				    arena_printf(req->arena, "students-%s.xlsx", today), file_stream, ex);
	}
	return reply_stream(req, "text/csv; charset=utf-8",
			    arena_printf(req->arena, "students-%s.csv", today), csv_stream, ex);
}

int students_export_fields(struct request *req)
{
	json_t *list = json_array();
	for (size_t c = 0; c < NCOLUMNS; c++)
		json_array_append_new(list, json_pack("{s:s, s:s}", "field", columns[c].name, "title",
						      columns[c].title));
	return reply_data(req, 200, list);
}
