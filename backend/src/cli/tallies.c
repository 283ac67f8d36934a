/* tallies.c: `qiao tallies rebuild`: counts every tally the triggers keep (student_tally,
 * destination_tally, application_tally) again from what it counts, in one transaction (writers
 * wait meanwhile; seconds for a million students). A bulk loader that switched the triggers off
 * (@qiao_bulk_load, sql/024) ends with it; an operator may run it to check nothing drifted. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"

static const char *const rebuild[] = {
    "DELETE FROM student_tally",
    "INSERT INTO student_tally (graduation_year, major_id, status, destination_code, n) "
    "SELECT graduation_year, major_id, status, IFNULL(destination_code, ''), COUNT(*) "
    "FROM students GROUP BY 1, 2, 3, 4",
    "DELETE FROM destination_tally",
    "INSERT INTO destination_tally (graduation_year, dimension, major_id, status, destination_code, "
    "value, n) SELECT s.graduation_year, x.dimension, s.major_id, s.status, e.destination_code, "
    "CASE x.dimension WHEN 'unit_nature' THEN IFNULL(e.unit_nature_code, '') "
    "WHEN 'industry' THEN IFNULL(e.industry_code, '') "
    "WHEN 'province' THEN IFNULL(CONCAT(LEFT(e.region_code, 2), '0000'), '') "
    "ELSE IFNULL(e.school, '') END AS value, COUNT(*) FROM students s JOIN employment e ON "
    "e.student_id = s.id JOIN (SELECT 'unit_nature' AS dimension UNION ALL SELECT 'industry' "
    "UNION ALL SELECT 'province' UNION ALL SELECT 'school') x WHERE e.destination_code IS NOT "
    "NULL GROUP BY s.graduation_year, x.dimension, s.major_id, s.status, e.destination_code, value",
    "DELETE FROM application_tally",
    "INSERT INTO application_tally (job_id, state, n) SELECT job_id, state, COUNT(*) "
    "FROM applications GROUP BY job_id, state",
};

int tallies_rebuild(struct app *app)
{
	struct db *db = app->db;
	if (db_begin(db) < 0)
		return -1;
	for (size_t i = 0; i < sizeof rebuild / sizeof rebuild[0]; i++)
		if (db_exec(db, rebuild[i], DB_NOARGS) < 0) {
			db_rollback(db);
			return -1;
		}
	return db_commit(db);
}

int cli_tallies(struct app *app, int argc, char **argv)
{
	if (argc != 1 || strcmp(argv[0], "rebuild") != 0)
		return cli_fail("usage: qiao tallies rebuild");
	if (tallies_rebuild(app) < 0)
		return cli_fail("%s", db_error(app->db));
	printf("tallies rebuilt\n");
	return 0;
}
