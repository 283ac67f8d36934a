/* idempotency.c: Idempotency-Key. The key is held by a named lock of the worker's database
 * connection while its request runs (a second request with it answers 409 at once; a killed
 * worker's connection drops the lock), recorded in the transaction of the write it answers
 * (db_before_commit), and its answer stored after; a request with a key already recorded gets
 * that answer back. */
#include "http/idempotency.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "http/response.h"

#define KEY_MAX 64

enum idem_stmt { IDEM_LOCK, IDEM_UNLOCK, IDEM_FIND, IDEM_RECORD, IDEM_ANSWER, IDEM_PURGE, IDEM__MAX };

static const char *const stmts[IDEM__MAX] = {
    [IDEM_LOCK] = "SELECT GET_LOCK(?, 0) AS got",
    [IDEM_UNLOCK] = "SELECT RELEASE_LOCK(?) AS released",
    [IDEM_FIND] = "SELECT method, path, request_hash, status, answer FROM request_keys WHERE "
		  "account_id = ? AND idem_key = ?",
    [IDEM_RECORD] = "INSERT INTO request_keys (account_id, idem_key, method, path, request_hash) "
		    "VALUES (?, ?, ?, ?, ?)",
    /* The write committed with its key (an update), or a write made without a transaction. */
    [IDEM_ANSWER] = "INSERT INTO request_keys (account_id, idem_key, method, path, request_hash, "
		    "status, answer) VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE status = "
		    "VALUES(status), answer = VALUES(answer)",
    [IDEM_PURGE] = "DELETE FROM request_keys WHERE created_at < NOW() - INTERVAL 1 DAY",
};

static int is_write(const char *method)
{
	return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
	       strcmp(method, "PATCH") == 0 || strcmp(method, "DELETE") == 0;
}

static int valid_key(const char *key)
{
	size_t n = strlen(key);
	if (n == 0 || n > KEY_MAX)
		return 0;
	for (const char *c = key; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      strchr("-_.:", *c)))
			return 0;
	return 1;
}

/* The hex of a 16-byte hash of the n parts, each length-prefixed so that no two lists of parts
 * hash alike. */
static const char *hash_hex(struct request *req, const char *const *parts, const size_t *lens, size_t n)
{
	crypto_generichash_state st;
	unsigned char h[16];
	char *hex = arena_alloc(req->arena, sizeof h * 2 + 1);
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	for (size_t i = 0; i < n; i++) {
		unsigned long long len = lens[i];
		crypto_generichash_update(&st, (const unsigned char *)&len, sizeof len);
		crypto_generichash_update(&st, (const unsigned char *)parts[i], lens[i]);
	}
	crypto_generichash_final(&st, h, sizeof h);
	return sodium_bin2hex(hex, sizeof h * 2 + 1, h, sizeof h);
}

/* The lock's name: account and a hash of the key (MariaDB's names stop at 64 characters). */
static const char *lock_name(struct request *req)
{
	const char *parts[] = {req->idempotency_key};
	size_t lens[] = {strlen(req->idempotency_key)};
	return arena_printf(req->arena, "qiao:idem:%lld:%s", req->caller->id, hash_hex(req, parts, lens, 1));
}

/* What makes a retry the same request: method, path and body. */
static const char *request_hash(struct request *req)
{
	const char *parts[] = {req->method, req->path, req->body ? req->body : ""};
	size_t lens[] = {strlen(req->method), strlen(req->path), req->body ? req->body_len : 0};
	return hash_hex(req, parts, lens, 3);
}

static void unlock(struct request *req)
{
	json_t *row;
	if (db_row(req->app->db, &row, stmts[IDEM_UNLOCK], DB_ARGS(DB_STR(lock_name(req)))) == 1)
		json_decref(row);
}

/* A key already recorded: its answer, or why there is none. */
static void answer_recorded(struct request *req, json_t *row)
{
	const char *method = json_string_value(json_object_get(row, "method"));
	const char *path = json_string_value(json_object_get(row, "path"));
	json_t *status = json_object_get(row, "status");
	const char *body = json_string_value(json_object_get(row, "answer"));
	if (strcmp(json_string_value(json_object_get(row, "request_hash")), request_hash(req)) != 0) {
		reply_error(req, ERR_VALIDATION, "Idempotency-Key",
			    "this Idempotency-Key was used for another request (%s %s); send a new key "
			    "for a new request", method, path);
	} else if (!json_is_integer(status) || !body) {
		reply_error(req, ERR_CONFLICT, "Idempotency-Key",
			    "this request was already applied but its answer was lost; read the record "
			    "to see the result instead of sending it again");
	} else {
		char *copy = strdup(body);
		if (!copy) {
			reply_internal(req);
			return;
		}
		reply_text(req, (int)json_integer_value(status), copy);
		reply_header(req, "Idempotent-Replayed", "true");
	}
}

int idempotency_begin(struct request *req)
{
	if (!req->idempotency_key || !*req->idempotency_key || !req->caller || !is_write(req->method)) {
		req->idempotency_key = NULL;
		return 0;
	}
	if (!valid_key(req->idempotency_key)) {
		req->idempotency_key = NULL;
		reply_error(req, ERR_VALIDATION, "Idempotency-Key",
			    "Idempotency-Key must be 1 to %d letters, digits, '-', '_', '.' or ':'", KEY_MAX);
		return 1;
	}
	struct db *db = req->app->db;
	json_t *row;
	int found = db_row(db, &row, stmts[IDEM_LOCK], DB_ARGS(DB_STR(lock_name(req))));
	int got = found == 1 && json_integer_value(json_object_get(row, "got")) == 1;
	if (found == 1)
		json_decref(row);
	if (found < 0) {
		req->idempotency_key = NULL;
		reply_db_failure(req);
		return 1;
	}
	if (!got) {
		req->idempotency_key = NULL;
		reply_error(req, ERR_CONFLICT, "Idempotency-Key",
			    "a request with this Idempotency-Key is still running; wait for its answer");
		return 1;
	}
	found = db_row(db, &row, stmts[IDEM_FIND],
		       DB_ARGS(DB_INT(req->caller->id), DB_STR(req->idempotency_key)));
	if (found != 0) {
		if (found == 1)
			answer_recorded(req, row);
		else
			reply_db_failure(req);
		json_decref(row);
		unlock(req);
		req->idempotency_key = NULL;
		return 1;
	}
	req->idempotency_hash = request_hash(req);
	struct db_param record[] = {DB_INT(req->caller->id), DB_STR(req->idempotency_key), DB_STR(req->method),
				    DB_STR(req->path), DB_STR(req->idempotency_hash)};
	db_before_commit(db, stmts[IDEM_RECORD], record, 5);
	return 0;
}

void idempotency_end(struct request *req)
{
	if (!req->idempotency_key)
		return;
	struct db *db = req->app->db;
	db_before_commit(db, NULL, NULL, 0);
	const char *body = req->status >= 200 && req->status < 300 ? reply_serialised(req) : NULL;
	/* A failed store leaves the key recorded without an answer: a retry is told so (409). */
	if (body)
		db_exec(db, stmts[IDEM_ANSWER],
			DB_ARGS(DB_INT(req->caller->id), DB_STR(req->idempotency_key), DB_STR(req->method),
				DB_STR(req->path), DB_STR(req->idempotency_hash), DB_INT(req->status),
				DB_STR(body)));
	unlock(req);
}

int idempotency_purge(struct app *app)
{
	return db_exec(app->db, stmts[IDEM_PURGE], DB_NOARGS) < 0 ? -1 : 0;
}
