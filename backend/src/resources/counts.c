/* counts.c: counts of lists kept in Redis between writes (the student list's totals, a job
 * search's), under the version of the data they count. */
#include "resources/counts.h"

#include <stdlib.h>

#include "cache/cache.h"
#include "http/response.h"

long long count_cached(struct request *req, const char *version_key, const char *prefix,
		       const char *question, const char *count_sql, const struct db_param *p, size_t n,
		       int ttl)
{
	char key[CACHE_KEY_MAX], *version = NULL, *cached = NULL;
	cache_answer_key(key, prefix, question);
	int keyed = cache_answer_get(req->app->cache, version_key, key, &version, &cached) == 0;
	long long total = cached ? strtoll(cached, NULL, 10) : count_rows(req, count_sql, p, n);
	if (!cached && keyed && total >= 0)
		cache_answer_set(req->app->cache, key, version, arena_printf(req->arena, "%lld", total), ttl);
	free(cached);
	free(version);
	return total;
}
