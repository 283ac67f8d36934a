/* held_review.h: the review every recruitment record shares (employers, jobs): states
 * pending (new) → approved or rejected (with a reason); an edit of an approved record is held
 * in its pending_changes column as rereview (待复审) while the approved values stay in use, and
 * a second review applies the held changes or drops them. The record's table supplies its
 * statements, each taking the record's id last. */
#ifndef QIAO_HELD_REVIEW_H
#define QIAO_HELD_REVIEW_H

#include "app.h"

struct held_table {
	const char *entity; /* "employer", "job": audit target type and messages */
	/* SELECT status, pending_changes (as text) … WHERE id = ? FOR UPDATE */
	const char *lock_sql;
	/* UPDATE … SET pending_changes = ?, status = 'rereview' WHERE id = ? */
	const char *hold_sql;
	/* UPDATE … sets the columns from pending_changes WHERE id = ? */
	const char *apply_sql;
	/* UPDATE … SET status = ?, review_reason = ?, reviewed_by = ?, reviewed_at = now,
	 * pending_changes = NULL WHERE id = ? AND status = ? */
	const char *decide_sql;
	/* What the columns cannot hold (say the job's majors): applied from the held changes
	 * text after apply_sql. 0, or -1 when the database failed. May be NULL. */
	int (*apply_more)(struct request *req, long long id, const char *held);
	/* What a first approval (pending → approved) brings, inside the transaction (the
	 * employer's interaction log). 0, or -1 when the database failed. May be NULL. */
	int (*approved)(struct request *req, long long id);
};

/* Reads the record's status (and its held changes, arena text or NULL) inside the caller's
 * transaction, locking the row: 1, 0 when there is no such record, -1 on a database error. */
int held_lock(struct request *req, const struct held_table *t, long long id, char status[16],
	      const char **held);

/* Adds changes to those already held (a later value wins; null kept, to clear on approval) and
 * marks the record rereview, inside the caller's transaction. 0 or -1. */
int held_hold(struct request *req, const struct held_table *t, long long id, const char *held,
	      json_t *changes);

/* POST …/{id}/review {"decision":"approve|reject","reason"}: one transaction; pending →
 * approved | rejected (a reason needed), rereview → approved with or without the held changes;
 * another state answers 409 naming it. Writes "<entity>.review" to the audit log. Returns 0
 * once committed, -1 after answering (404, 409, 422, 503). */
int held_review(struct request *req, const struct held_table *t, long long id);

#endif
