/* accounts.c: staff account management, the account document used by every request. */
#include "resources/accounts.h"

#include <ctype.h>
#include <string.h>

#include "auth/password.h"
#include "auth/session.h"
#include "db/db.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/audit.h"

enum accounts_stmt {
	ACC_LOAD,
	ACC_FIND,
	ACC_INSERT,
	ACC_SET_PASSWORD,
	ACC_LIST,
	ACC_COUNT,
	ACC_ITEMS,
	ACC_PERMS_CLEAR,
	ACC_PERM_ADD,
	ACC_MAJORS_CLEAR,
	ACC_MAJORS_ADD,
	ACC_MAJORS_UNKNOWN,
	ACC_SET_STATUS,
	ACC__MAX
};

/* An all-permission account lists every item, so /me shows what it can really do. */
#define ACC_SELECT                                                                                \
	"SELECT a.id, a.username, a.name, a.role, a.status, a.all_permissions, a.student_id, "    \
	"a.employer_id, a.created_at, UNIX_TIMESTAMP(a.sessions_valid_after) AS "                 \
	"sessions_valid_after, "                                                                  \
	"IF(a.all_permissions = 1 OR a.role = 'superadmin', "                                     \
	"(SELECT JSON_ARRAYAGG(p.code ORDER BY p.sort_order) FROM permission_items p), "          \
	"(SELECT JSON_ARRAYAGG(ap.item ORDER BY ap.item) FROM account_permissions ap "            \
	"WHERE ap.account_id = a.id)) AS permissions__json, "                                     \
	"(SELECT JSON_ARRAYAGG(am.major_id ORDER BY am.major_id) FROM account_majors am "         \
	"WHERE am.account_id = a.id) AS major_ids__json FROM accounts a"

#define ACC_FILTER " WHERE (? IS NULL OR a.role = ?) AND (? IS NULL OR a.username LIKE ? OR a.name LIKE ?)"

static const char *const stmts[ACC__MAX] = {
    [ACC_LOAD] = ACC_SELECT " WHERE a.id = ?",
    [ACC_FIND] = "SELECT id FROM accounts WHERE username = ?",
    [ACC_INSERT] = "INSERT INTO accounts (username, password_hash, name, role, status, "
		   "all_permissions, student_id, employer_id, password_changed_at) "
		   "VALUES (?, ?, ?, ?, IF(? IS NULL, 'pending', 'active'), ?, ?, ?, "
		   "IF(? IS NULL, NULL, CURRENT_TIMESTAMP))",
    [ACC_SET_PASSWORD] = "UPDATE accounts SET password_hash = ?, status = IF(status = 'pending', "
			 "'active', status), password_changed_at = CURRENT_TIMESTAMP WHERE id = ?",
    [ACC_LIST] = ACC_SELECT ACC_FILTER " ORDER BY a.id DESC LIMIT ? OFFSET ?",
    [ACC_COUNT] = "SELECT COUNT(*) AS n FROM accounts a" ACC_FILTER,
    [ACC_ITEMS] = "SELECT code, kind, label_zh, label_en FROM permission_items ORDER BY sort_order",
    [ACC_PERMS_CLEAR] = "DELETE FROM account_permissions WHERE account_id = ?",
    [ACC_PERM_ADD] = "INSERT INTO account_permissions (account_id, item) VALUES (?, ?)",
    [ACC_MAJORS_CLEAR] = "DELETE FROM account_majors WHERE account_id = ?",
    [ACC_MAJORS_ADD] = "INSERT INTO account_majors (account_id, major_id) SELECT DISTINCT ?, j.id "
		       "FROM JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$')) j",
    [ACC_MAJORS_UNKNOWN] = "SELECT j.id FROM JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED "
			   "PATH '$')) j LEFT JOIN majors m ON m.id = j.id WHERE m.id IS NULL LIMIT 1",
    [ACC_SET_STATUS] = "UPDATE accounts SET status = ? WHERE id = ?",
};

static const char *const staff_roles[] = {"counselor", "advisor", "admin", "superadmin", NULL};

int accounts_load(struct app *app, long long id, json_t **doc)
{
	return db_row(app->db, doc, stmts[ACC_LOAD], DB_ARGS(DB_INT(id)));
}

long long accounts_insert(struct app *app, const char *username, const char *hash,
			  const char *name, const char *role, int all_permissions,
			  long long student_id, long long employer_id)
{
	if (db_exec(app->db, stmts[ACC_INSERT],
		    DB_ARGS(DB_STR(username), DB_STR(hash), DB_STR(name), DB_STR(role), DB_STR(hash),
			    DB_INT(all_permissions), student_id ? DB_INT(student_id) : DB_NULLV,
			    employer_id ? DB_INT(employer_id) : DB_NULLV, DB_STR(hash))) < 0)
		return -1;
	return db_insert_id(app->db);
}

long long accounts_set_password(struct app *app, long long id, const char *hash)
{
	return db_exec(app->db, stmts[ACC_SET_PASSWORD], DB_ARGS(DB_STR(hash), DB_INT(id)));
}

int accounts_find(struct app *app, const char *username, long long *id)
{
	json_t *row;
	int found = db_row(app->db, &row, stmts[ACC_FIND], DB_ARGS(DB_STR(username)));
	if (found == 1) {
		*id = json_integer_value(json_object_get(row, "id"));
		json_decref(row);
	}
	return found;
}

json_t *accounts_view(json_t *doc)
{
	json_t *v = json_deep_copy(doc);
	json_object_del(v, "sessions_valid_after"); /* the session check's, not the API's */
	json_object_set_new(v, "all_permissions",
			    json_boolean(json_integer_value(json_object_get(doc, "all_permissions"))));
	return v;
}

/* Answers with the current state of account id (200, or the given status). */
static int reply_account(struct request *req, int status, long long id)
{
	json_t *doc;
	int found = accounts_load(req->app, id, &doc);
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return reply_not_found(req);
	reply_data(req, status, accounts_view(doc));
	json_decref(doc);
	return 0;
}

static int is_staff_role(const char *role)
{
	for (const char *const *r = staff_roles; *r; r++)
		if (strcmp(*r, role) == 0)
			return 1;
	return 0;
}

int accounts_username_or_422(struct request *req, const char **out)
{
	if (body_string_or_422(req, "username", 3, 64, out) < 0)
		return -1;
	for (const char *p = *out; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.@-", *p))
			return reply_error(req, ERR_VALIDATION, "username",
					   "username may hold only letters, digits and _ . @ -");
	return 0;
}

int accounts_password_or_422(struct request *req, const char *username, const char **out)
{
	if (body_string_or_422(req, "password", 1, 128, out) < 0)
		return -1;
	const char *weak = password_policy_check(username, *out);
	return weak ? reply_error(req, ERR_VALIDATION, "password", "%s", weak) : 0;
}

/* Checks a list of permission items: every one must exist (422) and the caller must hold
 * it (403), so nobody grants what they do not have. */
static int items_or_refuse(struct request *req, json_t *items)
{
	json_t *known = db_rows(req->app->db, stmts[ACC_ITEMS], DB_NOARGS);
	if (!known)
		return reply_db_failure(req);
	int rc = 0;
	size_t i, k;
	json_t *item, *row;
	json_array_foreach(items, i, item)
	{
		const char *code = json_string_value(item);
		int exists = 0;
		json_array_foreach(known, k, row)
		{
			exists |= strcmp(json_string_value(json_object_get(row, "code")), code) == 0;
		}
		if (!exists) {
			rc = reply_error(req, ERR_VALIDATION, "permissions",
					 "unknown permission item \"%s\"", code);
			break;
		}
		if (!caller_can(req->caller, code)) {
			rc = reply_error(req, ERR_FORBIDDEN, "permissions",
					 "you cannot grant \"%s\": you do not hold it", code);
			break;
		}
	}
	json_decref(known);
	return rc;
}

/* 422 naming the first major id that does not exist. */
static int majors_exist_or_422(struct request *req, const char *ids_json)
{
	json_t *row;
	int found = db_row(req->app->db, &row, stmts[ACC_MAJORS_UNKNOWN], DB_ARGS(DB_STR(ids_json)));
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return 0;
	long long id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	return reply_error(req, ERR_VALIDATION, "major_ids", "major %lld does not exist", id);
}

static int write_permissions(struct request *req, long long account_id, json_t *items)
{
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item)
	{
		if (db_exec(req->app->db, stmts[ACC_PERM_ADD],
			    DB_ARGS(DB_INT(account_id), DB_STR(json_string_value(item)))) < 0 &&
		    db_status(req->app->db) != DB_DUPLICATE)
			return -1;
	}
	return 0;
}

static int write_majors(struct request *req, long long account_id, const char *ids_json)
{
	return db_exec(req->app->db, stmts[ACC_MAJORS_ADD],
		       DB_ARGS(DB_INT(account_id), DB_STR(ids_json))) < 0
		   ? -1
		   : 0;
}

/* Finds the target account of a management route: 404 when it does not exist; staff other
 * than a superadmin cannot touch a superadmin's account (403). */
static int target_or_refuse(struct request *req, long long *id)
{
	if (path_id_or_404(req, 0, id) < 0)
		return -1;
	json_t *doc;
	int found = accounts_load(req->app, *id, &doc);
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return reply_not_found(req);
	enum role r = role_from_name(json_string_value(json_object_get(doc, "role")));
	json_decref(doc);
	if (r == ROLE_SUPERADMIN && req->caller->role != ROLE_SUPERADMIN)
		return reply_error(req, ERR_FORBIDDEN, NULL, "only a superadmin can change a superadmin");
	return 0;
}

/* Ends a write inside its transaction: audit entry (detail is stolen), cache invalidation,
 * commit, then answers with the account's new state; rolls back on any failure. */
static int commit_and_reply(struct request *req, long long id, const char *action, json_t *detail,
			    int status)
{
	struct db *db = req->app->db;
	int rc = 0;
	if (audit_record(req, 0, action, "account", id, detail) < 0)
		rc = reply_db_failure(req);
	else if (session_forget_account(req, id) < 0)
		rc = -1; /* answered 503 */
	else if (db_commit(db) < 0)
		rc = reply_db_failure(req);
	json_decref(detail);
	if (rc < 0) {
		db_rollback(db);
		return rc;
	}
	return reply_account(req, status, id);
}

int accounts_create(struct request *req)
{
	static const char *const allowed[] = {"username", "password", "name", "role",
					      "permissions", "major_ids", NULL};
	const char *username, *password, *name, *role;
	json_t *items, *majors;
	if (body_only_or_422(req, allowed) < 0 || accounts_username_or_422(req, &username) < 0 ||
	    body_string_or_422(req, "name", 1, 100, &name) < 0 ||
	    body_string_or_422(req, "role", 1, 16, &role) < 0)
		return -1;
	if (!is_staff_role(role))
		return reply_error(req, ERR_VALIDATION, "role",
				   "role must be counselor, advisor, admin or superadmin; students and "
				   "employers get accounts from their records");
	if (accounts_password_or_422(req, username, &password) < 0 ||
	    body_string_array_or_422(req, "permissions", &items) < 0 ||
	    body_id_array_or_422(req, "major_ids", &majors) < 0)
		return -1;
	if (strcmp(role, "superadmin") == 0 && req->caller->role != ROLE_SUPERADMIN)
		return reply_error(req, ERR_FORBIDDEN, "role", "only a superadmin can create a superadmin");
	if (items_or_refuse(req, items) < 0)
		return -1;
	char *ids_json = json_dumps(majors, JSON_COMPACT);
	int rc = majors_exist_or_422(req, ids_json);
	char hash[PASSWORD_HASH_MAX];
	if (rc == 0 && password_hash(password, hash) < 0)
		rc = reply_internal(req);
	if (rc < 0)
		goto out;

	struct db *db = req->app->db;
	if (db_begin(db) < 0) {
		rc = reply_db_failure(req);
		goto out;
	}
	int superadmin = strcmp(role, "superadmin") == 0;
	long long id = accounts_insert(req->app, username, hash, name, role, superadmin, 0, 0);
	if (id < 0) {
		rc = db_status(db) == DB_DUPLICATE
			 ? reply_error(req, ERR_CONFLICT, "username", "username \"%s\" is taken", username)
			 : reply_db_failure(req);
		db_rollback(db);
		goto out;
	}
	if (write_permissions(req, id, items) < 0 || write_majors(req, id, ids_json) < 0) {
		db_rollback(db);
		rc = reply_db_failure(req);
		goto out;
	}
	rc = commit_and_reply(req, id, "account.create",
			      json_pack("{s:s, s:s, s:O, s:O}", "username", username, "role", role,
					"permissions", items, "major_ids", majors),
			      201);
out:
	free(ids_json);
	return rc;
}

int accounts_set_scope(struct request *req)
{
	static const char *const allowed[] = {"major_ids", NULL};
	long long id;
	json_t *majors;
	if (target_or_refuse(req, &id) < 0 || body_only_or_422(req, allowed) < 0)
		return -1;
	if (!json_object_get(req->json, "major_ids"))
		return reply_error(req, ERR_VALIDATION, "major_ids", "major_ids is required");
	if (body_id_array_or_422(req, "major_ids", &majors) < 0)
		return -1;
	char *ids_json = json_dumps(majors, JSON_COMPACT);
	int rc = majors_exist_or_422(req, ids_json);
	if (rc < 0)
		goto out;
	struct db *db = req->app->db;
	if (db_begin(db) < 0 || db_exec(db, stmts[ACC_MAJORS_CLEAR], DB_ARGS(DB_INT(id))) < 0 ||
	    write_majors(req, id, ids_json) < 0) {
		db_rollback(db);
		rc = reply_db_failure(req);
		goto out;
	}
	rc = commit_and_reply(req, id, "account.scope", json_pack("{s:O}", "major_ids", majors), 200);
out:
	free(ids_json);
	return rc;
}

int accounts_set_permissions(struct request *req)
{
	static const char *const allowed[] = {"permissions", NULL};
	long long id;
	json_t *items;
	if (target_or_refuse(req, &id) < 0 || body_only_or_422(req, allowed) < 0)
		return -1;
	if (!json_object_get(req->json, "permissions"))
		return reply_error(req, ERR_VALIDATION, "permissions", "permissions is required");
	if (body_string_array_or_422(req, "permissions", &items) < 0 ||
	    items_or_refuse(req, items) < 0)
		return -1;
	struct db *db = req->app->db;
	if (db_begin(db) < 0 || db_exec(db, stmts[ACC_PERMS_CLEAR], DB_ARGS(DB_INT(id))) < 0 ||
	    write_permissions(req, id, items) < 0) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	return commit_and_reply(req, id, "account.permissions",
				json_pack("{s:O}", "permissions", items), 200);
}

int accounts_set_status(struct request *req)
{
	static const char *const allowed[] = {"status", NULL};
	long long id;
	const char *status;
	if (target_or_refuse(req, &id) < 0 || body_only_or_422(req, allowed) < 0 ||
	    body_string_or_422(req, "status", 1, 16, &status) < 0)
		return -1;
	if (strcmp(status, "active") != 0 && strcmp(status, "disabled") != 0)
		return reply_error(req, ERR_VALIDATION, "status", "status must be active or disabled");
	if (id == req->caller->id)
		return reply_error(req, ERR_VALIDATION, "status", "you cannot change your own status");
	struct db *db = req->app->db;
	if (db_begin(db) < 0 ||
	    db_exec(db, stmts[ACC_SET_STATUS], DB_ARGS(DB_STR(status), DB_INT(id))) < 0) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	return commit_and_reply(req, id, "account.status", json_pack("{s:s}", "status", status), 200);
}

int accounts_get(struct request *req)
{
	long long id;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	return reply_account(req, 200, id);
}

int accounts_list(struct request *req)
{
	struct page pg;
	const char *role, *q;
	if (page_or_422(req, &pg) < 0 || query_string_or_422(req, "role", 16, &role) < 0 ||
	    query_string_or_422(req, "q", 100, &q) < 0)
		return -1;
	if (role && !role_from_name(role))
		return reply_error(req, ERR_VALIDATION, "role", "unknown role \"%s\"", role);
	const char *like = like_contains(req->arena, q);
	struct db_param p[7] = {DB_STR(role), DB_STR(role), DB_STR(like), DB_STR(like), DB_STR(like),
				DB_INT(pg.per_page), DB_INT(pg.offset)};
	json_t *count, *docs;
	if (db_row(req->app->db, &count, stmts[ACC_COUNT], p, 5) < 0)
		return reply_db_failure(req);
	long long total = json_integer_value(json_object_get(count, "n"));
	json_decref(count);
	if (!(docs = db_rows(req->app->db, stmts[ACC_LIST], p, 7)))
		return reply_db_failure(req);
	json_t *rows = json_array();
	size_t i;
	json_t *doc;
	json_array_foreach(docs, i, doc)
	{
		json_array_append_new(rows, accounts_view(doc));
	}
	json_decref(docs);
	return reply_list(req, rows, pg.page, pg.per_page, total);
}

int accounts_permission_items(struct request *req)
{
	json_t *rows = db_rows(req->app->db, stmts[ACC_ITEMS], DB_NOARGS);
	return rows ? reply_data(req, 200, rows) : reply_db_failure(req);
}
