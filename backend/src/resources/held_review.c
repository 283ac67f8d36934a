/* held_review.c: pending → approved | rejected, and the second review of held edits. */
#include "resources/held_review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "http/params.h"
#include "http/request.h"
#include "http/response.h"
#include "resources/audit.h"
#include "resources/review.h"

int held_lock(struct request *req, const struct held_table *t, long long id, char status[16],
	      const char **held)
{
	json_t *row;
	int found = db_row(req->app->db, &row, t->lock_sql, DB_ARGS(DB_INT(id)));
	if (found != 1)
		return found;
	snprintf(status, 16, "%s", json_string_value(json_object_get(row, "status")));
	*held = arena_strdup(req->arena, json_string_value(json_object_get(row, "pending_changes")));
	json_decref(row);
	return 1;
}

int held_hold(struct request *req, const struct held_table *t, long long id, const char *held,
	      json_t *changes)
{
	json_t *all = held ? json_loads(held, 0, NULL) : NULL;
	if (!json_is_object(all)) {
		json_decref(all);
		all = json_object();
	}
	json_object_update(all, changes);
	char *text = json_dumps(all, JSON_COMPACT);
	json_decref(all);
	int rc = !text || db_exec(req->app->db, t->hold_sql, DB_ARGS(DB_STR(text), DB_INT(id))) < 0
		     ? -1
		     : 0;
	free(text);
	return rc;
}

/* The decision of the body: 1 approve, 0 reject; -1 after a 422. */
static int decision_or_422(struct request *req, const char **reason)
{
	static const char *const allowed[] = {"decision", "reason", NULL};
	static const char *const decisions[] = {"approve", "reject", NULL};
	int which = review_decision_or_422(req, allowed, decisions, reason);
	return which < 0 ? -1 : which == 0;
}

/* Applies the held changes of a record under second review (inside the transaction). */
static int apply_held(struct request *req, const struct held_table *t, long long id, const char *held)
{
	struct db *db = req->app->db;
	if (db_exec(db, t->apply_sql, DB_ARGS(DB_INT(id))) < 0)
		return db_status(db) == DB_DUPLICATE
			   ? reply_error(req, ERR_CONFLICT, "decision",
					 "the changes clash with another %s (a name or code it holds)",
					 t->entity)
			   : reply_db_failure(req);
	if (t->apply_more && held && t->apply_more(req, id, held) < 0)
		return reply_db_failure(req);
	return 0;
}

int held_review(struct request *req, const struct held_table *t, long long id)
{
	const char *reason;
	int approve = decision_or_422(req, &reason);
	if (approve < 0)
		return -1;
	struct db *db = req->app->db;
	if (db_begin(db) < 0)
		return reply_db_failure(req);
	char from[16] = "";
	const char *held = NULL;
	int found = held_lock(req, t, id, from, &held);
	int rc = found < 0 ? reply_db_failure(req) : !found ? reply_not_found(req) : 0;
	int rereview = strcmp(from, "rereview") == 0;
	const char *to = approve || rereview ? "approved" : "rejected";
	if (rc == 0 && !rereview && strcmp(from, "pending") != 0)
		rc = reply_error(req, ERR_CONFLICT, "decision",
				 "the %s is %s, not pending or waiting for a second review: it cannot "
				 "become %s", t->entity, from, approve ? "approved" : "rejected");
	if (rc == 0 && rereview && approve)
		rc = apply_held(req, t, id, held);
	if (rc == 0 && db_exec(db, t->decide_sql,
			       DB_ARGS(DB_STR(to), DB_STR(reason), DB_INT(req->caller->id), DB_INT(id),
				       DB_STR(from))) != 1)
		rc = reply_db_failure(req);
	if (rc == 0 && approve && !rereview && t->approved && t->approved(req, id) < 0)
		rc = reply_db_failure(req);
	json_t *detail = json_pack("{s:s, s:s, s:s, s:s?}", "decision", approve ? "approve" : "reject",
				   "from", from, "to", to, "reason", reason);
	const char *action = arena_printf(req->arena, "%s.review", t->entity);
	if (rc == 0 && (audit_record(req, 0, action, t->entity, id, detail) < 0 || db_commit(db) < 0))
		rc = reply_db_failure(req);
	json_decref(detail);
	if (rc < 0)
		db_rollback(db);
	return rc;
}
