/* licences.h: an employer's business licence (营业执照). */
#ifndef QIAO_LICENCES_H
#define QIAO_LICENCES_H

#include "app.h"

/* PUT /employers/{id}/licence: the employer's HR sends the file itself as the body (a PNG or
 * JPEG image or a PDF, recognised by its bytes; at most QIAO_MAX_LICENCE bytes). It replaces
 * the previous one; an approved employer goes to a second review (rereview). Answers the
 * employer. Raises 404 (not the caller's employer), 413, 422 (field file), 503 (disk full). */
int licences_put(struct request *req);

/* GET /employers/{id}/licence: the file, to the employer's HR and to staff holding
 * employers.review (whose reads are audited). Raises 404 (no such employer for the caller,
 * or no licence yet). */
int licences_get(struct request *req);

#endif
