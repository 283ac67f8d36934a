/* session.h: who is calling: bearer token -> verified claims -> current account state. */
#ifndef QIAO_SESSION_H
#define QIAO_SESSION_H

#include "app.h"

/* Authenticates req from its Authorization header and sets req->caller. Returns 0, or -1
 * after answering 401 (no, bad, expired or revoked token; disabled account) or 503 (Redis
 * or MariaDB cannot answer: fail closed). */
int session_authenticate(struct request *req);

/* Drops the cached state of an account so its next request sees a change. Returns -1
 * (after answering 503) when the cache cannot be reached. */
int session_forget_account(struct request *req, long long account_id);

/* Whether the caller holds a permission item (superadmin and all-permission admins hold
 * every item). */
int caller_can(const struct caller *caller, const char *item);
/* Whether the caller is limited to a set of majors (advisors), rather than seeing all. */
int caller_is_scoped(const struct caller *caller);
/* Whether major_id is in the caller's scope (always true for unscoped callers). */
int caller_in_scope(const struct caller *caller, long long major_id);

/* The caller's majors as a JSON array text for the SQL scope filter (arena-owned), or NULL
 * for a caller who is not limited to majors. Every query over students binds it twice:
 * SCOPE_FILTER(column) below. */
const char *caller_scope_json(struct request *req);

/* The SQL condition limiting `column` (a major id) to the caller's scope; bind
 * caller_scope_json() to both placeholders. */
#define SCOPE_FILTER(column)                                                                      \
	"(? IS NULL OR " column " IN (SELECT sj.id FROM JSON_TABLE(?, '$[*]' COLUMNS "             \
	"(id BIGINT UNSIGNED PATH '$')) sj))"

#endif
