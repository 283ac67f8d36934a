/* attendance.c: sign-ups and check-ins. A seat is taken by a conditional UPDATE of the event's
 * counter before the sign-up row is written, in one transaction: the counter's row lock makes
 * two students asking for the last seat take turns, and the second finds it full. */
#include "resources/attendance.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "db/db.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/audit.h"
#include "resources/events.h"

enum attendance_stmt {
	AT_TAKE_SEAT,
	AT_WHY_NOT,
	AT_SIGNUP,
	AT_SIGNUP_GET,
	AT_FREE_SEAT,
	AT_UNSIGN,
	AT_RULES,
	AT_COUNT_CHECKIN,
	AT_CHECKIN,
	AT_CHECKIN_GET,
	AT_LIST,
	AT_LIST_COUNT,
	AT__MAX
};

static const char *const stmts[AT__MAX] = {
    [AT_TAKE_SEAT] = "UPDATE events SET signups = signups + 1 WHERE id = ? AND status = 'approved' "
		     "AND signups < capacity AND (signup_from IS NULL OR signup_from <= NOW()) AND "
		     "COALESCE(signup_until, starts_at) >= NOW()",
    [AT_WHY_NOT] = "SELECT signups >= capacity AS full, signup_from > NOW() AS not_yet, "
		   "COALESCE(signup_until, starts_at) < NOW() AS closed, signup_from, "
		   "COALESCE(signup_until, starts_at) AS until FROM events WHERE id = ?",
    [AT_SIGNUP] = "INSERT INTO event_signups (event_id, student_id) VALUES (?, ?)",
    [AT_SIGNUP_GET] = "SELECT id, event_id, student_id, created_at FROM event_signups WHERE "
		      "event_id = ? AND student_id = ?",
    [AT_FREE_SEAT] = "UPDATE events SET signups = signups - 1 WHERE id = ? AND starts_at > NOW()",
    [AT_UNSIGN] = "DELETE FROM event_signups WHERE event_id = ? AND student_id = ?",
    [AT_RULES] = "SELECT e.checkin_code, e.require_signup, EXISTS (SELECT 1 FROM event_signups s "
		 "WHERE s.event_id = e.id AND s.student_id = ?) AS signed_up FROM events e WHERE e.id = ?",
    [AT_COUNT_CHECKIN] = "UPDATE events SET checkins = checkins + 1 WHERE id = ? AND status = "
			 "'approved' AND ends_at > NOW() - INTERVAL 1 HOUR",
    [AT_CHECKIN] = "INSERT INTO event_checkins (event_id, student_id, method) VALUES (?, ?, ?)",
    [AT_CHECKIN_GET] = "SELECT event_id, student_id, method, at FROM event_checkins WHERE "
		       "event_id = ? AND student_id = ?",
    /* Sign-ups, and those who came without one (events that do not require it). */
    [AT_LIST] = "SELECT s.id AS student_id, s.student_no, s.name, m.college, m.name AS major, "
		"a.signed_up_at, a.checked_in_at FROM (SELECT student_id, MAX(signed) AS "
		"signed_up_at, MAX(checked) AS checked_in_at FROM (SELECT student_id, created_at AS "
		"signed, NULL AS checked FROM event_signups WHERE event_id = ? UNION ALL SELECT "
		"student_id, NULL, at FROM event_checkins WHERE event_id = ?) u GROUP BY student_id) a "
		"JOIN students s ON s.id = a.student_id JOIN majors m ON m.id = s.major_id "
		"ORDER BY COALESCE(a.signed_up_at, a.checked_in_at), s.id LIMIT ? OFFSET ?",
    [AT_LIST_COUNT] = "SELECT COUNT(*) AS n FROM (SELECT student_id FROM event_signups WHERE "
		      "event_id = ? UNION SELECT student_id FROM event_checkins WHERE event_id = ?) u",
};

/* The purpose events' tokens are keyed for. */
#define EVENT_ENTRANCE "event"

/* ---- the rotating token ------------------------------------------------------------------- */

/* The key of the QR tokens: derived from the JWT secret, so that nothing new must be set up. */
static void token_key(const char *secret, unsigned char key[crypto_auth_KEYBYTES])
{
	crypto_generichash(key, crypto_auth_KEYBYTES, (const unsigned char *)"qiao check-in v1", 16,
			   (const unsigned char *)secret, strlen(secret));
}

void attendance_token_for(const char *secret, const char *purpose, long long id, long long period,
			  char out[64])
{
	unsigned char key[crypto_auth_KEYBYTES], mac[crypto_auth_BYTES];
	char msg[96];
	int n = snprintf(msg, sizeof msg, "%s:%lld:%lld", purpose, id, period);
	token_key(secret, key);
	crypto_auth(mac, (const unsigned char *)msg, (size_t)n, key);
	int head = snprintf(out, 64, "%lld.", period);
	/* 12 bytes of the mac: 96 bits, plenty for a code that lives a minute */
	sodium_bin2base64(out + head, (size_t)(64 - head), mac, 12, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(key, sizeof key);
}

int attendance_token_valid(const char *secret, const char *purpose, long long id, const char *token,
			   time_t now)
{
	char *end;
	long long period = strtoll(token, &end, 10);
	long long current = (long long)now / ATTENDANCE_PERIOD_S;
	if (end == token || *end != '.' || (period != current && period != current - 1))
		return 0;
	char want[64];
	attendance_token_for(secret, purpose, id, period, want);
	size_t n = strlen(want);
	return strlen(token) == n && sodium_memcmp(want, token, n) == 0;
}

int attendance_token_reply(struct request *req, const char *purpose, long long id)
{
	time_t now = time(NULL);
	long long period = (long long)now / ATTENDANCE_PERIOD_S;
	char token[64];
	attendance_token_for(req->app->cfg->jwt_secret, purpose, id, period, token);
	/* shown until its period ends; accepted for one period more */
	time_t expires = (time_t)((period + 1) * ATTENDANCE_PERIOD_S);
	char at[26];
	clock_iso_text(expires, at);
	return reply_data(req, 200, json_pack("{s:s, s:s, s:I, s:i}", "token", token, "expires_at", at,
					       "expires_in", (json_int_t)(expires - now), "period",
					       ATTENDANCE_PERIOD_S));
}

const char *attendance_proof_or_422(struct request *req, const char *purpose, long long id,
				    const char *code_wanted, int codes_allowed)
{
	const char *token, *code = NULL;
	if (body_opt_string_or_422(req, "token", 64, &token) < 0 ||
	    (codes_allowed && body_opt_string_or_422(req, "code", 32, &code) < 0))
		return NULL;
	if (token) {
		if (attendance_token_valid(req->app->cfg->jwt_secret, purpose, id, token, time(NULL)))
			return "qr";
		reply_error(req, ERR_VALIDATION, "token",
			    "this check-in code has expired or is not for this entrance: scan the QR again");
		return NULL;
	}
	if (!code) {
		const char *field = codes_allowed && json_object_get(req->json, "code") ? "code" : "token";
		reply_error(req, ERR_VALIDATION, field,
			    codes_allowed ? "scan the QR at the door, or give the pass-code"
					  : "scan the QR at the entrance");
		return NULL;
	}
	if (!code_wanted || strlen(code_wanted) != strlen(code) ||
	    sodium_memcmp(code_wanted, code, strlen(code)) != 0) {
		reply_error(req, ERR_VALIDATION, "code", "the pass-code is wrong");
		return NULL;
	}
	return "code";
}

/* ---- helpers ------------------------------------------------------------------------------ */

/* Starts a student's write to a published event: 0 with the transaction begun, or -1 after
 * 403 (no student record) / 404 / 422 (a body field not in allowed) / 503. */
static int begin_for_student(struct request *req, const char *const *allowed, long long *id)
{
	if (path_id_or_404(req, 0, id) < 0 || body_only_or_422(req, allowed) < 0)
		return -1;
	if (!req->caller->student_id)
		return reply_error(req, ERR_FORBIDDEN, NULL, "this account is not linked to a student record");
	json_t *event;
	int found = events_load(req, *id, &event);
	json_decref(found == 1 ? event : NULL);
	if (found != 1)
		return found < 0 ? reply_db_failure(req) : reply_not_found(req);
	return db_begin(req->app->db) < 0 ? reply_db_failure(req) : 0;
}

/* Commits and answers (201) the row of stmt for (event, student), or rolls back after a
 * failure (answering the database's when none was answered). */
static int finish(struct request *req, int rc, enum attendance_stmt stmt, long long event)
{
	struct db *db = req->app->db;
	json_t *row = NULL;
	if (rc == 0 && db_commit(db) == 0 &&
	    db_row(db, &row, stmts[stmt], DB_ARGS(DB_INT(event), DB_INT(req->caller->student_id))) == 1)
		return reply_data(req, 201, row);
	db_rollback(db);
	return req->status >= 400 ? -1 : reply_db_failure(req);
}

/* Why the seat could not be taken: answers 409 saying so. */
static int refuse_signup(struct request *req, long long event)
{
	json_t *why;
	if (db_row(req->app->db, &why, stmts[AT_WHY_NOT], DB_ARGS(DB_INT(event))) != 1)
		return -1;
	if (json_integer_value(json_object_get(why, "full")))
		reply_error(req, ERR_CONFLICT, NULL, "the event is full");
	else if (json_integer_value(json_object_get(why, "not_yet")))
		reply_error(req, ERR_CONFLICT, NULL, "sign-up opens at %s",
			    json_string_value(json_object_get(why, "signup_from")));
	else
		reply_error(req, ERR_CONFLICT, NULL, "sign-up closed at %s",
			    json_string_value(json_object_get(why, "until")));
	json_decref(why);
	return -1;
}

/* ---- handlers ----------------------------------------------------------------------------- */

static const char *const no_fields[] = {NULL};

int attendance_signup(struct request *req)
{
	long long id;
	if (begin_for_student(req, no_fields, &id) < 0)
		return -1;
	struct db *db = req->app->db;
	long long student = req->caller->student_id;
	long long n = db_exec(db, stmts[AT_TAKE_SEAT], DB_ARGS(DB_INT(id)));
	int rc = n < 0 ? -1 : n == 0 ? refuse_signup(req, id) : 0;
	if (rc == 0 && db_exec(db, stmts[AT_SIGNUP], DB_ARGS(DB_INT(id), DB_INT(student))) != 1)
		rc = db_status(db) == DB_DUPLICATE
			 ? reply_error(req, ERR_CONFLICT, NULL, "you have signed up already")
			 : -1;
	if (rc == 0)
		rc = audit_record(req, 0, "event.signup", "event", id, NULL);
	return finish(req, rc, AT_SIGNUP_GET, id);
}

int attendance_cancel(struct request *req)
{
	long long id;
	if (begin_for_student(req, no_fields, &id) < 0)
		return -1;
	struct db *db = req->app->db;
	/* the sign-up row first: a seat is given back only by someone who held one */
	long long n = db_exec(db, stmts[AT_UNSIGN], DB_ARGS(DB_INT(id), DB_INT(req->caller->student_id)));
	int rc = n < 0 ? -1 : n == 0 ? reply_error(req, ERR_CONFLICT, NULL, "you have not signed up") : 0;
	if (rc == 0) {
		n = db_exec(db, stmts[AT_FREE_SEAT], DB_ARGS(DB_INT(id)));
		rc = n < 0 ? -1 : n == 0 ? reply_error(req, ERR_CONFLICT, NULL, "the event has begun") : 0;
	}
	if (rc == 0)
		rc = audit_record(req, 0, "event.signup_cancel", "event", id, NULL);
	if (rc == 0 && db_commit(db) == 0)
		return events_reply(req, 200, id);
	db_rollback(db);
	return req->status >= 400 ? -1 : reply_db_failure(req);
}

int attendance_list(struct request *req)
{
	long long id;
	struct page pg;
	json_t *event;
	if (path_id_or_404(req, 0, &id) < 0 || page_or_422(req, &pg) < 0)
		return -1;
	int found = events_load(req, id, &event);
	json_decref(found == 1 ? event : NULL);
	if (found != 1)
		return found < 0 ? reply_db_failure(req) : reply_not_found(req);
	struct db_param p[4] = {DB_INT(id), DB_INT(id)};
	return reply_paged(req, stmts[AT_LIST], stmts[AT_LIST_COUNT], p, 2, &pg, NULL);
}

int attendance_token(struct request *req)
{
	long long id;
	json_t *event;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	int found = events_load(req, id, &event);
	int runs = found == 1 && events_runs(req, event);
	json_decref(found == 1 ? event : NULL);
	if (found < 0)
		return reply_db_failure(req);
	return runs ? attendance_token_reply(req, EVENT_ENTRANCE, id) : reply_not_found(req);
}

int attendance_checkin(struct request *req)
{
	static const char *const proofs[] = {"token", "code", NULL};
	long long id;
	json_t *rules;
	if (begin_for_student(req, proofs, &id) < 0)
		return -1;
	struct db *db = req->app->db;
	long long student = req->caller->student_id;
	int rc = db_row(db, &rules, stmts[AT_RULES], DB_ARGS(DB_INT(student), DB_INT(id))) == 1 ? 0 : -1;
	const char *method = NULL;
	if (rc == 0) {
		method = attendance_proof_or_422(req, EVENT_ENTRANCE, id,
						 json_string_value(json_object_get(rules, "checkin_code")), 1);
		if (!method)
			rc = -1;
		else if (json_integer_value(json_object_get(rules, "require_signup")) &&
			 !json_integer_value(json_object_get(rules, "signed_up")))
			rc = reply_error(req, ERR_CONFLICT, NULL, "only students who signed up may check in");
		json_decref(rules);
	}
	long long n = rc == 0 ? db_exec(db, stmts[AT_COUNT_CHECKIN], DB_ARGS(DB_INT(id))) : 0;
	if (rc == 0)
		rc = n < 0 ? -1 : n == 0 ? reply_error(req, ERR_CONFLICT, NULL, "the event is over") : 0;
	if (rc == 0 && db_exec(db, stmts[AT_CHECKIN], DB_ARGS(DB_INT(id), DB_INT(student), DB_STR(method))) != 1)
		rc = db_status(db) == DB_DUPLICATE
			 ? reply_error(req, ERR_CONFLICT, NULL, "you have checked in already")
			 : -1;
	json_t *detail = json_pack("{s:s?}", "method", method);
	if (rc == 0)
		rc = audit_record(req, 0, "event.checkin", "event", id, detail);
	json_decref(detail);
	return finish(req, rc, AT_CHECKIN_GET, id);
}
