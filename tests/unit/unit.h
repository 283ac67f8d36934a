/* unit.h: what every cmocka test file includes, and a request built by hand (no socket). */
#ifndef QIAO_UNIT_H
#define QIAO_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "app.h"
#include "core/arena.h"

/* A request with method, path and optional JSON body, owned by arena. */
static inline struct request unit_request(struct arena *arena, struct app *app,
					   const char *method, const char *path, const char *body)
{
	struct request req = {.app = app, .arena = arena, .method = method, .path = path,
			      .status = 200, .content_length = -1};
	if (body) {
		req.body = body;
		req.body_len = strlen(body);
		req.content_length = (long long)req.body_len;
	}
	return req;
}

/* The error code of a response document, or NULL. */
static inline const char *unit_error_code(const struct request *req)
{
	return json_string_value(json_object_get(json_object_get(req->out, "error"), "code"));
}

static inline const char *unit_error_field(const struct request *req)
{
	return json_string_value(json_object_get(json_object_get(req->out, "error"), "field"));
}

static inline void unit_request_free(struct request *req)
{
	json_decref(req->json);
	json_decref(req->out);
	req->json = req->out = NULL;
}

#endif
