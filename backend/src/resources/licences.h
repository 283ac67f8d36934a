/* licences.h: an employer's business licence (营业执照). */
#ifndef QIAO_LICENCES_H
#define QIAO_LICENCES_H

#include "app.h"
#include "db/db.h"

/* PUT /employers/{id}/licence: the employer's HR sends the file itself as the body (a PNG or
 * JPEG image or a PDF, recognised by its bytes; at most QIAO_MAX_LICENCE bytes). It replaces
 * the previous one; an approved employer goes to a second review (rereview). Answers the
 * employer. Raises 404 (not the caller's employer), 413, 422 (field file), 503 (disk full). */
int licences_put(struct request *req);

/* GET /employers/{id}/licence: the file, to the employer's HR and to staff holding
 * employers.review (whose reads are audited). Raises 404 (no such employer for the caller,
 * or no licence yet). */
int licences_get(struct request *req);

/* The helpers of every upload of a document (the licence, an interaction's archived files, a
 * resume's attachments). */

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

/* The name a document was uploaded with, from ?name= (1 to max characters of UTF-8 without
 * control characters): a name and not a path (no / or \, not . or ..), as it is offered again on
 * download. 0 with *name (borrowed from the query), or -1 after answering 422 (field name). */
int licences_name_or_422(struct request *req, size_t max, const char **name);

/* Answers the kept file of a document's record: row (new reference, freed here) holds its
 * "name", "stored_as" and "content_type"; id is the record's. The file goes with its type and a
 * Content-Disposition offering its name (file-<id>.<ext> when the name is not printable ASCII
 * without a quote or backslash). 0, or -1 after answering 503 (the file is missing from the
 * disk). */
int licences_send(struct request *req, const char *sub, long long id, json_t *row);

/* Answers with status a document's record id as the API answers it (get binds the id alone);
 * 404 when there is none. 0, or -1 after 404 or 503. */
int licences_answer(struct request *req, int status, const char *get, long long id);

/* The statements of licences_forget: lock (the record's stored_as, FOR UPDATE) binds the given
 * parameters; get (the record as the API answers it) and del bind the record's id alone. */
struct licences_forget_sql {
	const char *lock, *get, *del;
};

/* Deletes a document's record id (locked by sql->lock with its n parameters p, so of two deletes
 * at once the second finds nothing) with its audit entry `action` on target_type id in one
 * transaction, then its kept file under <sub>. Answers 200 the record as it was; raises 404
 * (none, or deleted meanwhile), 503. Returns 0 or -1. */
int licences_forget(struct request *req, const char *sub, const struct licences_forget_sql *sql,
		    long long id, const struct db_param *p, size_t n, const char *action,
		    const char *target_type);

#endif
