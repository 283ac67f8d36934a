/* jobs.c: the public job list, answered from Redis when the same question was asked since
 * the last change. */
#include "resources/jobs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/cache.h"
#include "core/terms.h"
#include "db/db.h"
#include "http/params.h"
#include "http/request.h"
#include "http/response.h"
#include "resources/counts.h"

#define JOBS_VERSION_KEY "qiao:jobs:version"
#define JOBS_TTL 300

enum jobs_stmt { JOB_LIST, JOB_COUNT, JOB_BROWSE, JOB_BROWSE_COUNT, JOB_TEXTS, JOB_TEXTS_OF,
		 JOB_UNINDEXED, JOB_SET_TERMS, JOB__MAX };

/* Degrees from the least asked for: a degree filter finds the jobs open to that degree. */
#define DEGREES "'不限', '专科', '本科', '硕士', '博士'"

/* The public jobs: listed (approved, of an employer that is in; kept by sql/028's triggers),
 * so counting them needs no join; browsed (no filter but the city) or searched. Browsing has
 * statements of its own: a filter's column in the WHERE, even one whose parameter is NULL, made
 * MariaDB read every row instead of counting index entries (0.2 s for the 157,000 jobs). */
#define JOB_BROWSE_WHERE " WHERE j.listed = 1 AND (? IS NULL OR j.city = ?)"
#define JOB_WHERE                                                                                 \
	JOB_BROWSE_WHERE " AND (? IS NULL OR MATCH(j.search_terms) AGAINST(? IN BOOLEAN MODE))"   \
	" AND (? IS NULL OR j.id IN (SELECT jm.job_id FROM job_majors jm WHERE jm.major = ?))"    \
	" AND (? IS NULL OR FIELD(j.degree, " DEGREES ") <= FIELD(?, " DEGREES "))"              \
	" AND (? IS NULL OR COALESCE(j.salary_max, j.salary_min) >= ?)"

#define JOB_TEXTS_SELECT                                                                          \
	"SELECT j.id, j.title, j.city, e.name AS employer, (SELECT GROUP_CONCAT(jm.major "        \
	"SEPARATOR ' ') FROM job_majors jm WHERE jm.job_id = j.id) AS majors FROM jobs j "          \
	"JOIN employers e ON e.id = j.employer_id"

/* A page of the public list under where, newest refresh first. */
#define JOB_PAGE(where)                                                                           \
	"SELECT j.id, j.title, j.city, j.salary_min, j.salary_max, j.degree, j.headcount, "       \
	"j.deadline, j.refreshed_at, j.employer_id, e.name AS employer_name, e.industry_code, "   \
	"(SELECT JSON_ARRAYAGG(jm.major) FROM job_majors jm WHERE jm.job_id = j.id) AS "          \
	"majors__json FROM jobs j JOIN employers e ON e.id = j.employer_id" where                  \
	" ORDER BY j.refreshed_at DESC, j.id DESC LIMIT ? OFFSET ?"

static const char *const stmts[JOB__MAX] = {
    [JOB_LIST] = JOB_PAGE(JOB_WHERE),
    [JOB_COUNT] = "SELECT COUNT(*) AS n FROM jobs j" JOB_WHERE,
    [JOB_BROWSE] = JOB_PAGE(JOB_BROWSE_WHERE),
    [JOB_BROWSE_COUNT] = "SELECT COUNT(*) AS n FROM jobs j" JOB_BROWSE_WHERE,
    /* What a job is found by: its title, city, majors and employer's name. */
    [JOB_TEXTS] = JOB_TEXTS_SELECT " WHERE j.id = ?",
    [JOB_TEXTS_OF] = JOB_TEXTS_SELECT " WHERE j.employer_id = ?",
    [JOB_UNINDEXED] = JOB_TEXTS_SELECT " WHERE j.search_terms IS NULL ORDER BY j.id LIMIT 1000",
    [JOB_SET_TERMS] = "UPDATE jobs j JOIN JSON_TABLE(?, '$[*]' COLUMNS ("
		      "id BIGINT UNSIGNED PATH '$.id', terms TEXT PATH '$.terms')) t "
		      "ON t.id = j.id SET j.search_terms = t.terms",
};

/* Writes the search terms of the jobs read by statement st with parameters p (one batch). The
 * number of jobs, or -1. */
static long index_rows(struct app *app, struct arena *a, enum jobs_stmt st, const struct db_param *p,
		       size_t n)
{
	json_t *rows = db_rows(app->db, stmts[st], p, n);
	if (!rows)
		return -1;
	json_t *set = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const char *texts[] = {json_string_value(json_object_get(row, "title")),
				       json_string_value(json_object_get(row, "city")),
				       json_string_value(json_object_get(row, "majors")),
				       json_string_value(json_object_get(row, "employer"))};
		json_array_append_new(set, json_pack("{s:O, s:s}", "id", json_object_get(row, "id"), "terms",
						     terms_index(a, texts, 4)));
	}
	long done = (long)json_array_size(rows);
	json_decref(rows);
	char *text = json_dumps(set, JSON_COMPACT);
	json_decref(set);
	int rc = done && (!text || db_exec(app->db, stmts[JOB_SET_TERMS], DB_ARGS(DB_STR(text))) < 0);
	free(text);
	return rc ? -1 : done;
}

int jobs_index(struct app *app, struct arena *a, long long job_id)
{
	return index_rows(app, a, JOB_TEXTS, DB_ARGS(DB_INT(job_id))) < 0 ? -1 : 0;
}

int jobs_index_employer(struct app *app, struct arena *a, long long employer_id)
{
	return index_rows(app, a, JOB_TEXTS_OF, DB_ARGS(DB_INT(employer_id))) < 0 ? -1 : 0;
}

long jobs_index_missing(struct app *app)
{
	long total = 0, n;
	do {
		struct arena *a = arena_new(0);
		n = index_rows(app, a, JOB_UNINDEXED, DB_NOARGS);
		arena_free(a);
		total += n > 0 ? n : 0;
	} while (n > 0);
	return n < 0 ? -1 : total;
}

void jobs_invalidate(struct app *app)
{
	/* A failed bump leaves lists stale for at most JOBS_TTL seconds. */
	cache_incr(app->cache, JOBS_VERSION_KEY);
}

int jobs_list(struct request *req)
{
	static const char *const degrees[] = {"不限", "专科", "本科", "硕士", "博士", NULL};
	struct page pg;
	const char *q, *city, *major, *degree;
	long long salary = 0;
	int has_salary;
	if (page_or_422(req, &pg) < 0 || query_string_or_422(req, "q", 100, &q) < 0 ||
	    query_string_or_422(req, "city", 64, &city) < 0 ||
	    query_string_or_422(req, "major", 100, &major) < 0 ||
	    query_string_or_422(req, "degree", 8, &degree) < 0 ||
	    (degree && value_one_of_or_422(req, "degree", degree, degrees) < 0) ||
	    query_int_or_422(req, "salary_min", 0, 1000000, &salary, &has_salary) < 0)
		return -1;
	/* \x1f cannot be in a query value (params refuse control characters). */
	const char *filters = arena_printf(req->arena, "%s\x1f%s\x1f%s\x1f%s\x1f%lld", q ? q : "",
					   city ? city : "", major ? major : "", degree ? degree : "",
					   has_salary ? salary : -1);
	const char *question = arena_printf(req->arena, "%s\x1f%ld\x1f%ld", filters, pg.page, pg.per_page);
	char key[CACHE_KEY_MAX], *version = NULL, *cached = NULL;
	cache_answer_key(key, "qiao:jobs:answer", question);
	int keyed = cache_answer_get(req->app->cache, JOBS_VERSION_KEY, key, &version, &cached) == 0;
	/* The whole answer is cached as sent: a hit is copied out without parsing it. */
	if (cached) {
		free(version);
		return reply_text(req, 200, cached);
	}
	const char *computed_under = keyed ? arena_strdup(req->arena, version) : NULL;
	free(version);
	/* Words without a letter, digit or Han character find nothing (an empty query matches
	 * no row). */
	const char *terms = q ? terms_query(req->arena, q) : NULL;
	struct db_param p[12] = {DB_STR(city),   DB_STR(city),   DB_STR(q),
				 DB_STR(terms ? terms : ""), DB_STR(major), DB_STR(major),
				 DB_STR(degree), DB_STR(degree),
				 has_salary ? DB_INT(salary) : DB_NULLV, has_salary ? DB_INT(salary) : DB_NULLV};
	int browse = !q && !major && !degree && !has_salary; /* p[0], p[1]: the city */
	size_t n = browse ? 2 : 10;
	/* The total, cached apart from the pages under the same version: paging through a search
	 * counts its matches once (a word common in titles took InnoDB's full-text index half a
	 * second). */
	long long total = count_cached(req, JOBS_VERSION_KEY, "qiao:jobs:total", filters,
				       stmts[browse ? JOB_BROWSE_COUNT : JOB_COUNT], p, n, JOBS_TTL);
	if (total < 0)
		return reply_db_failure(req);
	if (reply_page(req, stmts[browse ? JOB_BROWSE : JOB_LIST], p, n, &pg, NULL, total) < 0)
		return -1;
	const char *text = computed_under ? reply_serialised(req) : NULL;
	if (text)
		cache_answer_set(req->app->cache, key, computed_under, text, JOBS_TTL);
	return 0;
}
