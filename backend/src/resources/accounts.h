/* accounts.h: accounts of every role, their permission items and managed majors. */
#ifndef QIAO_ACCOUNTS_H
#define QIAO_ACCOUNTS_H

#include "app.h"

/* Loads an account document (id, username, name, role, status, all_permissions,
 * permissions, major_ids, student_id, employer_id, created_at): 1 and *doc (new
 * reference) when found, 0 when not, -1 on a database error. */
int accounts_load(struct app *app, long long id, json_t **doc);

/* Creates an account with an already-checked password hash (NULL leaves it pending until
 * activation). Used by the HTTP handler and the command-line tool. Returns the new id, or
 * -1 with db_status() telling why (DB_DUPLICATE for a taken username). Runs inside the
 * caller's transaction. */
long long accounts_insert(struct app *app, const char *username, const char *hash,
			  const char *name, const char *role, int all_permissions,
			  long long student_id, long long employer_id);
/* Replaces the account's password hash and activates it. Returns affected rows or -1. */
long long accounts_set_password(struct app *app, long long id, const char *hash);
/* Finds an account id by username: 1 found, 0 not, -1 error. */
int accounts_find(struct app *app, const char *username, long long *id);

/* The "username" of a body making an account (3 to 64 letters, digits and _ . @ -), and its
 * "password" against the policy (auth/password.h). -1 after answering 422 naming the field. */
int accounts_username_or_422(struct request *req, const char **out);
int accounts_password_or_422(struct request *req, const char *username, const char **out);

/* Handlers. Callers: superadmin, or admin holding accounts.manage (checked by the route
 * table); the handlers add the checks that depend on the target. */
/* GET /admin/accounts: role, q, page, per_page. Raises 422. */
int accounts_list(struct request *req);
/* GET /admin/accounts/{id}. Raises 404. */
int accounts_get(struct request *req);
/* POST /admin/accounts. Raises 400, 403 (granting what the caller lacks, making a
 * superadmin), 409 (taken username), 422 (field named). */
int accounts_create(struct request *req);
/* PUT /admin/accounts/{id}/scope {"major_ids"}. Raises 403, 404, 422. */
int accounts_set_scope(struct request *req);
/* PUT /admin/accounts/{id}/permissions {"permissions"}. Raises 403, 404, 422. */
int accounts_set_permissions(struct request *req);
/* PUT /admin/accounts/{id}/status {"status":"active"|"disabled"}. Raises 403, 404, 422. */
int accounts_set_status(struct request *req);
/* GET /admin/permission-items. */
int accounts_permission_items(struct request *req);

/* Public form of an account document (drops internal fields); new reference. */
json_t *accounts_view(json_t *doc);

#endif
