/* review.h: what every review queue shares: the batch decision body, one transaction for the
 * batch, and the changed-field comparison the reviewer sees highlighted. */
#ifndef QIAO_REVIEW_H
#define QIAO_REVIEW_H

#include "app.h"
#include "db/db.h"
#include "http/params.h"

/* Decides one item inside the batch transaction; answers and returns -1 on a refusal (404
 * for an id outside the caller's scope, 409 for one no longer pending). */
typedef int (*review_decide_fn)(struct request *req, long long id, int approve, const char *reason);

/* POST body {"ids":[…1000], "decision":"approve|reject", "reason"} (a rejection needs a
 * reason): decides every id in one transaction, writes one audit entry (action, entity) and
 * answers {"decided","decision"}. Any refusal rolls the whole batch back. Returns 0 when the
 * batch was committed, -1 otherwise (the answer is written either way). */
int review_batch(struct request *req, review_decide_fn decide, const char *action,
		 const char *entity);

/* The body of one decision: only the fields of allowed (a NULL-terminated list naming
 * "decision" and "reason" among others), a decision among decisions, and a reason of up to 500
 * characters that every decision but the first (the approval) requires. The decision's
 * position in decisions, or -1 after answering 422. */
int review_decision_or_422(struct request *req, const char *const *allowed,
			   const char *const *decisions, const char **reason);

/* Answers one page of a review queue. p holds the nfilter filter parameters of count_sql,
 * then room for two more: the page's LIMIT and OFFSET are put there for queue_sql (used for
 * state "pending": oldest first, the order the queue is worked) or done_sql (newest first).
 * shape(req, row) finishes each row. Returns 0, or -1 after answering a database failure. */
int review_page(struct request *req, const char *state, const struct page *pg,
		struct db_param *p, size_t nfilter, const char *count_sql, const char *queue_sql,
		const char *done_sql, void (*shape)(struct request *req, json_t *row));

/* The names of the keys of proposed whose value differs from current (keys in skip, a
 * NULL-terminated list or NULL, are left out). New reference. */
json_t *review_changed_fields(json_t *current, json_t *proposed, const char *const *skip);

#endif
