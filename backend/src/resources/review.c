/* review.c: the batch decision shared by the review queues. */
#include "resources/review.h"

#include <string.h>

#include "db/db.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/audit.h"

int review_batch(struct request *req, review_decide_fn decide, const char *action,
		 const char *entity)
{
	static const char *const allowed[] = {"ids", "decision", "reason", NULL};
	static const char *const decisions[] = {"approve", "reject", NULL};
	json_t *ids;
	const char *decision, *reason;
	if (body_only_or_422(req, allowed) < 0 || body_id_array_or_422(req, "ids", &ids) < 0 ||
	    body_string_or_422(req, "decision", 1, 16, &decision) < 0 ||
	    value_one_of_or_422(req, "decision", decision, decisions) < 0 ||
	    body_opt_string_or_422(req, "reason", 500, &reason) < 0)
		return -1;
	int approve = strcmp(decision, "approve") == 0;
	if (json_array_size(ids) == 0 || json_array_size(ids) > 1000)
		return reply_error(req, ERR_VALIDATION, "ids", "ids must hold 1 to 1000 ids");
	if (!approve && !reason)
		return reply_error(req, ERR_VALIDATION, "reason", "a rejection needs a reason");
	struct db *db = req->app->db;
	if (db_begin(db) < 0)
		return reply_db_failure(req);
	size_t i;
	json_t *id;
	json_array_foreach(ids, i, id)
	{
		if (decide(req, json_integer_value(id), approve, reason) < 0) {
			db_rollback(db);
			return -1;
		}
	}
	json_t *detail = json_pack("{s:O, s:s, s:s?}", "ids", ids, "decision", decision, "reason", reason);
	int rc = audit_record(req, 0, action, entity, json_integer_value(json_array_get(ids, 0)), detail);
	json_decref(detail);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	reply_data(req, 200, json_pack("{s:i, s:s}", "decided", (int)json_array_size(ids),
				       "decision", decision));
	return 0;
}

int review_decision_or_422(struct request *req, const char *const *allowed,
			   const char *const *decisions, const char **reason)
{
	const char *decision;
	if (body_only_or_422(req, allowed) < 0 ||
	    body_string_or_422(req, "decision", 1, 16, &decision) < 0 ||
	    value_one_of_or_422(req, "decision", decision, decisions) < 0 ||
	    body_opt_string_or_422(req, "reason", 500, reason) < 0)
		return -1;
	int which = 0;
	while (strcmp(decisions[which], decision) != 0)
		which++;
	if (which > 0 && !*reason)
		return reply_error(req, ERR_VALIDATION, "reason", "a decision to %s needs a reason",
				   decision);
	return which;
}

int review_page(struct request *req, const char *state, const struct page *pg,
		struct db_param *p, size_t nfilter, const char *count_sql, const char *queue_sql,
		const char *done_sql, void (*shape)(struct request *req, json_t *row))
{
	json_t *count;
	if (db_row(req->app->db, &count, count_sql, p, nfilter) < 0)
		return reply_db_failure(req);
	long long total = json_integer_value(json_object_get(count, "n"));
	json_decref(count);
	p[nfilter] = DB_INT(pg->per_page);
	p[nfilter + 1] = DB_INT(pg->offset);
	int queue = strcmp(state, "pending") == 0;
	json_t *rows = db_rows(req->app->db, queue ? queue_sql : done_sql, p, nfilter + 2);
	if (!rows)
		return reply_db_failure(req);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		shape(req, row);
	}
	return reply_list(req, rows, pg->page, pg->per_page, total);
}

static int skipped(const char *key, const char *const *skip)
{
	for (; skip && *skip; skip++)
		if (strcmp(*skip, key) == 0)
			return 1;
	return 0;
}

json_t *review_changed_fields(json_t *current, json_t *proposed, const char *const *skip)
{
	json_t *changed = json_array();
	const char *key;
	json_t *value;
	json_object_foreach(proposed, key, value)
	{
		if (!skipped(key, skip) && !json_equal(value, json_object_get(current, key)))
			json_array_append_new(changed, json_string(key));
	}
	return changed;
}
