/* venues.c: the rooms events are held in (场地管理). Placeholder venues (待定（300人）) stand for
 * a room not yet known and may hold any number of events at once. */
#include "resources/venues.h"

#include <string.h>

#include "db/db.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/audit.h"

enum venues_stmt { VEN_INSERT, VEN_UPDATE, VEN_GET, VEN_LOCK, VEN_LIST, VEN_COUNT, VEN__MAX };

#define VEN_COLUMNS                                                                               \
	"SELECT id, name, campus, address, capacity, to_be_decided = 1 AS to_be_decided, "         \
	"active = 1 AS active, created_at, updated_at FROM venues"
#define VEN_FILTER " WHERE (? = 1 OR active = 1) AND (? IS NULL OR name LIKE ?)"

static const char *const stmts[VEN__MAX] = {
    [VEN_INSERT] = "INSERT INTO venues (name, campus, address, capacity, to_be_decided, active) "
		   "VALUES (?, ?, ?, ?, ?, ?)",
    [VEN_UPDATE] = "UPDATE venues SET name = ?, campus = ?, address = ?, capacity = ?, "
		   "to_be_decided = ?, active = ? WHERE id = ?",
    [VEN_GET] = VEN_COLUMNS " WHERE id = ?",
    [VEN_LOCK] = VEN_COLUMNS " WHERE id = ? FOR UPDATE",
    [VEN_LIST] = VEN_COLUMNS VEN_FILTER " ORDER BY to_be_decided, name LIMIT ? OFFSET ?",
    [VEN_COUNT] = "SELECT COUNT(*) AS n FROM venues" VEN_FILTER,
};

/* Booleans come back from SQL as 0/1. */
static void tidy(json_t *v)
{
	for (const char *k = "to_be_decided\0active\0"; *k; k += strlen(k) + 1)
		json_object_set_new(v, k, json_boolean(json_integer_value(json_object_get(v, k))));
}

int venues_find(struct app *app, long long id, int lock, json_t **doc)
{
	int found = db_row(app->db, doc, stmts[lock ? VEN_LOCK : VEN_GET], DB_ARGS(DB_INT(id)));
	if (found == 1)
		tidy(*doc);
	return found;
}

int venues_list(struct request *req)
{
	struct page pg;
	const char *q;
	long long all = 0;
	int has_all;
	if (page_or_422(req, &pg) < 0 || query_string_or_422(req, "q", 100, &q) < 0 ||
	    query_int_or_422(req, "all", 0, 1, &all, &has_all) < 0)
		return -1;
	int everything = all && (req->caller->role & ROLES_STAFF);
	struct db_param p[5] = {DB_INT(everything), DB_STR(q), DB_STR(like_contains(req->arena, q))};
	return reply_paged(req, stmts[VEN_LIST], stmts[VEN_COUNT], p, 3, &pg, tidy);
}

struct venue_fields {
	const char *name, *campus, *address;
	long long capacity;
	int to_be_decided, active;
};

/* The venue's fields from the body over current (a new venue: NULL): 0 and the values (texts
 * borrowed from the body or current), or -1 after 422. */
static int fields_or_422(struct request *req, json_t *current, struct venue_fields *f)
{
	static const char *const allowed[] = {"name",          "campus", "address", "capacity",
					      "to_be_decided", "active", NULL};
	if (body_only_or_422(req, allowed) < 0)
		return -1;
	if (current) {
		f->name = json_string_value(json_object_get(current, "name"));
		f->campus = json_string_value(json_object_get(current, "campus"));
		f->address = json_string_value(json_object_get(current, "address"));
		f->capacity = json_integer_value(json_object_get(current, "capacity"));
		f->to_be_decided = json_is_true(json_object_get(current, "to_be_decided"));
		f->active = json_is_true(json_object_get(current, "active"));
	}
	json_t *body = req->json;
	if ((!current || json_object_get(body, "name")) &&
	    body_string_or_422(req, "name", 1, 100, &f->name) < 0)
		return -1;
	if ((!current || json_object_get(body, "capacity")) &&
	    body_int_or_422(req, "capacity", 1, 100000, &f->capacity) < 0)
		return -1;
	if ((!current || json_object_get(body, "campus")) &&
	    body_opt_string_or_422(req, "campus", 100, &f->campus) < 0)
		return -1;
	if ((!current || json_object_get(body, "address")) &&
	    body_opt_string_or_422(req, "address", 200, &f->address) < 0)
		return -1;
	if (body_opt_bool_or_422(req, "to_be_decided", &f->to_be_decided) < 0 ||
	    body_opt_bool_or_422(req, "active", &f->active) < 0)
		return -1;
	return 0;
}

/* Writes the venue (id 0: a new one) with its audit entry and answers it. */
static int save(struct request *req, long long id, const struct venue_fields *f)
{
	struct db *db = req->app->db;
	int creating = !id;
	if (db_begin(db) < 0)
		return reply_db_failure(req);
	long long n = !creating ? db_exec(db, stmts[VEN_UPDATE],
				   DB_ARGS(DB_STR(f->name), DB_STR(f->campus), DB_STR(f->address),
					   DB_INT(f->capacity), DB_INT(f->to_be_decided), DB_INT(f->active),
					   DB_INT(id)))
			 : db_exec(db, stmts[VEN_INSERT],
				   DB_ARGS(DB_STR(f->name), DB_STR(f->campus), DB_STR(f->address),
					   DB_INT(f->capacity), DB_INT(f->to_be_decided), DB_INT(f->active)));
	if (n < 0) {
		int dup = db_status(db) == DB_DUPLICATE;
		db_rollback(db);
		return dup ? reply_error(req, ERR_CONFLICT, "name", "a venue is already called %s", f->name)
			   : reply_db_failure(req);
	}
	if (creating)
		id = db_insert_id(db);
	json_t *venue;
	if (audit_record(req, 0, creating ? "venue.create" : "venue.update", "venue", id, req->json) < 0 ||
	    venues_find(req->app, id, 0, &venue) != 1) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	if (db_commit(db) < 0) {
		json_decref(venue);
		db_rollback(db);
		return reply_db_failure(req);
	}
	return reply_data(req, creating ? 201 : 200, venue);
}

int venues_create(struct request *req)
{
	struct venue_fields f = {.active = 1};
	if (fields_or_422(req, NULL, &f) < 0)
		return -1;
	return save(req, 0, &f);
}

int venues_update(struct request *req)
{
	long long id;
	json_t *current;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	int found = venues_find(req->app, id, 0, &current);
	if (found != 1)
		return found < 0 ? reply_db_failure(req) : reply_not_found(req);
	struct venue_fields f;
	int rc = fields_or_422(req, current, &f);
	if (rc == 0)
		rc = save(req, id, &f);
	json_decref(current);
	return rc;
}
