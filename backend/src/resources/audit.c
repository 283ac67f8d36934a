/* audit.c: writing and reading the audit log. */
#include "resources/audit.h"

#include <stdint.h>
#include <string.h>

#include "db/db.h"
#include "http/params.h"
#include "http/response.h"

enum audit_stmt { AUDIT_INSERT, AUDIT_LIST, AUDIT_COUNT, AUDIT__MAX };

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
	struct db_param filter[8] = {
	    DB_STR(action),
	    DB_STR(action),
	    has_actor ? DB_INT(actor) : DB_NULLV,
	    has_actor ? DB_INT(actor) : DB_NULLV,
	    DB_STR(target_type),
	    DB_STR(target_type),
	    has_target ? DB_INT(target) : DB_NULLV,
	    has_target ? DB_INT(target) : DB_NULLV,
	};
	struct db_param with_page[10];
	memcpy(with_page, filter, sizeof filter);
	with_page[8] = DB_INT(pg.per_page);
	with_page[9] = DB_INT(pg.offset);
	json_t *count;
	if (db_row(req->app->db, &count, stmts[AUDIT_COUNT], filter, 8) < 0)
		return reply_db_failure(req);
	long long total = json_integer_value(json_object_get(count, "n"));
	json_decref(count);
	json_t *rows = db_rows(req->app->db, stmts[AUDIT_LIST], with_page, 10);
	if (!rows)
		return reply_db_failure(req);
	return reply_list(req, rows, pg.page, pg.per_page, total);
}
