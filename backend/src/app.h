/* app.h: what a worker owns (struct app) and what a handler is given (struct request). */
#ifndef QIAO_APP_H
#define QIAO_APP_H

#include <jansson.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/config.h"

struct db;
struct cache;
struct sink;

/* Roles are bits so a route can name several. */
enum role {
	ROLE_STUDENT = 1 << 0,
	ROLE_EMPLOYER = 1 << 1,
	ROLE_COUNSELOR = 1 << 2,
	ROLE_ADVISOR = 1 << 3,
	ROLE_ADMIN = 1 << 4,
	ROLE_SUPERADMIN = 1 << 5,
};
#define ROLES_STAFF (ROLE_COUNSELOR | ROLE_ADVISOR | ROLE_ADMIN | ROLE_SUPERADMIN)
#define ROLES_OFFICE (ROLE_ADMIN | ROLE_SUPERADMIN)
#define ROLES_ANY (ROLE_STUDENT | ROLE_EMPLOYER | ROLES_STAFF)

/* A worker's long-lived state: one configuration, one DB and one Redis connection. */
struct app {
	const struct config *cfg;
	struct db *db;
	struct cache *cache;
};

/* The signed-in account, reloaded (or taken from the cache) on every request so that a
 * change of permissions, scope or status applies at once. */
struct caller {
	long long id;
	enum role role;
	const char *role_name;
	const char *username;
	const char *name;
	int all_permissions;      /* superadmin, or admin made by `qiao account create` */
	json_t *permissions;      /* borrowed from doc: array of item codes */
	json_t *major_ids;        /* borrowed from doc: array of integers */
	json_t *doc;              /* the account document; owned, freed with the request */
	char jti[33];
	long long token_exp;
	long long student_id;     /* linked record, 0 when none */
	long long employer_id;
};

#define REQUEST_MAX_PARAMS 4

struct query_pair {
	const char *key;
	const char *value;
};

/* Everything about one request; all strings live in the arena unless noted. */
struct request {
	struct app *app;
	struct arena *arena;
	const char *method;
	const char *path;
	const char *query_string;
	const char *content_type;
	const char *remote_addr;
	const char *request_id;
	const char *authorization;
	const char *idempotency_key; /* the Idempotency-Key header (http/idempotency.h) */
	const char *idempotency_hash; /* of the request it keys, once recorded */
	const char *body;        /* raw body, NUL-terminated */
	size_t body_len;
	long long content_length; /* declared length; -1 when absent */
	struct query_pair *query;
	size_t nquery;
	const char *params[REQUEST_MAX_PARAMS]; /* path parameters in pattern order */
	size_t nparams;
	const char *route;       /* the matched pattern, for logs */
	json_t *json;            /* parsed body (owned) */
	struct caller *caller;   /* NULL for anonymous calls */

	/* The response. */
	int status;
	json_t *out;             /* owned document to send */
	char *out_text;          /* or its serialised form, already made (owned, malloc'd) */
	const char *extra_headers; /* "Name: value\r\n..." or NULL */
	/* A file answer instead of JSON: the worker sends the head, then calls
	 * stream(req, sink) to write the body as it is produced (exports). reply_type is its
	 * Content-Type. */
	const char *reply_type;
	int (*stream)(struct request *req, struct sink *out);
	void *stream_ctx;
};

/* Where a streamed body goes; write returns 0, or -1 when the client is gone. */
struct sink {
	int (*write)(void *ctx, const char *buf, size_t n);
	void *ctx;
};

/* Role helpers. */
enum role role_from_name(const char *name); /* 0 when unknown */
const char *role_name(enum role role);

#endif
