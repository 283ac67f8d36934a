/* audit.h: the audit log: every write records actor, action, target, time and address. */
#ifndef QIAO_AUDIT_H
#define QIAO_AUDIT_H

#include "app.h"

/* Appends an entry for req's caller (or actor_id when there is no caller yet, as at
 * sign-in; 0 for none). detail may be NULL; it is not stolen. Call it inside the write's
 * transaction. Returns 0, or -1 on a database error (the caller answers). */
int audit_record(struct request *req, long long actor_id, const char *action,
		 const char *target_type, long long target_id, json_t *detail);

/* The same for writes made outside a request (the command-line tool): actor may be 0. */
int audit_write(struct app *app, long long actor_id, const char *actor_role, const char *action,
		const char *target_type, long long target_id, const char *address,
		const char *request_id, json_t *detail);

/* GET /admin/audit: superadmin. Filters action, actor_id, target_type, target_id.
 * Raises 401, 403, 422 (bad filter). */
int audit_list(struct request *req);

/* Seals every entry not yet sealed (batches of 500, each one transaction under the head's
 * lock, so concurrent sealers never fork the chain). Returns how many, or -1. */
long audit_seal(struct app *app);

/* What audit_verify found. broken_* are set when the chain does not hold. */
struct audit_verdict {
	long long sealed;           /* entries whose hash matched */
	long long pending;          /* entries not sealed yet */
	long long oldest_pending_s; /* age of the oldest of them, seconds */
	long long broken_seq;       /* the first entry that does not hold, by sequence */
	long long broken_id;        /* its id (0 when the entry itself is gone) */
	char broken_reason[160];
};

/* Recomputes the chain from the first entry. 0 when it holds, 1 when it is broken (see v),
 * -1 on a database error. */
int audit_verify(struct app *app, struct audit_verdict *v);

#endif
