/* students.c: student records: filters, the list, one record, masking of personal data. */
#include "resources/students.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/session.h"
#include "core/log.h"
#include "core/pii.h"
#include "cache/cache.h"
#include "db/db.h"
#include "http/params.h"
#include "http/request.h"
#include "http/response.h"
#include "resources/counts.h"
#include "resources/audit.h"
#include "resources/changes.h"
#include "resources/employment.h"
#include "resources/stats.h"
#include "resources/transfers.h"

enum students_stmt { STU_NEWEST, STU_LIST, STU_LIST_NOS, STU_COUNT, STU_COUNT_WIDE, STU_COUNT_NOS, STU_ONE, STU_DISPATCH, STU_EXPORT, STU_STATUS_KNOWN,
		     STU_SET_STATUS, STU_STATUS_LOG, STU_PII_STALE, STU_PII_SET, STU_PII_CHANGES,
		     STU_PII_CHANGE_SET, STU_PII_APPLICATIONS, STU_PII_APPLICATION_SET, STU__MAX };

#define STU_COLUMNS                                                                               \
	" s.id, s.student_no, s.name, s.gender, s.graduation_year, s.enrolment_year, "     \
	"s.level, m.college, s.major_id, m.name AS major, s.status, s.phone, s.id_card, s.email, " \
	"s.origin_region_code, s.political_status, s.destination_code, d.name AS destination_name, " \
	"COALESCE(d.category, 'pending') AS destination_category, st.active AS status_active"
#define STU_FROM                                                                                  \
	" FROM students s JOIN majors m ON m.id = s.major_id"                                     \
	" JOIN student_statuses st ON st.name = s.status"                                         \
	" LEFT JOIN destination_codes d ON d.code = s.destination_code"
/* One placeholder group per filter; students_filter_params() binds them in this order. */
#define STU_FILTER                                                                                \
	" WHERE (? IS NULL OR s.graduation_year = ?) AND (? IS NULL OR m.college = ?)"            \
	" AND (? IS NULL OR s.major_id = ?)"                                                      \
	" AND IF(? IS NULL, st.active = 1, ? = 'all' OR s.status = ?)"                           \
	" AND (? IS NULL OR COALESCE(d.category, 'pending') = ? OR s.destination_code = ?)"      \
	" AND (? IS NULL OR s.name LIKE ? OR s.student_no LIKE ?)"                      \
	" AND (? IS NULL OR s.student_no IN (SELECT j.no FROM JSON_TABLE(?, '$[*]' COLUMNS "       \
	"(no VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci PATH '$')) j))"          \
	" AND (? IS NULL OR COALESCE(d.category, 'pending') NOT IN ('employed', 'further_study'))"  \
	" AND (? IS NULL OR s.id_card_index = ?) AND (? IS NULL OR s.phone_index = ?)"            \
	" AND " SCOPE_FILTER("s.major_id")
#define STU_FILTER_PARAMS 24
#define STU_ORDER " ORDER BY s.graduation_year DESC, s.student_no LIMIT ? OFFSET ?"
/* A pasted list of numbers drives the query through the student-number index. */
#define STU_BY_NUMBERS                                                                            \
	" JOIN JSON_TABLE(?, '$[*]' COLUMNS (no VARCHAR(32) CHARACTER SET utf8mb4 COLLATE "      \
	"utf8mb4_unicode_ci PATH '$')) jn ON jn.no = s.student_no"

static const char *const stmts[STU__MAX] = {
    [STU_NEWEST] = "SELECT id, student_no, name, graduation_year, major_id FROM students "
		   "WHERE student_no = ? ORDER BY graduation_year DESC LIMIT 1",
    /* STRAIGHT_JOIN: walk students in index order and stop at LIMIT, rather than start from
     * the small majors table and sort every student of the result. */
    [STU_LIST] = "SELECT STRAIGHT_JOIN" STU_COLUMNS STU_FROM STU_FILTER STU_ORDER,
    [STU_LIST_NOS] = "SELECT" STU_COLUMNS STU_FROM STU_BY_NUMBERS STU_FILTER STU_ORDER,
    /* Totals are counted up to a limit: a list of a million students says "10,000 or more"
     * rather than counting them all on every page. */
    [STU_COUNT_NOS] = "SELECT COUNT(*) AS n FROM (SELECT 1" STU_FROM STU_BY_NUMBERS STU_FILTER " LIMIT ?) c",
    [STU_COUNT] = "SELECT COUNT(*) AS n FROM (SELECT 1" STU_FROM STU_FILTER " LIMIT ?) c",
    /* Without a college, major or scope to start from, counting walks the students in their
     * own order and stops at the limit, instead of visiting them major by major. */
    [STU_COUNT_WIDE] = "SELECT COUNT(*) AS n FROM (SELECT STRAIGHT_JOIN 1" STU_FROM STU_FILTER " LIMIT ?) c",
    [STU_ONE] = "SELECT" STU_COLUMNS STU_FROM " WHERE s.id = ? AND (? IS NULL OR s.id = ?) AND "
		SCOPE_FILTER("s.major_id"),
    /* Exports stream the filtered rows with their employment columns. */
    [STU_EXPORT] = "SELECT STRAIGHT_JOIN" STU_COLUMNS ", e.employer_name, e.credit_code, e.industry_code, e.region_code, "
		   "e.unit_nature_code, e.job_title, e.salary, e.school, e.effective_date" STU_FROM
		   " LEFT JOIN employment e ON e.student_id = s.id" STU_FILTER
		   /* One query streamed, in the list's order, which is that of ix_students_list (or
		    * ix_students_major under a major): the server reads each row once, sorts nothing. */
		   " ORDER BY s.graduation_year DESC, s.student_no",
    [STU_STATUS_KNOWN] = "SELECT name, active FROM student_statuses WHERE name = ?",
    /* Conditional on the status read: two changes at once cannot both apply. */
    [STU_SET_STATUS] = "UPDATE students SET status = ? WHERE id = ? AND status = ?",
    [STU_STATUS_LOG] = "INSERT INTO student_status_changes (student_id, from_status, to_status, "
		       "reason, actor_id) VALUES (?, ?, ?, ?, ?)",
    [STU_DISPATCH] = "SELECT dispatch_type, unit_name, unit_address, archive_unit, "
		     "archive_address, hukou_address, updated_at FROM dispatch WHERE student_id = ?",
    /* Rows whose ID card or phone is not sealed under the current key (plain text from
     * before sql/013, or an old key), a batch at a time by id. */
    [STU_PII_STALE] = "SELECT id, id_card, phone FROM students WHERE id > ? AND "
		      "(id_card NOT LIKE ? OR phone NOT LIKE ? OR id_card_index IS NULL OR "
		      "(phone IS NOT NULL AND phone_index IS NULL)) ORDER BY id LIMIT 1000",
    [STU_PII_SET] = "UPDATE students SET id_card = ?, id_card_index = ?, phone = ?, "
		    "phone_index = ? WHERE id = ?",
    /* The profile changes keep proposed and previous values, ID cards and phones among them. */
    [STU_PII_CHANGES] = "SELECT id, proposed AS proposed__json, previous AS previous__json "
			"FROM record_changes WHERE kind = 'profile' AND id > ? AND "
			"(JSON_VALUE(proposed, '$.id_card') NOT LIKE ? OR "
			"JSON_VALUE(proposed, '$.phone') NOT LIKE ? OR "
			"JSON_VALUE(previous, '$.id_card') NOT LIKE ? OR "
			"JSON_VALUE(previous, '$.phone') NOT LIKE ?) ORDER BY id LIMIT 1000",
    [STU_PII_CHANGE_SET] = "UPDATE record_changes SET proposed = ?, previous = ? WHERE id = ?",
    /* The phone a student shared with an application, kept in its snapshot of the resume. The
     * LIKE spares parsing the resumes that hold no phone (most of them). */
    [STU_PII_APPLICATIONS] = "SELECT id, resume AS resume__json FROM applications WHERE id > ? "
			     "AND resume LIKE '%\"phone\"%' AND "
			     "JSON_VALUE(resume, '$.phone') NOT LIKE ? ORDER BY id LIMIT 1000",
    /* Resealing is no change the employer should see: updated_at stays. */
    [STU_PII_APPLICATION_SET] = "UPDATE applications SET resume = ?, updated_at = updated_at "
				"WHERE id = ?",
};

/* Totals past this many are reported as this many with meta.total_capped. */
#define STU_COUNT_CAP 10000

struct students_filter {
	struct db_param p[STU_FILTER_PARAMS];
	const char *numbers; /* the student_nos list as JSON, or NULL */
	int narrow;          /* limited to some majors: by college, major or the caller's scope */
};

int students_find_newest(struct app *app, const char *student_no, json_t **doc)
{
	return db_row(app->db, doc, stmts[STU_NEWEST], DB_ARGS(DB_STR(student_no)));
}

/* Keeps the first 3 and last 4 characters in place: 138****5678, 320***********1234; a value
 * of 7 characters or fewer is all stars. */
static void mask_text(char *v)
{
	size_t n = strlen(v);
	for (size_t i = 0; i < n; i++)
		if (n <= 7 || (i >= 3 && i + 4 < n))
			v[i] = '*';
}

static void mask_field(json_t *row, const char *key)
{
	const char *v = json_string_value(json_object_get(row, key));
	if (!v)
		return;
	char out[64];
	snprintf(out, sizeof out, "%s", v);
	mask_text(out);
	json_object_set_new(row, key, json_string(out));
}

/* ---- personal data at rest (sql/013): sealed in the table, opened on the way out ------------ */

static const struct {
	const char *field, *index;
} pii_fields[] = {{"id_card", "id_card_index"}, {"phone", "phone_index"}};
#define PII_FIELDS (sizeof pii_fields / sizeof pii_fields[0])

/* The index of an ID card (check character in upper case, as stored) or a phone. */
static void index_of(const struct pii_keys *keys, const char *plain, char out[PII_INDEX_LEN + 1])
{
	char normal[64];
	snprintf(normal, sizeof normal, "%s", plain);
	if (strlen(normal) == 18 && normal[17] == 'x')
		normal[17] = 'X';
	pii_index(keys, normal, out);
}

/* The blind index of a plain ID card or phone, in arena a (for a lookup or a row to write). */
static const char *index_in(struct arena *a, const struct config *cfg, const char *plain)
{
	char *hex = arena_alloc(a, PII_INDEX_LEN + 1);
	index_of(&cfg->pii, plain, hex);
	return hex;
}

int students_pii_seal_value(struct arena *a, const struct config *cfg, const char *plain,
			    const char **sealed, const char **index)
{
	*sealed = *index = NULL;
	if (!plain)
		return 0;
	char *box = pii_seal(&cfg->pii, plain);
	if (!box)
		return -1;
	*sealed = arena_strdup(a, box);
	free(box);
	*index = index_in(a, cfg, plain);
	return 0;
}

/* The plain text of a sealed field (malloc'd), or NULL after logging that it does not open. */
static char *open_sealed(const struct config *cfg, const char *field, const char *sealed)
{
	char *plain = pii_open(&cfg->pii, sealed);
	if (!plain)
		log_json(LOG_ERROR, "a sealed field does not open: wrong QIAO_DATA_KEY?",
			 json_pack("{s:s}", "field", field));
	return plain;
}

void students_pii_open(const struct config *cfg, json_t *obj)
{
	if (!json_is_object(obj))
		return;
	for (size_t i = 0; i < PII_FIELDS; i++) {
		const char *v = json_string_value(json_object_get(obj, pii_fields[i].field));
		if (v && pii_sealed(&cfg->pii, v)) {
			char *plain = open_sealed(cfg, pii_fields[i].field, v);
			json_object_set_new(obj, pii_fields[i].field,
					    plain ? json_string(plain) : json_null());
			free(plain);
		}
		json_object_del(obj, pii_fields[i].index);
	}
}

int students_pii_seal(const struct config *cfg, json_t *obj)
{
	for (size_t i = 0; i < PII_FIELDS; i++) {
		json_t *v = json_object_get(obj, pii_fields[i].field);
		if (!v)
			continue;
		const char *plain = json_string_value(v);
		if (!plain) {
			json_object_set_new(obj, pii_fields[i].index, json_null());
			continue;
		}
		if (pii_sealed(&cfg->pii, plain) == 2)
			continue; /* sealed already, its index beside it */
		char *box = pii_seal(&cfg->pii, plain), hex[PII_INDEX_LEN + 1];
		if (!box)
			return -1;
		index_of(&cfg->pii, plain, hex);
		json_object_set_new(obj, pii_fields[i].field, json_string(box));
		json_object_set_new(obj, pii_fields[i].index, json_string(hex));
		free(box);
	}
	return 0;
}

int students_pii_seal_copy(const struct config *cfg, json_t *obj)
{
	for (size_t i = 0; i < PII_FIELDS; i++) {
		const char *plain = json_string_value(json_object_get(obj, pii_fields[i].field));
		if (!plain || pii_sealed(&cfg->pii, plain) == 2)
			continue;
		char *box = pii_seal(&cfg->pii, plain);
		if (!box)
			return -1;
		json_object_set_new(obj, pii_fields[i].field, json_string(box));
		free(box);
	}
	return 0;
}

/* v sealed under the current key (opened first when sealed under another, or plain) with its
 * index; NULL stays NULL. -1 when an old value does not open. */
static int reseal(const struct config *cfg, const char *v, char **sealed,
		  char index[PII_INDEX_LEN + 1])
{
	*sealed = NULL;
	index[0] = '\0';
	if (!v)
		return 0;
	char *plain = pii_sealed(&cfg->pii, v) ? pii_open(&cfg->pii, v) : strdup(v);
	if (!plain)
		return -1;
	*sealed = pii_seal(&cfg->pii, plain);
	index_of(&cfg->pii, plain, index);
	free(plain);
	return *sealed ? 0 : -1;
}

/* Reseals one student row {id, id_card, phone}; -1 on a failure. */
static int rekey_student(struct app *app, json_t *row)
{
	char *id_card = NULL, *phone = NULL, id_index[PII_INDEX_LEN + 1], phone_index[PII_INDEX_LEN + 1];
	int rc = reseal(app->cfg, json_string_value(json_object_get(row, "id_card")), &id_card,
			id_index) < 0 ||
			 reseal(app->cfg, json_string_value(json_object_get(row, "phone")), &phone,
				phone_index) < 0 ||
			 db_exec(app->db, stmts[STU_PII_SET],
				 DB_ARGS(DB_STR(id_card), DB_STR(id_index), DB_STR(phone),
					 DB_STR(phone ? phone_index : NULL),
					 DB_INT(json_integer_value(json_object_get(row, "id"))))) < 0
		     ? -1
		     : 0;
	free(id_card);
	free(phone);
	return rc;
}

/* Reseals the ID cards and phones a profile change keeps {id, proposed, previous}. */
static int rekey_change(struct app *app, json_t *row)
{
	json_t *proposed = json_object_get(row, "proposed"), *previous = json_object_get(row, "previous");
	students_pii_open(app->cfg, proposed);
	students_pii_open(app->cfg, previous);
	if (students_pii_seal(app->cfg, proposed) < 0 ||
	    (json_is_object(previous) && students_pii_seal(app->cfg, previous) < 0))
		return -1;
	char *p = json_dumps(proposed, JSON_COMPACT);
	char *q = json_is_object(previous) ? json_dumps(previous, JSON_COMPACT) : NULL;
	int rc = !p || db_exec(app->db, stmts[STU_PII_CHANGE_SET],
			       DB_ARGS(DB_STR(p), DB_STR(q),
				       DB_INT(json_integer_value(json_object_get(row, "id"))))) < 0
		     ? -1
		     : 0;
	free(p);
	free(q);
	return rc;
}

/* Runs st (rows after an id, the current key's pattern bound nparams times) and fix on each
 * row, a batch per transaction, until none is left. The rows fixed, or -1. */
static long rekey_all(struct app *app, enum students_stmt st, size_t nparams,
		      int (*fix)(struct app *, json_t *))
{
	char pattern[PII_KID_LEN + 16];
	snprintf(pattern, sizeof pattern, "pii1:%s:%%", app->cfg->pii.kid);
	long done = 0;
	long long after = 0;
	for (;;) {
		struct db_param p[5] = {DB_INT(after)};
		for (size_t i = 1; i <= nparams; i++)
			p[i] = DB_STR(pattern);
		json_t *rows = db_rows(app->db, stmts[st], p, nparams + 1);
		if (!rows)
			return -1;
		size_t n = json_array_size(rows), i;
		json_t *row;
		int rc = n && db_begin(app->db) < 0 ? -1 : 0;
		json_array_foreach(rows, i, row)
		{
			if (rc == 0)
				rc = fix(app, row);
			after = json_integer_value(json_object_get(row, "id"));
		}
		json_decref(rows);
		if (n && (rc < 0 || db_commit(app->db) < 0)) {
			db_rollback(app->db);
			return -1;
		}
		if (!n)
			return done;
		done += (long)n;
	}
}

/* Reseals the phone an application's snapshot keeps {id, resume}; -1 when it does not open
 * (an old key missing from QIAO_DATA_KEY_OLD), rather than writing it as null. */
static int rekey_application(struct app *app, json_t *row)
{
	json_t *resume = json_object_get(row, "resume");
	students_pii_open(app->cfg, resume);
	if (json_is_null(json_object_get(resume, "phone")) ||
	    students_pii_seal_copy(app->cfg, resume) < 0)
		return -1;
	char *text = json_dumps(resume, JSON_COMPACT);
	long long id = json_integer_value(json_object_get(row, "id"));
	int rc = !text || db_exec(app->db, stmts[STU_PII_APPLICATION_SET],
				  DB_ARGS(DB_STR(text), DB_INT(id))) < 0
		     ? -1
		     : 0;
	free(text);
	return rc;
}

long students_pii_rekey(struct app *app)
{
	long students = rekey_all(app, STU_PII_STALE, 2, rekey_student);
	long changes = students < 0 ? -1 : rekey_all(app, STU_PII_CHANGES, 4, rekey_change);
	long sent = changes < 0 ? -1 : rekey_all(app, STU_PII_APPLICATIONS, 1, rekey_application);
	return sent < 0 ? -1 : students + changes + sent;
}

/* Whether the caller sees student_id's ID card and phone whole. */
static int sees_whole(const struct request *req, long long student_id)
{
	const struct caller *c = req->caller;
	return (c->role == ROLE_STUDENT && c->student_id == student_id) ||
	       caller_can(c, "students.sensitive");
}

void students_mask_for(const struct request *req, long long student_id, json_t *obj)
{
	students_pii_open(req->app->cfg, obj);
	if (sees_whole(req, student_id))
		return;
	mask_field(obj, "phone");
	mask_field(obj, "id_card");
}

void students_mask(const struct request *req, json_t *row)
{
	students_mask_for(req, json_integer_value(json_object_get(row, "id")), row);
}

/* Staff reading others' unmasked ID cards and phones is logged (PIPL), like a write: the
 * entry names the student, or for a list page the students shown. -1 when it cannot be
 * written (the read is refused then). */
static int log_sensitive_read(struct request *req, long long student_id, json_t *rows)
{
	const struct caller *c = req->caller;
	if (c->role == ROLE_STUDENT || !caller_can(c, "students.sensitive") ||
	    (rows && !json_array_size(rows)))
		return 0;
	json_t *detail = NULL;
	if (rows) {
		json_t *ids = json_array();
		size_t i;
		json_t *row;
		json_array_foreach(rows, i, row)
		{
			json_array_append(ids, json_object_get(row, "id"));
		}
		detail = json_pack("{s:o}", "ids", ids);
	}
	int rc = audit_record(req, 0, rows ? "student.sensitive_list" : "student.sensitive_read",
			      "student", student_id, detail);
	json_decref(detail);
	return rc;
}

/* Masks every row of a query result (NULL passes through). */
static json_t *mask_rows(const struct request *req, json_t *rows)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		students_mask(req, row);
	}
	return rows;
}

/* A comma list of student numbers as a JSON array (arena), for the batch lookup. */
static int student_nos_or_422(struct request *req, const char **out)
{
	const char *v = request_query(req, "student_nos");
	*out = NULL;
	if (!v || !*v)
		return 0;
	json_t *list = json_array();
	char *copy = arena_strdup(req->arena, v), *save = NULL;
	/* Pasted lists come with commas, spaces, tabs or line breaks between the numbers. */
	for (char *no = strtok_r(copy, ", \t\r\n;", &save); no; no = strtok_r(NULL, ", \t\r\n;", &save)) {
		if (strlen(no) > 32 || json_array_size(list) >= 1000) {
			json_decref(list);
			return reply_error(req, ERR_VALIDATION, "student_nos",
					   "student_nos takes at most 1000 numbers of at most 32 characters");
		}
		json_array_append_new(list, json_string(no));
	}
	char *text = json_dumps(list, JSON_COMPACT);
	*out = arena_strdup(req->arena, text);
	free(text);
	json_decref(list);
	return 0;
}

struct students_filter *students_filter_or_422(struct request *req)
{
	long long year = 0, major = 0;
	int has_year, has_major;
	const char *college, *status, *destination, *q, *nos, *list, *id_card, *phone;
	if (query_int_or_422(req, "year", 1990, 2100, &year, &has_year) < 0 ||
	    query_string_or_422(req, "college", 100, &college) < 0 ||
	    query_int_or_422(req, "major_id", 1, INT64_MAX, &major, &has_major) < 0 ||
	    query_string_or_422(req, "status", 16, &status) < 0 ||
	    query_string_or_422(req, "destination", 16, &destination) < 0 ||
	    query_string_or_422(req, "q", 64, &q) < 0 || student_nos_or_422(req, &nos) < 0 ||
	    query_string_or_422(req, "list", 16, &list) < 0 ||
	    query_string_or_422(req, "id_card", 18, &id_card) < 0 ||
	    query_string_or_422(req, "phone", 20, &phone) < 0)
		return NULL;
	/* Asking whether a number is on file tells as much as reading it. */
	const char *exact = id_card ? "id_card" : phone ? "phone" : NULL;
	if (exact && !caller_can(req->caller, "students.sensitive")) {
		reply_error(req, ERR_FORBIDDEN, exact, "looking up by %s needs the students.sensitive "
				  "permission", exact);
		return NULL;
	}
	if (list && strcmp(list, "not_employed") != 0) {
		reply_error(req, ERR_VALIDATION, "list", "list must be not_employed");
		return NULL;
	}
	const char *like = like_contains(req->arena, q);
	const char *scope = caller_scope_json(req);
	const char *id_index = id_card ? index_in(req->arena, req->app->cfg, id_card) : NULL;
	const char *phone_index = phone ? index_in(req->arena, req->app->cfg, phone) : NULL;
	struct students_filter *f = arena_alloc(req->arena, sizeof(*f));
	struct db_param p[STU_FILTER_PARAMS] = {
	    has_year ? DB_INT(year) : DB_NULLV,
	    has_year ? DB_INT(year) : DB_NULLV,
	    DB_STR(college),
	    DB_STR(college),
	    has_major ? DB_INT(major) : DB_NULLV,
	    has_major ? DB_INT(major) : DB_NULLV,
	    DB_STR(status),
	    DB_STR(status),
	    DB_STR(status),
	    DB_STR(destination),
	    DB_STR(destination),
	    DB_STR(destination),
	    DB_STR(q),
	    DB_STR(like),
	    DB_STR(like_prefix(like)),
	    DB_STR(nos),
	    DB_STR(nos),
	    DB_STR(list),
	    DB_STR(id_index),
	    DB_STR(id_index),
	    DB_STR(phone_index),
	    DB_STR(phone_index),
	    DB_STR(scope),
	    DB_STR(scope),
	};
	memcpy(f->p, p, sizeof p);
	f->numbers = nos;
	f->narrow = college || has_major || scope;
	return f;
}

/* The parameters of a filtered statement: the list of numbers first when it drives the
 * join, then the filter. Returns the count; p has room for STU_FILTER_PARAMS + 3. */
static size_t filter_params(const struct students_filter *f, struct db_param *p)
{
	size_t n = 0;
	if (f->numbers)
		p[n++] = DB_STR(f->numbers);
	memcpy(p + n, f->p, sizeof f->p);
	return n + STU_FILTER_PARAMS;
}

json_t *students_query(struct request *req, const struct students_filter *f, long long limit,
		       long long offset)
{
	struct db_param p[STU_FILTER_PARAMS + 3];
	size_t n = filter_params(f, p);
	p[n++] = DB_INT(limit);
	p[n++] = DB_INT(offset);
	return mask_rows(req, db_rows(req->app->db, stmts[f->numbers ? STU_LIST_NOS : STU_LIST], p, n));
}

/* Passes export rows on with their ID card and phone opened and masked in place (the plain
 * text is shorter than the sealed text it replaces). Only the exported ones are opened: it is
 * the costliest step of an export. */
struct export_rows {
	const struct request *req;
	unsigned wanted; /* bit i: pii_fields[i] is exported */
	db_cells_fn fn;
	void *ctx;
	int located; /* the column positions below are looked up on the first row */
	int id, pii[PII_FIELDS]; /* pii[i] is -1 when not exported */
};

static int open_export_row(void *ctx, const struct db_cells *row)
{
	struct export_rows *ex = ctx;
	const struct config *cfg = ex->req->app->cfg;
	if (!ex->located) {
		ex->located = 1;
		ex->id = db_column(row, "id");
		for (size_t i = 0; i < PII_FIELDS; i++)
			ex->pii[i] = ex->wanted & (1u << i) ? db_column(row, pii_fields[i].field) : -1;
	}
	int whole = sees_whole(ex->req, strtoll(row->text[ex->id], NULL, 10));
	for (size_t i = 0; i < PII_FIELDS; i++) {
		char *cell = ex->pii[i] < 0 ? NULL : row->text[ex->pii[i]];
		if (!cell)
			continue;
		if (pii_sealed(&cfg->pii, cell)) {
			char *plain = open_sealed(cfg, pii_fields[i].field, cell);
			snprintf(cell, row->len[ex->pii[i]] + 1, "%s", plain ? plain : "");
			free(plain);
		}
		if (!whole)
			mask_text(cell);
		row->len[ex->pii[i]] = strlen(cell);
	}
	return ex->fn(ex->ctx, row);
}

unsigned students_pii_bit(const char *field)
{
	for (size_t i = 0; i < PII_FIELDS; i++)
		if (strcmp(field, pii_fields[i].field) == 0)
			return 1u << i;
	return 0;
}

long long students_export_each(struct request *req, const struct students_filter *f,
			       unsigned wanted, db_cells_fn fn, void *ctx)
{
	struct export_rows ex = {.req = req, .wanted = wanted, .fn = fn, .ctx = ctx};
	return db_each(req->app->db, stmts[STU_EXPORT], f->p, STU_FILTER_PARAMS, open_export_row, &ex);
}

/* Counts of a filter are kept this long at most, and only under the records version. */
#define COUNT_TTL 300

/* The count of a list, answered from Redis when the same count (statement, parameters, scope)
 * was made since the last write to the records. -1 on a database error. */
static long long count_list(struct request *req, enum students_stmt st, const struct db_param *p,
			    size_t n)
{
	/* The question: the statement and each parameter's type and text (parameters hold no
	 * control characters: params.c refuses them). */
	const char *q = arena_printf(req->arena, "%d", (int)st);
	for (size_t i = 0; i < n; i++) {
		int null = p[i].type == DB_T_NULL || (p[i].type == DB_T_STR && !p[i].s);
		q = p[i].type == DB_T_INT ? arena_printf(req->arena, "%s\x1fi%lld", q, p[i].i)
		    : null		  ? arena_printf(req->arena, "%s\x1fn", q)
					  : arena_printf(req->arena, "%s\x1fs%s", q, p[i].s);
	}
	return count_cached(req, STATS_VERSION_KEY, "qiao:count:students", q, stmts[st], p, n, COUNT_TTL);
}

int students_list(struct request *req)
{
	struct page pg;
	if (page_or_422(req, &pg) < 0)
		return -1;
	struct students_filter *f = students_filter_or_422(req);
	if (!f)
		return -1;
	struct db_param p[STU_FILTER_PARAMS + 3];
	size_t n = filter_params(f, p);
	/* Enough to show this page and the pager's next ones. */
	long long cap = pg.offset + pg.per_page > STU_COUNT_CAP ? pg.offset + pg.per_page : STU_COUNT_CAP;
	p[n++] = DB_INT(cap + 1);
	enum students_stmt st = f->numbers ? STU_COUNT_NOS : f->narrow ? STU_COUNT : STU_COUNT_WIDE;
	long long total = count_list(req, st, p, n);
	if (total < 0)
		return reply_db_failure(req);
	json_t *rows = students_query(req, f, pg.per_page, pg.offset);
	if (rows && log_sensitive_read(req, 0, rows) < 0) {
		json_decref(rows);
		rows = NULL;
	}
	if (!rows)
		return reply_db_failure(req);
	int capped = total > cap;
	reply_list(req, rows, pg.page, pg.per_page, capped ? cap : total);
	json_object_set_new(json_object_get(req->out, "meta"), "total_capped", json_boolean(capped));
	return 0;
}

int students_load_visible(struct request *req, long long id, json_t **doc)
{
	const struct caller *c = req->caller;
	const char *scope = caller_scope_json(req);
	/* A student sees only the record their account is linked to. */
	struct db_param own = c->role == ROLE_STUDENT ? DB_INT(c->student_id) : DB_NULLV;
	int found = db_row(req->app->db, doc, stmts[STU_ONE],
			   DB_ARGS(DB_INT(id), own, own, DB_STR(scope), DB_STR(scope)));
	if (found == 1)
		students_pii_open(req->app->cfg, *doc);
	return found;
}


int students_get(struct request *req)
{
	long long id;
	if (path_id_or_404(req, 0, &id) < 0)
		return -1;
	json_t *doc;
	int found = students_load_visible(req, id, &doc);
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return reply_not_found(req);
	if (log_sensitive_read(req, id, NULL) < 0) {
		json_decref(doc);
		return reply_db_failure(req);
	}
	students_mask(req, doc);
	json_t *dispatch;
	int has_dispatch = db_row(req->app->db, &dispatch, stmts[STU_DISPATCH], DB_ARGS(DB_INT(id)));
	if (has_dispatch >= 0)
		json_object_set_new(doc, "dispatch", has_dispatch ? dispatch : json_null());
	if (has_dispatch < 0 || employment_attach(req->app, doc, id) < 0 ||
	    changes_attach(req, doc, id) < 0 || transfers_attach(req, doc, id) < 0) {
		json_decref(doc);
		return reply_db_failure(req);
	}
	return reply_data(req, 200, doc);
}

int students_set_status(struct request *req)
{
	static const char *const allowed[] = {"status", "reason", NULL};
	long long id;
	const char *status, *reason;
	if (path_id_or_404(req, 0, &id) < 0 || body_only_or_422(req, allowed) < 0 ||
	    body_string_or_422(req, "status", 1, 16, &status) < 0 ||
	    body_string_or_422(req, "reason", 1, 500, &reason) < 0)
		return -1;
	json_t *doc, *known;
	int found = students_load_visible(req, id, &doc);
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return reply_not_found(req);
	char from[32];
	snprintf(from, sizeof from, "%s", json_string_value(json_object_get(doc, "status")));
	int year = (int)json_integer_value(json_object_get(doc, "graduation_year"));
	json_decref(doc);
	found = db_row(req->app->db, &known, stmts[STU_STATUS_KNOWN], DB_ARGS(DB_STR(status)));
	json_decref(known);
	if (found < 0)
		return reply_db_failure(req);
	if (!found)
		return reply_error(req, ERR_VALIDATION, "status", "\"%s\" is not a student status", status);
	if (strcmp(from, status) == 0)
		return reply_error(req, ERR_CONFLICT, "status", "the status is already %s", status);
	struct db *db = req->app->db;
	long long n = -1;
	if (db_begin(db) < 0 ||
	    (n = db_exec(db, stmts[STU_SET_STATUS], DB_ARGS(DB_STR(status), DB_INT(id), DB_STR(from)))) < 0) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	if (n == 0) {
		db_rollback(db);
		return reply_error(req, ERR_CONFLICT, "status",
				   "the status changed from %s meanwhile; reload and try again", from);
	}
	json_t *detail = json_pack("{s:s, s:s, s:s}", "from", from, "to", status, "reason", reason);
	int rc = db_exec(db, stmts[STU_STATUS_LOG],
			 DB_ARGS(DB_INT(id), DB_STR(from), DB_STR(status), DB_STR(reason),
				 DB_INT(req->caller->id))) < 0 ||
		 audit_record(req, 0, "student.status", "student", id, detail) < 0 || db_commit(db) < 0;
	json_decref(detail);
	if (rc) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	stats_invalidate(req->app, year);
	return students_get(req);
}
