/* transfers.c: moving a record to another graduation year or major (转移数据, seed §2.2.3),
 * approved by the receiving college when it is outside the requester's majors (§2.10). */
#include "resources/transfers.h"

#include <stdint.h>
#include <string.h>

#include "auth/session.h"
#include "db/db.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/audit.h"
#include "resources/stats.h"
#include "resources/students.h"

enum transfers_stmt {
	TR_MAJOR,
	TR_TAKEN,
	TR_PENDING_OF,
	TR_INSERT,
	TR_MOVE,
	TR_GET,
	TR_FOR_DECISION,
	TR_DECIDE,
	TR_LIST,
	TR_COUNT,
	TR__MAX
};

#define TR_SELECT                                                                                 \
	"SELECT t.id, t.student_id, s.student_no, s.name, t.from_year, t.to_year, "               \
	"t.from_major_id, fm.name AS from_major, fm.college AS from_college, t.to_major_id, "      \
	"tm.name AS to_major, tm.college AS to_college, t.reason, t.state, t.requested_by, "       \
	"t.requested_at, t.decided_by, t.decided_at, t.decision_reason"                           \
	" FROM student_transfers t JOIN students s ON s.id = t.student_id"                        \
	" JOIN majors fm ON fm.id = t.from_major_id JOIN majors tm ON tm.id = t.to_major_id"
/* Visible from the receiving side (the target major in scope) or the requesting side (the
 * source major in scope); direction keeps one side only. */
#define TR_VISIBLE                                                                                \
	"((? <> 'outgoing' AND " SCOPE_FILTER("t.to_major_id") ") OR (? <> 'incoming' AND "       \
	SCOPE_FILTER("t.from_major_id") "))"
#define TR_FILTER " WHERE (? IS NULL OR t.state = ?) AND " TR_VISIBLE

static const char *const stmts[TR__MAX] = {
    [TR_MAJOR] = "SELECT id FROM majors WHERE id = ?",
    [TR_TAKEN] = "SELECT id FROM students WHERE student_no = ? AND graduation_year = ? AND id <> ?",
    [TR_PENDING_OF] = "SELECT id FROM student_transfers WHERE student_id = ? AND state = 'pending'",
    [TR_INSERT] = "INSERT INTO student_transfers (student_id, from_year, to_year, from_major_id, "
		  "to_major_id, reason, state, requested_by, decided_by, decided_at) VALUES "
		  "(?, ?, ?, ?, ?, ?, ?, ?, ?, IF(? = 'approved', CURRENT_TIMESTAMP, NULL))",
    /* Conditional on the record still being where the transfer found it. */
    [TR_MOVE] = "UPDATE students s JOIN student_transfers t ON t.student_id = s.id "
		"SET s.graduation_year = t.to_year, s.major_id = t.to_major_id "
		"WHERE t.id = ? AND s.graduation_year = t.from_year AND s.major_id = t.from_major_id",
    [TR_GET] = TR_SELECT " WHERE t.id = ?",
    [TR_FOR_DECISION] = "SELECT t.id, t.state, t.from_year, t.to_year, " SCOPE_FILTER(
	"t.to_major_id") " AS receiving, " SCOPE_FILTER("t.from_major_id") " AS requesting "
									   "FROM student_transfers t WHERE t.id = ? FOR UPDATE",
    [TR_DECIDE] = "UPDATE student_transfers SET state = ?, decided_by = ?, decided_at = "
		  "CURRENT_TIMESTAMP, decision_reason = ? WHERE id = ? AND state = 'pending'",
    [TR_LIST] = TR_SELECT TR_FILTER " ORDER BY t.id DESC LIMIT ? OFFSET ?",
    [TR_COUNT] = "SELECT COUNT(*) AS n FROM student_transfers t" TR_FILTER,
};

static int exists(struct request *req, enum transfers_stmt s, const struct db_param *p, size_t n)
{
	json_t *row;
	int found = db_row(req->app->db, &row, stmts[s], p, n);
	json_decref(row);
	return found;
}

static int reply_transfer(struct request *req, int status, long long id)
{
	json_t *doc;
	if (db_row(req->app->db, &doc, stmts[TR_GET], DB_ARGS(DB_INT(id))) != 1)
		return reply_db_failure(req);
	return reply_data(req, status, doc);
}

/* Moves the record (inside the caller's transaction); answers 409 and returns -1 when it is no
 * longer where the transfer found it or its number is taken in the target year. */
static int move(struct request *req, long long transfer_id)
{
	struct db *db = req->app->db;
	long long n = db_exec(db, stmts[TR_MOVE], DB_ARGS(DB_INT(transfer_id)));
	if (n < 0 && db_status(db) == DB_DUPLICATE)
		return reply_error(req, ERR_CONFLICT, "graduation_year",
				   "another record with this student number is in the target year");
	if (n < 0)
		return reply_db_failure(req);
	if (n == 0)
		return reply_error(req, ERR_CONFLICT, NULL,
				   "the record was moved or changed meanwhile; reload and try again");
	return 0;
}

/* The target of a request: the body's values, defaulting to the record's own. */
struct target {
	long long student_id, from_major, to_major;
	int from_year, to_year;
	const char *student_no, *reason;
};

static int target_or_reply(struct request *req, long long id, struct target *t)
{
	static const char *const allowed[] = {"graduation_year", "major_id", "reason", NULL};
	json_t *student;
	int found = students_load_visible(req, id, &student);
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return reply_not_found(req);
	t->student_id = id;
	t->from_year = (int)json_integer_value(json_object_get(student, "graduation_year"));
	t->from_major = json_integer_value(json_object_get(student, "major_id"));
	t->student_no = arena_strdup(req->arena, json_string_value(json_object_get(student, "student_no")));
	json_decref(student);
	long long year = t->from_year, major = t->from_major;
	if (body_only_or_422(req, allowed) < 0 ||
	    (json_object_get(req->json, "graduation_year") &&
	     body_int_or_422(req, "graduation_year", 1990, 2100, &year) < 0) ||
	    (json_object_get(req->json, "major_id") &&
	     body_int_or_422(req, "major_id", 1, INT32_MAX, &major) < 0) ||
	    body_string_or_422(req, "reason", 1, 500, &t->reason) < 0)
		return -1;
	t->to_year = (int)year;
	t->to_major = major;
	if (t->to_year == t->from_year && t->to_major == t->from_major)
		return reply_error(req, ERR_VALIDATION, NULL,
				   "the record is already in %d and major %lld: nothing to move",
				   t->from_year, t->from_major);
	found = exists(req, TR_MAJOR, DB_ARGS(DB_INT(major)));
	if (found <= 0)
		return found < 0 ? reply_db_failure(req)
				 : reply_error(req, ERR_VALIDATION, "major_id", "major %lld does not exist", major);
	found = exists(req, TR_TAKEN, DB_ARGS(DB_STR(t->student_no), DB_INT(year), DB_INT(id)));
	if (found != 0)
		return found < 0 ? reply_db_failure(req)
				 : reply_error(req, ERR_CONFLICT, "graduation_year",
					       "%d already has a record with student number %s",
					       t->to_year, t->student_no);
	found = exists(req, TR_PENDING_OF, DB_ARGS(DB_INT(id)));
	if (found != 0)
		return found < 0 ? reply_db_failure(req)
				 : reply_error(req, ERR_CONFLICT, NULL,
					       "a transfer of this student is already waiting for approval");
	return 0;
}

int transfers_request(struct request *req)
{
	long long id;
	struct target t;
	if (path_id_or_404(req, 0, &id) < 0 || target_or_reply(req, id, &t) < 0)
		return -1;
	/* Within the requester's own majors there is nobody else to ask. */
	int direct = caller_in_scope(req->caller, t.to_major);
	const char *state = direct ? "approved" : "pending";
	struct db *db = req->app->db;
	if (db_begin(db) < 0)
		return reply_db_failure(req);
	long long me = req->caller->id, tid = -1;
	if (db_exec(db, stmts[TR_INSERT],
		    DB_ARGS(DB_INT(id), DB_INT(t.from_year), DB_INT(t.to_year), DB_INT(t.from_major),
			    DB_INT(t.to_major), DB_STR(t.reason), DB_STR(state), DB_INT(me),
			    direct ? DB_INT(me) : DB_NULLV, DB_STR(state))) < 0) {
		int dup = db_status(db) == DB_DUPLICATE;
		db_rollback(db);
		return dup ? reply_error(req, ERR_CONFLICT, NULL,
					 "a transfer of this student is already waiting for approval")
			   : reply_db_failure(req);
	}
	tid = db_insert_id(db);
	if (direct && move(req, tid) < 0) {
		db_rollback(db);
		return -1;
	}
	if (audit_record(req, 0, direct ? "student.transfer" : "student.transfer_request", "student",
			 id, req->json) < 0 ||
	    db_commit(db) < 0) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	if (direct) {
		stats_invalidate(req->app, t.from_year);
		stats_invalidate(req->app, t.to_year);
	}
	return reply_transfer(req, 201, tid);
}

int transfers_attach(struct request *req, json_t *doc, long long student_id)
{
	json_t *row, *t = NULL;
	int found = db_row(req->app->db, &row, stmts[TR_PENDING_OF], DB_ARGS(DB_INT(student_id)));
	if (found == 1)
		found = db_row(req->app->db, &t, stmts[TR_GET],
			       DB_ARGS(DB_INT(json_integer_value(json_object_get(row, "id")))));
	json_decref(row);
	if (found < 0)
		return -1;
	json_object_set_new(doc, "pending_transfer", found ? t : json_null());
	return 0;
}

int transfers_list(struct request *req)
{
	static const char *const states[] = {"pending", "approved", "rejected", "withdrawn", NULL};
	static const char *const directions[] = {"incoming", "outgoing", NULL};
	struct page pg;
	const char *state, *direction;
	if (page_or_422(req, &pg) < 0 || query_string_or_422(req, "state", 16, &state) < 0 ||
	    query_string_or_422(req, "direction", 16, &direction) < 0 ||
	    (state && value_one_of_or_422(req, "state", state, states) < 0) ||
	    (direction && value_one_of_or_422(req, "direction", direction, directions) < 0))
		return -1;
	const char *scope = caller_scope_json(req);
	const char *dir = direction ? direction : "all";
	struct db_param p[10] = {DB_STR(state), DB_STR(state), DB_STR(dir),         DB_STR(scope),
				 DB_STR(scope), DB_STR(dir),   DB_STR(scope),       DB_STR(scope)};
	return reply_paged(req, stmts[TR_LIST], stmts[TR_COUNT], p, 8, &pg, NULL);
}

/* Reads and locks the transfer and checks the caller's side: -1 after answering. */
static int side_or_reply(struct request *req, long long id, const char *decision, json_t **row)
{
	const char *scope = caller_scope_json(req);
	int found = db_row(req->app->db, row, stmts[TR_FOR_DECISION],
			   DB_ARGS(DB_STR(scope), DB_STR(scope), DB_STR(scope), DB_STR(scope), DB_INT(id)));
	if (found < 0)
		return reply_db_failure(req);
	int receiving = found && json_integer_value(json_object_get(*row, "receiving")) == 1;
	int requesting = found && json_integer_value(json_object_get(*row, "requesting")) == 1;
	if (!receiving && !requesting) {
		json_decref(*row);
		return reply_not_found(req);
	}
	int withdraw = strcmp(decision, "withdraw") == 0;
	if (withdraw ? !requesting : !receiving) {
		json_decref(*row);
		return reply_error(req, ERR_FORBIDDEN, "decision",
				   withdraw ? "only the requesting college may withdraw a transfer"
					    : "only the receiving college may %s a transfer", decision);
	}
	return 0;
}

int transfers_decide(struct request *req)
{
	static const char *const allowed[] = {"decision", "reason", NULL};
	static const char *const decisions[] = {"approve", "reject", "withdraw", NULL};
	static const char *const states[] = {"approved", "rejected", "withdrawn"};
	long long id;
	const char *decision, *reason;
	if (path_id_or_404(req, 0, &id) < 0 || body_only_or_422(req, allowed) < 0 ||
	    body_string_or_422(req, "decision", 1, 16, &decision) < 0 ||
	    value_one_of_or_422(req, "decision", decision, decisions) < 0 ||
	    body_opt_string_or_422(req, "reason", 500, &reason) < 0)
		return -1;
	int which = decision[0] == 'a' ? 0 : decision[0] == 'r' ? 1 : 2;
	if (which == 1 && !reason)
		return reply_error(req, ERR_VALIDATION, "reason", "a rejection needs a reason");
	struct db *db = req->app->db;
	json_t *row;
	if (db_begin(db) < 0)
		return reply_db_failure(req);
	if (side_or_reply(req, id, decision, &row) < 0) {
		db_rollback(db);
		return -1;
	}
	char state[16];
	snprintf(state, sizeof state, "%s", json_string_value(json_object_get(row, "state")));
	int from_year = (int)json_integer_value(json_object_get(row, "from_year"));
	int to_year = (int)json_integer_value(json_object_get(row, "to_year"));
	json_decref(row);
	long long n = db_exec(db, stmts[TR_DECIDE], DB_ARGS(DB_STR(states[which]), DB_INT(req->caller->id),
							  DB_STR(reason), DB_INT(id)));
	int rc = n < 0 ? reply_db_failure(req)
		 : n == 0 ? reply_error(req, ERR_CONFLICT, "decision",
					"the transfer is %s, not pending: it cannot become %s", state,
					states[which])
			  : 0;
	if (rc == 0 && which == 0)
		rc = move(req, id);
	if (rc == 0 && (audit_record(req, 0, "student.transfer_decision", "student_transfer", id,
				     req->json) < 0 ||
			db_commit(db) < 0))
		rc = reply_db_failure(req);
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	if (which == 0) {
		stats_invalidate(req->app, from_year);
		stats_invalidate(req->app, to_year);
	}
	return reply_transfer(req, 200, id);
}
