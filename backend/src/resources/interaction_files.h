/* interaction_files.h: the archived material of an employer interaction (深度合作's 存档材料):
 * images and PDFs the office uploads to an interaction (docs/interactions.md). Routes: the
 * office holding employers.relations uploads and deletes; it and advisors list and download. */
#ifndef QIAO_INTERACTION_FILES_H
#define QIAO_INTERACTION_FILES_H

#include "app.h"

/* POST /employer-interactions/{id}/files?name=…: the body is the file itself (a PNG or JPEG
 * image or a PDF, recognised by its bytes, at most QIAO_MAX_LICENCE bytes; licences.h), `name`
 * the name it was uploaded with (1–120 characters of UTF-8, no control characters, a name and
 * not a path: no / or \, not . or ..). Kept under $QIAO_VAR_DIR/uploads/interactions with a
 * random name, recorded and audited (employer_file.upload) in one transaction. Answers 201 the
 * file {"id","interaction_id","name","content_type","size","uploaded_by","uploaded_by_name",
 * "created_at"}. Raises 404 (no such interaction), 413, 422 (field name or file), 503 (disk). */
int interaction_files_upload(struct request *req);

/* GET /employer-interactions/{id}/files: page, per_page: the interaction's files, newest first,
 * each as the upload answers it. Raises 404, 422. */
int interaction_files_list(struct request *req);

/* GET /employer-files/{id}: the file itself, with its sniffed Content-Type and a
 * Content-Disposition offering its name (file-<id>.<ext> when the name is not plain ASCII;
 * licences_send). Raises 404, 503 (the file is missing from the disk). */
int interaction_files_download(struct request *req);

/* DELETE /employer-files/{id}: removes the record (audited as employer_file.delete in its
 * transaction) and then the file. Answers 200 the file as it was. Raises 404 (none, or deleted
 * by another request at the same time). */
int interaction_files_delete(struct request *req);

#endif
