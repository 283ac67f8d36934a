/* interaction_files.c: the archived material of an employer interaction (深度合作's 存档材料):
 * files checked and kept as the licence is (licences.h) under $QIAO_VAR_DIR/uploads/interactions,
 * their rows in employer_interaction_files; uploaded, listed, downloaded and deleted. */
#include "resources/interaction_files.h"

#include <unistd.h>

#include "db/db.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/audit.h"
#include "resources/licences.h"

/* Where the files are kept, below $QIAO_VAR_DIR/uploads. */
#define IF_DIR "interactions"
/* The longest name a file keeps, in characters (the column's size). */
#define IF_NAME_MAX 120

enum interaction_files_stmt {
	IF_INTERACTION,
	IF_INSERT,
	IF_GET,
	IF_FILE,
	IF_LOCK,
	IF_DELETE,
	IF_LIST,
	IF_COUNT,
	IF__MAX
};

/* A file as the API answers it, with the name of the account that uploaded it. */
#define IF_COLUMNS                                                                                \
	"f.id, f.interaction_id, f.name, f.content_type, f.size, f.uploaded_by, a.name AS "        \
	"uploaded_by_name, f.created_at FROM employer_interaction_files f LEFT JOIN accounts a ON " \
	"a.id = f.uploaded_by"

static const char *const stmts[IF__MAX] = {
    [IF_INTERACTION] = "SELECT employer_id FROM employer_interactions WHERE id = ?",
    [IF_INSERT] = "INSERT INTO employer_interaction_files (interaction_id, name, stored_as, "
		  "content_type, size, uploaded_by) VALUES (?, ?, ?, ?, ?, ?)",
    [IF_GET] = "SELECT " IF_COLUMNS " WHERE f.id = ?",
    [IF_FILE] = "SELECT name, stored_as, content_type FROM employer_interaction_files WHERE id = ?",
    /* of two deletes at once, the second waits here and then finds nothing */
    [IF_LOCK] = "SELECT stored_as FROM employer_interaction_files WHERE id = ? FOR UPDATE",
    [IF_DELETE] = "DELETE FROM employer_interaction_files WHERE id = ?",
    [IF_LIST] = "SELECT " IF_COLUMNS " WHERE f.interaction_id = ? ORDER BY f.id DESC LIMIT ? "
		"OFFSET ?",
    [IF_COUNT] = "SELECT COUNT(*) AS n FROM employer_interaction_files f WHERE f.interaction_id = ?",
};

/* The interaction must exist: 0, or -1 after 404/503. */
static int interaction_or_404(struct request *req, long long id)
{
	json_t *row;
	int found = db_row(req->app->db, &row, stmts[IF_INTERACTION], DB_ARGS(DB_INT(id)));
	json_decref(found == 1 ? row : NULL);
	return found == 1 ? 0 : found < 0 ? reply_db_failure(req) : reply_not_found(req);
}

int interaction_files_upload(struct request *req)
{
	long long id;
	const char *name, *type, *ext, *stored;
	if (path_id_or_404(req, 0, &id) < 0 || licences_name_or_422(req, IF_NAME_MAX, &name) < 0 ||
	    licences_file_or_422(req, "document", &type, &ext) < 0 || interaction_or_404(req, id) < 0 ||
	    !(stored = licences_keep(req, IF_DIR, id, ext, "document")))
		return -1;
	struct db *db = req->app->db;
	long long file = 0;
	int rc = db_begin(db) < 0 ||
			 db_exec(db, stmts[IF_INSERT],
				 DB_ARGS(DB_INT(id), DB_STR(name), DB_STR(stored), DB_STR(type),
					 DB_INT(req->body_len), DB_INT(req->caller->id))) != 1
		     ? -1
		     : 0;
	if (rc == 0) {
		file = db_insert_id(db);
		json_t *detail = json_pack("{s:I, s:s, s:s, s:I}", "interaction_id", (json_int_t)id, "name",
					   name, "content_type", type, "size", (json_int_t)req->body_len);
		rc = audit_record(req, 0, "employer_file.upload", "employer_file", file, detail) < 0 ||
			     db_commit(db) < 0
			 ? -1
			 : 0;
		json_decref(detail);
	}
	if (rc < 0) {
		db_rollback(db);
		unlink(licences_upload_path(req, IF_DIR, stored));
		return reply_db_failure(req);
	}
	return licences_answer(req, 201, stmts[IF_GET], file);
}

int interaction_files_list(struct request *req)
{
	long long id;
	struct page pg;
	if (path_id_or_404(req, 0, &id) < 0 || page_or_422(req, &pg) < 0 || interaction_or_404(req, id) < 0)
		return -1;
	struct db_param p[3] = {DB_INT(id)};
	return reply_paged(req, stmts[IF_LIST], stmts[IF_COUNT], p, 1, &pg, NULL);
}

int interaction_files_download(struct request *req)
{
	long long id;
	json_t *row;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	int found = db_row(req->app->db, &row, stmts[IF_FILE], DB_ARGS(DB_INT(id)));
	if (found != 1)
		return found < 0 ? reply_db_failure(req) : reply_not_found(req);
	return licences_send(req, IF_DIR, id, row);
}

int interaction_files_delete(struct request *req)
{
	const struct licences_forget_sql sql = {stmts[IF_LOCK], stmts[IF_GET], stmts[IF_DELETE]};
	long long id;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	return licences_forget(req, IF_DIR, &sql, id, DB_ARGS(DB_INT(id)), "employer_file.delete",
			       "employer_file");
}
