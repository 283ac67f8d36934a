/* jobs.c: the public job list, answered from Redis when the same question was asked since
 * the last change. */
#include "resources/jobs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/cache.h"
#include "core/terms.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "http/params.h"
#include "http/request.h"
#include "http/response.h"
#include "resources/counts.h"

#define JOBS_VERSION_KEY "qiao:jobs:version"
#define JOBS_TTL 300

enum jobs_stmt { JOB_MATCHES, JOB_TERM_MATCHES, JOB_PREFIX_MATCHES, JOB_CITY_MATCHES, JOB_TERM_JOBS,
		 JOB_PAGE_OF,
		 JOB_BROWSE, JOB_BROWSE_COUNT, JOB_TEXTS, JOB_TEXTS_OF, JOB_UNINDEXED, JOB_SET_TERMS,
		 JOB__MAX };

/* Degrees from the least asked for: a degree filter finds the jobs open to that degree. */
#define DEGREES "'不限', '专科', '本科', '硕士', '博士'"

/* The public jobs: listed (approved, of an employer that is in; kept by sql/028's triggers),
 * so counting them needs no join; browsed (no filter but the city) or searched. Browsing has
 * statements of its own: a filter's column in the WHERE, even one whose parameter is NULL, made
 * MariaDB read every row instead of counting index entries (0.2 s for the 157,000 jobs). */
#define JOB_BROWSE_WHERE " WHERE j.listed = 1 AND (? IS NULL OR j.city = ?)"
#define JOB_WHERE                                                                                 \
	JOB_BROWSE_WHERE                                                                          \
	" AND (? IS NULL OR j.id IN (SELECT jm.job_id FROM job_majors jm WHERE jm.major = ?))"    \
	" AND (? IS NULL OR FIELD(j.degree, " DEGREES ") <= FIELD(?, " DEGREES "))"              \
	" AND (? IS NULL OR COALESCE(j.salary_max, j.salary_min) >= ?)"
/* A search for words (terms_query) reads the jobs of its most selective pattern's terms in
 * job_terms (sql/031), then checks the filters in ix_jobs_match and the next patterns in each
 * job's own terms, one by one: no job's row is read, and the cost follows how many jobs the
 * rarest pattern matches. (Left to choose, MariaDB read all 157,000 listed jobs first for a
 * common word without a city: 0.7-2.7 s instead of 0.3 s.) Patterns past the fourth are checked
 * together, from a JSON array, last (that check costs far more for each job: MariaDB reads the
 * array for every job it checks). A search whose words are all prefixes reads its first
 * pattern's range, DISTINCT (a prefix may match two words of a job). A search in a city that has
 * fewer listed jobs than its rarest pattern matches reads the city's jobs instead, newest first
 * in ix_jobs_listed_city (which holds the filtered columns too), and checks every pattern. */
#define JOB_TERM_CHECK                                                                            \
	" AND (? IS NULL OR EXISTS (SELECT 1 FROM job_terms o WHERE o.job_id = j.id "              \
	"AND o.term LIKE ?))"
#define JOB_TERMS_CHECKED 4
#define JOB_TERM_CHECKS                                                                           \
	JOB_TERM_CHECK JOB_TERM_CHECK JOB_TERM_CHECK                                              \
	" AND (? IS NULL OR NOT EXISTS (SELECT 1 FROM JSON_TABLE(?, '$[*]' COLUMNS (pattern "       \
	"VARCHAR(100) PATH '$')) q WHERE NOT EXISTS (SELECT 1 FROM job_terms o "                   \
	"WHERE o.job_id = j.id AND o.term LIKE q.pattern)))" JOB_ORDER
#define JOB_TERM_SEARCH(columns, driver)                                                          \
	"SELECT " columns " FROM job_terms t STRAIGHT_JOIN jobs j FORCE INDEX (ix_jobs_match) "      \
	"ON j.id = t.job_id" JOB_WHERE " AND t.term " driver " ?" JOB_TERM_CHECKS
#define JOB_FILTER_PARAMS 8 /* JOB_WHERE's */
#define JOB_TERMS_PARAMS (JOB_FILTER_PARAMS + 1 + 2 * (JOB_TERMS_CHECKED - 1) + 2)

#define JOB_TEXTS_SELECT                                                                          \
	"SELECT j.id, j.title, j.city, e.name AS employer, (SELECT GROUP_CONCAT(jm.major "        \
	"SEPARATOR ' ') FROM job_majors jm WHERE jm.job_id = j.id) AS majors FROM jobs j "          \
	"JOIN employers e ON e.id = j.employer_id"

/* What the public list shows of a job (j) and its employer (e). */
#define JOB_COLUMNS                                                                               \
	"SELECT j.id, j.title, j.city, j.salary_min, j.salary_max, j.degree, j.headcount, "       \
	"j.deadline, j.refreshed_at, j.employer_id, e.name AS employer_name, e.industry_code, "   \
	"(SELECT JSON_ARRAYAGG(jm.major) FROM job_majors jm WHERE jm.job_id = j.id) AS "          \
	"majors__json FROM "
#define JOB_ORDER " ORDER BY j.refreshed_at DESC, j.id DESC"
/* A page of the public list under where, newest refresh first. */
#define JOB_PAGE(where)                                                                           \
	JOB_COLUMNS "jobs j JOIN employers e ON e.id = j.employer_id" where JOB_ORDER " LIMIT ? OFFSET ?"

static const char *const stmts[JOB__MAX] = {
    /* Every match of a search, newest refresh first */
    [JOB_MATCHES] = "SELECT j.id FROM jobs j" JOB_WHERE JOB_ORDER,
    [JOB_TERM_MATCHES] = JOB_TERM_SEARCH("j.id", "="),
    [JOB_PREFIX_MATCHES] = JOB_TERM_SEARCH("DISTINCT j.id, j.refreshed_at", "LIKE"),
    [JOB_CITY_MATCHES] = "SELECT j.id FROM jobs j FORCE INDEX (ix_jobs_listed_city)" JOB_WHERE
			 " AND EXISTS (SELECT 1 FROM job_terms o WHERE o.job_id = j.id AND o.term LIKE ?)"
			 JOB_TERM_CHECKS,
    /* How many jobs have terms matching a pattern: kept in Redis an hour (it only orders a
     * search's patterns), so a common term (工程, in most jobs' majors: 30 ms) is counted once. */
    [JOB_TERM_JOBS] = "SELECT COUNT(*) AS n FROM job_terms WHERE term LIKE ?",
    /* The jobs of a JSON array of ids, in its order. */
    [JOB_PAGE_OF] = JOB_COLUMNS "JSON_TABLE(?, '$[*]' COLUMNS (ord FOR ORDINALITY, "
		    "id BIGINT UNSIGNED PATH '$')) m JOIN jobs j ON j.id = m.id "
		    "JOIN employers e ON e.id = j.employer_id ORDER BY m.ord",
    [JOB_BROWSE] = JOB_PAGE(JOB_BROWSE_WHERE),
    [JOB_BROWSE_COUNT] = "SELECT COUNT(*) AS n FROM jobs j" JOB_BROWSE_WHERE,
    /* What a job is found by: its title, city, majors and employer's name. */
    [JOB_TEXTS] = JOB_TEXTS_SELECT " WHERE j.id = ?",
    [JOB_TEXTS_OF] = JOB_TEXTS_SELECT " WHERE j.employer_id = ?",
    /* The next jobs without terms after an id: walking the ids, since each batch's own scan
     * from the first job re-read every job indexed before it (200,000 jobs: 15 minutes). */
    [JOB_UNINDEXED] = JOB_TEXTS_SELECT " WHERE j.id > ? AND j.search_terms IS NULL ORDER BY j.id "
		      "LIMIT 1000",
    [JOB_SET_TERMS] = "UPDATE jobs j JOIN JSON_TABLE(?, '$[*]' COLUMNS ("
		      "id BIGINT UNSIGNED PATH '$.id', terms TEXT PATH '$.terms')) t "
		      "ON t.id = j.id SET j.search_terms = t.terms",
};

/* Writes the search terms of the jobs read by statement st with parameters p (one batch), and
 * the last job's id in *last. The number of jobs, or -1. */
static long index_rows(struct app *app, struct arena *a, enum jobs_stmt st,
		       const struct db_param *p, size_t n, long long *last)
{
	json_t *rows = db_rows(app->db, stmts[st], p, n);
	if (!rows)
		return -1;
	json_t *set = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const char *texts[] = {json_string_value(json_object_get(row, "title")),
				       json_string_value(json_object_get(row, "city")),
				       json_string_value(json_object_get(row, "majors")),
				       json_string_value(json_object_get(row, "employer"))};
		json_array_append_new(set, json_pack("{s:O, s:s}", "id", json_object_get(row, "id"), "terms",
						     terms_index(a, texts, 4)));
		*last = json_integer_value(json_object_get(row, "id"));
	}
	long done = (long)json_array_size(rows);
	json_decref(rows);
	char *text = json_dumps(set, JSON_COMPACT);
	json_decref(set);
	int rc = done && (!text || db_exec(app->db, stmts[JOB_SET_TERMS], DB_ARGS(DB_STR(text))) < 0);
	free(text);
	return rc ? -1 : done;
}

int jobs_index(struct app *app, struct arena *a, long long job_id)
{
	long long last;
	return index_rows(app, a, JOB_TEXTS, DB_ARGS(DB_INT(job_id)), &last) < 0 ? -1 : 0;
}

int jobs_index_employer(struct app *app, struct arena *a, long long employer_id)
{
	long long last;
	return index_rows(app, a, JOB_TEXTS_OF, DB_ARGS(DB_INT(employer_id)), &last) < 0 ? -1 : 0;
}

long jobs_index_missing(struct app *app)
{
	long total = 0, n;
	long long last = 0;
	do {
		struct arena *a = arena_new(0);
		n = index_rows(app, a, JOB_UNINDEXED, DB_ARGS(DB_INT(last)), &last);
		arena_free(a);
		total += n > 0 ? n : 0;
	} while (n > 0);
	return n < 0 ? -1 : total;
}

void jobs_invalidate(struct app *app)
{
	/* A failed bump leaves lists stale for at most JOBS_TTL seconds. */
	cache_incr(app->cache, JOBS_VERSION_KEY);
}

/* A search's matches are kept whole in Redis under the jobs version: their count, then each
 * matching job's id, newest refresh first (8 bytes each, big-endian). Each page of the search
 * is then one read of its ids and a primary-key lookup of its jobs, and a page past the end
 * costs nothing. */
#define MATCHES_PREFIX "qiao:jobs:matches"

struct matches {
	unsigned char *bytes; /* the count, then the ids */
	size_t cap;
	long long n;
};

static void put_u64(unsigned char *at, unsigned long long v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		at[i] = (unsigned char)(v & 0xff);
}

static unsigned long long get_u64(const unsigned char *at)
{
	unsigned long long v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | at[i];
	return v;
}

static int collect_match(void *ctx, const struct db_cells *row)
{
	struct matches *m = ctx;
	size_t end = 8 * (2 + (size_t)m->n);
	if (end > m->cap)
		m->bytes = xrealloc(m->bytes, m->cap *= 2);
	put_u64(m->bytes + end - 8, strtoull(row->text[0], NULL, 10));
	m->n++;
	return 0;
}

/* A search: its filters (JOB_WHERE's parameters; the city first), the n patterns of its words,
 * if any, and the question of its city's list (for that list's count). */
struct search {
	struct db_param filters[JOB_FILTER_PARAMS];
	const char **patterns;
	size_t n;
	const char *city_question;
};

#define TERM_JOBS_PREFIX "qiao:jobs:term-jobs:"
#define TERM_JOBS_TTL 3600

/* How many jobs have terms matching pattern, from Redis when counted in the last hour; -1 when
 * the database failed. */
static long long term_jobs(struct request *req, const char *pattern)
{
	const char *key = arena_printf(req->arena, TERM_JOBS_PREFIX "%s", pattern);
	char *kept = NULL;
	if (cache_get(req->app->cache, key, &kept) == 0 && kept) {
		long long n = strtoll(kept, NULL, 10);
		free(kept);
		return n;
	}
	long long n = count_rows(req, stmts[JOB_TERM_JOBS], DB_ARGS(DB_STR(pattern)));
	if (n >= 0)
		cache_set(req->app->cache, key, arena_printf(req->arena, "%lld", n), TERM_JOBS_TTL);
	return n;
}

/* Puts the first patterns (JOB_TERMS_CHECKED + 4 at most; the order of the rest matters little)
 * in the order of how many jobs they match, fewest first (n > 0). Returns the count of the
 * pattern now first. */
static long long order_by_jobs(struct request *req, const char **patterns, size_t n)
{
	enum { COUNTED = JOB_TERMS_CHECKED + 4 };
	long long jobs[COUNTED];
	size_t k = n < COUNTED ? n : COUNTED;
	for (size_t i = 0; i < k; i++) {
		jobs[i] = term_jobs(req, patterns[i]);
		/* Insertion: stable, so equal counts keep terms_query's order. */
		for (size_t j = i; j > 0 && jobs[j] < jobs[j - 1]; j--) {
			long long c = jobs[j];
			jobs[j] = jobs[j - 1];
			jobs[j - 1] = c;
			const char *pat = patterns[j];
			patterns[j] = patterns[j - 1];
			patterns[j - 1] = pat;
		}
	}
	return jobs[0];
}

/* How many listed jobs the city of s has (the count of its list, cached as the list's is), or
 * -1 when the database failed. */
static long long city_jobs(struct request *req, const struct search *s)
{
	return count_cached(req, JOBS_VERSION_KEY, "qiao:jobs:total", s->city_question,
			    stmts[JOB_BROWSE_COUNT], s->filters, 2, JOBS_TTL);
}

/* Runs the search s, each match handed to collect_match. The number of matches, or -1. */
static long long search_each(struct request *req, const struct search *s, struct matches *m)
{
	if (!s->n)
		return db_each(req->app->db, stmts[JOB_MATCHES], s->filters, JOB_FILTER_PARAMS,
			       collect_match, m);
	long long first_jobs = order_by_jobs(req, s->patterns, s->n);
	struct db_param p[JOB_TERMS_PARAMS];
	memcpy(p, s->filters, sizeof s->filters);
	size_t at = JOB_FILTER_PARAMS;
	p[at++] = DB_STR(s->patterns[0]);
	for (size_t i = 1; i < JOB_TERMS_CHECKED; i++, at += 2)
		p[at] = p[at + 1] = DB_STR(i < s->n ? s->patterns[i] : NULL);
	const char *rest = NULL;
	if (s->n > JOB_TERMS_CHECKED) {
		json_t *list = json_array();
		for (size_t i = JOB_TERMS_CHECKED; i < s->n; i++)
			json_array_append_new(list, json_string(s->patterns[i]));
		char *text = json_dumps(list, JSON_COMPACT);
		json_decref(list);
		rest = text ? arena_strdup(req->arena, text) : NULL;
		free(text);
		if (!rest)
			return -1;
	}
	p[at] = p[at + 1] = DB_STR(rest);
	const char *first = s->patterns[0];
	enum jobs_stmt st = first[strlen(first) - 1] == '%' ? JOB_PREFIX_MATCHES : JOB_TERM_MATCHES;
	if (s->city_question && city_jobs(req, s) < first_jobs)
		st = JOB_CITY_MATCHES;
	return db_each(req->app->db, stmts[st], p, JOB_TERMS_PARAMS, collect_match, m);
}

/* Runs the search s and keeps its matches under key (unless NULL). Copies out the count and the
 * slice [from, from + len) of the matches' bytes: 0, or -1 when the database failed. */
static int search_run(struct request *req, const char *key, const struct search *s, size_t from,
		      size_t len, unsigned char *count, unsigned char *slice, size_t *got)
{
	struct matches m = {xmalloc(4096), 4096, 0};
	int rc = -1;
	if (search_each(req, s, &m) >= 0) {
		put_u64(m.bytes, (unsigned long long)m.n);
		size_t size = 8 * (1 + (size_t)m.n);
		if (key)
			cache_bytes_set(req->app->cache, key, m.bytes, size, JOBS_TTL);
		memcpy(count, m.bytes, 8);
		*got = from < size ? (size - from < len ? size - from : len) : 0;
		memcpy(slice, m.bytes + from, *got);
		rc = 0;
	}
	free(m.bytes);
	return rc;
}

/* Answers page pg of the search s (asked as question): from the matches kept under version,
 * else from the search, kept then (not when version is NULL: Redis did not answer). */
static int reply_search(struct request *req, const char *version, const char *question,
			const struct page *pg, const struct search *s)
{
	char key[CACHE_KEY_MAX];
	if (version)
		cache_answer_key(key, arena_printf(req->arena, MATCHES_PREFIX ":%s", version), question);
	unsigned char count[8], *slice = arena_alloc(req->arena, 8 * (size_t)pg->per_page);
	const size_t from[2] = {0, 8 * (1 + (size_t)pg->offset)}, len[2] = {8, 8 * (size_t)pg->per_page};
	unsigned char *const out[2] = {count, slice};
	size_t got[2] = {0, 0};
	if ((!version || cache_bytes_ranges(req->app->cache, key, 2, from, len, out, got) < 0 ||
	     got[0] != 8) &&
	    search_run(req, version ? key : NULL, s, from[1], len[1], count, slice, &got[1]) < 0)
		return reply_db_failure(req);
	size_t on_page = got[1] / 8, at = 1;
	char *ids = arena_alloc(req->arena, 21 * on_page + 3); /* 20 digits and a comma each */
	ids[0] = '[';
	for (size_t i = 0; i < on_page; i++)
		at += (size_t)sprintf(ids + at, "%s%llu", i ? "," : "", get_u64(slice + 8 * i));
	strcpy(ids + at, "]");
	json_t *rows = on_page ? db_rows(req->app->db, stmts[JOB_PAGE_OF], DB_ARGS(DB_STR(ids)))
			       : json_array();
	if (!rows)
		return reply_db_failure(req);
	return reply_list(req, rows, pg->page, pg->per_page, (long long)get_u64(count));
}

/* The question a list's filters ask (a NULL filter, or a salary of -1, absent): a key of the
 * answers and counts kept for it. */
static const char *filters_question(struct arena *a, const char *q, const char *city,
				    const char *major, const char *degree, long long salary)
{
	/* \x1f cannot be in a query value (params refuse control characters). */
	return arena_printf(a, "%s\x1f%s\x1f%s\x1f%s\x1f%lld", q ? q : "", city ? city : "",
			    major ? major : "", degree ? degree : "", salary);
}

int jobs_list(struct request *req)
{
	static const char *const degrees[] = {"不限", "专科", "本科", "硕士", "博士", NULL};
	struct page pg;
	const char *q, *city, *major, *degree;
	long long salary = 0;
	int has_salary;
	if (page_or_422(req, &pg) < 0 || query_string_or_422(req, "q", 100, &q) < 0 ||
	    query_string_or_422(req, "city", 64, &city) < 0 ||
	    query_string_or_422(req, "major", 100, &major) < 0 ||
	    query_string_or_422(req, "degree", 8, &degree) < 0 ||
	    (degree && value_one_of_or_422(req, "degree", degree, degrees) < 0) ||
	    query_int_or_422(req, "salary_min", 0, 1000000, &salary, &has_salary) < 0)
		return -1;
	const char *filters =
	    filters_question(req->arena, q, city, major, degree, has_salary ? salary : -1);
	const char *question = arena_printf(req->arena, "%s\x1f%ld\x1f%ld", filters, pg.page, pg.per_page);
	char key[CACHE_KEY_MAX], *version = NULL, *cached = NULL;
	cache_answer_key(key, "qiao:jobs:answer", question);
	int keyed = cache_answer_get(req->app->cache, JOBS_VERSION_KEY, key, &version, &cached) == 0;
	/* The whole answer is cached as sent: a hit is copied out without parsing it. */
	if (cached) {
		free(version);
		return reply_text(req, 200, cached);
	}
	const char *computed_under = keyed ? arena_strdup(req->arena, version) : NULL;
	free(version);
	struct search s = {{DB_STR(city), DB_STR(city), DB_STR(major), DB_STR(major), DB_STR(degree),
			    DB_STR(degree), has_salary ? DB_INT(salary) : DB_NULLV,
			    has_salary ? DB_INT(salary) : DB_NULLV},
			   NULL, 0, city ? filters_question(req->arena, NULL, city, NULL, NULL, -1) : NULL};
	if (q) {
		s.patterns = terms_query(req->arena, q, &s.n);
		/* Words without a letter, digit or Han character find nothing. */
		if (!s.n)
			return reply_list(req, json_array(), pg.page, pg.per_page, 0);
	}
	if (q || major || degree || has_salary) {
		if (reply_search(req, computed_under, filters, &pg, &s) < 0)
			return -1;
	} else {
		/* The city's list (its filters: the city twice). Its total is cached apart from the
		 * pages under the same version: paging through the list counts it once. */
		long long total = count_cached(req, JOBS_VERSION_KEY, "qiao:jobs:total", filters,
					       stmts[JOB_BROWSE_COUNT], s.filters, 2, JOBS_TTL);
		if (total < 0)
			return reply_db_failure(req);
		if (reply_page(req, stmts[JOB_BROWSE], s.filters, 2, &pg, NULL, total) < 0)
			return -1;
	}
	const char *text = computed_under ? reply_serialised(req) : NULL;
	if (text)
		cache_answer_set(req->app->cache, key, computed_under, text, JOBS_TTL);
	return 0;
}
