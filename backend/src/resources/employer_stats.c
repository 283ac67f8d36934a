/* employer_stats.c: counts of employers for the employer portrait; each bucket's key is the
 * value the employer list filters by, so a click on a bar opens the employers behind it. */
#include "resources/employer_stats.h"

#include <string.h>

#include "db/db.h"
#include "http/params.h"
#include "http/response.h"
#include "resources/employers.h"

enum employer_stats_stmt {
	ES_INDUSTRY,
	ES_LEVEL,
	ES_SIZE,
	ES_UNIT_NATURE,
	ES_PROVINCE,
	ES_KIND,
	ES__MAX
};

#define ES_FILTER                                                                                 \
	" WHERE (? = 'all' OR e.status = ?) AND (? IS NULL OR e.industry_code = ?) AND (? IS NULL " \
	"OR e.cooperation_level = ?) AND (? IS NULL OR e.size = ?) AND (? IS NULL OR "               \
	"e.unit_nature_code = ?) AND (? IS NULL OR LEFT(e.region_code, 2) = LEFT(?, 2)) AND "       \
	EMPLOYERS_KIND_FILTER
#define ES_NFILTER 14
#define ES_COUNT(key, label, join, group)                                                         \
	"SELECT " key " AS `key`, " label " AS label, COUNT(*) AS count, ROUND(AVG(e.index_seed), "  \
	"1) AS avg_index FROM employers e " join ES_FILTER " GROUP BY " group                       \
	" ORDER BY count DESC, `key` LIMIT 100"

static const char *const stmts[ES__MAX] = {
    [ES_INDUSTRY] = ES_COUNT("COALESCE(e.industry_code, '')", "COALESCE(MAX(ic.name), '未填写')",
			     "LEFT JOIN industry_codes ic ON ic.code = e.industry_code", "e.industry_code"),
    [ES_LEVEL] = ES_COUNT("COALESCE(e.cooperation_level, '')", "COALESCE(MAX(cl.name), '未分级')",
			  "LEFT JOIN cooperation_levels cl ON cl.code = e.cooperation_level",
			  "e.cooperation_level"),
    [ES_SIZE] = ES_COUNT("COALESCE(e.size, '')", "COALESCE(e.size, '未填写')", "", "e.size"),
    [ES_UNIT_NATURE] = ES_COUNT("COALESCE(e.unit_nature_code, '')", "COALESCE(MAX(un.name), '未填写')",
				"LEFT JOIN unit_nature_codes un ON un.code = e.unit_nature_code",
				"e.unit_nature_code"),
    [ES_PROVINCE] = ES_COUNT("COALESCE(CONCAT(LEFT(e.region_code, 2), '0000'), '')",
			     "COALESCE(MAX(r.name), '未填写')",
			     "LEFT JOIN region_codes r ON r.code = CONCAT(LEFT(e.region_code, 2), '0000')",
			     "LEFT(e.region_code, 2)"),
    /* employers with at least one interaction of each kind: the radar */
    [ES_KIND] = "SELECT x.kind AS `key`, x.kind AS label, COUNT(DISTINCT x.employer_id) AS count, "
		"ROUND(AVG(e.index_seed), 1) AS avg_index FROM employer_interactions x JOIN employers e "
		"ON e.id = x.employer_id AND x.removed = 0" ES_FILTER " GROUP BY x.kind ORDER BY x.kind",
};

int employer_stats(struct request *req)
{
	static const char *const dims[] = {"industry", "cooperation_level", "size", "unit_nature",
					   "province", "kind", NULL};
	static const char *const statuses[] = {"pending", "approved", "rejected", "rereview", "all", NULL};
	const char *dim, *status, *industry, *level, *size, *nature, *province, *kind;
	if (query_string_or_422(req, "by", 20, &dim) < 0 || (dim && value_one_of_or_422(req, "by", dim, dims) < 0) ||
	    query_string_or_422(req, "status", 16, &status) < 0 ||
	    (status && value_one_of_or_422(req, "status", status, statuses) < 0) ||
	    query_string_or_422(req, "industry", 1, &industry) < 0 ||
	    query_string_or_422(req, "cooperation_level", 20, &level) < 0 ||
	    query_string_or_422(req, "size", 32, &size) < 0 ||
	    query_string_or_422(req, "unit_nature", 4, &nature) < 0 ||
	    query_string_or_422(req, "province", 6, &province) < 0 || employers_kind_or_422(req, &kind) < 0)
		return -1;
	int digits = province && strlen(province) >= 2 && province[0] >= '1';
	for (const char *c = province; digits && *c; c++)
		digits = *c >= '0' && *c <= '9';
	if (province && !digits)
		return reply_error(req, ERR_VALIDATION, "province", "province must be a region code (digits)");
	size_t d = 0;
	while (dim && strcmp(dims[d], dim) != 0)
		d++;
	status = status ? status : "approved";
	struct db_param p[ES_NFILTER] = {DB_STR(status),  DB_STR(status), DB_STR(industry), DB_STR(industry),
					 DB_STR(level),   DB_STR(level),  DB_STR(size),     DB_STR(size),
					 DB_STR(nature),  DB_STR(nature), DB_STR(province), DB_STR(province),
					 DB_STR(kind),    DB_STR(kind)};
	json_t *rows = db_rows(req->app->db, stmts[d], p, ES_NFILTER);
	return rows ? reply_data(req, 200, rows) : reply_db_failure(req);
}
