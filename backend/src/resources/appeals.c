/* appeals.c: employers' account appeals, from the public form to the reset link in the
 * applicant's mailbox. */
#include "resources/appeals.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/formats.h"
#include "core/idcodes.h"
#include "db/db.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/activation.h"
#include "resources/audit.h"
#include "resources/review.h"
#include "tasks/mail.h"

/* How long the reset link works (the seed's 30 minutes). */
#define RESET_MINUTES 30

enum appeals_stmt {
	APL_EMPLOYER,
	APL_ACCOUNT,
	APL_FIRST_ACCOUNT,
	APL_PENDING,
	APL_INSERT,
	APL_GET,
	APL_LOCK,
	APL_LIST,
	APL_COUNT,
	APL_DECIDE,
	APL_CONTACT,
	APL__MAX
};

#define APL_COLUMNS                                                                               \
	"p.id, p.employer_id, e.name AS employer_name, e.credit_code, p.username, "                 \
	"p.applicant_name, p.applicant_phone, p.applicant_email, p.reason, p.state, "               \
	"p.review_reason, p.reviewed_at, p.account_id, p.created_at, JSON_OBJECT('contact_name', "  \
	"e.contact_name, 'contact_phone', e.contact_phone, 'email', e.email) AS current__json"
#define APL_FROM " FROM employer_appeals p JOIN employers e ON e.id = p.employer_id"
#define APL_FILTER " WHERE (? IS NULL OR p.state = ?) AND (? IS NULL OR e.name LIKE ?)"

static const char *const stmts[APL__MAX] = {
    [APL_EMPLOYER] = "SELECT id, name FROM employers WHERE credit_code = ?",
    [APL_ACCOUNT] = "SELECT id FROM accounts WHERE role = 'employer' AND employer_id = ? AND "
		    "username = ? AND status = 'active'",
    [APL_FIRST_ACCOUNT] = "SELECT id FROM accounts WHERE role = 'employer' AND employer_id = ? AND "
			  "status = 'active' ORDER BY id LIMIT 1",
    [APL_PENDING] = "SELECT id FROM employer_appeals WHERE employer_id = ? AND state = 'pending' "
		    "FOR UPDATE",
    [APL_INSERT] = "INSERT INTO employer_appeals (employer_id, username, applicant_name, "
		   "applicant_phone, applicant_email, reason, address) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [APL_GET] = "SELECT " APL_COLUMNS APL_FROM " WHERE p.id = ?",
    /* two reviews of one appeal take turns: the second finds it decided (409) */
    [APL_LOCK] = "SELECT " APL_COLUMNS APL_FROM " WHERE p.id = ? FOR UPDATE",
    [APL_LIST] = "SELECT " APL_COLUMNS APL_FROM APL_FILTER " ORDER BY p.state = 'pending' DESC, "
		 "p.id DESC LIMIT ? OFFSET ?",
    [APL_COUNT] = "SELECT COUNT(*) AS n" APL_FROM APL_FILTER,
    [APL_DECIDE] = "UPDATE employer_appeals SET state = ?, review_reason = ?, reviewed_by = ?, "
		   "reviewed_at = CURRENT_TIMESTAMP, account_id = ? WHERE id = ? AND state = 'pending'",
    /* "审核后将申诉的联系人信息更新到账号信息" */
    [APL_CONTACT] = "UPDATE employers SET contact_name = ?, contact_phone = ?, email = ? WHERE id = ?",
};

int appeals_create(struct request *req)
{
	static const char *const allowed[] = {"credit_code",     "username",        "applicant_name",
					      "applicant_phone", "applicant_email", "reason", NULL};
	const char *code, *username, *name, *phone, *email, *reason;
	if (body_only_or_422(req, allowed) < 0 || body_string_or_422(req, "credit_code", 18, 18, &code) < 0)
		return -1;
	if (!credit_code_valid(code))
		return reply_error(req, ERR_VALIDATION, "credit_code", "credit_code is not a valid unified social credit code");
	if (body_opt_string_or_422(req, "username", 64, &username) < 0 ||
	    body_string_or_422(req, "applicant_name", 1, 100, &name) < 0 ||
	    body_string_or_422(req, "applicant_phone", 11, 11, &phone) < 0)
		return -1;
	if (!mobile_valid(phone))
		return reply_error(req, ERR_VALIDATION, "applicant_phone", "applicant_phone must be a mobile number of 11 digits");
	if (body_string_or_422(req, "applicant_email", 3, 120, &email) < 0)
		return -1;
	if (!email_valid(email))
		return reply_error(req, ERR_VALIDATION, "applicant_email", "applicant_email is not an e-mail address");
	json_t *why = json_object_get(req->json, "reason");
	if (!why || json_is_null(why))
		return reply_error(req, ERR_VALIDATION, "reason", "reason is required");
	if (json_paragraphs_or_422(req, "reason", why, 5, 2000) < 0)
		return -1;
	reason = json_string_value(why);
	struct db *db = req->app->db;
	json_t *employer, *row;
	int found = db_row(db, &employer, stmts[APL_EMPLOYER], DB_ARGS(DB_STR(code)));
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return reply_error(req, ERR_VALIDATION, "credit_code", "no employer is registered with this credit code");
	long long employer_id = json_integer_value(json_object_get(employer, "id"));
	json_decref(employer);
	if (username) {
		found = db_row(db, &row, stmts[APL_ACCOUNT], DB_ARGS(DB_INT(employer_id), DB_STR(username)));
		json_decref(found == 1 ? row : NULL);
		if (found < 0)
			return reply_db_failure(req);
		if (!found)
			return reply_error(req, ERR_VALIDATION, "username", "this company has no account in use called %s", username);
	}
	if (db_begin(db) < 0)
		return reply_db_failure(req);
	found = db_row(db, &row, stmts[APL_PENDING], DB_ARGS(DB_INT(employer_id)));
	json_decref(found == 1 ? row : NULL);
	int rc = found < 0 ? -1 : found ? reply_error(req, ERR_CONFLICT, NULL, "an appeal of this company is waiting for the office already") : 0;
	long long id = 0;
	if (rc == 0 && db_exec(db, stmts[APL_INSERT],
			       DB_ARGS(DB_INT(employer_id), DB_STR(username), DB_STR(name), DB_STR(phone),
				       DB_STR(email), DB_STR(reason), DB_STR(req->remote_addr))) != 1)
		rc = -1;
	if (rc == 0) {
		id = db_insert_id(db);
		json_t *detail = json_pack("{s:I, s:s?}", "employer_id", (json_int_t)employer_id, "username", username);
		rc = audit_record(req, 0, "employer.appeal", "employer_appeal", id, detail);
		json_decref(detail);
	}
	if (rc == 0 && db_commit(db) == 0)
		return reply_data(req, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", "pending"));
	db_rollback(db);
	return req->status >= 400 ? -1 : reply_db_failure(req);
}

int appeals_list(struct request *req)
{
	static const char *const states[] = {"pending", "approved", "rejected", NULL};
	struct page pg;
	const char *state, *q;
	if (page_or_422(req, &pg) < 0 || query_string_or_422(req, "state", 16, &state) < 0 ||
	    (state && value_one_of_or_422(req, "state", state, states) < 0) ||
	    query_string_or_422(req, "q", 100, &q) < 0)
		return -1;
	const char *words = like_contains(req->arena, q);
	struct db_param p[6] = {DB_STR(state), DB_STR(state), DB_STR(words), DB_STR(words)};
	return reply_paged(req, stmts[APL_LIST], stmts[APL_COUNT], p, 4, &pg, NULL);
}

/* The account an approved appeal recovers: the one named if still in use, else the employer's
 * first in use.
 * Its id, 0 when there is none, -1 on a database error. */
static long long account_of(struct request *req, json_t *appeal)
{
	json_t *row;
	long long employer = json_integer_value(json_object_get(appeal, "employer_id"));
	const char *username = json_string_value(json_object_get(appeal, "username"));
	int found = username ? db_row(req->app->db, &row, stmts[APL_ACCOUNT], DB_ARGS(DB_INT(employer), DB_STR(username)))
			     : 0;
	if (found == 0) /* none named, or the one named no longer in use */
		found = db_row(req->app->db, &row, stmts[APL_FIRST_ACCOUNT], DB_ARGS(DB_INT(employer)));
	if (found <= 0)
		return found;
	long long id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	return id;
}

/* Inside the approval's transaction: the applicant becomes the contact, and the reset link goes
 * to their mailbox. The outbox id, or -1 (after 409 when there is no account to recover). */
static long long recover(struct request *req, json_t *appeal, long long *account)
{
	struct db *db = req->app->db;
	*account = account_of(req, appeal);
	if (*account <= 0)
		return *account < 0 ? -1
				    : reply_error(req, ERR_CONFLICT, NULL, "the company has no account in use to recover: "
									   "enable one of its accounts first");
	const char *name = json_string_value(json_object_get(appeal, "applicant_name"));
	const char *email = json_string_value(json_object_get(appeal, "applicant_email"));
	char token[65];
	if (db_exec(db, stmts[APL_CONTACT],
		    DB_ARGS(DB_STR(name), DB_STR(json_string_value(json_object_get(appeal, "applicant_phone"))),
			    DB_STR(email), DB_INT(json_integer_value(json_object_get(appeal, "employer_id"))))) < 0 ||
	    activation_issue(req, *account, "reset", RESET_MINUTES, token) < 0)
		return -1;
	const char *body = arena_printf(
	    req->arena,
	    "%s，您好：\n\n%s 的账号申诉已通过审核。请在 %d 分钟内打开下面的链接设置新密码（只能使用一次）：\n\n"
	    "%s/activate?token=%s\n\n如果您没有提出申诉，请忽略本邮件并联系学校就业指导中心。\n\n"
	    "Your appeal for %s was approved. Set a new password within %d minutes at the link above "
	    "(it works once).\n",
	    name, json_string_value(json_object_get(appeal, "employer_name")), RESET_MINUTES,
	    req->app->cfg->public_url, token, json_string_value(json_object_get(appeal, "employer_name")),
	    RESET_MINUTES);
	sodium_memzero(token, sizeof token);
	return mail_queue(req->app, email, "桥 · 用人单位账号申诉已通过：请设置新密码", body);
}

int appeals_review(struct request *req)
{
	static const char *const allowed[] = {"decision", "reason", NULL};
	static const char *const decisions[] = {"approve", "reject", NULL};
	long long id, account = 0, mail = 0;
	const char *reason;
	json_t *appeal;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	int which = review_decision_or_422(req, allowed, decisions, &reason);
	if (which < 0)
		return -1;
	struct db *db = req->app->db;
	if (db_begin(db) < 0)
		return reply_db_failure(req);
	int found = db_row(db, &appeal, stmts[APL_LOCK], DB_ARGS(DB_INT(id)));
	int rc = found < 0 ? -1 : !found ? reply_not_found(req) : 0;
	if (rc == 0 && strcmp(json_string_value(json_object_get(appeal, "state")), "pending") != 0)
		rc = reply_error(req, ERR_CONFLICT, "state", "the appeal is %s: it cannot become %s",
				 json_string_value(json_object_get(appeal, "state")), which == 0 ? "approved" : "rejected");
	if (rc == 0 && which == 0 && (mail = recover(req, appeal, &account)) < 0)
		rc = -1;
	/* the contact the approval changed, as an employer's update of it would be logged */
	json_t *contact = which == 0 && rc == 0
			      ? json_pack("{s:O, s:O, s:O}", "contact_name", json_object_get(appeal, "applicant_name"),
					  "contact_phone", json_object_get(appeal, "applicant_phone"), "email",
					  json_object_get(appeal, "applicant_email"))
			      : NULL;
	if (contact) {
		rc = audit_record(req, 0, "employer.update", "employer",
				  json_integer_value(json_object_get(appeal, "employer_id")), contact);
		json_decref(contact);
	}
	if (rc == 0 && db_exec(db, stmts[APL_DECIDE],
			       DB_ARGS(DB_STR(which == 0 ? "approved" : "rejected"), DB_STR(reason),
				       DB_INT(req->caller->id), account ? DB_INT(account) : DB_NULLV, DB_INT(id))) != 1)
		rc = -1;
	json_t *detail = json_pack("{s:s, s:s?, s:I}", "decision", decisions[which], "reason", reason,
				   "account_id", (json_int_t)account);
	if (rc == 0)
		rc = audit_record(req, 0, "employer_appeal.review", "employer_appeal", id, detail);
	json_decref(detail);
	json_decref(found == 1 ? appeal : NULL);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return req->status >= 400 ? -1 : reply_db_failure(req);
	}
	if (mail > 0)
		mail_dispatch(req->app, mail);
	if (db_row(db, &appeal, stmts[APL_GET], DB_ARGS(DB_INT(id))) != 1)
		return reply_db_failure(req);
	if (mail > 0)
		json_object_set_new(appeal, "reset_link", json_pack("{s:s, s:i}", "sent_to",
								     json_string_value(json_object_get(appeal, "applicant_email")),
								     "valid_minutes", RESET_MINUTES));
	return reply_data(req, 200, appeal);
}
