/* jobs.c: the public job list, answered from Redis when the same question was asked since
 * the last change. */
#include "resources/jobs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/cache.h"
#include "db/db.h"
#include "http/params.h"
#include "http/request.h"
#include "http/response.h"

#define JOBS_VERSION_KEY "qiao:jobs:version"
#define JOBS_TTL 300

enum jobs_stmt { JOB_LIST, JOB_COUNT, JOB__MAX };

#define JOB_FROM                                                                                  \
	" FROM jobs j JOIN employers e ON e.id = j.employer_id AND e.status IN ('approved', 'rereview')" \
	" WHERE j.status IN ('approved', 'rereview') AND (? IS NULL OR j.city = ?)"                              \
	" AND (? IS NULL OR j.title LIKE ? OR e.name LIKE ?)"                                     \
	" AND (? IS NULL OR j.id IN (SELECT jm.job_id FROM job_majors jm WHERE jm.major = ?))"

static const char *const stmts[JOB__MAX] = {
    [JOB_LIST] = "SELECT j.id, j.title, j.city, j.salary_min, j.salary_max, j.degree, j.headcount, "
		 "j.deadline, j.refreshed_at, j.employer_id, e.name AS employer_name, "
		 "e.industry_code, (SELECT JSON_ARRAYAGG(jm.major) FROM job_majors jm "
		 "WHERE jm.job_id = j.id) AS majors__json" JOB_FROM
		 " ORDER BY j.refreshed_at DESC, j.id DESC LIMIT ? OFFSET ?",
    [JOB_COUNT] = "SELECT COUNT(*) AS n" JOB_FROM,
};

void jobs_invalidate(struct app *app)
{
	/* A failed bump leaves lists stale for at most JOBS_TTL seconds. */
	cache_incr(app->cache, JOBS_VERSION_KEY);
}

int jobs_list(struct request *req)
{
	struct page pg;
	const char *q, *city, *major;
	if (page_or_422(req, &pg) < 0 || query_string_or_422(req, "q", 100, &q) < 0 ||
	    query_string_or_422(req, "city", 64, &city) < 0 ||
	    query_string_or_422(req, "major", 100, &major) < 0)
		return -1;
	/* \x1f cannot be in a query value (params refuse control characters). */
	const char *question = arena_printf(req->arena, "%s\x1f%s\x1f%s\x1f%ld\x1f%ld", q ? q : "",
					    city ? city : "", major ? major : "", pg.page, pg.per_page);
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
	const char *like = like_contains(req->arena, q);
	struct db_param p[9] = {DB_STR(city), DB_STR(city),        DB_STR(q),
				DB_STR(like), DB_STR(like),        DB_STR(major),
				DB_STR(major), DB_INT(pg.per_page), DB_INT(pg.offset)};
	json_t *count;
	if (db_row(req->app->db, &count, stmts[JOB_COUNT], p, 7) < 0)
		return reply_db_failure(req);
	long long total = json_integer_value(json_object_get(count, "n"));
	json_decref(count);
	json_t *rows = db_rows(req->app->db, stmts[JOB_LIST], p, 9);
	if (!rows)
		return reply_db_failure(req);
	reply_list(req, rows, pg.page, pg.per_page, total);
	const char *text = computed_under ? reply_serialised(req) : NULL;
	if (text)
		cache_answer_set(req->app->cache, key, computed_under, text, JOBS_TTL);
	return 0;
}
