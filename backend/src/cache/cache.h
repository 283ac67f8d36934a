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

/* Failure counters (sign-in throttling). cache_counters_get reads n of them (at most 4) in one
 * round trip: each count (0 when absent) and its remaining seconds; 0, or -1 when Redis cannot
 * answer. cache_counter_hit adds one and (re)starts the window: the count, or -1. */
int cache_counters_get(struct cache *c, const char *const *keys, size_t n, long count[],
		       long ttl[]);
long cache_counter_hit(struct cache *c, const char *key, int window);
/* Adds one to each of n counters (at most 4) in one round trip, in fixed windows: a window
 * starts with its counter's first hit and is not restarted by later ones. 0, or -1. */
int cache_counters_hit_fixed(struct cache *c, const char *const *keys, size_t n, int window);
int cache_counter_clear(struct cache *c, const char *key);

/* Counts one request against n (at most 2) fixed windows of window seconds (say the account's
 * and the address's; each starts with its first request) in one round trip: the new counts,
 * and the seconds left in each. 0, or -1 when Redis cannot answer. */
int cache_rate_hit(struct cache *c, const char *const *keys, size_t n, int window, long count[],
		   long ttl[]);

/* Adds one to a counter key (no expiry) and returns the new value, or -1. */
long long cache_incr(struct cache *c, const char *key);

/* The reliable task queue consumed by `qiao worker`: a job moves atomically from the queue to
 * the processing list while it runs and leaves it when acknowledged, so a worker that dies
 * loses nothing (cache_queue_recover puts unfinished jobs back). Redis runs with AOF. */
#define QUEUE_TASKS "qiao:queue:tasks"
/* Unix time of the consumer's last loop, kept 30 s: /health tells whether one runs. */
#define WORKER_HEARTBEAT_KEY "qiao:worker:heartbeat"
/* Appends a job (JSON text). 0 or -1. */
int cache_queue_push(struct cache *c, const char *queue, const char *job);
/* Waits up to timeout seconds for a job: 1 and *job (malloc'd), 0 when none came, -1 on an
 * error. The job stays in the processing list until cache_queue_ack. */
int cache_queue_pop(struct cache *c, const char *queue, int timeout, char **job);
int cache_queue_ack(struct cache *c, const char *queue, const char *job);
/* Moves every job left in processing back to the queue (at a worker's start). Returns how
 * many, or -1. */
long cache_queue_recover(struct cache *c, const char *queue);
/* Jobs waiting in the queue, or -1. */
long cache_queue_length(struct cache *c, const char *queue);

/* Generic string cache for later modules: value malloc'd or NULL on miss; -1 on error. */
int cache_get(struct cache *c, const char *key, char **value);
int cache_set(struct cache *c, const char *key, const char *value, int ttl);

/* Byte strings read a slice at a time (a job search's matching ids). cache_bytes_set stores len
 * bytes under key for ttl seconds. cache_bytes_ranges reads n ranges of key in one round trip:
 * range i is up to len[i] (> 0) bytes from byte from[i], copied to out[i]; got[i] is how many there
 * were (0 past the end or when the key is missing). Both 0, or -1 when Redis cannot answer. */
int cache_bytes_set(struct cache *c, const char *key, const void *data, size_t len, int ttl);
int cache_bytes_ranges(struct cache *c, const char *key, size_t n, const size_t from[],
		       const size_t len[], unsigned char *const out[], size_t got[]);

/* Cached answers under a version key that writes bump (cache_incr): each answer is stored
 * with the version it was computed under and read back in the same round trip as the current
 * version, so a bump drops every answer at once and an answer computed before a bump is never
 * served after it. */
#define CACHE_KEY_MAX 96
/* The key of the answer to question: "prefix:" and a hash of it (short, whatever its length). */
void cache_answer_key(char out[CACHE_KEY_MAX], const char *prefix, const char *question);
/* *version: the current version (malloc'd; "0" before the first bump). *text: the answer
 * (malloc'd) when one was stored under that version, else NULL. 0, or -1 when Redis cannot
 * answer (both NULL then: compute the answer and do not store it). */
int cache_answer_get(struct cache *c, const char *version_key, const char *key, char **version,
		     char **text);
/* Stores the answer computed under version for ttl seconds. 0 or -1. */
int cache_answer_set(struct cache *c, const char *key, const char *version, const char *text,
		     int ttl);

#endif
