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

#endif
