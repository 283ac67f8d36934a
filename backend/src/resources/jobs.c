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

#define JOBS_VERSION_KEY "qiao:jobs:version"
#define JOBS_TTL 300

enum jobs_stmt { JOB_LIST, JOB_COUNT, JOB_TEXTS, JOB_TEXTS_OF, JOB_UNINDEXED, JOB_SET_TERMS, JOB__MAX };

/* Degrees from the least asked for: a degree filter finds the jobs open to that degree. */
#define DEGREES "'不限', '专科', '本科', '硕士', '博士'"

#define JOB_FROM                                                                                  \
	" FROM jobs j JOIN employers e ON e.id = j.employer_id AND e.status IN ('approved', 'rereview')" \
	" WHERE j.status IN ('approved', 'rereview') AND (? IS NULL OR j.city = ?)"                              \
	" AND (? IS NULL OR MATCH(j.search_terms) AGAINST(? IN BOOLEAN MODE))"                    \
	" AND (? IS NULL OR j.id IN (SELECT jm.job_id FROM job_majors jm WHERE jm.major = ?))"    \
	" AND (? IS NULL OR FIELD(j.degree, " DEGREES ") <= FIELD(?, " DEGREES "))"              \
	" AND (? IS NULL OR COALESCE(j.salary_max, j.salary_min) >= ?)"

#define JOB_TEXTS_SELECT                                                                          \
	"SELECT j.id, j.title, j.city, e.name AS employer, (SELECT GROUP_CONCAT(jm.major "        \
	"SEPARATOR ' ') FROM job_majors jm WHERE jm.job_id = j.id) AS majors FROM jobs j "          \
	"JOIN employers e ON e.id = j.employer_id"

static const char *const stmts[JOB__MAX] = {
    [JOB_LIST] = "SELECT j.id, j.title, j.city, j.salary_min, j.salary_max, j.degree, j.headcount, "
		 "j.deadline, j.refreshed_at, j.employer_id, e.name AS employer_name, "
		 "e.industry_code, (SELECT JSON_ARRAYAGG(jm.major) FROM job_majors jm "
		 "WHERE jm.job_id = j.id) AS majors__json" JOB_FROM
		 " ORDER BY j.refreshed_at DESC, j.id DESC LIMIT ? OFFSET ?",
    [JOB_COUNT] = "SELECT COUNT(*) AS n" JOB_FROM,
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
	const char *question =
	    arena_printf(req->arena, "%s\x1f%s\x1f%s\x1f%s\x1f%lld\x1f%ld\x1f%ld", q ? q : "",
			 city ? city : "", major ? major : "", degree ? degree : "",
			 has_salary ? salary : -1, pg.page, pg.per_page);
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
	if (reply_paged(req, stmts[JOB_LIST], stmts[JOB_COUNT], p, 10, &pg, NULL) < 0)
		return -1;
	const char *text = computed_under ? reply_serialised(req) : NULL;
	if (text)
		cache_answer_set(req->app->cache, key, computed_under, text, JOBS_TTL);
	return 0;
}
