/* counts.h: counts of lists kept in Redis between writes. */
#ifndef QIAO_COUNTS_H
#define QIAO_COUNTS_H

#include <stddef.h>

#include "app.h"
#include "db/db.h"

/* The "n" of count_sql over the n parameters p (count_rows), answered from Redis when the same
 * question (under prefix) was counted since the last bump of version_key, else counted and kept
 * there for ttl seconds. -1 on a database failure (nothing answered). */
long long count_cached(struct request *req, const char *version_key, const char *prefix,
		       const char *question, const char *count_sql, const struct db_param *p, size_t n,
		       int ttl);

#endif
