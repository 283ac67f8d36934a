/* employers.c: employer records: lookups used by accounts and the employment form; the
 * module grows with its routes. */
#include "resources/employers.h"

#include "db/db.h"
#include "http/params.h"
#include "http/response.h"

enum employers_stmt { EMP_FIND, EMP_LOOKUP, EMP__MAX };

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
};

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
