/* fuzz.h: what the request harnesses share: a request built by hand (no socket), the input as
 * a string of its own, and the check that a refusal left a complete error envelope. */
#ifndef QIAO_FUZZ_H
#define QIAO_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "core/arena.h"
#include "http/response.h"

/* The input as a NUL-terminated malloc'd copy (caller frees). Not in the arena: its blocks
 * have no redzones, so AddressSanitizer would miss a read past the end. */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A request as the worker fills it before routing, owned by arena. */
static inline struct request fuzz_request(struct arena *arena, struct app *app,
					  const char *method, const char *path)
{
	return (struct request){.app = app, .arena = arena, .method = method, .path = path,
				.status = 200, .content_length = -1};
}

/* A helper that returned -1 must have answered {"error": {"code", "message"}} with status;
 * a lost envelope would reach the client as a 500 instead. */
static inline void fuzz_check_refusal(const struct request *req, int status)
{
	json_t *err = json_object_get(req->out, "error");
	if (req->status != status || !json_string_value(json_object_get(err, "code")) ||
	    !json_string_value(json_object_get(err, "message")))
		abort();
}

/* Serialises the response as the worker would, then frees what the request owns. */
static inline void fuzz_request_finish(struct request *req)
{
	size_t len;
	const char *head;
	char *body = response_render(req, &len, &head);
	if (!body || strlen(body) != len || !head)
		abort();
	free(body);
	json_decref(req->json);
	json_decref(req->out);
	free(req->out_text);
	req->json = req->out = NULL;
	req->out_text = NULL;
}

#endif
