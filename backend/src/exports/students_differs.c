/* students_differs.c: the students whose employment record differs from the provincial
 * system's (seed §2.6.2): the province's export is uploaded, compared column by column with
 * our records, and the differing ones are answered as our values, ready to upload back. */
#include "exports/students_differs.h"

#include <stdlib.h>
#include <string.h>

#include "auth/session.h"
#include "db/db.h"
#include "exports/sheet.h"
#include "http/request.h"
#include "http/response.h"
#include "imports/import.h"
#include "resources/audit.h"

enum field {
	F_STUDENT_NO,
	F_YEAR,
	F_NAME,
	F_DESTINATION,
	F_EMPLOYER,
	F_CREDIT,
	F_INDUSTRY,
	F_REGION,
	F_NATURE,
	F_SCHOOL,
	F__MAX
};

static const struct import_column fields[F__MAX] = {
    [F_STUDENT_NO] = {"student_no", {"学号"}, 1, 1, NULL},
    [F_YEAR] = {"graduation_year", {"毕业年份", "毕业年度"}, 0, 0, NULL},
    [F_NAME] = {"name", {"姓名"}, 0, 0, NULL},
    [F_DESTINATION] = {"destination_code", {"毕业去向代码", "去向代码"}, 0, 1, NULL},
    [F_EMPLOYER] = {"employer_name", {"单位名称"}, 0, 0, NULL},
    [F_CREDIT] = {"credit_code", {"统一社会信用代码", "单位组织机构代码"}, 0, 1, NULL},
    [F_INDUSTRY] = {"industry_code", {"单位行业代码", "单位行业"}, 0, 0, NULL},
    [F_REGION] = {"region_code", {"单位所在地代码", "单位所在地"}, 0, 1, NULL},
    [F_NATURE] = {"unit_nature_code", {"单位性质代码", "单位性质"}, 0, 1, NULL},
    [F_SCHOOL] = {"school", {"升学院校"}, 0, 0, NULL},
};

static const struct sheet_column out_columns[] = {
    {"student_no", "学号"},
    {"name", "姓名"},
    {"graduation_year", "毕业年份"},
    {"college", "学院"},
    {"major", "专业名称"},
    {"destination_code", "毕业去向代码"},
    {"employer_name", "单位名称"},
    {"credit_code", "统一社会信用代码"},
    {"industry_code", "单位行业代码"},
    {"region_code", "单位所在地代码"},
    {"unit_nature_code", "单位性质代码"},
    {"job_title", "职位"},
    {"school", "升学院校"},
    {"differs", "不一致字段"},
};

/* The rows of the file are looked up this many at a time. */
#define BATCH 500

/* Our record of each listed (number, year) pair; a missing year means the newest record. */
static const char sql_records[] =
    "SELECT j.i, s.student_no, s.name, s.graduation_year, m.college, m.name AS major, "
    "e.destination_code, e.employer_name, e.credit_code, e.industry_code, e.region_code, "
    "e.unit_nature_code, e.job_title, e.school "
    "FROM JSON_TABLE(?, '$[*]' COLUMNS (i INT PATH '$.i', no VARCHAR(32) CHARACTER SET utf8mb4 "
    "COLLATE utf8mb4_unicode_ci PATH '$.n', y SMALLINT UNSIGNED PATH '$.y')) j "
    "JOIN students s ON s.student_no = j.no AND s.graduation_year = COALESCE(j.y, "
    "(SELECT MAX(s2.graduation_year) FROM students s2 WHERE s2.student_no = j.no)) "
    "JOIN majors m ON m.id = s.major_id LEFT JOIN employment e ON e.student_id = s.id "
    "WHERE " SCOPE_FILTER("s.major_id");

struct compare {
	struct request *req;
	int where[F__MAX];
	json_t *file;      /* one object per file row: "row" and the values present */
	json_t *differing; /* our records that differ, with "differs" */
	json_t *unmatched; /* [{"row","student_no"}] */
	struct import_errors errors; /* rows without a usable student number or year */
};

static void on_row(void *ctx, const char *const *cells, size_t n, long rowno)
{
	struct compare *cmp = ctx;
	const char *v[F__MAX];
	import_values(cmp->req->arena, cells, n, cmp->where, F__MAX, v);
	if (!v[F_STUDENT_NO]) {
		import_error(&cmp->errors, rowno, "student_no", "学号不能为空");
		return;
	}
	long year = v[F_YEAR] ? strtol(v[F_YEAR], NULL, 10) : 0;
	if (v[F_YEAR] && (year < 1990 || year > 2100)) {
		import_error(&cmp->errors, rowno, "graduation_year", "毕业年份应为四位年份，如2026");
		return;
	}
	json_t *row = json_pack("{s:I}", "row", (json_int_t)rowno);
	for (int f = 0; f < F__MAX; f++)
		if (cmp->where[f] >= 0 && f != F_YEAR)
			json_object_set_new(row, fields[f].name, json_string(v[f] ? v[f] : ""));
	/* An empty year cell, like a missing column, means the newest record. */
	if (year)
		json_object_set_new(row, "graduation_year", json_integer(year));
	json_array_append_new(cmp->file, row);
}

/* The names of the compared fields (those the file has, past the keys) that differ. New
 * reference. */
static json_t *differences(struct compare *cmp, json_t *theirs, json_t *ours)
{
	json_t *list = json_array();
	for (int f = F_NAME; f < F__MAX; f++) {
		if (cmp->where[f] < 0)
			continue;
		const char *a = json_string_value(json_object_get(theirs, fields[f].name));
		const char *b = json_string_value(json_object_get(ours, fields[f].name));
		if (strcmp(a ? a : "", b ? b : "") != 0)
			json_array_append_new(list, json_string(fields[f].name));
	}
	return list;
}

/* Looks up file rows [from, to) and sorts them into differing and unmatched. */
static int compare_batch(struct compare *cmp, size_t from, size_t to)
{
	json_t *keys = json_array();
	for (size_t i = from; i < to; i++) {
		json_t *r = json_array_get(cmp->file, i);
		json_t *y = json_object_get(r, "graduation_year");
		json_array_append_new(keys, json_pack("{s:I, s:O, s:O}", "i", (json_int_t)i, "n",
						      json_object_get(r, "student_no"), "y",
						      y ? y : json_null()));
	}
	char *text = json_dumps(keys, JSON_COMPACT);
	json_decref(keys);
	const char *scope = caller_scope_json(cmp->req);
	json_t *ours = db_rows(cmp->req->app->db, sql_records,
			       DB_ARGS(DB_STR(text), DB_STR(scope), DB_STR(scope)));
	free(text);
	if (!ours)
		return reply_db_failure(cmp->req);
	char *found = calloc(to - from, 1);
	size_t i;
	json_t *rec;
	json_array_foreach(ours, i, rec)
	{
		size_t at = (size_t)json_integer_value(json_object_get(rec, "i"));
		if (at < from || at >= to)
			continue;
		found[at - from] = 1;
		json_t *differs = differences(cmp, json_array_get(cmp->file, at), rec);
		if (json_array_size(differs) == 0) {
			json_decref(differs);
			continue;
		}
		json_object_del(rec, "i");
		json_object_set_new(rec, "differs", differs);
		json_array_append(cmp->differing, rec);
	}
	for (size_t k = from; k < to; k++) {
		json_t *r = json_array_get(cmp->file, k);
		if (!found[k - from])
			json_array_append_new(cmp->unmatched,
					      json_pack("{s:O, s:O}", "row", json_object_get(r, "row"),
							"student_no", json_object_get(r, "student_no")));
	}
	free(found);
	json_decref(ours);
	return 0;
}

static int format_or_422(struct request *req, int *json, int *xlsx)
{
	const char *format = request_query(req, "format");
	*json = format && strcmp(format, "json") == 0;
	*xlsx = 0;
	if (*json)
		return 0;
	*xlsx = sheet_format_or_422(req);
	return *xlsx < 0 ? -1 : 0;
}

static void release_json(void *doc)
{
	json_decref(doc);
}

static int differing_rows(struct request *req, void *differing, struct sheet_out *out)
{
	(void)req;
	return sheet_json_rows(out, differing);
}

static int answer(struct compare *cmp, int json, int xlsx)
{
	struct request *req = cmp->req;
	size_t compared = json_array_size(cmp->file) - json_array_size(cmp->unmatched);
	json_t *detail = json_pack("{s:I, s:I, s:I}", "compared", (json_int_t)compared, "differing",
				   (json_int_t)json_array_size(cmp->differing), "unmatched",
				   (json_int_t)json_array_size(cmp->unmatched));
	int logged = audit_record(req, 0, "student.export_differs", "student", 0, detail);
	json_decref(detail);
	if (logged < 0)
		return reply_db_failure(req);
	if (json)
		return reply_data(req, 200,
				  json_pack("{s:I, s:I, s:O, s:O, s:O}", "compared", (json_int_t)compared,
					    "differing", (json_int_t)json_array_size(cmp->differing),
					    "unmatched", cmp->unmatched, "errors", cmp->errors.list, "rows",
					    cmp->differing));
	/* In a file the field names are one cell. */
	size_t i;
	json_t *row;
	json_array_foreach(cmp->differing, i, row)
	{
		const char *text = "";
		size_t k;
		json_t *name;
		json_array_foreach(json_object_get(row, "differs"), k, name)
		{
			text = arena_printf(req->arena, "%s%s%s", text, k ? "," : "", json_string_value(name));
		}
		json_object_set_new(row, "differs", json_string(text));
	}
	struct sheet_spec *spec = arena_alloc(req->arena, sizeof(*spec));
	*spec = (struct sheet_spec){.sheet = "与省系统不一致",
				    .filename = "students-differing",
				    .columns = out_columns,
				    .ncolumns = sizeof out_columns / sizeof out_columns[0],
				    .rows = differing_rows,
				    .src = json_incref(cmp->differing)};
	arena_defer(req->arena, release_json, spec->src);
	return sheet_reply(req, spec, xlsx);
}

int students_export_differs(struct request *req)
{
	int json, xlsx;
	if (format_or_422(req, &json, &xlsx) < 0)
		return -1;
	struct table_reader *t = import_open_or_422(req);
	if (!t)
		return -1;
	struct compare cmp = {.req = req,
			      .file = json_array(),
			      .differing = json_array(),
			      .unmatched = json_array(),
			      .errors = {json_array(), 0}};
	int rc = import_header_or_422(req, t, fields, F__MAX, NULL, cmp.where);
	if (rc == 0)
		rc = import_each_row_or_422(req, t, on_row, &cmp);
	table_close(t);
	for (size_t i = 0; rc == 0 && i < json_array_size(cmp.file); i += BATCH) {
		size_t to = i + BATCH < json_array_size(cmp.file) ? i + BATCH : json_array_size(cmp.file);
		rc = compare_batch(&cmp, i, to);
	}
	if (rc == 0)
		rc = answer(&cmp, json, xlsx);
	json_decref(cmp.file);
	json_decref(cmp.differing);
	json_decref(cmp.unmatched);
	json_decref(cmp.errors.list);
	return rc;
}
