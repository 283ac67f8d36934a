/* auth.c: sign-in with throttling, sign-out by revocation, the caller's own account. */
#include "resources/auth.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/password.h"
#include "auth/token.h"
#include "cache/cache.h"
#include "db/db.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/accounts.h"
#include "resources/audit.h"

enum auth_stmt { AUTH_CREDENTIALS, AUTH_HASH, AUTH__MAX };

static const char *const stmts[AUTH__MAX] = {
    [AUTH_CREDENTIALS] = "SELECT id, password_hash, role, name, status FROM accounts "
			 "WHERE username = ?",
    [AUTH_HASH] = "SELECT password_hash FROM accounts WHERE id = ?",
};

/* ---- throttling -------------------------------------------------------------------------- */

/* Failed sign-ins are counted three ways (issue 5: per account and per address): for the
 * account from one address (QIAO_LOGIN_MAX_FAILURES), for the account from every address
 * (guessing one password from many machines) and from the address for every account (trying
 * one password on many accounts). */
enum throttle { THROTTLE_PAIR, THROTTLE_ACCOUNT, THROTTLE_ADDRESS, THROTTLE__MAX };

struct throttle_keys {
	const char *key[THROTTLE__MAX];
};

/* The account is its id when the username names one: the database matches a username without
 * regard to case (and to trailing spaces), so the text typed would let "Admin" and "ADMIN"
 * count apart. An unknown username counts by its text in lower case. */
static void throttle_keys(struct request *req, long long account_id, const char *username,
			  struct throttle_keys *k)
{
	const char *who;
	if (account_id) {
		who = arena_printf(req->arena, "account:%lld", account_id);
	} else {
		char *lower = arena_strdup(req->arena, username);
		for (char *p = lower; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		who = arena_printf(req->arena, "name:%s", lower);
	}
	const char *addr = req->remote_addr ? req->remote_addr : "-";
	k->key[THROTTLE_PAIR] = arena_printf(req->arena, "login:%s|%s", who, addr);
	k->key[THROTTLE_ACCOUNT] = arena_printf(req->arena, "login:%s", who);
	k->key[THROTTLE_ADDRESS] = arena_printf(req->arena, "login:address:%s", addr);
}

/* 0 while every count is under its limit; else -1 after 429 with Retry-After (the longest wait
 * of the counts over), or 503 when Redis cannot answer (sign-in fails closed). Checked before the
 * password, so a locked account cannot be probed with the right one. */
static int too_many_or_429(struct request *req, const struct throttle_keys *k)
{
	static const char *const whose[THROTTLE__MAX] = {
	    [THROTTLE_PAIR] = "", [THROTTLE_ACCOUNT] = " for this account",
	    [THROTTLE_ADDRESS] = " from this address"};
	const struct config *cfg = req->app->cfg;
	const long limit[THROTTLE__MAX] = {[THROTTLE_PAIR] = cfg->login_max_failures,
					   [THROTTLE_ACCOUNT] = cfg->login_account_failures,
					   [THROTTLE_ADDRESS] = cfg->login_address_failures};
	long count[THROTTLE__MAX], ttl[THROTTLE__MAX];
	if (cache_counters_get(req->app->cache, k->key, THROTTLE__MAX, count, ttl) < 0)
		return reply_error(req, ERR_UNAVAILABLE, NULL, "the session store is unavailable");
	int over = -1;
	for (int i = 0; i < THROTTLE__MAX; i++)
		if (count[i] >= limit[i] && (over < 0 || ttl[i] > ttl[over]))
			over = i;
	if (over < 0)
		return 0;
	long wait = ttl[over] > 0 ? ttl[over] : 1;
	reply_header(req, "Retry-After", arena_printf(req->arena, "%ld", wait));
	return reply_error(req, ERR_RATE_LIMITED, NULL,
			   "too many failed sign-ins%s; try again in %ld seconds", whose[over],
			   wait);
}

/* Audits a sign-in attempt; the caller is not authenticated yet, so the account speaks. */
static void audit_login(struct request *req, const char *action, long long account_id,
			const char *role, const char *username)
{
	json_t *detail = json_pack("{s:s}", "username", username);
	audit_write(req->app, account_id, role, action, "account", account_id, req->remote_addr,
		    req->request_id, detail);
	json_decref(detail);
}

/* Records a failed attempt (audit + counters) and answers 401. The pair's window restarts with
 * each failure (locked until QIAO_LOGIN_WINDOW seconds of quiet); the account's and the
 * address's are fixed windows from their first failure, so a slow, steady trickle of failures
 * (an office's mistyped passwords) never adds up to a lock that does not end. */
static int login_failed(struct request *req, const struct throttle_keys *k, long long account_id,
			const char *role, const char *username)
{
	int window = req->app->cfg->login_window;
	cache_counter_hit(req->app->cache, k->key[THROTTLE_PAIR], window);
	cache_counters_hit_fixed(req->app->cache, &k->key[THROTTLE_ACCOUNT], 2, window);
	audit_login(req, "auth.login_failed", account_id, role, username);
	return reply_error(req, ERR_UNAUTHORIZED, NULL, "wrong username or password");
}

/* ---- signing in ------------------------------------------------------------------------ */

int auth_login(struct request *req)
{
	const char *username, *password;
	if (body_string_or_422(req, "username", 1, 64, &username) < 0)
		return -1;
	json_t *pw = json_object_get(req->json, "password");
	if (!json_is_string(pw) || json_string_length(pw) == 0)
		return reply_error(req, ERR_VALIDATION, "password", "password is required");
	if (json_string_length(pw) > 128)
		return reply_error(req, ERR_UNAUTHORIZED, NULL, "wrong username or password");
	password = json_string_value(pw);

	json_t *row;
	int found = db_row(req->app->db, &row, stmts[AUTH_CREDENTIALS], DB_ARGS(DB_STR(username)));
	if (found < 0)
		return reply_db_failure(req);
	long long id = found ? json_integer_value(json_object_get(row, "id")) : 0;
	struct throttle_keys keys;
	throttle_keys(req, id, username, &keys);
	if (too_many_or_429(req, &keys) < 0) {
		json_decref(found ? row : NULL);
		return -1;
	}
	if (!found) {
		password_burn(password);
		return login_failed(req, &keys, 0, NULL, username);
	}
	const char *role = json_string_value(json_object_get(row, "role"));
	const char *hash = json_string_value(json_object_get(row, "password_hash"));
	const char *status = json_string_value(json_object_get(row, "status"));
	int ok = password_verify(hash, password);
	if (!hash)
		password_burn(password);
	if (!ok || strcmp(status, "active") != 0) {
		login_failed(req, &keys, id, role, username);
		json_decref(row);
		return -1;
	}
	/* Only this pair's failures end with a success: the account's and the address's count
	 * what others tried too. */
	cache_counter_clear(req->app->cache, keys.key[THROTTLE_PAIR]);
	struct token_claims claims;
	char *token = token_issue(req->app->cfg->jwt_secret, id, role, time(NULL),
				  req->app->cfg->jwt_ttl, &claims);
	if (!token) {
		json_decref(row);
		return reply_internal(req);
	}
	char expires[40];
	struct tm tm;
	time_t local = claims.exp + 8 * 3600;
	gmtime_r(&local, &tm);
	strftime(expires, sizeof expires, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
	audit_login(req, "auth.login", id, role, username);
	reply_data(req, 200,
		   json_pack("{s:s, s:s, s:{s:I, s:s, s:O}}", "token", token, "expires_at", expires,
			     "user", "id", (json_int_t)id, "role", role, "name",
			     json_object_get(row, "name")));
	free(token);
	json_decref(row);
	return 0;
}

int auth_logout(struct request *req)
{
	const struct caller *c = req->caller;
	if (cache_revoke(req->app->cache, c->jti, (long)(c->token_exp - time(NULL))) < 0)
		return reply_error(req, ERR_UNAVAILABLE, NULL, "the session store is unavailable");
	audit_record(req, 0, "auth.logout", "account", c->id, NULL);
	return reply_data(req, 200, json_object());
}

int auth_me(struct request *req)
{
	const struct caller *c = req->caller;
	json_t *me = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)c->id, "username",
			       c->username, "role", c->role_name, "name", c->name, "permissions",
			       c->permissions ? json_incref(c->permissions) : json_array(),
			       "major_ids", c->major_ids ? json_incref(c->major_ids) : json_array());
	/* The record a student or an employer account belongs to. */
	if (c->role == ROLE_STUDENT)
		json_object_set_new(me, "student_id", c->student_id ? json_integer(c->student_id) : json_null());
	if (c->role == ROLE_EMPLOYER)
		json_object_set_new(me, "employer_id",
				    c->employer_id ? json_integer(c->employer_id) : json_null());
	return reply_data(req, 200, me);
}

int auth_change_password(struct request *req)
{
	static const char *const allowed[] = {"old_password", "new_password", NULL};
	const char *old_pw, *new_pw;
	if (body_only_or_422(req, allowed) < 0 ||
	    body_string_or_422(req, "old_password", 1, 128, &old_pw) < 0 ||
	    body_string_or_422(req, "new_password", 1, 128, &new_pw) < 0)
		return -1;
	const struct caller *c = req->caller;
	json_t *row;
	int found = db_row(req->app->db, &row, stmts[AUTH_HASH], DB_ARGS(DB_INT(c->id)));
	if (found < 0)
		return reply_db_failure(req);
	int ok = found && password_verify(json_string_value(json_object_get(row, "password_hash")),
					  old_pw);
	json_decref(row);
	if (!ok)
		return reply_error(req, ERR_VALIDATION, "old_password", "the current password is wrong");
	const char *weak = password_policy_check(c->username, new_pw);
	if (weak)
		return reply_error(req, ERR_VALIDATION, "new_password", "%s", weak);
	char hash[PASSWORD_HASH_MAX];
	if (password_hash(new_pw, hash) < 0)
		return reply_internal(req);
	struct db *db = req->app->db;
	if (db_begin(db) < 0 || accounts_set_password(req->app, c->id, hash) < 0 ||
	    audit_record(req, 0, "account.password", "account", c->id, NULL) < 0 ||
	    db_commit(db) < 0) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	return reply_data(req, 200, json_object());
}
