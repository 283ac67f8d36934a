/* stats.c: the employment rate, computed in SQL over the indexed student rows and cached in
 * Redis under a version that every relevant write bumps. */
#include "resources/stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/session.h"
#include "cache/cache.h"
#include "core/clock.h"
#include "db/db.h"
#include "http/params.h"
#include "http/response.h"

#define STATS_TTL 600

enum stats_stmt {
	ST_COLLEGE_NOW,
	ST_MAJOR_NOW,
	ST_COLLEGE_ASOF,
	ST_MAJOR_ASOF,
	ST_BY_CATEGORY,
	ST_BY_DESTINATION,
	ST_BY_UNIT_NATURE,
	ST_BY_INDUSTRY,
	ST_BY_PROVINCE,
	ST_BY_SCHOOL,
	ST_BY_SCHOOL_TIER,
	ST__MAX
};

/* The counted students: of the year, active, in the caller's scope. The live figures read
 * the tally the student triggers keep (sql/011), one row per year, major, status and
 * destination; "as of" a date reads the students, joining each one's newest approved entry
 * effective on or before the date (a join on a correlated id, not a derived table: MariaDB
 * merged that and miscounted). */
#define COUNTED(from)                                                                             \
	" FROM " from " s JOIN student_statuses st ON st.name = s.status AND st.active = 1"       \
	" JOIN majors m ON m.id = s.major_id"
#define NOW_FROM                                                                                  \
	COUNTED("student_tally") " LEFT JOIN destination_codes d ON d.code = s.destination_code"
#define ASOF_FROM                                                                                 \
	COUNTED("students")                                                                       \
	" LEFT JOIN employment_history h ON h.id = (SELECT h2.id FROM employment_history h2"      \
	" WHERE h2.student_id = s.id AND h2.state = 'approved' AND h2.effective_date <= ?"       \
	" ORDER BY h2.effective_date DESC, h2.id DESC LIMIT 1)"                                  \
	" LEFT JOIN destination_codes d ON d.code = h.destination_code"
#define WHERE " WHERE s.graduation_year = ? AND " SCOPE_FILTER("s.major_id")
/* Each counted row stands for `n` students: the tally's count, or 1 for a student row. */
#define COUNTS(n)                                                                                 \
	", CAST(SUM(" n ") AS SIGNED) AS total,"                                                  \
	" CAST(SUM(CASE WHEN d.category = 'employed' THEN " n " ELSE 0 END) AS SIGNED) AS employed," \
	" CAST(SUM(CASE WHEN d.category = 'further_study' THEN " n " ELSE 0 END) AS SIGNED)"      \
	" AS further_study"
#define BY_COLLEGE(n) "SELECT m.college AS `key`, m.college AS label" COUNTS(n)
#define BY_MAJOR(n)                                                                               \
	"SELECT m.id AS `key`, CONCAT(m.name, '（', m.level, '）') AS label, m.college" COUNTS(n)
/* Only majors with counted students are listed, as before the tally: its rows stay at n = 0
 * when their students move on. */
#define GROUP_COLLEGE " GROUP BY m.college HAVING total > 0 ORDER BY m.college"
#define GROUP_MAJOR " GROUP BY m.id HAVING total > 0 ORDER BY m.college, m.name, m.level"

/* The destinations dashboard: the counted students of the year (as above) broken down, within a
 * college or a major when drilled into. By category and code from the student tally; by the
 * employer's unit nature, industry and province (of the employed) and by the school and its tier
 * (of further study) from the destination tally (sql/025), one row per year, major, status,
 * code, dimension and value. */
#define DRILL " AND (? IS NULL OR m.college = ?) AND (? IS NULL OR m.id = ?)"
/* The counted tally rows of a dimension within the drill-down, summed by value. Statuses and
 * codes are found by their primary keys: by their flags' indexes MariaDB tried every active
 * status and every code of the category for each row, three times slower. */
#define TALLIED(dimension, category)                                                              \
	"SELECT s.value, SUM(s.n) AS n FROM destination_tally s JOIN student_statuses st FORCE "    \
	"INDEX (PRIMARY) ON st.name = s.status AND st.active = 1 JOIN majors m ON m.id = s.major_id" \
	" JOIN destination_codes d FORCE INDEX (PRIMARY) ON d.code = s.destination_code AND "      \
	"d.category = '" category "'" WHERE " AND s.dimension = '" dimension "'" DRILL             \
	" GROUP BY s.value"
/* Then named (a code's name, a school's tier) and ranked, the joins made once per value. */
#define BREAKDOWN(key, label, dimension, category, join)                                          \
	"SELECT " key " AS `key`, " label " AS label, CAST(SUM(g.n) AS SIGNED) AS count FROM ("    \
	TALLIED(dimension, category) ") g " join " GROUP BY `key` HAVING count > 0"                \
	" ORDER BY count DESC, `key` LIMIT 100"
#define NAMED(table) "LEFT JOIN " table " c ON c.code = g.value"

static const char *const stmts[ST__MAX] = {
    [ST_BY_CATEGORY] = "SELECT COALESCE(d.category, 'pending') AS `key`, COALESCE(d.category, "
		       "'pending') AS label, CAST(SUM(s.n) AS SIGNED) AS count" NOW_FROM WHERE DRILL
		       " GROUP BY `key` HAVING count > 0 ORDER BY count DESC",
    [ST_BY_DESTINATION] = "SELECT s.destination_code AS `key`, COALESCE(d.name, '未落实去向') AS label, "
			  "CAST(SUM(s.n) AS SIGNED) AS count" NOW_FROM WHERE DRILL
			  " GROUP BY s.destination_code HAVING count > 0 ORDER BY count DESC",
    [ST_BY_UNIT_NATURE] = BREAKDOWN("g.value", "COALESCE(MAX(c.name), '未填写')", "unit_nature",
				    "employed", NAMED("unit_nature_codes")),
    [ST_BY_INDUSTRY] = BREAKDOWN("g.value", "COALESCE(MAX(c.name), '未填写')", "industry", "employed",
				 NAMED("industry_codes")),
    [ST_BY_PROVINCE] = BREAKDOWN("g.value", "COALESCE(MAX(c.name), '未填写')", "province", "employed",
				 NAMED("region_codes")),
    [ST_BY_SCHOOL] = BREAKDOWN("g.value", "IF(g.value = '', '未填写', g.value)", "school",
			       "further_study", ""),
    [ST_BY_SCHOOL_TIER] = BREAKDOWN("COALESCE(t.tier, '')", "COALESCE(MAX(t.tier), '其他院校')", "school",
				    "further_study", "LEFT JOIN school_tiers t ON t.school = g.value"),
    [ST_COLLEGE_NOW] = BY_COLLEGE("s.n") NOW_FROM WHERE GROUP_COLLEGE,
    [ST_MAJOR_NOW] = BY_MAJOR("s.n") NOW_FROM WHERE GROUP_MAJOR,
    [ST_COLLEGE_ASOF] = BY_COLLEGE("1") ASOF_FROM WHERE GROUP_COLLEGE,
    [ST_MAJOR_ASOF] = BY_MAJOR("1") ASOF_FROM WHERE GROUP_MAJOR,
};

void stats_invalidate(struct app *app, int year)
{
	/* A failed bump leaves figures stale for at most STATS_TTL seconds. */
	cache_incr(app->cache, STATS_VERSION_KEY);
	/* The worker recomputes the office's dashboards before anyone asks. */
	json_t *job = json_pack("{s:s, s:i}", "task", "stats.refresh", "year", year ? year : clock_year());
	char *text = json_dumps(job, JSON_COMPACT);
	if (text)
		cache_queue_push(app->cache, QUEUE_TASKS, text);
	free(text);
	json_decref(job);
}

/* Adds pending and rate to each row. */
static void finish_rows(json_t *rows)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_int_t total = json_integer_value(json_object_get(row, "total"));
		json_int_t done = json_integer_value(json_object_get(row, "employed")) +
				  json_integer_value(json_object_get(row, "further_study"));
		json_object_set_new(row, "pending", json_integer(total - done));
		json_object_set_new(row, "rate",
				    json_real(total ? round((double)done / (double)total * 10000) / 10000
						    : 0));
	}
}

/* Runs the query and stores its answer computed under version (unless key is NULL); returns
 * it as JSON text (malloc'd), NULL on a database failure. */
static char *compute(struct app *app, const char *key, const char *version, long long year,
		     int by_major, const char *as_of, const char *scope)
{
	enum stats_stmt st = as_of ? (by_major ? ST_MAJOR_ASOF : ST_COLLEGE_ASOF)
				   : (by_major ? ST_MAJOR_NOW : ST_COLLEGE_NOW);
	json_t *rows = as_of ? db_rows(app->db, stmts[st],
				       DB_ARGS(DB_STR(as_of), DB_INT(year), DB_STR(scope), DB_STR(scope)))
			     : db_rows(app->db, stmts[st], DB_ARGS(DB_INT(year), DB_STR(scope), DB_STR(scope)));
	if (!rows)
		return NULL;
	finish_rows(rows);
	char *text = json_dumps(rows, RESPONSE_JSON_FLAGS);
	json_decref(rows);
	if (text && key)
		cache_answer_set(app->cache, key, version, text, STATS_TTL);
	return text;
}

/* The figures for a graduation year by college or major (by_major), live (as_of NULL) or as of
 * a date, for a scope (NULL: every major; else a JSON array of major ids), as JSON text
 * (malloc'd): from the cache, else computed and cached; fresh=1 always computes. NULL on a
 * database failure. */
static char *rows_text(struct app *app, long long year, int by_major, const char *as_of,
		       const char *scope, int fresh)
{
	/* The question: year, grouping, date and scope (\x1f is in none of them). */
	size_t cap = 64 + (as_of ? strlen(as_of) : 0) + (scope ? strlen(scope) : 0);
	char *question = malloc(cap), key[CACHE_KEY_MAX];
	if (!question)
		return NULL;
	snprintf(question, cap, "%lld\x1f%s\x1f%s\x1f%s", year, by_major ? "major" : "college",
		 as_of ? as_of : "now", scope ? scope : "all");
	cache_answer_key(key, "qiao:stats", question);
	free(question);
	char *version = NULL, *cached = NULL;
	int keyed = cache_answer_get(app->cache, STATS_VERSION_KEY, key, &version, &cached) == 0;
	if (fresh) {
		free(cached);
		cached = NULL;
	}
	char *text = cached ? cached
			    : compute(app, keyed ? key : NULL, version, year, by_major, as_of, scope);
	free(version);
	return text;
}

int stats_employment(struct request *req)
{
	long long year = clock_year();
	int has_year;
	const char *group, *as_of;
	if (query_int_or_422(req, "year", 1990, 2100, &year, &has_year) < 0 ||
	    query_string_or_422(req, "group_by", 16, &group) < 0 ||
	    query_string_or_422(req, "as_of", 10, &as_of) < 0)
		return -1;
	int by_major = group && strcmp(group, "major") == 0;
	if (group && !by_major && strcmp(group, "college") != 0)
		return reply_error(req, ERR_VALIDATION, "group_by", "group_by must be college or major");
	char today[11];
	clock_today(today);
	if (as_of && !clock_valid_date(as_of))
		return reply_error(req, ERR_VALIDATION, "as_of", "as_of must be a date (YYYY-MM-DD)");
	if (as_of && strcmp(as_of, today) >= 0)
		as_of = NULL; /* today or later: the live figures */
	/* Sent as cached, without parsing it again. */
	char *text = rows_text(req->app, year, by_major, as_of, caller_scope_json(req), 0);
	if (!text)
		return reply_db_failure(req);
	int rc = reply_data_text(req, 200, text);
	free(text);
	return rc;
}

int stats_refresh(struct app *app, int year)
{
	/* The version and year this worker last computed: a burst of writes queues many jobs,
	 * and all but the first find the figures already there. */
	static char done_version[32];
	static int done_year;
	char *version = NULL;
	if (cache_get(app->cache, STATS_VERSION_KEY, &version) < 0)
		return -1;
	int same = version && done_year == year && strcmp(version, done_version) == 0;
	char now[32];
	snprintf(now, sizeof now, "%s", version ? version : "");
	free(version);
	if (same)
		return 0;
	for (int by_major = 0; by_major < 2; by_major++) {
		char *text = rows_text(app, year, by_major, NULL, NULL, 1);
		if (!text)
			return -1;
		free(text);
	}
	memcpy(done_version, now, sizeof now);
	done_year = year;
	return 0;
}

int stats_destinations(struct request *req)
{
	static const char *const dims[] = {"category", "destination", "unit_nature", "industry",
					   "province", "school",      "school_tier", NULL};
	static const enum stats_stmt by[] = {ST_BY_CATEGORY, ST_BY_DESTINATION, ST_BY_UNIT_NATURE,
					     ST_BY_INDUSTRY, ST_BY_PROVINCE,    ST_BY_SCHOOL,
					     ST_BY_SCHOOL_TIER};
	long long year = clock_year(), major = 0;
	int has_year, has_major;
	const char *dim, *college;
	if (query_int_or_422(req, "year", 1990, 2100, &year, &has_year) < 0 ||
	    query_string_or_422(req, "by", 16, &dim) < 0 || (dim && value_one_of_or_422(req, "by", dim, dims) < 0) ||
	    query_string_or_422(req, "college", 100, &college) < 0 ||
	    query_int_or_422(req, "major_id", 1, 1000000000000LL, &major, &has_major) < 0)
		return -1;
	size_t d = 0;
	while (dim && strcmp(dims[d], dim) != 0)
		d++;
	const char *scope = caller_scope_json(req);
	/* The question: the breakdown, year, drill-down and scope (\x1f is in none of them). */
	const char *question = arena_printf(req->arena, "dest\x1f%s\x1f%lld\x1f%s\x1f%lld\x1f%s", dims[d], year,
					    college ? college : "", has_major ? major : 0, scope ? scope : "all");
	char key[CACHE_KEY_MAX], *version = NULL, *cached = NULL;
	cache_answer_key(key, "qiao:stats", question);
	int keyed = cache_answer_get(req->app->cache, STATS_VERSION_KEY, key, &version, &cached) == 0;
	if (cached) {
		free(version);
		int rc = reply_data_text(req, 200, cached);
		free(cached);
		return rc;
	}
	struct db_param m = has_major ? DB_INT(major) : DB_NULLV;
	json_t *rows = db_rows(req->app->db, stmts[by[d]],
			       DB_ARGS(DB_INT(year), DB_STR(scope), DB_STR(scope), DB_STR(college), DB_STR(college), m, m));
	if (!rows) {
		free(version);
		return reply_db_failure(req);
	}
	char *text = json_dumps(rows, RESPONSE_JSON_FLAGS);
	json_decref(rows);
	if (text && keyed)
		cache_answer_set(req->app->cache, key, version, text, STATS_TTL);
	free(version);
	int rc = text ? reply_data_text(req, 200, text) : reply_internal(req);
	free(text);
	return rc;
}
