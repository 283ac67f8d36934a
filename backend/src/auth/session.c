/* session.c: per-request authentication; account state is cached in Redis, never in a worker. */
#include "auth/session.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/token.h"
#include "cache/cache.h"
#include "http/response.h"
#include "resources/accounts.h"

#define ACCOUNT_CACHE_TTL 300

static int unauthorized(struct request *req, const char *why)
{
	return reply_error(req, ERR_UNAUTHORIZED, NULL, "%s", why);
}

/* Loads the account document from the cache, else from MariaDB (then caches it). Returns
 * a new reference, or NULL after answering. */
static json_t *account_doc(struct request *req, const struct token_claims *claims)
{
	int revoked;
	char *cached;
	if (cache_session_lookup(req->app->cache, claims->jti, claims->sub, &revoked, &cached) < 0) {
		reply_error(req, ERR_UNAVAILABLE, NULL, "the session store is unavailable");
		return NULL;
	}
	if (revoked) {
		free(cached);
		unauthorized(req, "the token has been revoked");
		return NULL;
	}
	json_t *doc = cached ? json_loads(cached, 0, NULL) : NULL;
	free(cached);
	if (doc)
		return doc;
	int found = accounts_load(req->app, claims->sub, &doc);
	if (found < 0) {
		reply_db_failure(req);
		return NULL;
	}
	if (!found) {
		unauthorized(req, "the account no longer exists");
		return NULL;
	}
	char *text = json_dumps(doc, JSON_COMPACT);
	if (text) {
		/* A failed store only costs the next request a query. */
		cache_account_store(req->app->cache, claims->sub, text, ACCOUNT_CACHE_TTL);
		free(text);
	}
	return doc;
}

int session_authenticate(struct request *req)
{
	const char *auth = req->authorization;
	if (!auth || strncmp(auth, "Bearer ", 7) != 0 || !auth[7])
		return unauthorized(req, "sign in first: no bearer token");
	struct token_claims claims;
	if (token_verify(req->app->cfg->jwt_secret, auth + 7, time(NULL), &claims) < 0)
		return unauthorized(req, "the token is invalid or expired");
	json_t *doc = account_doc(req, &claims);
	if (!doc)
		return -1;
	const char *role = json_string_value(json_object_get(doc, "role"));
	const char *status = json_string_value(json_object_get(doc, "status"));
	if (!role || strcmp(role, claims.role) != 0 || !status || strcmp(status, "active") != 0) {
		json_decref(doc);
		return unauthorized(req, "the account is disabled or has changed; sign in again");
	}
	/* a reset link signs out the sessions begun before it */
	json_t *valid_after = json_object_get(doc, "sessions_valid_after");
	if (json_is_number(valid_after) && (double)claims.iat < json_number_value(valid_after)) {
		json_decref(doc);
		return unauthorized(req, "the password was reset; sign in again");
	}
	struct caller *c = arena_alloc(req->arena, sizeof(*c));
	memset(c, 0, sizeof(*c));
	c->doc = doc;
	c->id = claims.sub;
	c->role = role_from_name(role);
	c->role_name = role_name(c->role);
	c->username = json_string_value(json_object_get(doc, "username"));
	c->name = json_string_value(json_object_get(doc, "name"));
	c->all_permissions = json_is_true(json_object_get(doc, "all_permissions")) ||
			     json_integer_value(json_object_get(doc, "all_permissions")) == 1 ||
			     c->role == ROLE_SUPERADMIN;
	c->permissions = json_object_get(doc, "permissions");
	c->major_ids = json_object_get(doc, "major_ids");
	c->student_id = json_integer_value(json_object_get(doc, "student_id"));
	c->employer_id = json_integer_value(json_object_get(doc, "employer_id"));
	memcpy(c->jti, claims.jti, sizeof c->jti);
	c->token_exp = claims.exp;
	req->caller = c;
	return 0;
}

int session_forget_account(struct request *req, long long account_id)
{
	if (cache_account_forget(req->app->cache, account_id) < 0)
		return reply_error(req, ERR_UNAVAILABLE, NULL, "the session store is unavailable");
	return 0;
}

int caller_can(const struct caller *caller, const char *item)
{
	if (!caller)
		return 0;
	if (caller->all_permissions)
		return 1;
	size_t i;
	json_t *v;
	json_array_foreach(caller->permissions, i, v)
	{
		if (json_is_string(v) && strcmp(json_string_value(v), item) == 0)
			return 1;
	}
	return 0;
}

int caller_is_scoped(const struct caller *caller)
{
	return caller && caller->role == ROLE_ADVISOR;
}

int caller_in_scope(const struct caller *caller, long long major_id)
{
	if (!caller_is_scoped(caller))
		return 1;
	size_t i;
	json_t *v;
	json_array_foreach(caller->major_ids, i, v)
	{
		if (json_integer_value(v) == major_id)
			return 1;
	}
	return 0;
}

const char *caller_scope_json(struct request *req)
{
	if (!caller_is_scoped(req->caller))
		return NULL;
	if (!json_is_array(req->caller->major_ids))
		return "[]";
	char *text = json_dumps(req->caller->major_ids, JSON_COMPACT);
	const char *copy = arena_strdup(req->arena, text ? text : "[]");
	free(text);
	return copy;
}
