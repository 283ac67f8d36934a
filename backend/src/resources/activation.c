/* activation.c: random 256-bit tokens, stored hashed, single use: seven days to activate, 30
 * minutes to reset. */
#include "resources/activation.h"

#include <sodium.h>
#include <string.h>

#include "auth/password.h"
#include "cache/cache.h"
#include "db/db.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/accounts.h"
#include "resources/audit.h"
#include "resources/students.h"

#define LINK_DAYS 7

enum activation_stmt { ACT_ACCOUNT, ACT_REVOKE, ACT_INSERT, ACT_FIND, ACT_USE, ACT_SIGN_OUT, ACT__MAX };

static const char *const stmts[ACT__MAX] = {
    [ACT_ACCOUNT] = "SELECT id, username, status FROM accounts WHERE role = 'student' AND "
		    "student_id = ?",
    [ACT_REVOKE] = "UPDATE activation_tokens SET used_at = CURRENT_TIMESTAMP WHERE account_id = ? "
		   "AND used_at IS NULL",
    [ACT_INSERT] = "INSERT INTO activation_tokens (token_hash, account_id, purpose, expires_at, "
		   "created_by) VALUES (?, ?, ?, CURRENT_TIMESTAMP + INTERVAL ? MINUTE, ?)",
    /* an activation link serves a pending account, a reset link one in use; neither a
     * disabled one */
    [ACT_FIND] = "SELECT t.account_id, t.purpose, a.username, a.role FROM activation_tokens t JOIN "
		 "accounts a ON a.id = t.account_id WHERE t.token_hash = ? AND t.used_at IS NULL AND "
		 "t.expires_at > CURRENT_TIMESTAMP AND a.status = IF(t.purpose = 'reset', 'active', "
		 "'pending') FOR UPDATE",
    [ACT_USE] = "UPDATE activation_tokens SET used_at = CURRENT_TIMESTAMP WHERE token_hash = ? "
		"AND used_at IS NULL",
    /* tokens carry whole seconds: one issued in the second of the reset stays valid, so the
     * applicant can sign in at once */
    [ACT_SIGN_OUT] = "UPDATE accounts SET sessions_valid_after = CURRENT_TIMESTAMP WHERE id = ?",
};

static void token_hash(const char *token, char hex[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

int activation_create(struct request *req)
{
	long long student_id;
	if (path_id_or_404(req, 0, &student_id) < 0)
		return -1;
	json_t *student, *account;
	int found = students_load_visible(req, student_id, &student);
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return reply_not_found(req);
	json_decref(student);
	found = db_row(req->app->db, &account, stmts[ACT_ACCOUNT], DB_ARGS(DB_INT(student_id)));
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return reply_error(req, ERR_NOT_FOUND, NULL, "the student has no account");
	long long account_id = json_integer_value(json_object_get(account, "id"));
	char username[80];
	snprintf(username, sizeof username, "%s", json_string_value(json_object_get(account, "username")));
	int pending = strcmp(json_string_value(json_object_get(account, "status")), "pending") == 0;
	json_decref(account);
	if (!pending)
		return reply_error(req, ERR_CONFLICT, NULL,
				   "the account %s is already activated, not pending", username);
	char token[65];
	struct db *db = req->app->db;
	if (db_begin(db) < 0 || activation_issue(req, account_id, "activate", LINK_DAYS * 24 * 60, token) < 0 ||
	    audit_record(req, 0, "account.activation_link", "account", account_id, NULL) < 0 ||
	    db_commit(db) < 0) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	return reply_data(req, 201,
			  json_pack("{s:s, s:s, s:s, s:i}", "path",
				    arena_printf(req->arena, "/activate?token=%s", token), "token", token,
				    "username", username, "valid_days", LINK_DAYS));
}

int activation_issue(struct request *req, long long account_id, const char *purpose, int minutes,
		     char token[65])
{
	unsigned char raw[32];
	char hash[65];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(token, 65, raw, sizeof raw);
	token_hash(token, hash);
	struct db *db = req->app->db;
	return db_exec(db, stmts[ACT_REVOKE], DB_ARGS(DB_INT(account_id))) < 0 ||
			       db_exec(db, stmts[ACT_INSERT],
				       DB_ARGS(DB_STR(hash), DB_INT(account_id), DB_STR(purpose), DB_INT(minutes),
					       req->caller ? DB_INT(req->caller->id) : DB_NULLV)) < 0
		   ? -1
		   : 0;
}

int activation_use(struct request *req)
{
	static const char *const allowed[] = {"token", "password", NULL};
	const char *token, *password;
	if (body_only_or_422(req, allowed) < 0 || body_string_or_422(req, "token", 1, 128, &token) < 0 ||
	    body_string_or_422(req, "password", 1, 128, &password) < 0)
		return -1;
	char hash[65];
	token_hash(token, hash);
	struct db *db = req->app->db;
	if (db_begin(db) < 0)
		return reply_db_failure(req);
	json_t *row;
	int found = db_row(db, &row, stmts[ACT_FIND], DB_ARGS(DB_STR(hash)));
	if (found <= 0) {
		db_rollback(db);
		return found < 0 ? reply_db_failure(req)
				 : reply_error(req, ERR_VALIDATION, "token",
					       "the activation link is invalid, used or expired; ask "
					       "the career office for a new one");
	}
	long long account_id = json_integer_value(json_object_get(row, "account_id"));
	const char *weak = password_policy_check(json_string_value(json_object_get(row, "username")),
						 password);
	json_t *out = json_pack("{s:O}", "username", json_object_get(row, "username"));
	char role[16];
	snprintf(role, sizeof role, "%s", json_string_value(json_object_get(row, "role")));
	int reset = strcmp(json_string_value(json_object_get(row, "purpose")), "reset") == 0;
	json_decref(row);
	char pw_hash[PASSWORD_HASH_MAX];
	int rc = 0;
	if (weak)
		rc = reply_error(req, ERR_VALIDATION, "password", "%s", weak);
	else if (password_hash(password, pw_hash) < 0)
		rc = reply_internal(req);
	else if (db_exec(db, stmts[ACT_USE], DB_ARGS(DB_STR(hash))) != 1 ||
		 accounts_set_password(req->app, account_id, pw_hash) < 0 ||
		 (reset && db_exec(db, stmts[ACT_SIGN_OUT], DB_ARGS(DB_INT(account_id))) < 0) ||
		 audit_write(req->app, account_id, role, reset ? "account.reset" : "account.activate",
			     "account", account_id, req->remote_addr, req->request_id, NULL) < 0 ||
		 db_commit(db) < 0)
		rc = reply_db_failure(req);
	if (rc < 0) {
		db_rollback(db);
		json_decref(out);
		return rc;
	}
	/* the cached account must show the reset at once (else it would after its TTL) */
	if (reset)
		cache_account_forget(req->app->cache, account_id);
	return reply_data(req, 200, out);
}
