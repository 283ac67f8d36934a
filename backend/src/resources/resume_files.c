/* resume_files.c: a resume's attachments (附件): files checked and kept as the licence is
 * (licences.h) under $QIAO_VAR_DIR/uploads/resumes, their rows in resume_files; uploaded and
 * deleted by the resume's student, listed and downloaded by those who may read the resume. */
#include "resources/resume_files.h"

#include <unistd.h>

#include "auth/session.h"
#include "db/db.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/audit.h"
#include "resources/licences.h"

/* Where the files are kept, below $QIAO_VAR_DIR/uploads. */
#define RF_DIR "resumes"
/* The longest name a file keeps, in characters (the column's size). */
#define RF_NAME_MAX 120

enum resume_files_stmt {
	RF_RESUME,
	RF_SENT_TO,
	RF_LOCK_RESUME,
	RF_HELD,
	RF_INSERT,
	RF_GET,
	RF_FILE,
	RF_LOCK,
	RF_DELETE,
	RF_LIST,
	RF__MAX
};

/* A file as the API answers it. */
#define RF_COLUMNS "id, resume_id, name, content_type, size, created_at FROM resume_files"

static const char *const stmts[RF__MAX] = {
    [RF_RESUME] = "SELECT r.student_id, s.major_id FROM resumes r JOIN students s ON s.id = "
		  "r.student_id WHERE r.id = ?",
    /* the resume was sent to one of the employer's jobs (by the applications' resume_id key) */
    [RF_SENT_TO] = "SELECT 1 AS yes FROM applications a JOIN jobs j ON j.id = a.job_id WHERE "
		   "a.resume_id = ? AND j.employer_id = ? LIMIT 1",
    /* of two uploads at once to a resume with one place left, the second waits here and then
     * counts the first */
    [RF_LOCK_RESUME] = "SELECT id FROM resumes WHERE id = ? FOR UPDATE",
    [RF_HELD] = "SELECT COUNT(*) AS n FROM resume_files WHERE resume_id = ?",
    [RF_INSERT] = "INSERT INTO resume_files (resume_id, name, stored_as, content_type, size) "
		  "VALUES (?, ?, ?, ?, ?)",
    [RF_GET] = "SELECT " RF_COLUMNS " WHERE id = ?",
    [RF_FILE] = "SELECT name, stored_as, content_type FROM resume_files WHERE id = ? AND "
		"resume_id = ?",
    /* of two deletes at once, the second waits here and then finds nothing */
    [RF_LOCK] = "SELECT stored_as FROM resume_files WHERE id = ? AND resume_id = ? FOR UPDATE",
    [RF_DELETE] = "DELETE FROM resume_files WHERE id = ?",
    [RF_LIST] = "SELECT " RF_COLUMNS " WHERE resume_id = ? ORDER BY id DESC",
};

/* Whether the caller reaches the resume: its student always; when only the owner may (a write),
 * no one else; else staff whose majors hold the student (the route asks for students.view) and
 * an employer the resume was sent to. 0, or -1 after 404 (outside the reach, as a resume that
 * does not exist) or 503. */
static int resume_or_404(struct request *req, long long id, int owner_only)
{
	const struct caller *c = req->caller;
	json_t *row;
	int found = db_row(req->app->db, &row, stmts[RF_RESUME], DB_ARGS(DB_INT(id)));
	if (found != 1)
		return found < 0 ? reply_db_failure(req) : reply_not_found(req);
	long long student = json_integer_value(json_object_get(row, "student_id"));
	long long major = json_integer_value(json_object_get(row, "major_id"));
	json_decref(row);
	int reach = c->role == ROLE_STUDENT && c->student_id && student == c->student_id;
	if (!reach && !owner_only && (c->role & ROLES_STAFF))
		reach = caller_in_scope(c, major);
	if (!reach && !owner_only && c->role == ROLE_EMPLOYER && c->employer_id) {
		found = db_row(req->app->db, &row, stmts[RF_SENT_TO],
			       DB_ARGS(DB_INT(id), DB_INT(c->employer_id)));
		if (found < 0)
			return reply_db_failure(req);
		json_decref(found ? row : NULL);
		reach = found;
	}
	return reach ? 0 : reply_not_found(req);
}

/* Records a kept file in the open transaction once the resume has room: 1 and *file, 0 when it
 * holds RESUME_FILES_MAX already, -1 on a database error. */
static int record(struct request *req, long long id, const char *name, const char *stored,
		  const char *type, long long *file)
{
	struct db *db = req->app->db;
	json_t *lock, *held;
	if (db_row(db, &lock, stmts[RF_LOCK_RESUME], DB_ARGS(DB_INT(id))) != 1)
		return -1;
	json_decref(lock);
	if (db_row(db, &held, stmts[RF_HELD], DB_ARGS(DB_INT(id))) != 1)
		return -1;
	long long n = json_integer_value(json_object_get(held, "n"));
	json_decref(held);
	if (n >= RESUME_FILES_MAX)
		return 0;
	if (db_exec(db, stmts[RF_INSERT], DB_ARGS(DB_INT(id), DB_STR(name), DB_STR(stored),
						  DB_STR(type), DB_INT(req->body_len))) != 1)
		return -1;
	*file = db_insert_id(db);
	json_t *detail = json_pack("{s:I, s:s, s:s, s:I}", "resume_id", (json_int_t)id, "name",
				   name, "content_type", type, "size", (json_int_t)req->body_len);
	int rc = audit_record(req, 0, "resume_file.upload", "resume_file", *file, detail);
	json_decref(detail);
	return rc < 0 ? -1 : 1;
}

int resume_files_upload(struct request *req)
{
	long long id, file = 0;
	const char *name, *type, *ext, *stored;
	if (path_id_or_404(req, 0, &id) < 0 || licences_name_or_422(req, RF_NAME_MAX, &name) < 0 ||
	    licences_file_or_422(req, "document", &type, &ext) < 0 ||
	    resume_or_404(req, id, 1) < 0 ||
	    !(stored = licences_keep(req, RF_DIR, id, ext, "document")))
		return -1;
	struct db *db = req->app->db;
	int rc = db_begin(db) < 0 ? -1 : record(req, id, name, stored, type, &file);
	if (rc == 1 && db_commit(db) < 0)
		rc = -1;
	if (rc < 1) {
		db_rollback(db);
		unlink(licences_upload_path(req, RF_DIR, stored));
		if (rc < 0)
			return reply_db_failure(req);
		return reply_error(req, ERR_CONFLICT, "file",
				   "a resume may have at most %d attachments; delete one first",
				   RESUME_FILES_MAX);
	}
	return licences_answer(req, 201, stmts[RF_GET], file);
}

int resume_files_list(struct request *req)
{
	long long id;
	if (path_id_or_404(req, 0, &id) < 0 || resume_or_404(req, id, 0) < 0)
		return -1;
	json_t *rows = db_rows(req->app->db, stmts[RF_LIST], DB_ARGS(DB_INT(id)));
	return rows ? reply_data(req, 200, rows) : reply_db_failure(req);
}

int resume_files_download(struct request *req)
{
	long long id, file;
	json_t *row;
	if (path_id_or_404(req, 0, &id) < 0 || path_id_or_404(req, 1, &file) < 0 ||
	    resume_or_404(req, id, 0) < 0)
		return -1;
	int found = db_row(req->app->db, &row, stmts[RF_FILE], DB_ARGS(DB_INT(file), DB_INT(id)));
	if (found != 1)
		return found < 0 ? reply_db_failure(req) : reply_not_found(req);
	return licences_send(req, RF_DIR, file, row);
}

int resume_files_delete(struct request *req)
{
	const struct licences_forget_sql sql = {stmts[RF_LOCK], stmts[RF_GET], stmts[RF_DELETE]};
	long long id, file;
	if (path_id_or_404(req, 0, &id) < 0 || path_id_or_404(req, 1, &file) < 0 ||
	    resume_or_404(req, id, 1) < 0)
		return -1;
	return licences_forget(req, RF_DIR, &sql, file, DB_ARGS(DB_INT(file), DB_INT(id)),
			       "resume_file.delete", "resume_file");
}
