/* cache.c: hiredis wrapper; every Redis key the application uses is named here. */
#include "cache/cache.h"

#include <hiredis/hiredis.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/xmalloc.h"

#define KEY_REVOKED "qiao:revoked:%s"
#define KEY_ACCOUNT "qiao:acct:%lld"
#define KEY_COUNTER "qiao:count:%s"

struct cache {
	redisContext *ctx;
	const struct config *cfg;
};

static int open_ctx(struct cache *c, char *err, size_t errlen)
{
	struct timeval tv = {2, 0};
	c->ctx = c->cfg->redis_host
		     ? redisConnectWithTimeout(c->cfg->redis_host, c->cfg->redis_port, tv)
		     : redisConnectUnixWithTimeout(c->cfg->redis_socket, tv);
	if (!c->ctx || c->ctx->err) {
		snprintf(err, errlen, "cannot connect to Redis: %s",
			 c->ctx ? c->ctx->errstr : "out of memory");
		if (c->ctx)
			redisFree(c->ctx);
		c->ctx = NULL;
		return -1;
	}
	redisSetTimeout(c->ctx, tv);
	return 0;
}

struct cache *cache_connect(const struct config *cfg, char *err, size_t errlen)
{
	struct cache *c = xcalloc(1, sizeof(*c));
	c->cfg = cfg;
	open_ctx(c, err, errlen);
	return c;
}

void cache_close(struct cache *c)
{
	if (!c)
		return;
	if (c->ctx)
		redisFree(c->ctx);
	free(c);
}

int cache_ready(struct cache *c)
{
	if (c->ctx && !c->ctx->err)
		return 0;
	if (c->ctx)
		redisFree(c->ctx);
	c->ctx = NULL;
	char err[256];
	if (open_ctx(c, err, sizeof err) < 0)
		return -1;
	log_msg(LOG_INFO, "reconnected to Redis");
	return 0;
}

/* Runs a command and returns its reply (caller frees), or NULL when Redis failed. */
static redisReply *command(struct cache *c, const char *fmt, ...)
{
	if (cache_ready(c) < 0)
		return NULL;
	va_list ap;
	va_start(ap, fmt);
	redisReply *r = redisvCommand(c->ctx, fmt, ap);
	va_end(ap);
	if (!r) {
		log_json(LOG_ERROR, "redis error", json_pack("{s:s}", "error", c->ctx->errstr));
		return NULL;
	}
	if (r->type == REDIS_REPLY_ERROR) {
		log_json(LOG_ERROR, "redis error", json_pack("{s:s}", "error", r->str));
		freeReplyObject(r);
		return NULL;
	}
	return r;
}

/* Frees a reply that is only checked for success. */
static int reply_ok(redisReply *r)
{
	if (!r)
		return -1;
	freeReplyObject(r);
	return 0;
}

int cache_ping(struct cache *c)
{
	return reply_ok(command(c, "PING"));
}

int cache_revoke(struct cache *c, const char *jti, long ttl)
{
	return reply_ok(command(c, "SET " KEY_REVOKED " 1 EX %ld", jti, ttl > 0 ? ttl : 1));
}

int cache_session_lookup(struct cache *c, const char *jti, long long account_id, int *revoked,
			 char **account_json)
{
	*revoked = 0;
	*account_json = NULL;
	if (cache_ready(c) < 0)
		return -1;
	redisAppendCommand(c->ctx, "EXISTS " KEY_REVOKED, jti);
	redisAppendCommand(c->ctx, "GET " KEY_ACCOUNT, account_id);
	redisReply *r1 = NULL, *r2 = NULL;
	int rc = -1;
	if (redisGetReply(c->ctx, (void **)&r1) != REDIS_OK ||
	    redisGetReply(c->ctx, (void **)&r2) != REDIS_OK)
		goto out;
	if (r1->type != REDIS_REPLY_INTEGER)
		goto out;
	*revoked = r1->integer != 0;
	if (r2->type == REDIS_REPLY_STRING)
		*account_json = xstrdup(r2->str);
	else if (r2->type != REDIS_REPLY_NIL)
		goto out;
	rc = 0;
out:
	if (rc < 0)
		log_msg(LOG_ERROR, "redis session lookup failed");
	if (r1)
		freeReplyObject(r1);
	if (r2)
		freeReplyObject(r2);
	return rc;
}

int cache_account_store(struct cache *c, long long account_id, const char *json, int ttl)
{
	return reply_ok(command(c, "SET " KEY_ACCOUNT " %s EX %d", account_id, json, ttl));
}

int cache_account_forget(struct cache *c, long long account_id)
{
	return reply_ok(command(c, "DEL " KEY_ACCOUNT, account_id));
}

/* Reads the n replies of pipelined commands, handing each to take (with its position); every
 * reply is read even after a bad one, so none is left for the next command. -1 when the
 * connection failed or take refused a reply, logged as what failed. */
static int read_replies(struct cache *c, size_t n,
			int (*take)(void *ctx, size_t i, const redisReply *r), void *ctx,
			const char *what)
{
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		redisReply *r = NULL;
		if (redisGetReply(c->ctx, (void **)&r) != REDIS_OK) {
			rc = -1;
			break; /* the connection failed: the rest of the replies are gone */
		}
		if (take(ctx, i, r) < 0)
			rc = -1;
		freeReplyObject(r);
	}
	if (rc < 0)
		log_msg(LOG_ERROR, "%s", what);
	return rc;
}

struct counts {
	long *count, *ttl;
};

/* GET then TTL of each counter. */
static int take_count(void *ctx, size_t i, const redisReply *r)
{
	struct counts *k = ctx;
	if (i % 2 == 0 && r->type == REDIS_REPLY_STRING)
		k->count[i / 2] = strtol(r->str, NULL, 10);
	else if (i % 2 == 0 && r->type == REDIS_REPLY_NIL)
		k->count[i / 2] = 0;
	else if (i % 2 == 1 && r->type == REDIS_REPLY_INTEGER)
		k->ttl[i / 2] = (long)r->integer;
	else
		return -1;
	return 0;
}

int cache_counters_get(struct cache *c, const char *const *keys, size_t n, long count[],
		       long ttl[])
{
	if (n > 4 || cache_ready(c) < 0)
		return -1;
	for (size_t k = 0; k < n; k++) {
		redisAppendCommand(c->ctx, "GET " KEY_COUNTER, keys[k]);
		redisAppendCommand(c->ctx, "TTL " KEY_COUNTER, keys[k]);
	}
	struct counts k = {count, ttl};
	return read_replies(c, 2 * n, take_count, &k, "redis counter read failed");
}

long cache_counter_hit(struct cache *c, const char *key, int window)
{
	redisReply *r = command(c, "INCR " KEY_COUNTER, key);
	if (!r)
		return -1;
	long n = r->type == REDIS_REPLY_INTEGER ? (long)r->integer : -1;
	freeReplyObject(r);
	if (reply_ok(command(c, "EXPIRE " KEY_COUNTER " %d", key, window)) < 0)
		return -1;
	return n;
}

static int take_integer(void *ctx, size_t i, const redisReply *r)
{
	(void)ctx;
	(void)i;
	return r->type == REDIS_REPLY_INTEGER ? 0 : -1;
}

int cache_counters_hit_fixed(struct cache *c, const char *const *keys, size_t n, int window)
{
	if (n > 4 || cache_ready(c) < 0)
		return -1;
	for (size_t k = 0; k < n; k++) {
		redisAppendCommand(c->ctx, "INCR " KEY_COUNTER, keys[k]);
		redisAppendCommand(c->ctx, "EXPIRE " KEY_COUNTER " %d NX", keys[k], window);
	}
	return read_replies(c, 2 * n, take_integer, NULL, "redis counter update failed");
}

int cache_rate_hit(struct cache *c, const char *const *keys, size_t n, int window, long count[],
		   long ttl[])
{
	if (n > 2 || cache_ready(c) < 0)
		return -1;
	for (size_t k = 0; k < n; k++) {
		redisAppendCommand(c->ctx, "INCR %s", keys[k]);
		redisAppendCommand(c->ctx, "EXPIRE %s %d NX", keys[k], window);
		redisAppendCommand(c->ctx, "TTL %s", keys[k]);
	}
	int rc = 0;
	for (int i = 0; i < (int)n * 3; i++) {
		redisReply *r = NULL;
		if (redisGetReply(c->ctx, (void **)&r) != REDIS_OK || r->type != REDIS_REPLY_INTEGER)
			rc = -1;
		else if (i % 3 == 0)
			count[i / 3] = (long)r->integer;
		else if (i % 3 == 2)
			ttl[i / 3] = (long)r->integer;
		if (r)
			freeReplyObject(r);
		if (!r)
			break; /* the connection failed: the rest of the replies are gone */
	}
	if (rc < 0)
		log_msg(LOG_ERROR, "redis rate count failed");
	return rc;
}

int cache_counter_clear(struct cache *c, const char *key)
{
	return reply_ok(command(c, "DEL " KEY_COUNTER, key));
}

int cache_get(struct cache *c, const char *key, char **value)
{
	*value = NULL;
	redisReply *r = command(c, "GET %s", key);
	if (!r)
		return -1;
	if (r->type == REDIS_REPLY_STRING)
		*value = xstrdup(r->str);
	freeReplyObject(r);
	return 0;
}

int cache_set(struct cache *c, const char *key, const char *value, int ttl)
{
	return reply_ok(command(c, "SET %s %s EX %d", key, value, ttl));
}

long long cache_incr(struct cache *c, const char *key)
{
	redisReply *r = command(c, "INCR %s", key);
	if (!r)
		return -1;
	long long n = r->type == REDIS_REPLY_INTEGER ? r->integer : -1;
	freeReplyObject(r);
	return n;
}

int cache_queue_push(struct cache *c, const char *queue, const char *job)
{
	return reply_ok(command(c, "LPUSH %s %s", queue, job));
}

int cache_queue_pop(struct cache *c, const char *queue, int timeout, char **job)
{
	*job = NULL;
	redisReply *r = command(c, "BLMOVE %s %s:processing RIGHT LEFT %d", queue, queue, timeout);
	if (!r)
		return -1;
	int got = r->type == REDIS_REPLY_STRING;
	if (got)
		*job = xstrdup(r->str);
	freeReplyObject(r);
	return got;
}

int cache_queue_ack(struct cache *c, const char *queue, const char *job)
{
	return reply_ok(command(c, "LREM %s:processing 1 %s", queue, job));
}

long cache_queue_recover(struct cache *c, const char *queue)
{
	long moved = 0;
	for (;;) {
		redisReply *r = command(c, "LMOVE %s:processing %s RIGHT RIGHT", queue, queue);
		if (!r)
			return -1;
		int got = r->type == REDIS_REPLY_STRING;
		freeReplyObject(r);
		if (!got)
			return moved;
		moved++;
	}
}

long cache_queue_length(struct cache *c, const char *queue)
{
	redisReply *r = command(c, "LLEN %s", queue);
	if (!r)
		return -1;
	long n = r->type == REDIS_REPLY_INTEGER ? (long)r->integer : -1;
	freeReplyObject(r);
	return n;
}

void cache_answer_key(char out[CACHE_KEY_MAX], const char *prefix, const char *question)
{
	unsigned char h[16];
	char hex[33];
	crypto_generichash(h, sizeof h, (const unsigned char *)question, strlen(question), NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(out, CACHE_KEY_MAX, "%s:%s", prefix, hex);
}

int cache_bytes_set(struct cache *c, const char *key, const void *data, size_t len, int ttl)
{
	return reply_ok(command(c, "SET %s %b EX %d", key, data, len, ttl));
}

struct ranges {
	const size_t *len;
	unsigned char *const *out;
	size_t *got;
};

static int take_range(void *ctx, size_t i, const redisReply *r)
{
	struct ranges *g = ctx;
	if (r->type != REDIS_REPLY_STRING || r->len > g->len[i])
		return -1;
	memcpy(g->out[i], r->str, r->len);
	g->got[i] = r->len;
	return 0;
}

int cache_bytes_ranges(struct cache *c, const char *key, size_t n, const size_t from[],
		       const size_t len[], unsigned char *const out[], size_t got[])
{
	if (cache_ready(c) < 0)
		return -1;
	/* GETRANGE's end is inclusive. (hiredis has no %zu.) */
	for (size_t i = 0; i < n; i++) {
		got[i] = 0;
		redisAppendCommand(c->ctx, "GETRANGE %s %llu %llu", key, (unsigned long long)from[i],
				   (unsigned long long)(from[i] + len[i] - 1));
	}
	struct ranges g = {len, out, got};
	return read_replies(c, n, take_range, &g, "redis range read failed");
}

/* A stored answer is "<version>\n<text>". */
int cache_answer_get(struct cache *c, const char *version_key, const char *key, char **version,
		     char **text)
{
	*version = *text = NULL;
	if (cache_ready(c) < 0)
		return -1;
	redisAppendCommand(c->ctx, "GET %s", version_key);
	redisAppendCommand(c->ctx, "GET %s", key);
	redisReply *r1 = NULL, *r2 = NULL;
	int rc = -1;
	if (redisGetReply(c->ctx, (void **)&r1) != REDIS_OK ||
	    redisGetReply(c->ctx, (void **)&r2) != REDIS_OK ||
	    (r1->type != REDIS_REPLY_STRING && r1->type != REDIS_REPLY_NIL) ||
	    (r2->type != REDIS_REPLY_STRING && r2->type != REDIS_REPLY_NIL))
		goto out;
	*version = xstrdup(r1->type == REDIS_REPLY_STRING ? r1->str : "0");
	size_t vlen = strlen(*version);
	if (r2->type == REDIS_REPLY_STRING && r2->len > vlen && r2->str[vlen] == '\n' &&
	    memcmp(r2->str, *version, vlen) == 0)
		*text = xstrdup(r2->str + vlen + 1);
	rc = 0;
out:
	if (rc < 0)
		log_msg(LOG_ERROR, "redis answer lookup failed");
	if (r1)
		freeReplyObject(r1);
	if (r2)
		freeReplyObject(r2);
	return rc;
}

int cache_answer_set(struct cache *c, const char *key, const char *version, const char *text,
		     int ttl)
{
	return reply_ok(command(c, "SET %s %s\n%s EX %d", key, version, text, ttl));
}
