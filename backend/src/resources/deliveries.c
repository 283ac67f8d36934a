/* deliveries.c: applications seen from the career office: who applied where, how many, how far
 * they got. One filter serves the list, the figures and the export. */
#include "resources/deliveries.h"

#include <stdint.h>
#include <string.h>

#include "auth/session.h"
#include "core/clock.h"
#include "db/db.h"
#include "exports/sheet.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/audit.h"

enum deliveries_stmt {
	DL_LIST,
	DL_COUNT,
	DL_EXPORT,
	DL_BY_EMPLOYER,
	DL_BY_JOB,
	DL_BY_COLLEGE,
	DL_BY_MAJOR,
	DL_BY_STATE,
	DL_BY_DATE,
	DL__MAX
};

#define DL_FROM                                                                                   \
	" FROM applications a JOIN jobs j ON j.id = a.job_id JOIN employers e ON e.id = "           \
	"j.employer_id JOIN students s ON s.id = a.student_id JOIN majors m ON m.id = s.major_id"
#define DL_FILTER                                                                                 \
	" WHERE (? IS NULL OR a.created_at >= ?) AND (? IS NULL OR a.created_at < ? + INTERVAL 1 "  \
	"DAY) AND (? IS NULL OR j.employer_id = ?) AND (? IS NULL OR a.job_id = ?) AND (? IS NULL " \
	"OR a.fair_id = ?) AND (? IS NULL OR m.college = ?) AND (? IS NULL OR s.major_id = ?) AND " \
	"(? IS NULL OR a.state = ?) AND " SCOPE_FILTER("s.major_id")
#define DL_NFILTER 18
/* The figures of one group. */
#define DL_FIGURES                                                                                \
	"COUNT(*) AS applications, COUNT(DISTINCT a.student_id) AS students, "                      \
	"COUNT(IF(a.state = 'offer', 1, NULL)) AS offers"
#define DL_GROUP(key, label, by) "SELECT " key " AS `key`, " label " AS label, " DL_FIGURES DL_FROM DL_FILTER " GROUP BY " by
#define DL_TOP " ORDER BY applications DESC, `key` LIMIT 500"

static const char *const stmts[DL__MAX] = {
    [DL_LIST] = "SELECT a.id, a.created_at, a.state, a.fair_id, a.job_id, j.title AS job_title, "
		"j.employer_id, e.name AS employer_name, a.student_id, s.student_no, s.name AS "
		"student_name, m.college, s.major_id, m.name AS major" DL_FROM DL_FILTER
		" ORDER BY a.id DESC LIMIT ? OFFSET ?",
    [DL_COUNT] = "SELECT COUNT(*) AS n" DL_FROM DL_FILTER,
    /* the columns in the order of export_columns */
    [DL_EXPORT] = "SELECT a.created_at, s.student_no, s.name, m.college, m.name, e.name, j.title, "
		  "a.state, a.fair_id" DL_FROM DL_FILTER " ORDER BY a.id",
    [DL_BY_EMPLOYER] = DL_GROUP("j.employer_id", "MAX(e.name)", "j.employer_id") DL_TOP,
    [DL_BY_JOB] = DL_GROUP("a.job_id", "MAX(CONCAT(e.name, ' · ', j.title))", "a.job_id") DL_TOP,
    [DL_BY_COLLEGE] = DL_GROUP("m.college", "m.college", "m.college") DL_TOP,
    [DL_BY_MAJOR] = DL_GROUP("s.major_id", "MAX(CONCAT(m.college, ' · ', m.name))", "s.major_id") DL_TOP,
    [DL_BY_STATE] = DL_GROUP("a.state", "a.state", "a.state") DL_TOP,
    [DL_BY_DATE] = DL_GROUP("DATE_FORMAT(a.created_at, '%Y-%m-%d')", "DATE_FORMAT(a.created_at, '%Y-%m-%d')",
			    "DATE(a.created_at)") " ORDER BY `key` DESC LIMIT 500",
};

/* The filters of the query as parameters p[0 .. DL_NFILTER-1]: 0, or -1 after 422. */
static int filter_or_422(struct request *req, struct db_param *p)
{
	static const char *const states[] = {"delivered", "viewed",   "shortlisted", "interview",
					     "offer",     "rejected", "withdrawn",   NULL};
	const char *from, *to, *college, *state;
	long long ids[4] = {0};
	int has[4];
	static const char *const id_keys[] = {"employer_id", "job_id", "fair_id", "major_id"};
	if (query_string_or_422(req, "from", 10, &from) < 0 || query_string_or_422(req, "to", 10, &to) < 0 ||
	    query_string_or_422(req, "college", 100, &college) < 0 ||
	    query_string_or_422(req, "state", 16, &state) < 0 ||
	    (state && value_one_of_or_422(req, "state", state, states) < 0))
		return -1;
	for (size_t i = 0; i < 4; i++)
		if (query_int_or_422(req, id_keys[i], 1, INT64_MAX, &ids[i], &has[i]) < 0)
			return -1;
	if ((from && !clock_valid_date(from)) || (to && !clock_valid_date(to)))
		return reply_error(req, ERR_VALIDATION, from && !clock_valid_date(from) ? "from" : "to",
				   "dates are written YYYY-MM-DD");
	const char *scope = caller_scope_json(req);
	struct db_param id[4];
	for (size_t i = 0; i < 4; i++)
		id[i] = has[i] ? DB_INT(ids[i]) : DB_NULLV;
	const struct db_param all[DL_NFILTER] = {
	    DB_STR(from), DB_STR(from), DB_STR(to),      DB_STR(to),      id[0],        id[0],
	    id[1],        id[1],        id[2],           id[2],           DB_STR(college), DB_STR(college),
	    id[3],        id[3],        DB_STR(state),   DB_STR(state),   DB_STR(scope), DB_STR(scope)};
	memcpy(p, all, sizeof all);
	return 0;
}

int deliveries_list(struct request *req)
{
	struct page pg;
	struct db_param p[DL_NFILTER + 2];
	if (page_or_422(req, &pg) < 0 || filter_or_422(req, p) < 0)
		return -1;
	return reply_paged(req, stmts[DL_LIST], stmts[DL_COUNT], p, DL_NFILTER, &pg, NULL);
}

int deliveries_stats(struct request *req)
{
	static const char *const groups[] = {"employer", "job", "college", "major", "state", "date", NULL};
	static const enum deliveries_stmt by[] = {DL_BY_EMPLOYER, DL_BY_JOB,   DL_BY_COLLEGE,
						  DL_BY_MAJOR,    DL_BY_STATE, DL_BY_DATE};
	const char *group;
	struct db_param p[DL_NFILTER];
	if (query_string_or_422(req, "group_by", 16, &group) < 0 ||
	    (group && value_one_of_or_422(req, "group_by", group, groups) < 0) || filter_or_422(req, p) < 0)
		return -1;
	size_t g = 0;
	while (group && strcmp(groups[g], group) != 0)
		g++;
	json_t *rows = db_rows(req->app->db, stmts[by[g]], p, DL_NFILTER);
	return rows ? reply_data(req, 200, rows) : reply_db_failure(req);
}

static const struct sheet_column export_columns[] = {
    {"created_at", "投递时间"}, {"student_no", "学号"}, {"name", "姓名"},
    {"college", "学院"},        {"major", "专业"},      {"employer_name", "单位名称"},
    {"job_title", "职位"},      {"state", "状态"},      {"fair_id", "招聘会"}};
#define NEXPORT (sizeof export_columns / sizeof export_columns[0])

struct export {
	struct db_param p[DL_NFILTER];
	struct sheet_out *out;
};

static int write_row(void *ctx, const struct db_cells *row)
{
	struct export *ex = ctx;
	unsigned char number[NEXPORT];
	for (size_t c = 0; c < NEXPORT; c++)
		number[c] = row->types[c] == DB_T_INT;
	return sheet_row(ex->out, (const char *const *)row->text, number);
}

static int export_rows(struct request *req, void *src, struct sheet_out *out)
{
	struct export *ex = src;
	ex->out = out;
	return db_each(req->app->db, stmts[DL_EXPORT], ex->p, DL_NFILTER, write_row, ex) < 0 ? -1 : 0;
}

int deliveries_export(struct request *req)
{
	struct export *ex = arena_alloc(req->arena, sizeof *ex);
	int xlsx = sheet_format_or_422(req);
	if (xlsx < 0 || filter_or_422(req, ex->p) < 0)
		return -1;
	json_t *detail = json_pack("{s:s, s:s?}", "format", xlsx ? "xlsx" : "csv", "query", req->query_string);
	int logged = audit_record(req, 0, "application.export", "application", 0, detail);
	json_decref(detail);
	if (logged < 0)
		return reply_db_failure(req);
	struct sheet_spec *spec = arena_alloc(req->arena, sizeof *spec);
	*spec = (struct sheet_spec){.sheet = "简历投递", .filename = "applications", .columns = export_columns,
				    .ncolumns = NEXPORT, .rows = export_rows, .src = ex};
	return sheet_reply(req, spec, xlsx);
}
