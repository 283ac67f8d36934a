/* idempotency.h: the Idempotency-Key header of a write. A client that lost the answer to a
 * write (a worker killed after its commit, a dropped connection) sends it again with the same
 * key and gets the first answer back instead of writing twice. Signed-in callers only; keys
 * are per account and kept at least a day (sql/029). */
#ifndef QIAO_IDEMPOTENCY_H
#define QIAO_IDEMPOTENCY_H

#include "app.h"

/* Before the handler of a write bearing a key: 1 when the request was answered here (the first
 * answer replayed with Idempotent-Replayed: true; 409 while a request with the key runs or when
 * the first one committed but its answer was lost; 422 for a malformed key or one used for
 * another request), 0 to run the handler, with the key then written in the transaction of its
 * commit. 0 without a key, for reads and for anonymous callers. */
int idempotency_begin(struct request *req);

/* After the handler, when idempotency_begin returned 0: keeps a 2xx answer under the key and
 * lets the next request with the key in. */
void idempotency_end(struct request *req);

/* Forgets keys older than a day. 0 or -1. */
int idempotency_purge(struct app *app);

#endif
