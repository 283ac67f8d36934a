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

/* The helpers of every upload of a document (the licence, an interaction's archived files). */

/* Checks the request body is a document: a PNG or JPEG image or a PDF, recognised by its first
 * bytes whatever the Content-Type says, of at most QIAO_MAX_LICENCE bytes. 0 with *type (the
 * media type) and *ext (the file extension without the dot), both static strings; or -1 after
 * answering 422 (field file: empty, or another kind of file) or 413. `what` names the document
 * in the messages ("licence"). */
int licences_file_or_422(struct request *req, const char *what, const char **type, const char **ext);

/* Keeps the request body under $QIAO_VAR_DIR/uploads/<sub> (made when missing, mode 0700; outside
 * the web root) as "<owner>-<16 random hex digits>.<ext>": written whole under a temporary name,
 * synced and renamed, so a reader never sees half of it. The file name (arena-owned), or NULL
 * after answering 503 (a full disk, or the file could not be written) with nothing left behind.
 * The caller records the name in its transaction and unlinks the file if that fails. */
const char *licences_keep(struct request *req, const char *sub, long long owner, const char *ext,
			  const char *what);

/* The path of the kept file name under $QIAO_VAR_DIR/uploads/<sub>, or of that directory when
 * name is NULL (arena-owned). */
const char *licences_upload_path(struct request *req, const char *sub, const char *name);

#endif
