/* students_export.c: the filtered student list as a file, streamed from one query. */
#include "exports/students_export.h"

#include <string.h>

#include "exports/sheet.h"
#include "http/request.h"
#include "http/response.h"
#include "resources/audit.h"
#include "resources/students.h"

#define MAX_FIELDS 64

static const struct sheet_column columns[] = {
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
	struct sheet_column cols[MAX_FIELDS];
	size_t ncols;
	unsigned personal; /* the sealed fields among them (students_pii_bit) */
	/* while writing: the position in the fetched row of the id and of each chosen field
	 * (looked up on the first row) */
	struct sheet_out *out;
	int located, at[MAX_FIELDS];
	const char *values[MAX_FIELDS];
	unsigned char number[MAX_FIELDS];
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
		ex->cols[ex->ncols++] = columns[c];
		ex->personal |= students_pii_bit(f);
	}
	return 0;
}

/* Writes one fetched row as a line of the file. */
static int write_row(void *ctx, const struct db_cells *row)
{
	struct export *ex = ctx;
	if (!ex->located) {
		ex->located = 1;
		for (size_t c = 0; c < ex->ncols; c++)
			ex->at[c] = db_column(row, ex->cols[c].name);
	}
	for (size_t c = 0; c < ex->ncols; c++) {
		int k = ex->at[c];
		ex->values[c] = k < 0 ? NULL : row->text[k];
		ex->number[c] = k >= 0 && row->types[k] != DB_T_STR;
	}
	return sheet_row(ex->out, ex->values, ex->number);
}

static int export_rows(struct request *req, void *src, struct sheet_out *out)
{
	struct export *ex = src;
	ex->out = out;
	return students_export_each(req, ex->filter, ex->personal, write_row, ex) < 0 ? -1 : 0;
}

int students_export(struct request *req)
{
	struct export *ex = arena_alloc(req->arena, sizeof(*ex));
	memset(ex, 0, sizeof(*ex));
	int xlsx = sheet_format_or_422(req);
	if (xlsx < 0 || fields_or_422(req, ex) < 0 || !(ex->filter = students_filter_or_422(req)))
		return -1;
	/* Written before answering: a database that is down gives a clean 503, not an empty file. */
	json_t *detail = json_pack("{s:s, s:s?}", "format", xlsx ? "xlsx" : "csv", "query",
				   req->query_string);
	int logged = audit_record(req, 0, "student.export", "student", 0, detail);
	json_decref(detail);
	if (logged < 0)
		return reply_db_failure(req);
	struct sheet_spec *spec = arena_alloc(req->arena, sizeof(*spec));
	*spec = (struct sheet_spec){.sheet = "学生", .filename = "students", .columns = ex->cols,
				    .ncolumns = ex->ncols, .rows = export_rows, .src = ex};
	return sheet_reply(req, spec, xlsx);
}

int students_export_fields(struct request *req)
{
	json_t *list = json_array();
	for (size_t c = 0; c < NCOLUMNS; c++)
		json_array_append_new(list, json_pack("{s:s, s:s}", "field", columns[c].name, "title",
						      columns[c].title));
	return reply_data(req, 200, list);
}
