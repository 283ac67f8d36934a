/* resume_files.h: a resume's attachments (附件, issue 6): images and PDFs the student adds to a
 * resume (docs/recruitment.md). Routes: the student who owns the resume uploads, lists,
 * downloads and deletes; staff who read the resume (students.view, an advisor in scope) and an
 * employer the resume was sent to (an application to one of its jobs) list and download. A
 * resume out of the caller's reach answers 404, as one that does not exist. */
#ifndef QIAO_RESUME_FILES_H
#define QIAO_RESUME_FILES_H

#include "app.h"

/* The most attachments a resume holds. */
#define RESUME_FILES_MAX 5

/* POST /resumes/{id}/files?name=…: the body is the file itself (a PNG or JPEG image or a PDF,
 * recognised by its bytes, at most QIAO_MAX_LICENCE bytes; licences.h), `name` the name it was
 * uploaded with (1–120 characters of UTF-8, no control characters, a name and not a path).
 * Kept under $QIAO_VAR_DIR/uploads/resumes with a random name, recorded and audited
 * (resume_file.upload) in one transaction. Answers 201 the file {"id","resume_id","name",
 * "content_type","size","created_at"}. Raises 404 (not the caller's resume), 409 (field file:
 * the resume has RESUME_FILES_MAX already), 413, 422 (field name or file), 503 (disk). */
int resume_files_upload(struct request *req);

/* GET /resumes/{id}/files: the resume's attachments, newest first, each as the upload answers
 * it (not paged: there are at most RESUME_FILES_MAX). Raises 404. */
int resume_files_list(struct request *req);

/* GET /resumes/{id}/files/{file_id}: the file itself, with its sniffed Content-Type and a
 * Content-Disposition offering its name (licences_send). Raises 404 (the resume out of reach,
 * or no such file of it), 503 (the file is missing from the disk). */
int resume_files_download(struct request *req);

/* DELETE /resumes/{id}/files/{file_id}: removes the record (audited as resume_file.delete in its
 * transaction) and then the file. Answers 200 the file as it was. Raises 404 (not the caller's
 * resume, no such file of it, or deleted by another request at the same time). */
int resume_files_delete(struct request *req);

#endif
