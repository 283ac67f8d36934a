/* students_import.c: reads the file, checks every row against the majors setup and the code
 * tables, and writes the good rows in one transaction, a batch at a time as they are read, so
 * a worker holds one batch of rows however long the file. */
#include "imports/students_import.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/session.h"
#include "core/clock.h"
#include "core/formats.h"
#include "core/idcodes.h"
#include "core/log.h"
#include "core/strmap.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "http/params.h"
#include "http/request.h"
#include "http/response.h"
#include "exports/sheet.h"
#include "imports/import.h"
#include "resources/audit.h"
#include "resources/majors.h"
#include "resources/stats.h"
#include "resources/students.h"

enum field {
	F_STUDENT_NO,
	F_NAME,
	F_ID_CARD,
	F_GENDER,
	F_GRADUATION_YEAR,
	F_ENROLMENT_YEAR,
	F_LEVEL,
	F_COLLEGE,
	F_MAJOR,
	F_DIRECTION,
	F_PHONE,
	F_EMAIL,
	F_ORIGIN,
	F__MAX
};

static const struct import_column fields[F__MAX] = {
    [F_STUDENT_NO] = {"student_no", {"学号"}, 1, 1, "字母、数字、-和_，最长32位；同一毕业年份内不可重复"},
    [F_NAME] = {"name", {"姓名"}, 1, 0, "最多100个字"},
    [F_ID_CARD] = {"id_card", {"身份证号", "身份证号码", "身份证"}, 1, 1,
		   "18位，校验位须正确；请保持文本格式，否则Excel会截断"},
    [F_GENDER] = {"gender", {"性别"}, 0, 0, "男或女；不填则按身份证号"},
    [F_GRADUATION_YEAR] = {"graduation_year", {"毕业年份"}, 1, 0, "四位年份，如2026"},
    [F_ENROLMENT_YEAR] = {"enrolment_year", {"入学年份"}, 1, 0, "四位年份，不晚于毕业年份"},
    [F_LEVEL] = {"level", {"学历"}, 1, 0, "专科生、本科生、硕士研究生或博士研究生"},
    [F_COLLEGE] = {"college", {"学院"}, 1, 0, "与“专业设置”表中的学院完全一致"},
    [F_MAJOR] = {"major", {"专业名称", "专业"}, 1, 0, "与“专业设置”表中的专业名称完全一致（注意空格）"},
    [F_DIRECTION] = {"direction", {"专业方向"}, 0, 0, "专业有多个方向时必填，与“专业设置”一致"},
    [F_PHONE] = {"phone", {"手机号", "手机号码", "手机"}, 0, 1, "以1开头的11位数字"},
    [F_EMAIL] = {"email", {"邮箱", "电子邮箱", "电子邮件"}, 0, 0, NULL},
    [F_ORIGIN] = {"origin_region_code", {"生源地代码"}, 0, 1, "6位行政区划代码（GB/T 2260）"},
};

/* Rows are written this many at a time, and what is left at the end in chunks of halving size
 * (256, 128, … 1): a file of any length takes a few statements, each prepared once per
 * process. (The remainder went row by row: a 5,499-row file ran 3,500 statements for its last
 * 499 rows; now 49 for its last 379.) */
#define BATCH 512
#define BATCH_SIZES 10 /* 1, 2, 4, … BATCH */
_Static_assert(BATCH == 1 << (BATCH_SIZES - 1), "BATCH is the largest of the chunk sizes");
#define STUDENT_COLUMNS 13

enum import_stmt { IMP_MAJORS, IMP_REGIONS, IMP_EXISTING, IMP_EMPLOYMENT_KEYS, IMP_DISPATCH_KEYS,
		   IMP_ACCOUNTS_KEYS, IMP_EMPLOYMENT_IDS, IMP_DISPATCH_IDS, IMP_ACCOUNTS_IDS,
		   IMP_TALLY_IDS, IMP_TALLY_KEYS, IMP_MAPPING_GET, IMP_MAPPING_PUT, IMP_SCOPE_MAJORS,
		   IMP__MAX };

/* Joins the (student number, year) pairs of a batch, given as [{"n":…,"y":…}]. */
#define KEYS_JOIN                                                                                 \
	" FROM students s JOIN JSON_TABLE(?, '$[*]' COLUMNS (no VARCHAR(32) CHARACTER SET utf8mb4 " \
	"COLLATE utf8mb4_unicode_ci PATH '$.n', y SMALLINT UNSIGNED PATH '$.y')) j "               \
	"ON s.student_no = j.no AND s.graduation_year = j.y"
/* The students of ids [?, ?]: a batch just inserted (see write_rows). */
#define IDS_RANGE " FROM students s WHERE s.id BETWEEN ? AND ?"

/* The records every imported student has, written for a batch of them (src: which). */
#define EMPLOYMENT_OF(src) "INSERT IGNORE INTO employment (student_id) SELECT s.id" src
#define DISPATCH_OF(src) "INSERT IGNORE INTO dispatch (student_id) SELECT s.id" src
/* The counts of the student tally (sql/024) that the batch's new students add. */
#define TALLY_OF(src)                                                                             \
	"INSERT INTO student_tally (graduation_year, major_id, status, destination_code, n) "     \
	"SELECT s.graduation_year, s.major_id, s.status, IFNULL(s.destination_code, ''), "        \
	"COUNT(*)" src " GROUP BY 1, 2, 3, 4 ON DUPLICATE KEY UPDATE n = n + VALUES(n)"
/* The account waits for activation (no password); it follows the newest record. */
#define ACCOUNTS_OF(src)                                                                          \
	"INSERT INTO accounts (username, name, role, status, student_id) "                        \
	"SELECT s.student_no, s.name, 'student', 'pending', s.id" src                              \
	" ON DUPLICATE KEY UPDATE student_id = IF(accounts.role = 'student', "                     \
	"VALUES(student_id), accounts.student_id)"

static const char *const stmts[IMP__MAX] = {
    [IMP_MAJORS] = "SELECT id, college, name, level, direction FROM majors",
    [IMP_REGIONS] = "SELECT code FROM region_codes WHERE valid_from <= ? AND "
		    "(valid_to IS NULL OR valid_to >= ?)",
    /* A locking read: it sees rows another import committed after this transaction began, and
     * holds their gaps, so two imports of the same students at once end in a deadlock (the
     * request runs again, routes.c, and then finds the other's rows) rather than a duplicate. */
    [IMP_EXISTING] = "SELECT s.student_no, s.graduation_year" KEYS_JOIN " LOCK IN SHARE MODE",
    [IMP_EMPLOYMENT_KEYS] = EMPLOYMENT_OF(KEYS_JOIN),
    [IMP_DISPATCH_KEYS] = DISPATCH_OF(KEYS_JOIN),
    [IMP_ACCOUNTS_KEYS] = ACCOUNTS_OF(KEYS_JOIN),
    [IMP_EMPLOYMENT_IDS] = EMPLOYMENT_OF(IDS_RANGE),
    [IMP_DISPATCH_IDS] = DISPATCH_OF(IDS_RANGE),
    [IMP_ACCOUNTS_IDS] = ACCOUNTS_OF(IDS_RANGE),
    /* The tally counts of new students: the import keeps them, there being no insert trigger
     * on students (sql/034). */
    [IMP_TALLY_IDS] = TALLY_OF(IDS_RANGE),
    [IMP_TALLY_KEYS] = TALLY_OF(KEYS_JOIN),
    [IMP_SCOPE_MAJORS] = "SELECT college, name, level, direction, campus, code FROM majors WHERE "
			 SCOPE_FILTER("id") " ORDER BY college, level, name, direction",
    [IMP_MAPPING_GET] = "SELECT mapping AS mapping__json FROM import_mappings "
			"WHERE account_id = ? AND kind = 'students'",
    [IMP_MAPPING_PUT] = "INSERT INTO import_mappings (account_id, kind, mapping) VALUES "
			"(?, 'students', ?) ON DUPLICATE KEY UPDATE mapping = VALUES(mapping)",
};

/* One good row, ready to write. */
struct row {
	const char *v[STUDENT_COLUMNS]; /* in INSERT column order, NULL for SQL NULL */
	int year;
	int exists; /* upsert mode: the student is there already (an update, not counted) */
};

struct import {
	struct request *req;
	int where[F__MAX];       /* the file's column of each field, -1 when absent */
	struct strmap *majors;   /* "college\x1fname\x1flevel\x1fdirection" -> id (-1: ambiguous) */
	struct strmap *regions;
	struct strmap *seen;     /* "no\x1fyear" -> spreadsheet row */
	struct import_errors errors; /* one entry per failing field */
	size_t failed;           /* rows that failed */
	struct row rows[BATCH];  /* good rows not yet written */
	long row_numbers[BATCH]; /* the spreadsheet row of each */
	size_t nrows;
	struct arena *batch;     /* their values; reset after each batch is written */
	size_t written;          /* rows written so far in the transaction */
	int first_year;          /* the graduation year of the first row written */
	int upsert, atomic;
	int rc;                  /* -1 once a database step failed (the reply is set) */
};

/* ---- rows -------------------------------------------------------------------------------- */

#define row_error(im, row, field, ...) import_error(&(im)->errors, row, fields[field].name, __VA_ARGS__)

static int all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int year_of(const char *s)
{
	return all_digits(s, 4) ? atoi(s) : 0;
}

static const char *major_key(struct arena *a, const char *college, const char *name,
			     const char *level, const char *direction)
{
	return arena_printf(a, "%s\x1f%s\x1f%s\x1f%s", college, name, level, direction ? direction : "");
}

/* Checks one row; appends its errors; returns 1 when it is good (and fills out). */
static int check_row(struct import *im, const char *const *cells, size_t ncells, long rowno,
		     struct row *out)
{
	struct arena *a = im->req->arena;
	const char *v[F__MAX];
	import_values(im->batch, cells, ncells, im->where, F__MAX, v);
	size_t before = im->errors.count;
	for (int f = 0; f < F__MAX; f++)
		if (fields[f].required && !v[f])
			row_error(im, rowno, f, "%s不能为空", fields[f].headers[0]);
	if (im->errors.count > before)
		return 0;
	/* The API's text rules: a value the record's own routes would refuse is refused here. */
	for (int f = 0; f < F__MAX; f++)
		if (v[f] && text_has_control(v[f]))
			row_error(im, rowno, f, "%s含有不可见的控制字符（如换行、制表符），请删除后重新导入",
				  fields[f].headers[0]);
	if (im->errors.count > before)
		return 0;

	if (strlen(v[F_STUDENT_NO]) > 32 || strspn(v[F_STUDENT_NO], "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_") != strlen(v[F_STUDENT_NO]))
		row_error(im, rowno, F_STUDENT_NO, "学号只能由字母、数字、-和_组成，最长32位");
	if (utf8_length(v[F_NAME]) > 100)
		row_error(im, rowno, F_NAME, "姓名过长（最多100个字）");
	char *id = (char *)v[F_ID_CARD];
	if (strlen(id) == 18 && id[17] == 'x')
		id[17] = 'X';
	if (!idcard_valid(id))
		row_error(im, rowno, F_ID_CARD,
			  strlen(id) != 18 ? "身份证号应为18位（如为数字格式被截断，请将该列设为文本）"
					   : "身份证号校验位不正确");
	const char *gender = v[F_GENDER];
	if (gender && strcmp(gender, "男") && strcmp(gender, "女"))
		row_error(im, rowno, F_GENDER, "性别应填“男”或“女”");
	if (!gender && idcard_valid(id))
		gender = (id[16] - '0') % 2 ? "男" : "女"; /* the ID card's 17th digit says it */
	int year = year_of(v[F_GRADUATION_YEAR]), enrol = year_of(v[F_ENROLMENT_YEAR]);
	if (year < 1990 || year > 2100)
		row_error(im, rowno, F_GRADUATION_YEAR, "毕业年份应为四位年份，如2026");
	if (enrol < 1980 || enrol > 2100 || (year && (enrol > year || enrol < year - 12)))
		row_error(im, rowno, F_ENROLMENT_YEAR, "入学年份应为四位年份，且不晚于毕业年份");
	if (!majors_level_valid(v[F_LEVEL]))
		row_error(im, rowno, F_LEVEL, "学历应为：专科生、本科生、硕士研究生、博士研究生");
	long long major_id = 0;
	if (majors_level_valid(v[F_LEVEL])) {
		const char *key = major_key(im->batch, v[F_COLLEGE], v[F_MAJOR], v[F_LEVEL], v[F_DIRECTION]);
		if (!strmap_get(im->majors, key, &major_id))
			row_error(im, rowno, F_MAJOR,
				  "专业与专业设置不一致：%s / %s / %s%s%s 不存在（注意空格和专业方向）",
				  v[F_COLLEGE], v[F_MAJOR], v[F_LEVEL], v[F_DIRECTION] ? " / " : "",
				  v[F_DIRECTION] ? v[F_DIRECTION] : "");
		else if (major_id < 0)
			row_error(im, rowno, F_DIRECTION, "该专业有多个专业方向，请填写专业方向");
		else if (!caller_in_scope(im->req->caller, major_id))
			row_error(im, rowno, F_MAJOR, "该专业不在您管辖的专业范围内");
	}
	if (v[F_PHONE] && !mobile_valid(v[F_PHONE]))
		row_error(im, rowno, F_PHONE, "手机号应为以1开头的11位数字");
	if (v[F_EMAIL] && !email_valid(v[F_EMAIL]))
		row_error(im, rowno, F_EMAIL, "邮箱格式不正确");
	if (v[F_ORIGIN] && !strmap_get(im->regions, v[F_ORIGIN], NULL))
		row_error(im, rowno, F_ORIGIN, "生源地代码 %s 不在地区代码表中", v[F_ORIGIN]);
	if (im->errors.count > before)
		return 0;

	const char *key = arena_printf(a, "%s\x1f%d", v[F_STUDENT_NO], year);
	long long first;
	if (strmap_get(im->seen, key, &first)) {
		row_error(im, rowno, F_STUDENT_NO, "学号 %s 与第%lld行重复", v[F_STUDENT_NO], first);
		return 0;
	}
	strmap_put(im->seen, key, rowno);
	/* Stored sealed, with the blind index of each (sql/013). */
	const char *id_sealed, *id_index, *phone_sealed, *phone_index;
	if (students_pii_seal_value(im->batch, im->req->app->cfg, id, &id_sealed, &id_index) < 0 ||
	    students_pii_seal_value(im->batch, im->req->app->cfg, v[F_PHONE], &phone_sealed,
				    &phone_index) < 0)
		abort(); /* out of memory, as xmalloc */
	*out = (struct row){{v[F_STUDENT_NO], v[F_NAME], gender, id_sealed, v[F_GRADUATION_YEAR],
			     v[F_ENROLMENT_YEAR], v[F_LEVEL], arena_printf(im->batch, "%lld", major_id),
			     phone_sealed, v[F_EMAIL], v[F_ORIGIN], id_index, phone_index},
			    year, 0};
	return 1;
}

/* ---- lookups ----------------------------------------------------------------------------- */

static int load_lookups(struct import *im)
{
	struct app *app = im->req->app;
	struct arena *a = im->req->arena;
	im->majors = strmap_new(a);
	im->regions = strmap_new(a);
	im->seen = strmap_new(a);
	json_t *majors = db_rows(app->db, stmts[IMP_MAJORS], DB_NOARGS);
	int year = clock_year();
	json_t *regions = majors ? db_rows(app->db, stmts[IMP_REGIONS],
					   DB_ARGS(DB_INT(year), DB_INT(year)))
				 : NULL;
	if (!regions) {
		json_decref(majors);
		return reply_db_failure(im->req);
	}
	size_t i;
	json_t *m;
	json_array_foreach(majors, i, m)
	{
		const char *college = json_string_value(json_object_get(m, "college"));
		const char *name = json_string_value(json_object_get(m, "name"));
		const char *level = json_string_value(json_object_get(m, "level"));
		const char *direction = json_string_value(json_object_get(m, "direction"));
		long long id = json_integer_value(json_object_get(m, "id"));
		strmap_put(im->majors, major_key(a, college, name, level, direction), id);
		/* A file without a direction column names the major alone: unique, or ambiguous. */
		if (direction && *direction) {
			const char *bare = major_key(a, college, name, level, NULL);
			long long other;
			if (!strmap_get(im->majors, bare, &other))
				strmap_put(im->majors, bare, id);
			else if (other != id)
				strmap_put(im->majors, bare, -1);
		}
	}
	json_array_foreach(regions, i, m)
	{
		strmap_put(im->regions, json_string_value(json_object_get(m, "code")), 1);
	}
	json_decref(majors);
	json_decref(regions);
	return 0;
}

/* [{"n": student number, "y": year}, …] for rows [from, to), or only their new students.
 * Caller frees. */
static char *keys_json(const struct import *im, size_t from, size_t to, int only_new)
{
	json_t *keys = json_array();
	for (size_t i = from; i < to; i++)
		if (!(only_new && im->rows[i].exists))
			json_array_append_new(keys, json_pack("{s:s, s:i}", "n", im->rows[i].v[0], "y",
							      im->rows[i].year));
	char *text = json_dumps(keys, JSON_COMPACT);
	json_decref(keys);
	return text;
}

/* Marks the rows held whose student number is there already for that year. */
static int mark_existing(struct import *im)
{
	char *keys = keys_json(im, 0, im->nrows, 0);
	json_t *rows = db_rows(im->req->app->db, stmts[IMP_EXISTING], DB_ARGS(DB_STR(keys)));
	free(keys);
	if (!rows)
		return reply_db_failure(im->req);
	struct strmap *existing = strmap_new(im->batch);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		strmap_put(existing,
			   arena_printf(im->batch, "%s\x1f%lld",
					json_string_value(json_object_get(r, "student_no")),
					json_integer_value(json_object_get(r, "graduation_year"))),
			   1);
	}
	json_decref(rows);
	for (i = 0; i < im->nrows; i++)
		im->rows[i].exists = strmap_get(
		    existing, arena_printf(im->batch, "%s\x1f%d", im->rows[i].v[0], im->rows[i].year), NULL);
	return 0;
}

/* In insert mode, a student number already present for that year fails its row. */
static void drop_existing(struct import *im)
{
	size_t kept = 0;
	for (size_t i = 0; i < im->nrows; i++) {
		if (im->rows[i].exists) {
			row_error(im, im->row_numbers[i], F_STUDENT_NO,
				  "已有该学生数据（学号 %s，%d届）：如为学籍异动，请修改原记录的毕业年份或专业",
				  im->rows[i].v[0], im->rows[i].year);
			im->failed++;
			continue;
		}
		im->rows[kept] = im->rows[i];
		im->row_numbers[kept++] = im->row_numbers[i];
	}
	im->nrows = kept;
}

/* ---- writing ----------------------------------------------------------------------------- */

/* The INSERT for n rows (a power of two up to BATCH); built once per process from constants
 * only. */
static const char *insert_sql(int upsert, size_t n)
{
	static char *built[2][BATCH_SIZES];
	char **slot = &built[upsert][__builtin_ctzl(n)];
	if (*slot)
		return *slot;
	static const char head[] = "INSERT INTO students (student_no, name, gender, id_card, "
				   "graduation_year, enrolment_year, level, major_id, phone, email, "
				   "origin_region_code, id_card_index, phone_index) VALUES ";
	static const char tuple[] = "(?,?,?,?,?,?,?,?,?,?,?,?,?)";
	static const char odku[] = " ON DUPLICATE KEY UPDATE name = VALUES(name), gender = "
				   "VALUES(gender), id_card = VALUES(id_card), enrolment_year = "
				   "VALUES(enrolment_year), level = VALUES(level), major_id = "
				   "VALUES(major_id), phone = VALUES(phone), email = VALUES(email), "
				   "origin_region_code = VALUES(origin_region_code), id_card_index = "
				   "VALUES(id_card_index), phone_index = VALUES(phone_index)";
	size_t len = sizeof head + n * sizeof tuple + sizeof odku;
	char *sql = malloc(len), *w = sql;
	if (!sql)
		return NULL;
	w += sprintf(w, "%s", head);
	for (size_t i = 0; i < n; i++)
		w += sprintf(w, "%s%s", i ? "," : "", tuple);
	if (upsert)
		sprintf(w, "%s", odku);
	return *slot = sql;
}

/* Upsert mode: the records that follow the students of rows [from, to), found by their keys
 * (an updated student keeps its id, so the batch's ids are not a range), and the tally counts
 * of the new ones (an updated one's change of major is counted by the update trigger). */
static int follow_keys(struct import *im, size_t from, size_t to)
{
	struct db *db = im->req->app->db;
	char *keys = keys_json(im, from, to, 0);
	char *new_keys = keys_json(im, from, to, 1);
	int rc = db_exec(db, stmts[IMP_EMPLOYMENT_KEYS], DB_ARGS(DB_STR(keys))) < 0 ||
		 db_exec(db, stmts[IMP_DISPATCH_KEYS], DB_ARGS(DB_STR(keys))) < 0 ||
		 db_exec(db, stmts[IMP_ACCOUNTS_KEYS], DB_ARGS(DB_STR(keys))) < 0 ||
		 db_exec(db, stmts[IMP_TALLY_KEYS], DB_ARGS(DB_STR(new_keys))) < 0;
	free(keys);
	free(new_keys);
	return rc ? -1 : 0;
}

/* Insert mode: the n new students hold the consecutive ids from first (one simple INSERT under
 * innodb_autoinc_lock_mode=1, set by scripts/stack), so their records and tally counts are
 * written from that range, a primary-key scan instead of a join on a JSON list. The
 * employment records, one per student, check that the range held exactly this batch. */
static int follow_ids(struct db *db, long long first, size_t n)
{
	long long last = first + (long long)n - 1;
	long long made = db_exec(db, stmts[IMP_EMPLOYMENT_IDS], DB_ARGS(DB_INT(first), DB_INT(last)));
	if (made >= 0 && made != (long long)n) {
		log_msg(LOG_ERROR, "student import: ids %lld-%lld held %lld new students, not %zu", first, last,
			  made, n);
		return -1;
	}
	return made < 0 || db_exec(db, stmts[IMP_DISPATCH_IDS], DB_ARGS(DB_INT(first), DB_INT(last))) < 0 ||
			       db_exec(db, stmts[IMP_ACCOUNTS_IDS], DB_ARGS(DB_INT(first), DB_INT(last))) < 0 ||
			       db_exec(db, stmts[IMP_TALLY_IDS], DB_ARGS(DB_INT(first), DB_INT(last))) < 0
		   ? -1
		   : 0;
}

static int write_rows(struct import *im, size_t from, size_t to)
{
	struct db *db = im->req->app->db;
	size_t n = to - from;
	struct db_param *p = xcalloc(n * STUDENT_COLUMNS, sizeof(*p));
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < STUDENT_COLUMNS; c++)
			p[i * STUDENT_COLUMNS + c] = DB_STR(im->rows[from + i].v[c]);
	const char *sql = insert_sql(im->upsert, n);
	long long rc = sql ? db_exec(db, sql, p, n * STUDENT_COLUMNS) : -1;
	free(p);
	if (rc < 0)
		return -1;
	return im->upsert ? follow_keys(im, from, to) : follow_ids(db, db_insert_id(db), n);
}

/* The reply for a failed write; the caller rolls back. */
static int write_failure(struct import *im)
{
	if (db_status(im->req->app->db) == DB_DUPLICATE)
		return reply_error(im->req, ERR_CONFLICT, "student_no",
				   "another import added some of these students at the same time; "
				   "nothing was imported, run the import again");
	return reply_db_failure(im->req);
}

/* Writes the rows held (dropping those that exist in insert mode) and frees their values.
 * Once a row failed in an atomic import nothing more is written: it will be rolled back; once
 * a database step failed (im->rc, the reply set) the rest of the file is only read. */
static void flush(struct import *im)
{
	if (im->rc == 0 && im->nrows)
		im->rc = mark_existing(im);
	if (im->rc == 0 && !im->upsert)
		drop_existing(im);
	if (im->rc == 0 && !(im->atomic && im->failed)) {
		size_t i = 0;
		int rc = 0;
		for (size_t chunk = BATCH; rc == 0 && chunk; chunk /= 2)
			for (; rc == 0 && i + chunk <= im->nrows; i += chunk)
				rc = write_rows(im, i, i + chunk);
		if (rc < 0)
			im->rc = write_failure(im);
		else if (im->nrows) {
			if (!im->written)
				im->first_year = im->rows[0].year;
			im->written += im->nrows;
		}
	}
	im->nrows = 0;
	arena_reset(im->batch);
}

/* Ends the transaction: the audit entry and commit, or a rollback when a row failed in an
 * atomic import (the 422 lists every error) or a database step failed. */
static int finish(struct import *im)
{
	struct request *req = im->req;
	struct db *db = req->app->db;
	flush(im);
	int rc = im->rc;
	if (rc == 0)
		rc = import_atomic_or_422(req, im->atomic, im->failed, &im->errors);
	if (rc == 0 && im->written) {
		json_t *detail = json_pack("{s:I, s:I, s:s}", "rows", (json_int_t)im->written, "failed",
					   (json_int_t)im->failed, "mode",
					   im->upsert ? "upsert" : "insert");
		if (audit_record(req, 0, "student.import", "student", 0, detail) < 0 ||
		    db_commit(db) < 0)
			rc = write_failure(im);
		json_decref(detail);
	}
	if (rc < 0 || !im->written) {
		db_rollback(db);
		return rc;
	}
	stats_invalidate(req->app, im->first_year);
	return 0;
}

/* ---- the handler ------------------------------------------------------------------------- */

static json_t *saved_mapping(struct request *req)
{
	json_t *row;
	if (db_row(req->app->db, &row, stmts[IMP_MAPPING_GET], DB_ARGS(DB_INT(req->caller->id))) != 1)
		return NULL;
	json_t *m = json_incref(json_object_get(row, "mapping"));
	json_decref(row);
	return m;
}

static void on_row(void *ctx, const char *const *cells, size_t n, long rowno)
{
	struct import *im = ctx;
	struct row good;
	if (!check_row(im, cells, n, rowno, &good)) {
		im->failed++;
		return;
	}
	im->row_numbers[im->nrows] = rowno;
	im->rows[im->nrows++] = good;
	if (im->nrows == BATCH)
		flush(im);
}

int students_import(struct request *req)
{
	int upsert, atomic;
	if (import_mode_or_422(req, &upsert, &atomic) < 0)
		return -1;
	struct table_reader *t = import_open_or_422(req);
	if (!t)
		return -1;
	struct import *im = arena_alloc(req->arena, sizeof(*im));
	*im = (struct import){.req = req, .errors = {json_array(), 0}, .upsert = upsert, .atomic = atomic,
			      .batch = arena_new(64 * 1024)};
	json_t *mapping = saved_mapping(req);
	int rc = load_lookups(im);
	if (rc == 0)
		rc = import_header_or_422(req, t, fields, F__MAX, mapping, im->where);
	json_decref(mapping);
	if (rc == 0 && db_begin(req->app->db) < 0)
		rc = reply_db_failure(req);
	if (rc == 0) {
		rc = import_each_row_or_422(req, t, on_row, im);
		rc = rc < 0 ? (db_rollback(req->app->db), -1) : finish(im);
	}
	table_close(t);
	if (rc == 0)
		import_reply(req, im->written, im->failed, &im->errors);
	json_decref(im->errors.list);
	arena_free(im->batch);
	return rc;
}

/* ---- field mapping and the field list ---------------------------------------------------- */

int students_import_mapping_get(struct request *req)
{
	json_t *m = saved_mapping(req);
	return reply_data(req, 200, json_pack("{s:o}", "mapping", m ? m : json_object()));
}

int students_import_mapping_put(struct request *req)
{
	static const char *const allowed[] = {"mapping", NULL};
	if (body_only_or_422(req, allowed) < 0)
		return -1;
	json_t *mapping = json_object_get(req->json, "mapping");
	if (!json_is_object(mapping) || json_object_size(mapping) > 100)
		return reply_error(req, ERR_VALIDATION, "mapping",
				   "mapping must be an object of at most 100 \"header\": \"field\" pairs");
	const char *header;
	json_t *field;
	json_object_foreach(mapping, header, field)
	{
		int known = 0;
		for (int f = 0; f < F__MAX && json_is_string(field); f++)
			known |= strcmp(json_string_value(field), fields[f].name) == 0;
		if (!known || strlen(header) > 100)
			return reply_error(req, ERR_VALIDATION, "mapping",
					   "\"%s\" must map to one of the importable fields", header);
	}
	/* Headers are matched after the same clean-up as the file's own. */
	json_t *clean = json_object();
	json_object_foreach(mapping, header, field)
	{
		json_object_set(clean, import_header_key(req->arena, header), field);
	}
	char *text = json_dumps(clean, JSON_COMPACT);
	struct db *db = req->app->db;
	int rc = db_begin(db) < 0 ||
		 db_exec(db, stmts[IMP_MAPPING_PUT], DB_ARGS(DB_INT(req->caller->id), DB_STR(text))) < 0 ||
		 audit_record(req, 0, "student.import_mapping", "account", req->caller->id, clean) < 0 ||
		 db_commit(db) < 0;
	free(text);
	if (rc) {
		db_rollback(db);
		json_decref(clean);
		return reply_db_failure(req);
	}
	return reply_data(req, 200, json_pack("{s:o}", "mapping", clean));
}

int students_import_fields(struct request *req)
{
	json_t *list = json_array();
	for (int f = 0; f < F__MAX; f++) {
		json_t *names = json_array();
		for (int k = 0; k < 3 && fields[f].headers[k]; k++)
			json_array_append_new(names, json_string(fields[f].headers[k]));
		json_array_append_new(list, json_pack("{s:s, s:o, s:b}", "field", fields[f].name,
						      "headers", names, "required", fields[f].required));
	}
	return reply_data(req, 200, list);
}

int students_import_template(struct request *req)
{
	static const struct sheet_column majors[] = {
	    {"college", "学院"}, {"name", "专业名称"}, {"level", "学历"},
	    {"direction", "专业方向"}, {"campus", "校区"}, {"code", "专业代码"},
	};
	const char *scope = caller_scope_json(req);
	json_t *rows = db_rows(req->app->db, stmts[IMP_SCOPE_MAJORS], DB_ARGS(DB_STR(scope), DB_STR(scope)));
	if (!rows)
		return reply_db_failure(req);
	struct import_template tpl = {.filename = "students-import-template",
				      .sheet = "学生",
				      .columns = fields,
				      .ncolumns = F__MAX,
				      .reference_sheet = "专业设置",
				      .reference_columns = majors,
				      .nreference = sizeof majors / sizeof majors[0],
				      .reference_rows = rows};
	int rc = import_template_reply(req, &tpl);
	json_decref(rows);
	return rc;
}
