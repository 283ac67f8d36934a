/* cache.h: the only interface to Redis: revoked tokens, cached accounts, failure counters. */
#ifndef QIAO_CACHE_H
#define QIAO_CACHE_H

#include <stddef.h>

#include "core/config.h"

struct cache;

/* Connects over the unix socket (or TCP when QIAO_REDIS_HOST is set). Always returns a
 * handle (free with cache_close()); on failure err says why and each call retries. */
struct cache *cache_connect(const struct config *cfg, char *err, size_t errlen);
void cache_close(struct cache *c);
/* Reconnects if the last call failed. Returns 0 when usable, -1 if not. */
int cache_ready(struct cache *c);
/* PING; 0 when Redis answers. */
int cache_ping(struct cache *c);

/* Marks a token id revoked for ttl seconds (its remaining lifetime). 0 or -1. */
int cache_revoke(struct cache *c, const char *jti, long ttl);
/* One round trip for each authenticated request: whether jti is revoked, and the cached
 * account document of account_id (*account_json malloc'd, caller frees; NULL on a miss).
 * Returns 0, or -1 when Redis cannot answer (callers fail closed). */
int cache_session_lookup(struct cache *c, const char *jti, long long account_id, int *revoked,
			 char **account_json);
/* Stores / drops the cached account document. 0 or -1. */
int cache_account_store(struct cache *c, long long account_id, const char *json, int ttl);
int cache_account_forget(struct cache *c, long long account_id);

/* Failure counters (sign-in throttling). cache_counter_get returns the count (0 when
 * absent) and its remaining seconds in *ttl; cache_counter_hit adds one and (re)starts the
 * window; both return -1 when Redis cannot answer. */
long cache_counter_get(struct cache *c, const char *key, long *ttl);
long cache_counter_hit(struct cache *c, const char *key, int window);
int cache_counter_clear(struct cache *c, const char *key);

/* Adds one to a counter key (no expiry) and returns the new value, or -1. */
long long cache_incr(struct cache *c, const char *key);

/* Generic string cache for later modules: value malloc'd or NULL on miss; -1 on error. */
int cache_get(struct cache *c, const char *key, char **value);
int cache_set(struct cache *c, const char *key, const char *value, int ttl);

#endif
