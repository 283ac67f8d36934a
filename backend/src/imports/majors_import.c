/* majors_import.c: the registrar's majors spreadsheet (专业设置): campus, college, major,
 * direction, level, years, code; checked row by row and written in one transaction. */
#include "imports/majors_import.h"

#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "db/db.h"
#include "http/params.h"
#include "http/response.h"
#include "imports/import.h"
#include "resources/audit.h"
#include "resources/majors.h"

enum field { F_CAMPUS, F_COLLEGE, F_NAME, F_DIRECTION, F_LEVEL, F_YEARS, F_CODE, F__MAX };

static const struct import_column fields[F__MAX] = {
    [F_CAMPUS] = {"campus", {"校区"}, 0, 0, "可不填"},
    [F_COLLEGE] = {"college", {"学院", "院系"}, 1, 0, "最多100个字"},
    [F_NAME] = {"name", {"专业名称", "专业"}, 1, 0, "最多100个字；学生导入时须与此完全一致"},
    [F_DIRECTION] = {"direction", {"专业方向", "方向"}, 0, 0, "同一专业有多个方向时填写"},
    [F_LEVEL] = {"level", {"学历", "层次", "培养层次"}, 1, 0, "专科生、本科生、硕士研究生或博士研究生"},
    [F_YEARS] = {"years", {"学制"}, 1, 0, "1到8的整数"},
    [F_CODE] = {"code", {"专业代码"}, 1, 1, "教育部专业代码，如080901；请保持文本格式"},
};

enum majors_import_stmt { MI_KEYS, MI_INSERT, MI_UPSERT, MI__MAX };

#define MI_INSERT_SQL                                                                             \
	"INSERT INTO majors (campus, college, name, direction, level, years, code) "              \
	"VALUES (?, ?, ?, ?, ?, ?, ?)"

static const char *const stmts[MI__MAX] = {
    [MI_KEYS] = "SELECT college, name, level, direction FROM majors",
    [MI_INSERT] = MI_INSERT_SQL,
    [MI_UPSERT] = MI_INSERT_SQL " ON DUPLICATE KEY UPDATE campus = VALUES(campus), "
			      "years = VALUES(years), code = VALUES(code)",
};

struct import {
	struct request *req;
	int where[F__MAX];
	struct strmap *existing; /* identity -> 1 */
	struct strmap *seen;     /* identity -> spreadsheet row */
	struct import_errors errors;
	json_t *rows; /* good rows: arrays of 7 values in INSERT order */
	size_t failed;
	int upsert;
};

static const char *identity(struct arena *a, const char *college, const char *name,
			    const char *level, const char *direction)
{
	return arena_printf(a, "%s\x1f%s\x1f%s\x1f%s", college, name, level, direction ? direction : "");
}

static void on_row(void *ctx, const char *const *cells, size_t n, long rowno)
{
	struct import *im = ctx;
	const char *v[F__MAX];
	import_values(im->req->arena, cells, n, im->where, F__MAX, v);
	size_t before = im->errors.count;
	for (int f = 0; f < F__MAX; f++)
		if (fields[f].required && !v[f])
			import_error(&im->errors, rowno, fields[f].name, "%s不能为空", fields[f].headers[0]);
	static const int text[] = {F_CAMPUS, F_COLLEGE, F_NAME, F_DIRECTION};
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
		if (v[text[i]] && utf8_length(v[text[i]]) > 100)
			import_error(&im->errors, rowno, fields[text[i]].name, "%s过长（最多100个字）",
				     fields[text[i]].headers[0]);
	if (v[F_LEVEL] && !majors_level_valid(v[F_LEVEL]))
		import_error(&im->errors, rowno, "level", "学历应为：专科生、本科生、硕士研究生、博士研究生");
	char *end = NULL;
	long years = v[F_YEARS] ? strtol(v[F_YEARS], &end, 10) : 0;
	if (v[F_YEARS] && (*end || years < 1 || years > 8))
		import_error(&im->errors, rowno, "years", "学制应为1到8的整数");
	if (v[F_CODE] && strlen(v[F_CODE]) > 32)
		import_error(&im->errors, rowno, "code", "专业代码最长32位");
	if (im->errors.count > before) {
		im->failed++;
		return;
	}
	const char *key = identity(im->req->arena, v[F_COLLEGE], v[F_NAME], v[F_LEVEL], v[F_DIRECTION]);
	long long first;
	if (strmap_get(im->seen, key, &first)) {
		import_error(&im->errors, rowno, "name", "与第%lld行是同一专业（学院、专业名称、学历、方向均相同）",
			     first);
		im->failed++;
		return;
	}
	strmap_put(im->seen, key, rowno);
	if (!im->upsert && strmap_get(im->existing, key, NULL)) {
		import_error(&im->errors, rowno, "name", "该专业已存在：%s / %s / %s%s%s", v[F_COLLEGE],
			     v[F_NAME], v[F_LEVEL], v[F_DIRECTION] ? " / " : "",
			     v[F_DIRECTION] ? v[F_DIRECTION] : "");
		im->failed++;
		return;
	}
	json_array_append_new(im->rows, json_pack("[s,s,s,s,s,I,s]", v[F_CAMPUS] ? v[F_CAMPUS] : "",
						  v[F_COLLEGE], v[F_NAME],
						  v[F_DIRECTION] ? v[F_DIRECTION] : "", v[F_LEVEL],
						  (json_int_t)years, v[F_CODE]));
}

static int load_existing(struct import *im)
{
	json_t *rows = db_rows(im->req->app->db, stmts[MI_KEYS], DB_NOARGS);
	if (!rows)
		return reply_db_failure(im->req);
	size_t i;
	json_t *m;
	json_array_foreach(rows, i, m)
	{
		strmap_put(im->existing,
			   identity(im->req->arena, json_string_value(json_object_get(m, "college")),
				    json_string_value(json_object_get(m, "name")),
				    json_string_value(json_object_get(m, "level")),
				    json_string_value(json_object_get(m, "direction"))),
			   1);
	}
	json_decref(rows);
	return 0;
}

/* Every good row in one transaction: all land, or none. */
static int write_all(struct import *im)
{
	struct db *db = im->req->app->db;
	const char *sql = stmts[im->upsert ? MI_UPSERT : MI_INSERT];
	int rc = db_begin(db);
	size_t i;
	json_t *r;
	json_array_foreach(im->rows, i, r)
	{
		if (rc < 0)
			break;
		struct db_param p[7];
		for (size_t c = 0; c < 7; c++)
			p[c] = c == 5 ? DB_INT(json_integer_value(json_array_get(r, c)))
				      : DB_STR(json_string_value(json_array_get(r, c)));
		rc = db_exec(db, sql, p, 7) < 0 ? -1 : 0;
	}
	if (rc == 0) {
		json_t *detail = json_pack("{s:I, s:I, s:s}", "rows", (json_int_t)json_array_size(im->rows),
					   "failed", (json_int_t)im->failed, "mode",
					   im->upsert ? "upsert" : "insert");
		rc = audit_record(im->req, 0, "major.import", "major", 0, detail);
		json_decref(detail);
	}
	if (rc < 0 || db_commit(db) < 0) {
		int dup = db_status(db) == DB_DUPLICATE;
		db_rollback(db);
		return dup ? reply_error(im->req, ERR_CONFLICT, "name",
					 "another import added some of these majors at the same time; "
					 "nothing was imported, run the import again")
			   : reply_db_failure(im->req);
	}
	return 0;
}

int majors_import(struct request *req)
{
	int upsert, atomic;
	if (import_mode_or_422(req, &upsert, &atomic) < 0)
		return -1;
	struct table_reader *t = import_open_or_422(req);
	if (!t)
		return -1;
	struct import im = {.req = req,
			    .existing = strmap_new(req->arena),
			    .seen = strmap_new(req->arena),
			    .errors = {json_array(), 0},
			    .rows = json_array(),
			    .upsert = upsert};
	int rc = load_existing(&im);
	if (rc == 0)
		rc = import_header_or_422(req, t, fields, F__MAX, NULL, im.where);
	if (rc == 0)
		rc = import_each_row_or_422(req, t, on_row, &im);
	table_close(t);
	if (rc == 0)
		rc = import_atomic_or_422(req, atomic, im.failed, &im.errors);
	if (rc == 0 && json_array_size(im.rows))
		rc = write_all(&im);
	if (rc == 0)
		import_reply(req, json_array_size(im.rows), im.failed, &im.errors);
	json_decref(im.errors.list);
	json_decref(im.rows);
	return rc;
}

int majors_import_template(struct request *req)
{
	struct import_template tpl = {.filename = "majors-import-template",
				      .sheet = "专业设置",
				      .columns = fields,
				      .ncolumns = F__MAX};
	return import_template_reply(req, &tpl);
}
