/* request.h: parsing of the outside input of a request: query string, path, JSON body. */
#ifndef QIAO_REQUEST_H
#define QIAO_REQUEST_H

#include <stddef.h>

#include "app.h"

/* Decodes %XX and '+' in place; returns -1 for a malformed escape or an embedded NUL. */
int url_decode(char *s);

/* Parses "a=1&b=2" into req->query (arena). Returns 0, or -1 for malformed input. */
int request_parse_query(struct request *req, const char *qs);

/* The last value of a query key, or NULL. */
const char *request_query(const struct request *req, const char *key);

/* Matches path against a pattern such as "/api/v1/accounts/{id}/scope"; fills params
 * (arena-owned, decoded) and returns 1 on a match, 0 otherwise. */
int path_match(struct arena *arena, const char *pattern, const char *path,
	       const char *params[REQUEST_MAX_PARAMS], size_t *nparams);

/* Parses req->body as JSON into req->json. Returns 0, or -1 after setting the error
 * response (400 for malformed JSON or a non-object). An empty body gives an empty object. */
int request_parse_json(struct request *req);

#endif
