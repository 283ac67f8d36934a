/* interactions.c: the interaction log of employers and the two scores kept from it. Every
 * change locks the employer's row first, writes the log, and rescores the employer in the same
 * transaction. */
#include "resources/interactions.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "db/db.h"
#include "db/sql_json.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/audit.h"

enum interactions_stmt {
	IX_LOCK_EMPLOYER,
	IX_RESCORE,
	IX_DERIVE,
	IX_OF_SOURCE,
	IX_UNDO,
	IX_INSERT,
	IX_GET,
	IX_UPDATE,
	IX_LIST,
	IX_COUNT,
	IX_BREAKDOWN,
	IX_SCORES,
	IX_MODEL,
	IX_MODEL_SET,
	IX_FALLEN,
	IX_FALLEN_COUNT,
	IX_REGISTERED_ONLY,
	IX_REGISTERED_ONLY_COUNT,
	IX_BACKFILL_REGISTRATIONS,
	IX_BACKFILL_JOBS,
	IX_BACKFILL_SESSIONS,
	IX_BACKFILL_FAIRS,
	IX__MAX
};

/* The weight of interaction x's kind under model mo. */
#define IX_WEIGHT                                                                                 \
	"CASE x.kind WHEN 'registration' THEN mo.w_registration WHEN 'strategic' THEN "             \
	"mo.w_strategic WHEN 'mentor' THEN mo.w_mentor WHEN 'industry_education' THEN "             \
	"mo.w_industry_education WHEN 'job_post' THEN mo.w_job_post ELSE mo.w_daily_business END"
/* x's weight faded to day d (an SQL expression of a DATE); a session or fair still to come
 * counts in full until its day. */
#define IX_FADED(d)                                                                               \
	"(" IX_WEIGHT ") * POW(0.5, GREATEST(DATEDIFF(" d ", x.happened_on), 0) / mo.half_life_days)"
#define IX_COLUMNS                                                                                \
	"x.id, x.employer_id, x.kind, x.happened_on AS date, x.title, x.students_covered, x.owner, " \
	"x.note, x.source, x.source_id, x.removed = 1 AS removed, x.created_at, x.updated_at"
/* How many students signed up for the info session or the fair a derived interaction comes from
 * (a fair's walk-ins are signed up by their check-in), NULL for the others: counted from the
 * sign-ups themselves as the log is read, one range of uq_event_signups or uq_fair_visitors. */
#define IX_REGISTRATIONS                                                                          \
	"CASE x.source WHEN 'session' THEN (SELECT COUNT(*) FROM event_signups s WHERE s.event_id = " \
	"x.source_id) WHEN 'fair' THEN (SELECT COUNT(*) FROM fair_applications a JOIN fair_visitors " \
	"v ON v.fair_id = a.fair_id WHERE a.id = x.source_id) END AS registrations"
#define IX_MODEL_COLUMNS                                                                          \
	"half_life_days, JSON_OBJECT('registration', w_registration, 'strategic', w_strategic, "   \
	"'mentor', w_mentor, 'industry_education', w_industry_education, 'job_post', w_job_post, "  \
	"'daily_business', w_daily_business) AS weights__json, updated_at"
/* Registrations with nothing else since (the dormant view's second list). */
#define IX_REGISTERED_ONLY_FROM                                                                   \
	" FROM employers e JOIN (SELECT employer_id, MIN(happened_on) AS registered_on FROM "       \
	"employer_interactions WHERE removed = 0 AND kind = 'registration' GROUP BY employer_id) r " \
	"ON r.employer_id = e.id WHERE NOT EXISTS (SELECT 1 FROM employer_interactions y WHERE "     \
	"y.employer_id = e.id AND y.removed = 0 AND y.kind <> 'registration')"
/* Each employer's weighted score on the two days (?, ?) of the dormant view. */
#define IX_FALLEN_FROM                                                                            \
	" FROM employers e JOIN (SELECT x.employer_id, SUM(IF(x.happened_on <= ?, " IX_FADED("?")   \
	", 0)) AS before_score, SUM(" IX_FADED("?") ") AS after_score FROM employer_interactions x " \
	"CROSS JOIN interaction_model mo WHERE x.removed = 0 AND x.happened_on <= ? GROUP BY "       \
	"x.employer_id) s ON s.employer_id = e.id WHERE s.before_score > s.after_score"

static const char *const stmts[IX__MAX] = {
    /* first, so that two changes of one employer take turns instead of deadlocking */
    [IX_LOCK_EMPLOYER] = "SELECT id FROM employers WHERE id = ? FOR UPDATE",
    /* the seed's formula and the anchored weighted score, of one employer or (NULL) all; the
     * score rounded to 6 places, so that a sum in another row order (a restored copy) stores
     * the same value to its last bit */
    [IX_RESCORE] =
	"UPDATE employers e LEFT JOIN (SELECT x.employer_id, SUM(x.kind = 'registration') AS r, "
	"SUM(x.kind = 'strategic') AS s, SUM(x.kind = 'mentor') AS m, SUM(x.kind = "
	"'industry_education') AS i, SUM(x.kind = 'job_post') AS j, SUM(x.kind = 'daily_business') "
	"AS d, SUM((" IX_WEIGHT ") * POW(2, DATEDIFF(LEAST(x.happened_on, CURDATE()), " INTERACTIONS_ANCHOR
	") / mo.half_life_days)) AS a FROM employer_interactions x CROSS JOIN interaction_model mo "
	"WHERE x.removed = 0 AND (? IS NULL OR x.employer_id = ?) GROUP BY x.employer_id) c ON "
	"c.employer_id = e.id SET e.index_seed = 10 * (IF(COALESCE(c.r, 0) >= 1, 1, 0) + "
	"IF(COALESCE(c.s, 0) >= 1, 2, 0) + IF(COALESCE(c.m, 0) >= 1, 1, 0) + IF(COALESCE(c.i, 0) >= "
	"1, 1, 0) + IF(COALESCE(c.j, 0) >= 10, 2, IF(COALESCE(c.j, 0) >= 1, 1, 0)) + "
	"IF(COALESCE(c.d, 0) >= 5, 3, IF(COALESCE(c.d, 0) >= 1, 1.5, 0))), e.index_anchored = "
	"ROUND(COALESCE(c.a, 0), 6) WHERE (? IS NULL OR e.id = ?)",
    [IX_DERIVE] = "INSERT INTO employer_interactions (employer_id, kind, happened_on, title, source, "
		  "source_id, created_by) VALUES (?, ?, COALESCE(?, CURDATE()), ?, ?, ?, ?) ON "
		  "DUPLICATE KEY UPDATE removed = 0, happened_on = VALUES(happened_on), title = "
		  "VALUES(title)",
    [IX_OF_SOURCE] = "SELECT employer_id FROM employer_interactions WHERE source = ? AND source_id = ?",
    [IX_UNDO] = "UPDATE employer_interactions SET removed = 1 WHERE source = ? AND source_id = ?",
    [IX_INSERT] = "INSERT INTO employer_interactions (employer_id, kind, happened_on, title, "
		  "students_covered, owner, note, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [IX_GET] = "SELECT " IX_COLUMNS ", " IX_REGISTRATIONS " FROM employer_interactions x WHERE "
	       "x.id = ?",
    [IX_UPDATE] = "UPDATE employer_interactions x JOIN (SELECT ? AS j) c SET " SQL_SET_FROM(
	"x", "c.j", "kind") ", " SQL_SET_FROM("x", "c.j", "happened_on") ", " SQL_SET_FROM("x", "c.j",
											   "title") ", " SQL_SET_FROM("x", "c.j", "students_covered") ", " SQL_SET_FROM("x", "c.j", "owner") ", " SQL_SET_FROM("x", "c.j", "note") ", " SQL_SET_FROM("x", "c.j", "removed") " WHERE x.id = ?",
    [IX_LIST] = "SELECT " IX_COLUMNS ", " IX_REGISTRATIONS " FROM employer_interactions x WHERE "
		"x.employer_id = ? AND "
		"(? IS NULL OR x.kind = ?) ORDER BY x.happened_on DESC, x.id DESC LIMIT ? OFFSET ?",
    [IX_COUNT] = "SELECT COUNT(*) AS n FROM employer_interactions x WHERE x.employer_id = ? AND "
		 "(? IS NULL OR x.kind = ?)",
    [IX_BREAKDOWN] = "SELECT x.kind, COUNT(*) AS n, SUM(" IX_FADED("CURDATE()") ") AS points FROM "
		     "employer_interactions x CROSS JOIN interaction_model mo WHERE x.employer_id = ? "
		     "AND x.removed = 0 GROUP BY x.kind",
    [IX_SCORES] = "SELECT e.index_seed, " INTERACTIONS_WEIGHTED_NOW " AS weighted FROM employers e "
		  "WHERE e.id = ?",
    [IX_MODEL] = "SELECT " IX_MODEL_COLUMNS " FROM interaction_model WHERE id = 1",
    [IX_MODEL_SET] = "UPDATE interaction_model SET half_life_days = ?, w_registration = ?, "
		     "w_strategic = ?, w_mentor = ?, w_industry_education = ?, w_job_post = ?, "
		     "w_daily_business = ?, updated_by = ? WHERE id = 1",
    [IX_FALLEN] = "SELECT e.id, e.name, e.industry_code, e.index_seed, ROUND(s.before_score, 2) AS "
		  "score_from, ROUND(s.after_score, 2) AS score_to, ROUND(s.before_score - "
		  "s.after_score, 2) AS fall" IX_FALLEN_FROM " ORDER BY fall DESC, e.id LIMIT ? OFFSET ?",
    [IX_FALLEN_COUNT] = "SELECT COUNT(*) AS n" IX_FALLEN_FROM,
    [IX_REGISTERED_ONLY] = "SELECT e.id, e.name, e.industry_code, e.index_seed, r.registered_on"
			   IX_REGISTERED_ONLY_FROM " ORDER BY r.registered_on, e.id LIMIT ? OFFSET ?",
    [IX_REGISTERED_ONLY_COUNT] = "SELECT COUNT(*) AS n" IX_REGISTERED_ONLY_FROM,
    /* What recruitment brought before the log existed (or a bulk load): once per record. */
    [IX_BACKFILL_REGISTRATIONS] =
	"INSERT IGNORE INTO employer_interactions (employer_id, kind, happened_on, title, source, "
	"source_id) SELECT id, 'registration', DATE(COALESCE(reviewed_at, created_at)), '入驻审核通过', "
	"'registration', id FROM employers WHERE status IN ('approved', 'rereview')",
    [IX_BACKFILL_JOBS] =
	"INSERT IGNORE INTO employer_interactions (employer_id, kind, happened_on, title, source, "
	"source_id) SELECT employer_id, 'job_post', DATE(COALESCE(reviewed_at, created_at)), "
	"LEFT(title, 200), 'job', id FROM jobs WHERE status IN ('approved', 'rereview')",
    [IX_BACKFILL_SESSIONS] =
	"INSERT IGNORE INTO employer_interactions (employer_id, kind, happened_on, title, source, "
	"source_id) SELECT employer_id, 'daily_business', DATE(starts_at), LEFT(title, 200), "
	"'session', id FROM events WHERE kind = 'info_session' AND status = 'approved'",
    [IX_BACKFILL_FAIRS] =
	"INSERT IGNORE INTO employer_interactions (employer_id, kind, happened_on, title, source, "
	"source_id) SELECT a.employer_id, 'daily_business', DATE(f.starts_at), LEFT(f.title, 200), "
	"'fair', a.id FROM fair_applications a JOIN fairs f ON f.id = a.fair_id WHERE a.state = "
	"'approved' AND f.status = 'published'",
};

const char *const interactions_kinds[] = {"registration",       "strategic", "mentor",
					  "industry_education", "job_post",  "daily_business", NULL};
#define NKINDS 6
double interactions_seed_points(const char *kind, long long count)
{
	static const double flat[] = {10, 20, 10, 10};
	size_t k = 0;
	while (kind && k < NKINDS && strcmp(interactions_kinds[k], kind) != 0)
		k++;
	if (!kind || k == NKINDS)
		return 0;
	if (k < 4)
		return count >= 1 ? flat[k] : 0;
	if (k == 4)
		return count >= 10 ? 20 : count >= 1 ? 10 : 0;
	return count >= 5 ? 30 : count >= 1 ? 15 : 0;
}

/* ---- keeping the scores ------------------------------------------------------------------- */

int interactions_rescore(struct app *app, long long employer_id)
{
	struct db_param who = employer_id ? DB_INT(employer_id) : DB_NULLV;
	return db_exec(app->db, stmts[IX_RESCORE], DB_ARGS(who, who, who, who)) < 0 ? -1 : 0;
}

/* Locks the employer's row (inside the transaction): 1, 0 when there is none, -1. */
static int lock_employer(struct app *app, long long employer_id)
{
	json_t *row;
	int found = db_row(app->db, &row, stmts[IX_LOCK_EMPLOYER], DB_ARGS(DB_INT(employer_id)));
	json_decref(found == 1 ? row : NULL);
	return found;
}

int interactions_derive(struct request *req, long long employer_id, const char *kind,
			const char *source, long long source_id, const char *title, const char *day)
{
	struct app *app = req->app;
	if (lock_employer(app, employer_id) != 1 ||
	    db_exec(app->db, stmts[IX_DERIVE],
		    DB_ARGS(DB_INT(employer_id), DB_STR(kind), DB_STR(day), DB_STR(title), DB_STR(source),
			    DB_INT(source_id), req->caller ? DB_INT(req->caller->id) : DB_NULLV)) < 0)
		return -1;
	return interactions_rescore(app, employer_id);
}

int interactions_undo(struct request *req, const char *source, long long source_id)
{
	struct app *app = req->app;
	json_t *row;
	int found = db_row(app->db, &row, stmts[IX_OF_SOURCE], DB_ARGS(DB_STR(source), DB_INT(source_id)));
	if (found <= 0)
		return found;
	long long employer = json_integer_value(json_object_get(row, "employer_id"));
	json_decref(row);
	return lock_employer(app, employer) != 1 ||
			       db_exec(app->db, stmts[IX_UNDO], DB_ARGS(DB_STR(source), DB_INT(source_id))) < 0
		   ? -1
		   : interactions_rescore(app, employer);
}

long interactions_backfill(struct app *app)
{
	static const enum interactions_stmt fills[] = {IX_BACKFILL_REGISTRATIONS, IX_BACKFILL_JOBS,
						       IX_BACKFILL_SESSIONS, IX_BACKFILL_FAIRS};
	long total = 0;
	for (size_t i = 0; i < sizeof fills / sizeof fills[0]; i++) {
		long long n = db_exec(app->db, stmts[fills[i]], DB_NOARGS);
		if (n < 0)
			return -1;
		total += (long)n;
	}
	return total && interactions_rescore(app, 0) < 0 ? -1 : total;
}

/* ---- the log ------------------------------------------------------------------------------ */

/* The interaction fields of the body into norm (columns' names): 0, or -1 after 422. */
static int fields_or_422(struct request *req, int creating, json_t *norm)
{
	static const char *const required[] = {"kind", "date", "title", NULL};
	const char *key;
	json_t *v;
	json_object_foreach(req->json, key, v)
	{
		int rc = 0;
		if (strcmp(key, "kind") == 0)
			rc = json_is_string(v) ? value_one_of_or_422(req, key, json_string_value(v), interactions_kinds)
					       : reply_error(req, ERR_VALIDATION, key, "kind must be one of registration, "
									       "strategic, mentor, industry_education, job_post, daily_business");
		else if (strcmp(key, "date") == 0) {
			char day[11] = "";
			time_t t;
			const char *s = json_string_value(v);
			if (s && clock_valid_date(s))
				memcpy(day, s, 11);
			else if (s && clock_parse_time(s, &t) == 0) {
				char cst[20];
				clock_cst_text(t, cst);
				memcpy(day, cst, 10);
			}
			char today[11];
			clock_today(today);
			if (!day[0])
				rc = reply_error(req, ERR_VALIDATION, key, "date must be a date (YYYY-MM-DD)");
			else if (strcmp(day, today) > 0)
				rc = reply_error(req, ERR_VALIDATION, key, "date is in the future: record what has happened");
			else if (strcmp(day, "2000-01-01") < 0)
				rc = reply_error(req, ERR_VALIDATION, key, "date is before 2000");
			else
				json_object_set_new(norm, "happened_on", json_string(day));
			if (rc < 0)
				return -1;
			continue;
		} else if (strcmp(key, "title") == 0)
			rc = json_text_or_422(req, key, v, 1, 200);
		else if (strcmp(key, "owner") == 0)
			rc = json_is_null(v) ? 0 : json_text_or_422(req, key, v, 1, 100);
		else if (strcmp(key, "note") == 0)
			rc = json_is_null(v) ? 0 : json_paragraphs_or_422(req, key, v, 0, 500);
		else if (strcmp(key, "students_covered") == 0)
			rc = json_is_null(v) || (json_is_integer(v) && json_integer_value(v) >= 0 &&
						 json_integer_value(v) <= 1000000)
				 ? 0
				 : reply_error(req, ERR_VALIDATION, key, "students_covered must be 0 to 1000000");
		else if (strcmp(key, "removed") == 0 && !creating) {
			if (!json_is_boolean(v))
				rc = reply_error(req, ERR_VALIDATION, key, "removed must be true or false");
			else
				json_object_set_new(norm, key, json_integer(json_is_true(v)));
			if (rc == 0)
				continue;
		} else
			rc = reply_error(req, ERR_VALIDATION, key, "%s cannot be set here", key);
		if (rc < 0)
			return -1;
		json_object_set(norm, key, v);
	}
	for (size_t i = 0; creating && required[i]; i++) {
		json_t *given = json_object_get(req->json, required[i]);
		if (!given || json_is_null(given))
			return reply_error(req, ERR_VALIDATION, required[i], "%s is required", required[i]);
	}
	if (!creating && json_object_size(req->json) == 0)
		return reply_error(req, ERR_VALIDATION, "title", "send at least one field to change");
	return 0;
}

static void tidy(json_t *row)
{
	json_object_set_new(row, "removed", json_boolean(json_integer_value(json_object_get(row, "removed"))));
}

/* Commits the change of employer's log with its audit entry and answers interaction id. */
static int finish(struct request *req, int rc, int status, long long id, long long employer,
		  const char *action)
{
	struct db *db = req->app->db;
	if (rc == 0)
		rc = interactions_rescore(req->app, employer);
	if (rc == 0)
		rc = audit_record(req, 0, action, "employer_interaction", id, req->json);
	json_t *row;
	if (rc == 0 && db_commit(db) == 0 && db_row(db, &row, stmts[IX_GET], DB_ARGS(DB_INT(id))) == 1) {
		tidy(row);
		return reply_data(req, status, row);
	}
	db_rollback(db);
	return req->status >= 400 ? -1 : reply_db_failure(req);
}

int interactions_create(struct request *req)
{
	long long employer;
	json_t *norm = json_object();
	if (path_id_or_404(req, 0, &employer) < 0 || fields_or_422(req, 1, norm) < 0) {
		json_decref(norm);
		return -1;
	}
	struct db *db = req->app->db;
	int rc = db_begin(db) < 0 ? -1 : 0;
	int found = rc == 0 ? lock_employer(req->app, employer) : -1;
	if (found == 0)
		rc = reply_not_found(req);
	else if (found < 0)
		rc = -1;
	json_t *covered = json_object_get(norm, "students_covered");
	if (rc == 0 &&
	    db_exec(db, stmts[IX_INSERT],
		    DB_ARGS(DB_INT(employer), DB_STR(json_string_value(json_object_get(norm, "kind"))),
			    DB_STR(json_string_value(json_object_get(norm, "happened_on"))),
			    DB_STR(json_string_value(json_object_get(norm, "title"))),
			    json_is_integer(covered) ? DB_INT(json_integer_value(covered)) : DB_NULLV,
			    DB_STR(json_string_value(json_object_get(norm, "owner"))),
			    DB_STR(json_string_value(json_object_get(norm, "note"))), DB_INT(req->caller->id))) != 1)
		rc = -1;
	json_decref(norm);
	long long id = rc == 0 ? db_insert_id(db) : 0;
	return finish(req, rc, 201, id, employer, "employer_interaction.create");
}

int interactions_update(struct request *req)
{
	long long id;
	json_t *row, *norm = json_object();
	if (path_id_or_404(req, 0, &id) < 0 || fields_or_422(req, 0, norm) < 0) {
		json_decref(norm);
		return -1;
	}
	struct db *db = req->app->db;
	int found = db_row(db, &row, stmts[IX_GET], DB_ARGS(DB_INT(id)));
	if (found != 1) {
		json_decref(norm);
		return found < 0 ? reply_db_failure(req) : reply_not_found(req);
	}
	long long employer = json_integer_value(json_object_get(row, "employer_id"));
	json_decref(row);
	char *text = json_dumps(norm, JSON_COMPACT);
	json_decref(norm);
	int rc = !text || db_begin(db) < 0 || lock_employer(req->app, employer) != 1 ||
			 db_exec(db, stmts[IX_UPDATE], DB_ARGS(DB_STR(text), DB_INT(id))) < 0
		     ? -1
		     : 0;
	free(text);
	return finish(req, rc, 200, id, employer, "employer_interaction.update");
}

/* The employer must exist: 0, or -1 after 404/503. */
static int employer_or_404(struct request *req, long long employer)
{
	json_t *row;
	int found = db_row(req->app->db, &row, stmts[IX_SCORES], DB_ARGS(DB_INT(employer)));
	json_decref(found == 1 ? row : NULL);
	return found == 1 ? 0 : found < 0 ? reply_db_failure(req) : reply_not_found(req);
}

int interactions_list(struct request *req)
{
	long long employer;
	struct page pg;
	const char *kind;
	if (path_id_or_404(req, 0, &employer) < 0 || page_or_422(req, &pg) < 0 ||
	    query_string_or_422(req, "kind", 32, &kind) < 0 ||
	    (kind && value_one_of_or_422(req, "kind", kind, interactions_kinds) < 0) || employer_or_404(req, employer) < 0)
		return -1;
	struct db_param p[5] = {DB_INT(employer), DB_STR(kind), DB_STR(kind)};
	return reply_paged(req, stmts[IX_LIST], stmts[IX_COUNT], p, 3, &pg, tidy);
}

/* ---- the scores --------------------------------------------------------------------------- */

static double round2(double x)
{
	return (double)(long long)(x * 100 + (x < 0 ? -0.5 : 0.5)) / 100;
}

int interactions_index(struct request *req)
{
	static const char *const models[] = {"seed", "weighted", NULL};
	long long employer;
	const char *model;
	if (path_id_or_404(req, 0, &employer) < 0 || query_string_or_422(req, "model", 16, &model) < 0 ||
	    (model && value_one_of_or_422(req, "model", model, models) < 0) || employer_or_404(req, employer) < 0)
		return -1;
	int weighted = model && strcmp(model, "weighted") == 0;
	json_t *rows = db_rows(req->app->db, stmts[IX_BREAKDOWN], DB_ARGS(DB_INT(employer)));
	json_t *mo = NULL;
	if (!rows || (weighted && db_row(req->app->db, &mo, stmts[IX_MODEL], DB_NOARGS) != 1)) {
		json_decref(rows);
		return reply_db_failure(req);
	}
	json_t *breakdown = json_object();
	double score = 0;
	for (size_t k = 0; k < NKINDS; k++) {
		long long n = 0;
		double faded = 0;
		size_t i;
		json_t *row;
		json_array_foreach(rows, i, row)
		{
			if (strcmp(json_string_value(json_object_get(row, "kind")), interactions_kinds[k]) == 0) {
				n = json_integer_value(json_object_get(row, "n"));
				faded = json_number_value(json_object_get(row, "points"));
			}
		}
		double points = weighted ? round2(faded) : interactions_seed_points(interactions_kinds[k], n);
		score += points;
		json_object_set_new(breakdown, interactions_kinds[k], json_pack("{s:I, s:f}", "count", (json_int_t)n, "points", points));
	}
	json_decref(rows);
	json_t *out = json_pack("{s:f, s:s, s:o}", "score", round2(score), "model", weighted ? "weighted" : "seed",
				"breakdown", breakdown);
	if (weighted) {
		json_object_set(out, "weights", json_object_get(mo, "weights"));
		json_object_set(out, "half_life_days", json_object_get(mo, "half_life_days"));
		json_decref(mo);
	}
	return reply_data(req, 200, out);
}

int interactions_model_get(struct request *req)
{
	json_t *mo;
	return db_row(req->app->db, &mo, stmts[IX_MODEL], DB_NOARGS) == 1 ? reply_data(req, 200, mo)
									 : reply_db_failure(req);
}

int interactions_model_put(struct request *req)
{
	static const char *const allowed[] = {"weights", "half_life_days", NULL};
	json_t *mo;
	if (body_only_or_422(req, allowed) < 0)
		return -1;
	if (json_object_size(req->json) == 0)
		return reply_error(req, ERR_VALIDATION, "weights", "send the weights or the half-life to change");
	if (db_row(req->app->db, &mo, stmts[IX_MODEL], DB_NOARGS) != 1)
		return reply_db_failure(req);
	long long half = json_integer_value(json_object_get(mo, "half_life_days"));
	double w[NKINDS];
	json_t *current = json_object_get(mo, "weights"), *given = json_object_get(req->json, "weights");
	for (size_t k = 0; k < NKINDS; k++)
		w[k] = json_number_value(json_object_get(current, interactions_kinds[k]));
	json_decref(mo);
	if (json_object_get(req->json, "half_life_days") &&
	    body_int_or_422(req, "half_life_days", 30, 3650, &half) < 0)
		return -1;
	if (given && !json_is_object(given))
		return reply_error(req, ERR_VALIDATION, "weights", "weights must map kinds to numbers");
	const char *key;
	json_t *v;
	json_object_foreach(given, key, v)
	{
		size_t k = 0;
		while (k < NKINDS && strcmp(interactions_kinds[k], key) != 0)
			k++;
		if (k == NKINDS)
			return reply_error(req, ERR_VALIDATION, "weights", "weights has no kind %s", key);
		if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 1000)
			return reply_error(req, ERR_VALIDATION, "weights", "the weight of %s must be 0 to 1000", key);
		w[k] = json_number_value(v);
	}
	struct db *db = req->app->db;
	int rc = db_begin(db) < 0 ||
			 db_exec(db, stmts[IX_MODEL_SET],
				 DB_ARGS(DB_INT(half), DB_DOUBLE(w[0]), DB_DOUBLE(w[1]), DB_DOUBLE(w[2]),
					 DB_DOUBLE(w[3]), DB_DOUBLE(w[4]), DB_DOUBLE(w[5]), DB_INT(req->caller->id))) < 0 ||
			 interactions_rescore(req->app, 0) < 0 ||
			 audit_record(req, 0, "interaction_model.update", "interaction_model", 1, req->json) < 0 ||
			 db_commit(db) < 0
		     ? -1
		     : 0;
	if (rc < 0) {
		db_rollback(db);
		return reply_db_failure(req);
	}
	return interactions_model_get(req);
}

int interactions_dormant(struct request *req)
{
	static const char *const views[] = {"fallen", "registered_only", NULL};
	struct page pg;
	const char *view, *from, *to;
	if (page_or_422(req, &pg) < 0 || query_string_or_422(req, "view", 20, &view) < 0 ||
	    (view && value_one_of_or_422(req, "view", view, views) < 0) ||
	    query_string_or_422(req, "from", 10, &from) < 0 || query_string_or_422(req, "to", 10, &to) < 0)
		return -1;
	if (view && strcmp(view, "registered_only") == 0) {
		struct db_param p[2];
		return reply_paged(req, stmts[IX_REGISTERED_ONLY], stmts[IX_REGISTERED_ONLY_COUNT], p, 0, &pg, NULL);
	}
	char today[11], before[11];
	clock_today(today);
	time_t t = time(NULL) - 180 * 86400;
	char cst[20];
	clock_cst_text(t, cst);
	memcpy(before, cst, 10);
	before[10] = '\0';
	if ((from && !clock_valid_date(from)) || (to && !clock_valid_date(to)))
		return reply_error(req, ERR_VALIDATION, from && !clock_valid_date(from) ? "from" : "to",
				   "dates are written YYYY-MM-DD");
	from = from ? from : before;
	to = to ? to : today;
	if (strcmp(from, to) >= 0)
		return reply_error(req, ERR_VALIDATION, "from", "from must be before to");
	struct db_param p[6] = {DB_STR(from), DB_STR(from), DB_STR(to), DB_STR(to)};
	return reply_paged(req, stmts[IX_FALLEN], stmts[IX_FALLEN_COUNT], p, 4, &pg, NULL);
}
