/* auth.c: sign-in with throttling, sign-out by revocation, the caller's own account. */
#include "resources/auth.h"

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

/* Failed sign-ins are counted per username and address. */
static const char *throttle_key(struct request *req, const char *username)
{
	return arena_printf(req->arena, "login:%s|%s", username,
			    req->remote_addr ? req->remote_addr : "-");
}

static int too_many_or_429(struct request *req, const char *key)
{
	long ttl;
	long n = cache_counter_get(req->app->cache, key, &ttl);
	if (n < 0)
		return reply_error(req, ERR_UNAVAILABLE, NULL, "the session store is unavailable");
	if (n < req->app->cfg->login_max_failures)
		return 0;
	char secs[24];
	snprintf(secs, sizeof secs, "%ld", ttl > 0 ? ttl : 1);
	reply_header(req, "Retry-After", secs);
	return reply_error(req, ERR_RATE_LIMITED, NULL,
			   "too many failed sign-ins; try again in %ld seconds", ttl > 0 ? ttl : 1);
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

/* Records a failed attempt (audit + counter) and answers 401. */
static int login_failed(struct request *req, const char *key, long long account_id,
			const char *role, const char *username)
{
	cache_counter_hit(req->app->cache, key, req->app->cfg->login_window);
	audit_login(req, "auth.login_failed", account_id, role, username);
	return reply_error(req, ERR_UNAUTHORIZED, NULL, "wrong username or password");
}

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
	const char *key = throttle_key(req, username);
	if (too_many_or_429(req, key) < 0)
		return -1;

	json_t *row;
	int found = db_row(req->app->db, &row, stmts[AUTH_CREDENTIALS], DB_ARGS(DB_STR(username)));
	if (found < 0)
		return reply_db_failure(req);
	if (!found) {
		password_burn(password);
		return login_failed(req, key, 0, NULL, username);
	}
	long long id = json_integer_value(json_object_get(row, "id"));
	const char *role = json_string_value(json_object_get(row, "role"));
	const char *hash = json_string_value(json_object_get(row, "password_hash"));
	const char *status = json_string_value(json_object_get(row, "status"));
	int ok = password_verify(hash, password);
	if (!hash)
		password_burn(password);
	if (!ok || strcmp(status, "active") != 0) {
		login_failed(req, key, id, role, username);
		json_decref(row);
		return -1;
	}
	cache_counter_clear(req->app->cache, key);
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
