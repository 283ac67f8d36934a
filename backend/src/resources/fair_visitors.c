/* fair_visitors.c: students' sign-ups and check-ins at job fairs. The fair's counters move in
 * the transaction that writes the visit; the visit's unique key refuses a second sign-up, and
 * its row, read for update, a second check-in. */
#include "resources/fair_visitors.h"

#include <string.h>

#include "db/db.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/attendance.h"
#include "resources/audit.h"
#include "resources/fairs.h"

enum visitors_stmt {
	VI_SIGNUP,
	VI_COUNT_SIGNUP,
	VI_VISIT,
	VI_CHECKIN,
	VI_WALK_IN,
	VI_COUNT_CHECKIN,
	VI_GET,
	VI_CODE,
	VI__MAX
};

static const char *const stmts[VI__MAX] = {
    [VI_SIGNUP] = "INSERT INTO fair_visitors (fair_id, student_id, signed_up_at) VALUES (?, ?, "
		  "CURRENT_TIMESTAMP)",
    [VI_COUNT_SIGNUP] = "UPDATE fairs SET signups = signups + 1 WHERE id = ? AND status = "
			"'published' AND ends_at > NOW()",
    [VI_VISIT] = "SELECT id, signed_up_at, checked_in_at FROM fair_visitors WHERE fair_id = ? AND "
		 "student_id = ? FOR UPDATE",
    [VI_CHECKIN] = "UPDATE fair_visitors SET checked_in_at = CURRENT_TIMESTAMP, checkin_method = ? "
		   "WHERE id = ? AND checked_in_at IS NULL",
    [VI_WALK_IN] = "INSERT INTO fair_visitors (fair_id, student_id, signed_up_at, checked_in_at, "
		   "checkin_method) VALUES (?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, ?)",
    /* a walk-in counts as signed up too */
    [VI_COUNT_CHECKIN] = "UPDATE fairs SET checkins = checkins + 1, signups = signups + ? WHERE "
			 "id = ? AND status = 'published' AND ends_at > NOW() - INTERVAL 1 HOUR",
    [VI_GET] = "SELECT fair_id, student_id, signed_up_at, checked_in_at, checkin_method FROM "
	       "fair_visitors WHERE fair_id = ? AND student_id = ?",
    /* the pass-code, which the student's view of the fair leaves out */
    [VI_CODE] = "SELECT checkin_code FROM fairs WHERE id = ?",
};

/* Starts a student's write to a visible fair: 0 with the transaction begun and *fair (new
 * reference), or -1 after 403/404/422/503. */
static int begin_visit(struct request *req, const char *const *allowed, long long *id, json_t **fair)
{
	if (path_id_or_404(req, 0, id) < 0 || body_only_or_422(req, allowed) < 0)
		return -1;
	if (!req->caller->student_id)
		return reply_error(req, ERR_FORBIDDEN, NULL, "this account is not linked to a student record");
	if (fairs_load_or_reply(req, *id, 0, fair) < 0)
		return -1;
	if (db_begin(req->app->db) == 0)
		return 0;
	json_decref(*fair);
	return reply_db_failure(req);
}

/* Commits and answers the visit (201), or rolls back. */
static int finish(struct request *req, int rc, long long fair)
{
	struct db *db = req->app->db;
	json_t *visit;
	if (rc == 0 && db_commit(db) == 0 &&
	    db_row(db, &visit, stmts[VI_GET], DB_ARGS(DB_INT(fair), DB_INT(req->caller->student_id))) == 1)
		return reply_data(req, 201, visit);
	db_rollback(db);
	return req->status >= 400 ? -1 : reply_db_failure(req);
}

int visitors_signup(struct request *req)
{
	static const char *const no_fields[] = {NULL};
	long long id;
	json_t *fair;
	if (begin_visit(req, no_fields, &id, &fair) < 0)
		return -1;
	json_decref(fair);
	struct db *db = req->app->db;
	long long n = db_exec(db, stmts[VI_SIGNUP], DB_ARGS(DB_INT(id), DB_INT(req->caller->student_id)));
	int rc = n == 1 ? 0
		 : db_status(db) == DB_DUPLICATE ? reply_error(req, ERR_CONFLICT, NULL, "you have signed up already")
						 : -1;
	if (rc == 0) {
		n = db_exec(db, stmts[VI_COUNT_SIGNUP], DB_ARGS(DB_INT(id)));
		rc = n < 0 ? -1 : n == 0 ? reply_error(req, ERR_CONFLICT, NULL, "the fair is over or cancelled") : 0;
	}
	if (rc == 0)
		rc = audit_record(req, 0, "fair.signup", "fair", id, NULL);
	return finish(req, rc, id);
}

int visitors_checkin(struct request *req)
{
	static const char *const proofs[] = {"token", "code", NULL};
	long long id;
	json_t *fair, *visit;
	if (begin_visit(req, proofs, &id, &fair) < 0)
		return -1;
	struct db *db = req->app->db;
	long long student = req->caller->student_id;
	int required = json_is_true(json_object_get(fair, "require_signup"));
	const char *method = NULL;
	json_t *full = NULL;
	int rc = db_row(db, &full, stmts[VI_CODE], DB_ARGS(DB_INT(id))) == 1 ? 0 : -1;
	if (rc == 0 && !(method = attendance_proof_or_422(req, FAIR_STUDENTS_ENTRANCE, id,
							  json_string_value(json_object_get(full, "checkin_code")), 1)))
		rc = -1;
	json_decref(full);
	json_decref(fair);
	int found = rc == 0 ? db_row(db, &visit, stmts[VI_VISIT], DB_ARGS(DB_INT(id), DB_INT(student))) : -1;
	int walk_in = found == 0;
	if (found < 0)
		rc = -1;
	else if (found == 1 && !json_is_null(json_object_get(visit, "checked_in_at")))
		rc = reply_error(req, ERR_CONFLICT, NULL, "you have checked in already");
	else if (required && walk_in)
		rc = reply_error(req, ERR_CONFLICT, NULL, "only students who signed up may check in");
	if (rc == 0) {
		long long n = db_exec(db, stmts[VI_COUNT_CHECKIN], DB_ARGS(DB_INT(walk_in), DB_INT(id)));
		rc = n < 0 ? -1 : n == 0 ? reply_error(req, ERR_CONFLICT, NULL, "the fair is over or cancelled") : 0;
	}
	if (rc == 0 &&
	    (found == 1 ? db_exec(db, stmts[VI_CHECKIN],
				  DB_ARGS(DB_STR(method), DB_INT(json_integer_value(json_object_get(visit, "id")))))
			: db_exec(db, stmts[VI_WALK_IN], DB_ARGS(DB_INT(id), DB_INT(student), DB_STR(method)))) != 1)
		rc = db_status(db) == DB_DUPLICATE ? reply_error(req, ERR_CONFLICT, NULL, "you have checked in already")
						   : -1;
	json_decref(found == 1 ? visit : NULL);
	json_t *detail = json_pack("{s:s?}", "method", method);
	if (rc == 0)
		rc = audit_record(req, 0, "fair.checkin", "fair", id, detail);
	json_decref(detail);
	return finish(req, rc, id);
}
