/* licences.c: an employer's business licence (营业执照): uploaded as an image or a PDF,
 * checked by its bytes, kept under $QIAO_VAR_DIR/uploads/licences (outside the web root) and
 * served only to the employer's HR users and the staff who review employers; and the checking,
 * keeping and serving of an uploaded document that the interactions' archived files and the
 * resumes' attachments share. */
#include "resources/licences.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/session.h"
#include "db/db.h"
#include "http/params.h"
#include "http/request.h"
#include "http/response.h"
#include "resources/audit.h"
#include "resources/employers.h"

enum licence_stmt { LIC_LOCK, LIC_SET, LIC_GET, LIC__MAX };

static const char *const stmts[LIC__MAX] = {
    [LIC_LOCK] = "SELECT status, licence_file FROM employers WHERE id = ? FOR UPDATE",
    /* A new licence of an approved employer is looked at again (待复审). */
    [LIC_SET] = "UPDATE employers SET licence_file = ?, licence_type = ?, "
		"licence_at = CURRENT_TIMESTAMP, "
		"status = IF(status = 'approved', 'rereview', status) WHERE id = ?",
    [LIC_GET] = "SELECT licence_file, licence_type FROM employers WHERE id = ?",
};

/* What the bytes are, whatever the Content-Type says: the media type and file extension, or
 * NULL for anything else. */
static const char *sniff(const char *data, size_t len, const char **ext)
{
	static const struct {
		const char *magic;
		size_t n;
		const char *type, *ext;
	} kinds[] = {
	    {"\x89PNG\r\n\x1a\n", 8, "image/png", "png"},
	    {"\xff\xd8\xff", 3, "image/jpeg", "jpg"},
	    {"%PDF-", 5, "application/pdf", "pdf"},
	};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (len >= kinds[i].n && memcmp(data, kinds[i].magic, kinds[i].n) == 0) {
			*ext = kinds[i].ext;
			return kinds[i].type;
		}
	return NULL;
}

const char *licences_upload_path(struct request *req, const char *sub, const char *name)
{
	const char *dir = arena_printf(req->arena, "%s/uploads/%s", req->app->cfg->var_dir, sub);
	return name ? arena_printf(req->arena, "%s/%s", dir, name) : dir;
}

/* Writes the file whole under a temporary name and renames it: a reader never sees half of it.
 * 0, or -1 (errno kept) with nothing left behind. */
static int store(const char *dir, const char *name, const char *data, size_t len)
{
	char tmp[512], path[512];
	snprintf(tmp, sizeof tmp, "%s/.%s.part", dir, name);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	size_t done = 0;
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		done += (size_t)n;
	}
	int ok = done == len && fsync(fd) == 0;
	int saved = errno;
	ok = close(fd) == 0 && ok && rename(tmp, path) == 0;
	if (!ok) {
		saved = errno ? errno : saved;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	return 0;
}

int licences_file_or_422(struct request *req, const char *what, const char **type, const char **ext)
{
	size_t max = req->app->cfg->max_licence;
	if (req->body_len == 0)
		return reply_error(req, ERR_VALIDATION, "file", "the body is empty: send the %s file",
				   what);
	if (req->body_len > max)
		return reply_error(req, ERR_PAYLOAD_TOO_LARGE, "file", "a %s may be at most %zu bytes",
				   what, max);
	*type = sniff(req->body, req->body_len, ext);
	if (!*type)
		return reply_error(req, ERR_VALIDATION, "file",
				   "the %s must be a PNG or JPEG image or a PDF", what);
	return 0;
}

const char *licences_keep(struct request *req, const char *sub, long long owner, const char *ext,
			  const char *what)
{
	const char *dir = licences_upload_path(req, sub, NULL);
	char suffix[17];
	unsigned char rnd[8];
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(suffix, sizeof suffix, rnd, sizeof rnd);
	const char *name = arena_printf(req->arena, "%lld-%s.%s", owner, suffix, ext);
	char parent[512];
	snprintf(parent, sizeof parent, "%s/uploads", req->app->cfg->var_dir);
	mkdir(parent, 0700);
	mkdir(dir, 0700);
	if (store(dir, name, req->body, req->body_len) == 0)
		return name;
	reply_error(req, ERR_UNAVAILABLE, "file",
		    errno == ENOSPC || errno == EDQUOT ? "the server's disk is full; the %s was not stored"
						       : "the %s could not be stored",
		    what);
	return NULL;
}

int licences_name_or_422(struct request *req, size_t max, const char **name)
{
	if (query_string_or_422(req, "name", max, name) < 0)
		return -1;
	if (!*name)
		return reply_error(req, ERR_VALIDATION, "name",
				   "name is required: the file's name, as ?name=");
	if (strpbrk(*name, "/\\") || strcmp(*name, ".") == 0 || strcmp(*name, "..") == 0)
		return reply_error(req, ERR_VALIDATION, "name",
				   "name must be a file's name, not a path");
	return 0;
}

/* The name a download offers: reply_file writes it between quotes as it is, so the file's own
 * name when that is printable ASCII without a quote or backslash, else file-<id>.<ext> (the
 * lists give the name as uploaded). Arena-owned. */
static const char *offered_name(struct request *req, long long id, const char *name,
				const char *stored)
{
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\')
			return arena_printf(req->arena, "file-%lld%s", id, strrchr(stored, '.'));
	return arena_strdup(req->arena, name);
}

int licences_send(struct request *req, const char *sub, long long id, json_t *row)
{
	/* copied: the row is freed below */
	const char *stored = json_string_value(json_object_get(row, "stored_as"));
	const char *type = json_string_value(json_object_get(row, "content_type"));
	const char *name = json_string_value(json_object_get(row, "name"));
	stored = arena_strdup(req->arena, stored);
	type = arena_strdup(req->arena, type);
	name = offered_name(req, id, name, stored);
	json_decref(row);
	int fd = open(licences_upload_path(req, sub, stored), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return reply_error(req, ERR_UNAVAILABLE, NULL, "the file cannot be read");
	return reply_file(req, type, name, fd);
}

int licences_answer(struct request *req, int status, const char *get, long long id)
{
	json_t *row;
	int found = db_row(req->app->db, &row, get, DB_ARGS(DB_INT(id)));
	return found == 1  ? reply_data(req, status, row)
	       : found < 0 ? reply_db_failure(req)
			   : reply_not_found(req);
}

int licences_forget(struct request *req, const char *sub, const struct licences_forget_sql *sql,
		    long long id, const struct db_param *p, size_t n, const char *action,
		    const char *target_type)
{
	struct db *db = req->app->db;
	json_t *lock = NULL, *row = NULL;
	if (db_begin(db) < 0)
		return reply_db_failure(req);
	int found = db_row(db, &lock, sql->lock, p, n);
	if (found == 1)
		found = db_row(db, &row, sql->get, DB_ARGS(DB_INT(id)));
	int rc = found != 1 || db_exec(db, sql->del, DB_ARGS(DB_INT(id))) != 1 ||
			 audit_record(req, 0, action, target_type, id, row) < 0 || db_commit(db) < 0
		     ? -1
		     : 0;
	const char *stored = json_string_value(json_object_get(lock, "stored_as"));
	stored = stored ? arena_strdup(req->arena, stored) : NULL; /* the lock row is freed below */
	json_decref(lock);
	if (rc < 0) {
		json_decref(row);
		db_rollback(db);
		return found == 0 ? reply_not_found(req) : reply_db_failure(req);
	}
	/* after the commit: a failed delete leaves the file with its record */
	unlink(licences_upload_path(req, sub, stored));
	return reply_data(req, 200, row);
}

int licences_put(struct request *req)
{
	long long id;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	if (!employers_own(req, id))
		return reply_not_found(req);
	const char *ext, *type, *name;
	if (licences_file_or_422(req, "licence", &type, &ext) < 0 ||
	    !(name = licences_keep(req, "licences", id, ext, "licence")))
		return -1;
	struct db *db = req->app->db;
	json_t *row = NULL, *detail = NULL;
	int rc = db_begin(db) < 0 || db_row(db, &row, stmts[LIC_LOCK], DB_ARGS(DB_INT(id))) != 1 ||
			 db_exec(db, stmts[LIC_SET], DB_ARGS(DB_STR(name), DB_STR(type), DB_INT(id))) != 1
		     ? -1
		     : 0;
	const char *old = row ? json_string_value(json_object_get(row, "licence_file")) : NULL;
	if (rc == 0) {
		detail = json_pack("{s:s, s:I, s:s?}", "type", type, "bytes", (json_int_t)req->body_len,
				   "replaced", old);
		rc = audit_record(req, 0, "employer.licence", "employer", id, detail) < 0 ||
			     db_commit(db) < 0
			 ? -1
			 : 0;
	}
	const char *gone = rc == 0 ? old : name; /* the replaced file, or the new one on failure */
	if (gone)
		unlink(licences_upload_path(req, "licences", gone));
	json_decref(detail);
	json_decref(row);
	if (rc < 0) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	json_t *doc;
	if (employers_load(req, id, &doc) != 1)
		return reply_db_failure(req);
	return reply_data(req, 200, doc);
}

int licences_get(struct request *req)
{
	long long id;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	const struct caller *c = req->caller;
	int staff = (c->role & ROLES_STAFF) && caller_can(c, "employers.review");
	if (!employers_own(req, id) && !staff)
		return reply_not_found(req);
	json_t *row;
	int found = db_row(req->app->db, &row, stmts[LIC_GET], DB_ARGS(DB_INT(id)));
	if (found < 0)
		return reply_db_failure(req);
	const char *file = found ? json_string_value(json_object_get(row, "licence_file")) : NULL;
	if (!file) {
		json_decref(row);
		return reply_error(req, ERR_NOT_FOUND, NULL, "no licence has been uploaded");
	}
	file = arena_strdup(req->arena, file); /* the row is freed below */
	const char *path = licences_upload_path(req, "licences", file);
	const char *type = arena_strdup(req->arena, json_string_value(json_object_get(row, "licence_type")));
	const char *ext = strrchr(file, '.');
	json_decref(row);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return reply_error(req, ERR_UNAVAILABLE, NULL, "the licence file cannot be read");
	if (!employers_own(req, id) &&
	    audit_record(req, 0, "employer.licence_read", "employer", id, NULL) < 0) {
		close(fd);
		return reply_db_failure(req);
	}
	reply_header(req, "Cache-Control", "private, no-store");
	return reply_file(req, type, arena_printf(req->arena, "licence-%lld%s", id, ext ? ext : ""), fd);
}
