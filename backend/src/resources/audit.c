/* audit.c: writing and reading the audit log, and its hash chain: the sealer gives each new
 * entry, in the order it finds them, the next sequence number and a hash keyed with
 * QIAO_AUDIT_KEY over the previous entry's hash and this entry's columns (sql/012). */
#include "resources/audit.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "http/params.h"
#include "http/response.h"

enum audit_stmt {
	AUDIT_INSERT,
	AUDIT_LIST,
	AUDIT_COUNT,
	AUDIT_HEAD_LOCK,
	AUDIT_HEAD,
	AUDIT_UNSEALED,
	AUDIT_SEAL,
	AUDIT_HEAD_SET,
	AUDIT_CHAIN_PAGE,
	AUDIT_PENDING,
	AUDIT__MAX
};

/* The columns a seal covers, `at` to the microsecond as text (the JSON form drops them). */
#define AUDIT_SEALED_COLUMNS                                                                      \
	"id, DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f') AS at, actor_id, actor_role, action, "     \
	"target_type, target_id, address, request_id, detail"

#define AUDIT_FILTER                                                                              \
	" WHERE (? IS NULL OR action = ?) AND (? IS NULL OR actor_id = ?)"                        \
	" AND (? IS NULL OR target_type = ?) AND (? IS NULL OR target_id = ?)"

static const char *const stmts[AUDIT__MAX] = {
    [AUDIT_INSERT] = "INSERT INTO audit_log (actor_id, actor_role, action, target_type, "
		     "target_id, address, request_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [AUDIT_LIST] = "SELECT id, at, actor_id, actor_role, action, target_type, target_id, address, "
		   "request_id, detail AS detail__json FROM audit_log" AUDIT_FILTER
		   " ORDER BY id DESC LIMIT ? OFFSET ?",
    [AUDIT_COUNT] = "SELECT COUNT(*) AS n FROM audit_log" AUDIT_FILTER,
    [AUDIT_HEAD_LOCK] = "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE",
    [AUDIT_HEAD] = "SELECT seq, hash FROM audit_head WHERE id = 1",
    [AUDIT_UNSEALED] = "SELECT " AUDIT_SEALED_COLUMNS " FROM audit_log WHERE seq IS NULL "
		       "ORDER BY id LIMIT 500 FOR UPDATE",
    [AUDIT_SEAL] = "UPDATE audit_log SET seq = ?, hash = ? WHERE id = ?",
    [AUDIT_HEAD_SET] = "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1",
    [AUDIT_CHAIN_PAGE] = "SELECT seq, hash, " AUDIT_SEALED_COLUMNS " FROM audit_log "
			 "WHERE seq > ? ORDER BY seq LIMIT 1000",
    [AUDIT_PENDING] = "SELECT COUNT(*) AS n, "
		      "COALESCE(TIMESTAMPDIFF(SECOND, MIN(at), NOW()), 0) AS oldest_s "
		      "FROM audit_log WHERE seq IS NULL",
};

int audit_write(struct app *app, long long actor_id, const char *actor_role, const char *action,
		const char *target_type, long long target_id, const char *address,
		const char *request_id, json_t *detail)
{
	char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	long long n = db_exec(app->db, stmts[AUDIT_INSERT],
			      DB_ARGS(actor_id ? DB_INT(actor_id) : DB_NULLV, DB_STR(actor_role),
				      DB_STR(action), DB_STR(target_type),
				      target_id ? DB_INT(target_id) : DB_NULLV, DB_STR(address),
				      DB_STR(request_id), DB_STR(text)));
	free(text);
	return n < 0 ? -1 : 0;
}

int audit_record(struct request *req, long long actor_id, const char *action,
		 const char *target_type, long long target_id, json_t *detail)
{
	const struct caller *c = req->caller;
	return audit_write(req->app, c ? c->id : actor_id, c ? c->role_name : NULL, action,
			   target_type, target_id, req->remote_addr, req->request_id, detail);
}

int audit_list(struct request *req)
{
	struct page pg;
	const char *action, *target_type;
	long long actor = 0, target = 0;
	int has_actor, has_target;
	if (page_or_422(req, &pg) < 0 || query_string_or_422(req, "action", 64, &action) < 0 ||
	    query_string_or_422(req, "target_type", 32, &target_type) < 0 ||
	    query_int_or_422(req, "actor_id", 1, INT64_MAX, &actor, &has_actor) < 0 ||
	    query_int_or_422(req, "target_id", 1, INT64_MAX, &target, &has_target) < 0)
		return -1;
	struct db_param filter[10] = {
	    DB_STR(action),
	    DB_STR(action),
	    has_actor ? DB_INT(actor) : DB_NULLV,
	    has_actor ? DB_INT(actor) : DB_NULLV,
	    DB_STR(target_type),
	    DB_STR(target_type),
	    has_target ? DB_INT(target) : DB_NULLV,
	    has_target ? DB_INT(target) : DB_NULLV,
	};
	return reply_paged(req, stmts[AUDIT_LIST], stmts[AUDIT_COUNT], filter, 8, &pg, NULL);
}

/* ---- the chain ---------------------------------------------------------------------------- */

/* hex = BLAKE2b-256 keyed with the audit key over prev, seq and the entry's sealed columns
 * (a compact JSON array, so NULL and "" differ). 0, or -1 when out of memory. */
static int chain_hash(const char *key, const char *prev, long long seq, json_t *entry,
		      char hex[65])
{
	static const char *const cols[] = {"id",	  "at",		 "actor_id", "actor_role",
					   "action",	  "target_type", "target_id", "address",
					   "request_id", "detail"};
	json_t *canon = json_array();
	json_array_append_new(canon, json_integer(seq));
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		json_t *v = json_object_get(entry, cols[i]);
		json_array_append(canon, v ? v : json_null());
	}
	char *text = json_dumps(canon, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(canon);
	if (!text)
		return -1;
	unsigned char k[crypto_generichash_KEYBYTES], h[32];
	crypto_generichash(k, sizeof k, (const unsigned char *)key, strlen(key), NULL, 0);
	crypto_generichash_state st;
	crypto_generichash_init(&st, k, sizeof k, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)prev, strlen(prev));
	crypto_generichash_update(&st, (const unsigned char *)text, strlen(text));
	crypto_generichash_final(&st, h, sizeof h);
	sodium_memzero(k, sizeof k);
	sodium_bin2hex(hex, 65, h, sizeof h);
	free(text);
	return 0;
}

/* Seals one batch in its own transaction; the number sealed, or -1. */
static long seal_batch(struct app *app)
{
	struct db *db = app->db;
	json_t *head = NULL, *rows = NULL;
	long sealed = -1;
	if (db_begin(db) < 0 || db_row(db, &head, stmts[AUDIT_HEAD_LOCK], DB_NOARGS) != 1 ||
	    !(rows = db_rows(db, stmts[AUDIT_UNSEALED], DB_NOARGS)))
		goto out;
	long long seq = json_integer_value(json_object_get(head, "seq"));
	char hash[65];
	snprintf(hash, sizeof hash, "%s", json_string_value(json_object_get(head, "hash")));
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		char next[65];
		if (chain_hash(app->cfg->audit_key, hash, seq + 1, row, next) < 0 ||
		    db_exec(db, stmts[AUDIT_SEAL],
			    DB_ARGS(DB_INT(seq + 1), DB_STR(next),
				    DB_INT(json_integer_value(json_object_get(row, "id"))))) != 1)
			goto out;
		seq++;
		memcpy(hash, next, sizeof hash);
	}
	if (json_array_size(rows) &&
	    db_exec(db, stmts[AUDIT_HEAD_SET], DB_ARGS(DB_INT(seq), DB_STR(hash))) != 1)
		goto out;
	if (db_commit(db) == 0)
		sealed = (long)json_array_size(rows);
out:
	if (sealed < 0)
		db_rollback(db);
	json_decref(head);
	json_decref(rows);
	return sealed;
}

long audit_seal(struct app *app)
{
	long total = 0, n;
	while ((n = seal_batch(app)) > 0)
		total += n;
	return n < 0 ? -1 : total;
}

/* Checks one page of the chain from *seq/prev on; 1 while more may follow, 0 at the end, -1 on
 * a database error; a broken entry fills v->broken_* and ends the walk (0). */
static int verify_page(struct app *app, long long *seq, char prev[65], struct audit_verdict *v)
{
	json_t *rows = db_rows(app->db, stmts[AUDIT_CHAIN_PAGE], DB_ARGS(DB_INT(*seq)));
	if (!rows)
		return -1;
	size_t i;
	json_t *row;
	int more = json_array_size(rows) > 0;
	json_array_foreach(rows, i, row)
	{
		long long s = json_integer_value(json_object_get(row, "seq"));
		long long id = json_integer_value(json_object_get(row, "id"));
		const char *stored = json_string_value(json_object_get(row, "hash"));
		char want[65] = "";
		if (s != *seq + 1)
			snprintf(v->broken_reason, sizeof v->broken_reason,
				 "entries %lld to %lld are missing", *seq + 1, s - 1);
		else if (chain_hash(app->cfg->audit_key, prev, s, row, want) < 0 || !stored ||
			 strcmp(want, stored) != 0)
			snprintf(v->broken_reason, sizeof v->broken_reason,
				 "its content or hash was changed");
		if (v->broken_reason[0]) {
			v->broken_seq = *seq + 1;
			v->broken_id = id;
			more = 0;
			break;
		}
		*seq = s;
		memcpy(prev, stored, 65);
		v->sealed++;
	}
	json_decref(rows);
	return more;
}

int audit_verify(struct app *app, struct audit_verdict *v)
{
	memset(v, 0, sizeof(*v));
	long long seq = 0;
	char prev[65];
	memset(prev, '0', 64);
	prev[64] = '\0';
	int r;
	while ((r = verify_page(app, &seq, prev, v)) == 1)
		;
	json_t *head = NULL, *pending = NULL;
	if (r < 0 || db_row(app->db, &head, stmts[AUDIT_HEAD], DB_NOARGS) != 1 ||
	    db_row(app->db, &pending, stmts[AUDIT_PENDING], DB_NOARGS) != 1) {
		json_decref(head);
		return -1;
	}
	v->pending = json_integer_value(json_object_get(pending, "n"));
	v->oldest_pending_s = json_integer_value(json_object_get(pending, "oldest_s"));
	long long head_seq = json_integer_value(json_object_get(head, "seq"));
	const char *head_hash = json_string_value(json_object_get(head, "hash"));
	if (!v->broken_reason[0] && (head_seq != seq || strcmp(head_hash, prev) != 0)) {
		/* The newest entries were removed (or the head was moved). */
		v->broken_seq = seq + 1;
		snprintf(v->broken_reason, sizeof v->broken_reason,
			 "the chain ends at %lld but was sealed up to %lld", seq, head_seq);
	}
	json_decref(head);
	json_decref(pending);
	return v->broken_reason[0] ? 1 : 0;
}
