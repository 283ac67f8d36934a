/* routes.h: the route table and the dispatcher that applies it. */
#ifndef QIAO_ROUTES_H
#define QIAO_ROUTES_H

#include <stddef.h>

#include "app.h"

typedef int (*route_handler)(struct request *req);

/* Heavy routes counted per account and per address (QIAO_RATE_*): 429 with Retry-After.
 * Registrations come from no account: they are counted per address. */
enum route_limit { LIMIT_NONE, LIMIT_EXPORTS, LIMIT_UPLOADS, LIMIT_REGISTRATIONS };

struct route {
	const char *method;
	const char *pattern;      /* "/api/v1/admin/accounts/{id}/scope" */
	route_handler handler;
	unsigned roles;           /* who may call; 0 = anyone, no token needed */
	int token_optional;       /* roles 0: a token, when sent, is checked and names the caller */
	const char *permission;   /* item the caller must hold, or NULL */
	unsigned exempt;          /* roles that need no item: their major scope is their limit */
	int upload;               /* takes a file: QIAO_MAX_UPLOAD bytes, not QIAO_MAX_BODY */
	enum route_limit limit;   /* every upload route counts as LIMIT_UPLOADS */
};

/* Finds the route for req->method and req->path and fills req->params. Returns NULL after
 * answering 404 (no such path) or 405 (path without that method, with Allow). */
const struct route *routes_find(struct request *req);
/* The largest body the route accepts. */
size_t routes_body_limit(const struct route *route, const struct config *cfg);
/* Runs a found route: 413 over the body limit, 401 without a valid token (or with a bad one
 * where a token is optional), 403 without the
 * role or permission item, 429 over its rate limit, 400 for a malformed JSON body, then the
 * handler. */
void routes_run(struct request *req, const struct route *route);
/* routes_find + routes_run, for callers that already hold the body (tests, fuzzers). */
void routes_dispatch(struct request *req);

/* The table itself (for tests and documentation checks). */
const struct route *routes_table(size_t *count);

#endif
