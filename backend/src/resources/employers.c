/* employers.c: employer records (用人单位, seed manual §4.1): registration with the first HR
 * account, the record, edits (the key details of an approved employer wait for a second
 * review, 待复审), the office's review, the console list, and the lookups other modules use. */
#include "resources/employers.h"

#include <stdlib.h>
#include <string.h>

#include "auth/password.h"
#include "auth/session.h"
#include "core/clock.h"
#include "core/formats.h"
#include "core/idcodes.h"
#include "db/db.h"
#include "db/sql_json.h"
#include "http/params.h"
#include "http/request.h"
#include "http/response.h"
#include "resources/accounts.h"
#include "resources/audit.h"
#include "resources/codes.h"
#include "resources/held_review.h"
#include "resources/interactions.h"
#include "resources/jobs.h"

enum employers_stmt {
	EMP_FIND,
	EMP_LOOKUP,
	EMP_INSERT,
	EMP_GET,
	EMP_HR,
	EMP_TAKEN,
	EMP_EDIT,
	EMP_LIST,
	EMP_LIST_OLDEST,
	EMP_LIST_SEED_DESC,
	EMP_LIST_SEED_ASC,
	EMP_LIST_WEIGHTED,
	EMP_LIST_WEIGHTED_OLDEST,
	EMP_LIST_WEIGHTED_DESC,
	EMP_LIST_WEIGHTED_ASC,
	EMP_COUNT,
	EMP_COUNT_WEIGHTED,
	EMP__MAX
};

/* The fields an employer edits; the first KEY_FIELDS are the details the office checks against
 * the licence, so an approved employer's change of them waits for a second review. */
static const char *const fields[] = {"name",          "credit_code",      "industry_code",
				     "unit_nature_code", "region_code",   "contact_name",
				     "contact_phone",  "email",           "address",
				     "website",        "description",     "size",
				     NULL};
#define KEY_FIELDS 5

#define SET_FROM(src, col) SQL_SET_FROM("e", src, col)
#define SET_ALL(src)                                                                              \
	SET_FROM(src, "name") ", " SET_FROM(src, "credit_code") ", " SET_FROM(src, "industry_code") \
	", " SET_FROM(src, "unit_nature_code") ", " SET_FROM(src, "region_code") ", " SET_FROM(      \
	    src, "contact_name") ", " SET_FROM(src, "contact_phone") ", " SET_FROM(src, "email")     \
	", " SET_FROM(src, "address") ", " SET_FROM(src, "website") ", " SET_FROM(src,              \
										  "description") \
	", " SET_FROM(src, "size")

#define EMP_COLUMNS                                                                               \
	"e.id, e.name, e.credit_code, e.industry_code, ic.name AS industry_name, "                \
	"e.unit_nature_code, e.region_code, e.contact_name, e.contact_phone, e.email, e.address, " \
	"e.website, e.size, e.status, e.review_reason, e.reviewed_at, "                           \
	"e.licence_file IS NOT NULL AS licence_uploaded, e.licence_type, e.licence_at, "          \
	"e.wechat_bound, e.cooperation_level, e.tags AS tags__json, e.relation_owner, e.created_at, " \
	"e.updated_at"
#define EMP_FROM " FROM employers e LEFT JOIN industry_codes ic ON ic.code = e.industry_code"
/* The console's filters: status, industry, region (a province or city prefix), q (name or
 * credit code), cooperation level, tag, size, unit nature, a kind of interaction. */
#define EMP_FILTER                                                                                \
	" WHERE (? IS NULL OR e.status = ?) AND (? IS NULL OR e.industry_code = ?)"               \
	" AND (? IS NULL OR e.region_code LIKE ?) AND (? IS NULL OR e.name LIKE ? OR e.credit_code = ?)" \
	" AND (? IS NULL OR e.cooperation_level = ?) AND (? IS NULL OR JSON_CONTAINS(e.tags, JSON_QUOTE(?)))" \
	" AND (? IS NULL OR e.size = ?) AND (? IS NULL OR e.unit_nature_code = ?) AND " EMPLOYERS_KIND_FILTER
/* The console's list also filters by a range of the score it shows. */
#define EMP_FILTER_BY(score) EMP_FILTER " AND (? IS NULL OR " score " >= ?) AND (? IS NULL OR " score " <= ?)"
#define EMP_LIST_SQL(score, order)                                                                \
	"SELECT " EMP_COLUMNS ", " score " AS interaction_index, e.index_seed, "                    \
	INTERACTIONS_WEIGHTED_NOW " AS index_weighted, (SELECT COUNT(*) FROM accounts a WHERE "    \
	"a.employer_id = e.id AND a.role = 'employer') AS hr_count, (SELECT COUNT(*) FROM jobs j "  \
	"WHERE j.employer_id = e.id) AS jobs" EMP_FROM EMP_FILTER_BY(score) " ORDER BY " order     \
	" LIMIT ? OFFSET ?"

static const char *const stmts[EMP__MAX] = {
    [EMP_FIND] = "SELECT id, name, status FROM employers WHERE id = ?",
    /* Registered employers first, then companies known only from employment records. */
    [EMP_LOOKUP] = "SELECT name, credit_code, industry_code, region_code, unit_nature_code, source "
		   "FROM ((SELECT name, credit_code, industry_code, region_code, unit_nature_code, "
		   "'employer' AS source, 0 AS rank_ FROM employers WHERE status <> 'rejected' "
		   "AND name LIKE ? ORDER BY CHAR_LENGTH(name), name LIMIT 10) UNION ALL "
		   "(SELECT c.name, c.credit_code, c.industry_code, c.region_code, c.unit_nature_code, "
		   "'records', 1 FROM companies c LEFT JOIN employers e ON e.credit_code = c.credit_code "
		   "WHERE e.id IS NULL AND c.name LIKE ? ORDER BY CHAR_LENGTH(c.name), c.name LIMIT 10)) "
		   "found ORDER BY rank_, CHAR_LENGTH(name), name LIMIT 10",
    [EMP_INSERT] = "INSERT INTO employers (name, credit_code, industry_code, unit_nature_code, "
		   "region_code, contact_name, contact_phone, email, address, website, description, "
		   "size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [EMP_GET] = "SELECT " EMP_COLUMNS ", e.description, e.pending_changes AS pending_changes__json"
		EMP_FROM " WHERE e.id = ?",
    [EMP_HR] = "SELECT id, username, name, status, created_at FROM accounts WHERE employer_id = ? "
	       "AND role = 'employer' ORDER BY id",
    [EMP_TAKEN] = "SELECT IF(name = ? OR JSON_VALUE(pending_changes, '$.name') = ?, 'name', "
		  "'credit_code') AS field FROM employers WHERE id <> ? AND (name = ? OR credit_code = ? "
		  "OR JSON_VALUE(pending_changes, '$.name') = ? OR "
		  "JSON_VALUE(pending_changes, '$.credit_code') = ?) LIMIT 1",
    /* A rejected employer's edit is a new application. */
    [EMP_EDIT] = "UPDATE employers e JOIN (SELECT ? AS j) c SET " SET_ALL("c.j")
		 ", e.status = IF(e.status = 'rejected', 'pending', e.status) WHERE e.id = ?",
    /* By the seed's score or the weighted one (interaction_index), newest or ranked. */
    [EMP_LIST] = EMP_LIST_SQL("e.index_seed", "e.id DESC"),
    [EMP_LIST_OLDEST] = EMP_LIST_SQL("e.index_seed", "e.id"),
    [EMP_LIST_SEED_DESC] = EMP_LIST_SQL("e.index_seed", "e.index_seed DESC, e.id DESC"),
    [EMP_LIST_SEED_ASC] = EMP_LIST_SQL("e.index_seed", "e.index_seed, e.id"),
    [EMP_LIST_WEIGHTED] = EMP_LIST_SQL(INTERACTIONS_WEIGHTED_NOW, "e.id DESC"),
    [EMP_LIST_WEIGHTED_OLDEST] = EMP_LIST_SQL(INTERACTIONS_WEIGHTED_NOW, "e.id"),
    /* the anchored score ranks as today's does (interactions.h) */
    [EMP_LIST_WEIGHTED_DESC] = EMP_LIST_SQL(INTERACTIONS_WEIGHTED_NOW, "e.index_anchored DESC, e.id DESC"),
    [EMP_LIST_WEIGHTED_ASC] = EMP_LIST_SQL(INTERACTIONS_WEIGHTED_NOW, "e.index_anchored, e.id"),
    [EMP_COUNT] = "SELECT COUNT(*) AS n" EMP_FROM EMP_FILTER_BY("e.index_seed"),
    [EMP_COUNT_WEIGHTED] = "SELECT COUNT(*) AS n" EMP_FROM EMP_FILTER_BY(INTERACTIONS_WEIGHTED_NOW),
};

/* After an employer's details changed: its jobs are found by its name. */
static int reindex_jobs(struct request *req, long long id, const char *changes)
{
	(void)changes;
	return jobs_index_employer(req->app, req->arena, id);
}

/* An approved registration is the employer's first interaction (认证注册). */
static int registration_approved(struct request *req, long long id)
{
	return interactions_derive(req, id, "registration", "registration", id, "入驻审核通过", NULL);
}

/* The review of new employers and of approved ones' key-detail edits (held_review.h). */
static const struct held_table held_employers = {
    .entity = "employer",
    .lock_sql = "SELECT status, pending_changes FROM employers WHERE id = ? FOR UPDATE",
    .hold_sql = "UPDATE employers SET pending_changes = ?, status = 'rereview' WHERE id = ?",
    .apply_sql = "UPDATE employers e SET " SET_ALL("e.pending_changes") " WHERE e.id = ?",
    .decide_sql = "UPDATE employers SET status = ?, review_reason = ?, reviewed_by = ?, reviewed_at "
		  "= CURRENT_TIMESTAMP, pending_changes = NULL WHERE id = ? AND status = ?",
    .apply_more = reindex_jobs,
    .approved = registration_approved,
};

int employers_kind_or_422(struct request *req, const char **kind)
{
	if (query_string_or_422(req, "interaction_kind", 20, kind) < 0)
		return -1;
	return *kind ? value_one_of_or_422(req, "interaction_kind", *kind, interactions_kinds) : 0;
}

int employers_find(struct app *app, long long id, json_t **doc)
{
	return db_row(app->db, doc, stmts[EMP_FIND], DB_ARGS(DB_INT(id)));
}

int employers_lookup(struct request *req)
{
	const char *q;
	if (query_string_or_422(req, "q", 100, &q) < 0)
		return -1;
	if (!q || utf8_length(q) < 2)
		return reply_error(req, ERR_VALIDATION, "q", "type at least 2 characters of the name");
	const char *like = like_contains(req->arena, q);
	json_t *rows = db_rows(req->app->db, stmts[EMP_LOOKUP], DB_ARGS(DB_STR(like), DB_STR(like)));
	return rows ? reply_data(req, 200, rows) : reply_db_failure(req);
}

/* ---- who may see and change a record ------------------------------------------------------ */

int employers_in_or_403(struct request *req, const char *what)
{
	json_t *employer;
	int found = employers_find(req->app, req->caller->employer_id, &employer);
	if (found < 0)
		return reply_db_failure(req);
	char status[16] = "unknown";
	if (found)
		snprintf(status, sizeof status, "%s", json_string_value(json_object_get(employer, "status")));
	json_decref(found ? employer : NULL);
	if (strcmp(status, "approved") == 0 || strcmp(status, "rereview") == 0)
		return 0;
	return reply_error(req, ERR_FORBIDDEN, NULL,
			   "your company is %s: %s once the career office has approved it", status, what);
}

int employers_own(const struct request *req, long long employer_id)
{
	const struct caller *c = req->caller;
	return c && c->role == ROLE_EMPLOYER && c->employer_id == employer_id;
}

/* The employer's own HR, or staff. */
static int may_see(const struct request *req, long long id)
{
	return employers_own(req, id) || (req->caller->role & ROLES_STAFF);
}

/* 0/1 columns as JSON booleans; no changes held as null (db.c reads a NULL __json as []). */
static void tidy(json_t *row)
{
	static const char *const keys[] = {"licence_uploaded", "wechat_bound"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		json_t *v = json_object_get(row, keys[i]);
		if (v)
			json_object_set_new(row, keys[i], json_boolean(json_integer_value(v)));
	}
	if (json_is_array(json_object_get(row, "pending_changes")))
		json_object_set_new(row, "pending_changes", json_null());
}

int employers_load(struct request *req, long long id, json_t **doc)
{
	int found = db_row(req->app->db, doc, stmts[EMP_GET], DB_ARGS(DB_INT(id)));
	if (found != 1)
		return found;
	tidy(*doc);
	/* the office's notes on the relationship are not the employer's to read */
	if (!req->caller || !(req->caller->role & ROLES_STAFF))
		for (const char *k = "cooperation_level\0tags\0relation_owner\0"; *k; k += strlen(k) + 1)
			json_object_del(*doc, k);
	json_t *hr = db_rows(req->app->db, stmts[EMP_HR], DB_ARGS(DB_INT(id)));
	if (!hr) {
		json_decref(*doc);
		*doc = NULL;
		return -1;
	}
	json_object_set_new(*doc, "hr_users", hr);
	return 1;
}

static int reply_employer(struct request *req, int status, long long id)
{
	json_t *doc;
	int found = employers_load(req, id, &doc);
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return reply_not_found(req);
	return reply_data(req, status, doc);
}

/* ---- the fields of a body ------------------------------------------------------------------ */

/* A landline (area code, number, extension: 025-83591234-801) or a mobile number. */
static int phone_valid(const char *s)
{
	if (mobile_valid(s))
		return 1;
	size_t digits = 0, n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] != '-' || i == 0 || i + 1 == n)
			return 0;
	}
	return digits >= 7 && digits <= 16;
}

/* Checks one field's value (a string, or null to clear an optional one). 0, or -1 after 422. */
static int field_or_422(struct request *req, const char *field, json_t *v, int year)
{
	static const struct {
		const char *name;
		size_t min, max;
		int required;
	} limits[] = {
	    /* Key details may be left out at registration but not cleared once given. */
	    {"name", 2, 200, 1},          {"credit_code", 18, 18, 1}, {"industry_code", 1, 1, 1},
	    {"unit_nature_code", 2, 2, 1}, {"region_code", 6, 6, 1},  {"contact_name", 1, 100, 1},
	    {"contact_phone", 7, 20, 1},  {"email", 3, 120, 0},       {"address", 1, 200, 0},
	    {"website", 4, 200, 0},       {"description", 1, 5000, 0}, {"size", 1, 32, 0},
	};
	size_t i = 0;
	while (strcmp(limits[i].name, field) != 0)
		i++;
	if (json_is_null(v)) {
		if (limits[i].required)
			return reply_error(req, ERR_VALIDATION, field, "%s cannot be cleared", field);
		return 0;
	}
	int paragraphs = strcmp(field, "description") == 0;
	if ((paragraphs ? json_paragraphs_or_422 : json_text_or_422)(req, field, v, limits[i].min,
								     limits[i].max) < 0)
		return -1;
	const char *s = json_string_value(v);
	if (strcmp(field, "credit_code") == 0 && !credit_code_valid(s))
		return reply_error(req, ERR_VALIDATION, field,
				   "credit_code is not a valid unified social credit code (GB 32100)");
	if (strcmp(field, "contact_phone") == 0 && !phone_valid(s))
		return reply_error(req, ERR_VALIDATION, field,
				   "contact_phone must be a mobile number or a landline such as 025-83591234");
	if (strcmp(field, "email") == 0 && !email_valid(s))
		return reply_error(req, ERR_VALIDATION, field, "email is not an e-mail address");
	if (strcmp(field, "website") == 0 && strncmp(s, "http://", 7) != 0 &&
	    strncmp(s, "https://", 8) != 0)
		return reply_error(req, ERR_VALIDATION, field, "website must start with http:// or https://");
	static const struct {
		const char *field;
		enum code_table table;
	} coded[] = {{"industry_code", CODES_INDUSTRY},
		     {"unit_nature_code", CODES_UNIT_NATURE},
		     {"region_code", CODES_REGION}};
	for (size_t k = 0; k < sizeof coded / sizeof coded[0]; k++)
		if (strcmp(field, coded[k].field) == 0)
			return codes_valid_or_422(req, field, coded[k].table, s, year);
	return 0;
}

static int is_field(const char *key)
{
	for (const char *const *f = fields; *f; f++)
		if (strcmp(*f, key) == 0)
			return 1;
	return 0;
}

static int is_key_field(const char *key)
{
	for (size_t i = 0; i < KEY_FIELDS; i++)
		if (strcmp(fields[i], key) == 0)
			return 1;
	return 0;
}

/* The employer fields of the body as a new object, each checked; extra keys allowed only when
 * listed in also (NULL-terminated, may be NULL). NULL after answering 422. */
static json_t *changes_or_422(struct request *req, const char *const *also)
{
	json_t *out = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(req->json, key, v)
	{
		int extra = 0;
		for (const char *const *a = also; a && *a && !extra; a++)
			extra = strcmp(*a, key) == 0;
		if (extra)
			continue;
		if (!is_field(key)) {
			json_decref(out);
			reply_error(req, ERR_VALIDATION, key, "%s cannot be set here", key);
			return NULL;
		}
		if (field_or_422(req, key, v, clock_year()) < 0) {
			json_decref(out);
			return NULL;
		}
		json_object_set(out, key, v);
	}
	return out;
}

/* 409 naming the field when another employer holds (or waits for) this name or credit code. */
static int unique_or_409(struct request *req, long long id, const char *name, const char *credit)
{
	json_t *row;
	int found = db_row(req->app->db, &row, stmts[EMP_TAKEN],
			   DB_ARGS(DB_STR(name), DB_STR(name), DB_INT(id), DB_STR(name),
				   DB_STR(credit), DB_STR(name), DB_STR(credit)));
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return 0;
	int by_name = strcmp(json_string_value(json_object_get(row, "field")), "name") == 0;
	json_decref(row);
	return reply_error(req, ERR_CONFLICT, by_name ? "name" : "credit_code",
			   by_name ? "an employer with this name is registered already; if it is "
				     "yours, recover its account by appeal"
				   : "an employer with this credit code is registered already; if it "
				     "is yours, recover its account by appeal");
}

/* ---- registration ---------------------------------------------------------------------------- */

int employers_register(struct request *req)
{
	static const char *const account_keys[] = {"username", "password", NULL};
	const char *username, *password;
	json_t *c = changes_or_422(req, account_keys);
	if (!c)
		return -1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && fields[i]; i++) {
		int required = strcmp(fields[i], "name") == 0 || strcmp(fields[i], "credit_code") == 0 ||
			       strcmp(fields[i], "contact_name") == 0 ||
			       strcmp(fields[i], "contact_phone") == 0 || strcmp(fields[i], "email") == 0;
		if (required && !json_is_string(json_object_get(c, fields[i])))
			rc = reply_error(req, ERR_VALIDATION, fields[i], "%s is required", fields[i]);
	}
	char hash[PASSWORD_HASH_MAX];
	if (rc == 0 && (accounts_username_or_422(req, &username) < 0 ||
			accounts_password_or_422(req, username, &password) < 0))
		rc = -1;
	const char *name = json_string_value(json_object_get(c, "name"));
	const char *credit = json_string_value(json_object_get(c, "credit_code"));
	if (rc == 0)
		rc = unique_or_409(req, 0, name, credit);
	if (rc == 0 && password_hash(password, hash) < 0)
		rc = reply_internal(req);
	if (rc < 0) {
		json_decref(c);
		return -1;
	}
#define OPT(k) DB_STR(json_string_value(json_object_get(c, k)))
	struct db *db = req->app->db;
	long long id = -1, account = -1;
	if (db_begin(db) == 0 &&
	    db_exec(db, stmts[EMP_INSERT],
		    DB_ARGS(OPT("name"), OPT("credit_code"), OPT("industry_code"),
			    OPT("unit_nature_code"), OPT("region_code"), OPT("contact_name"),
			    OPT("contact_phone"), OPT("email"), OPT("address"), OPT("website"),
			    OPT("description"), OPT("size"))) == 1) {
		id = db_insert_id(db);
		account = accounts_insert(req->app, username, hash, json_string_value(json_object_get(c, "contact_name")),
					  "employer", 0, 0, id);
	}
#undef OPT
	if (account < 0) {
		enum db_status st = db_status(db);
		db_rollback(db);
		json_decref(c);
		/* Another registration of the same company or username got in first. */
		if (st == DB_DUPLICATE && id < 0)
			return unique_or_409(req, 0, name, credit) < 0
				   ? -1
				   : reply_error(req, ERR_CONFLICT, "name", "the employer was registered meanwhile");
		if (st == DB_DUPLICATE)
			return reply_error(req, ERR_CONFLICT, "username", "username \"%s\" is taken", username);
		return reply_db_failure(req);
	}
	json_t *detail = json_pack("{s:O, s:s, s:I}", "employer", c, "username", username, "account_id",
				   (json_int_t)account);
	json_decref(c);
	int logged = audit_record(req, account, "employer.register", "employer", id, detail);
	json_decref(detail);
	if (logged < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	return reply_employer(req, 201, id);
}

/* ---- reading --------------------------------------------------------------------------------- */

int employers_get(struct request *req)
{
	long long id;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	if (!may_see(req, id))
		return reply_not_found(req);
	return reply_employer(req, 200, id);
}

int employers_list(struct request *req)
{
	static const char *const states[] = {"pending", "approved", "rejected", "rereview", NULL};
	static const char *const sorts[] = {"interaction_index", "created", NULL};
	static const char *const orders[] = {"desc", "asc", NULL};
	static const char *const models[] = {"seed", "weighted", NULL};
	struct page pg;
	const char *status, *industry, *region, *q, *sort, *order, *model, *level, *tag, *size, *nature,
	    *kind;
	double lo = 0, hi = 0;
	int has_lo, has_hi;
	if (page_or_422(req, &pg) < 0 || query_string_or_422(req, "status", 16, &status) < 0 ||
	    query_string_or_422(req, "sort", 20, &sort) < 0 ||
	    query_string_or_422(req, "cooperation_level", 20, &level) < 0 ||
	    query_string_or_422(req, "tag", 20, &tag) < 0 || query_string_or_422(req, "size", 32, &size) < 0 ||
	    query_string_or_422(req, "unit_nature", 4, &nature) < 0 || employers_kind_or_422(req, &kind) < 0 ||
	    (sort && value_one_of_or_422(req, "sort", sort, sorts) < 0) ||
	    query_string_or_422(req, "order", 4, &order) < 0 ||
	    (order && value_one_of_or_422(req, "order", order, orders) < 0) ||
	    query_string_or_422(req, "model", 10, &model) < 0 ||
	    (model && value_one_of_or_422(req, "model", model, models) < 0) ||
	    query_number_or_422(req, "index_min", 0, 1e12, &lo, &has_lo) < 0 ||
	    query_number_or_422(req, "index_max", 0, 1e12, &hi, &has_hi) < 0 ||
	    (status && value_one_of_or_422(req, "status", status, states) < 0) ||
	    query_string_or_422(req, "industry", 1, &industry) < 0 ||
	    query_string_or_422(req, "region", 6, &region) < 0 ||
	    query_string_or_422(req, "q", 100, &q) < 0)
		return -1;
	/* A province (320000) or city (320100) takes in the codes under it. */
	const char *region_like = NULL;
	if (region) {
		size_t keep = strlen(region);
		while (keep > 2 && region[keep - 1] == '0' && region[keep - 2] == '0')
			keep -= 2;
		region_like = arena_printf(req->arena, "%.*s%%", (int)keep, region);
	}
	const char *like = like_contains(req->arena, q);
	struct db_param low = has_lo ? DB_DOUBLE(lo) : DB_NULLV, high = has_hi ? DB_DOUBLE(hi) : DB_NULLV;
	struct db_param p[25] = {DB_STR(status), DB_STR(status),      DB_STR(industry),
				 DB_STR(industry), DB_STR(region_like), DB_STR(region_like),
				 DB_STR(like),     DB_STR(like),        DB_STR(q),
				 DB_STR(level),    DB_STR(level),       DB_STR(tag),
				 DB_STR(tag),      DB_STR(size),        DB_STR(size),
				 DB_STR(nature),   DB_STR(nature),      DB_STR(kind),
				 DB_STR(kind),     low,                 low,
				 high,             high};
	/* ranked by the score asked for (the seed's unless model=weighted), best first unless asc;
	 * otherwise newest first unless asc */
	int weighted = model && strcmp(model, "weighted") == 0;
	int ranked = sort && strcmp(sort, "interaction_index") == 0;
	int asc = order && strcmp(order, "asc") == 0;
	enum employers_stmt list = !ranked ? (weighted ? (asc ? EMP_LIST_WEIGHTED_OLDEST : EMP_LIST_WEIGHTED)
						      : (asc ? EMP_LIST_OLDEST : EMP_LIST))
				   : weighted ? (asc ? EMP_LIST_WEIGHTED_ASC : EMP_LIST_WEIGHTED_DESC)
					      : (asc ? EMP_LIST_SEED_ASC : EMP_LIST_SEED_DESC);
	return reply_paged(req, stmts[list], stmts[weighted ? EMP_COUNT_WEIGHTED : EMP_COUNT], p, 23, &pg, tidy);
}

/* ---- edits ----------------------------------------------------------------------------------- */

int employers_update(struct request *req)
{
	long long id;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	if (!employers_own(req, id))
		return reply_not_found(req);
	json_t *c = changes_or_422(req, NULL);
	if (!c)
		return -1;
	if (json_object_size(c) == 0) {
		json_decref(c);
		return reply_error(req, ERR_VALIDATION, NULL, "send at least one field to change");
	}
	struct db *db = req->app->db;
	char status[16] = "";
	const char *held = NULL;
	int rc = db_begin(db) < 0 ? reply_db_failure(req) : 0;
	int found = rc == 0 ? held_lock(req, &held_employers, id, status, &held) : 0;
	if (rc == 0 && found != 1)
		rc = found < 0 ? reply_db_failure(req) : reply_not_found(req);
	/* An approved employer's key details wait for review; everything else applies now. */
	int hold = strcmp(status, "approved") == 0 || strcmp(status, "rereview") == 0;
	json_t *now = json_object(), *later = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(c, key, v)
	{
		json_object_set(hold && is_key_field(key) ? later : now, key, v);
	}
	if (rc == 0) {
		json_t *name = json_object_get(c, "name"), *credit = json_object_get(c, "credit_code");
		if (name || credit)
			rc = unique_or_409(req, id, json_string_value(name), json_string_value(credit));
	}
	char *now_text = json_dumps(now, JSON_COMPACT);
	if (rc == 0 && json_object_size(now) &&
	    db_exec(db, stmts[EMP_EDIT], DB_ARGS(DB_STR(now_text), DB_INT(id))) < 0)
		rc = db_status(db) == DB_DUPLICATE
			 ? reply_error(req, ERR_CONFLICT, "name", "the name or credit code was registered meanwhile")
			 : reply_db_failure(req);
	if (rc == 0 && json_object_get(now, "name") && jobs_index_employer(req->app, req->arena, id) < 0)
		rc = reply_db_failure(req);
	if (rc == 0 && json_object_size(later) && held_hold(req, &held_employers, id, held, later) < 0)
		rc = reply_db_failure(req);
	json_t *detail = json_pack("{s:O, s:O}", "applied", now, "for_review", later);
	if (rc == 0 && (audit_record(req, 0, "employer.update", "employer", id, detail) < 0 ||
			db_commit(db) < 0))
		rc = reply_db_failure(req);
	if (rc < 0)
		db_rollback(db);
	json_decref(detail);
	free(now_text);
	json_decref(now);
	json_decref(later);
	json_decref(c);
	if (rc < 0)
		return -1;
	jobs_invalidate(req->app); /* the public list shows the employer's name */
	return reply_employer(req, 200, id);
}

/* ---- the office's review ----------------------------------------------------------------- */

int employers_review(struct request *req)
{
	long long id;
	if (path_id_or_404(req, 0, &id) < 0 || held_review(req, &held_employers, id) < 0)
		return -1;
	jobs_invalidate(req->app); /* an employer's jobs become public or stay hidden */
	return reply_employer(req, 200, id);
}

/* ---- HR users ---------------------------------------------------------------------------- */

int employers_add_user(struct request *req)
{
	static const char *const allowed[] = {"username", "password", "name", NULL};
	long long id;
	const char *username, *password, *name;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	if (!employers_own(req, id))
		return reply_not_found(req);
	char hash[PASSWORD_HASH_MAX];
	if (body_only_or_422(req, allowed) < 0 || accounts_username_or_422(req, &username) < 0 ||
	    body_string_or_422(req, "name", 1, 100, &name) < 0 ||
	    accounts_password_or_422(req, username, &password) < 0)
		return -1;
	if (password_hash(password, hash) < 0)
		return reply_internal(req);
	struct db *db = req->app->db;
	if (db_begin(db) < 0)
		return reply_db_failure(req);
	long long account = accounts_insert(req->app, username, hash, name, "employer", 0, 0, id);
	if (account < 0) {
		enum db_status st = db_status(db);
		db_rollback(db);
		return st == DB_DUPLICATE
			   ? reply_error(req, ERR_CONFLICT, "username", "username \"%s\" is taken", username)
			   : reply_db_failure(req);
	}
	json_t *detail = json_pack("{s:s, s:s, s:I}", "username", username, "name", name, "account_id",
				   (json_int_t)account);
	int rc = audit_record(req, 0, "employer.add_user", "employer", id, detail) < 0 ||
		 db_commit(db) < 0;
	json_decref(detail);
	if (rc) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	return reply_employer(req, 201, id);
}
