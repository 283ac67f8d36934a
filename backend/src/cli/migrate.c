/* migrate.c: applies sql/NNN_*.sql in order, each recorded in schema_migrations. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "resources/interactions.h"
#include "resources/jobs.h"
#include "resources/students.h"

enum migrate_stmt { MIG_APPLIED, MIG_RECORD, MIG__MAX };

static const char *const stmts[MIG__MAX] = {
    [MIG_APPLIED] = "SELECT checksum FROM schema_migrations WHERE version = ?",
    [MIG_RECORD] = "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)",
};

static const char *const create_table =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INT UNSIGNED NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL,"
    " checksum CHAR(64) NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

static int is_migration(const struct dirent *e)
{
	size_t n = strlen(e->d_name);
	return n > 8 && e->d_name[0] >= '0' && e->d_name[0] <= '9' &&
	       strcmp(e->d_name + n - 4, ".sql") == 0;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = xmalloc((size_t)n + 1);
	size_t got = fread(buf, 1, (size_t)n, f);
	fclose(f);
	buf[got] = '\0';
	return buf;
}

static void checksum(const char *text, char hex[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)text, strlen(text), NULL, 0);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

/* Applies one file unless already recorded; refuses a recorded file whose text changed. */
static int apply(struct db *db, const char *dir, const char *file, int *applied)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	char *text = read_file(path);
	if (!text)
		return cli_fail("cannot read %s", path);
	char sum[65];
	checksum(text, sum);
	long long version = strtoll(file, NULL, 10);
	json_t *row;
	int found = db_row(db, &row, stmts[MIG_APPLIED], DB_ARGS(DB_INT(version)));
	int rc = 0;
	if (found < 0) {
		rc = cli_fail("%s", db_error(db));
	} else if (found) {
		if (strcmp(json_string_value(json_object_get(row, "checksum")), sum) != 0)
			rc = cli_fail("%s was changed after it was applied; add a new migration "
				      "instead", file);
		json_decref(row);
	} else {
		/* MariaDB commits DDL implicitly, so a file is atomic only for its data
		 * statements; each file is small and its record is written last. */
		if (db_begin(db) < 0 || db_exec_script(db, text) < 0 ||
		    db_exec(db, stmts[MIG_RECORD],
			    DB_ARGS(DB_INT(version), DB_STR(file), DB_STR(sum))) < 0 ||
		    db_commit(db) < 0) {
			db_rollback(db);
			rc = cli_fail("%s: %s", file, db_error(db));
		} else {
			printf("applied %s\n", file);
			(*applied)++;
		}
	}
	free(text);
	return rc;
}

int cli_migrate(struct app *app, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (db_exec_script(app->db, create_table) < 0)
		return cli_fail("%s", db_error(app->db));
	struct dirent **files;
	int n = scandir(app->cfg->sql_dir, &files, is_migration, alphasort);
	if (n < 0)
		return cli_fail("cannot read %s", app->cfg->sql_dir);
	int rc = 0, applied = 0;
	for (int i = 0; i < n; i++) {
		if (rc == 0)
			rc = apply(app->db, app->cfg->sql_dir, files[i]->d_name, &applied);
		free(files[i]);
	}
	free(files);
	if (rc == 0)
		printf("migrations: %d applied, %d up to date\n", applied, n - applied);
	/* Rows written before personal data was sealed (sql/013) are sealed now. */
	long sealed = rc == 0 ? students_pii_rekey(app) : 0;
	if (sealed < 0)
		return cli_fail("sealing ID cards and phones: %s", db_error(app->db));
	if (sealed > 0)
		printf("sealed the ID cards and phones of %ld rows\n", sealed);
	/* Jobs written without search terms (before sql/017, or loaded in bulk) get them. */
	long indexed = rc == 0 ? jobs_index_missing(app) : 0;
	if (indexed < 0)
		return cli_fail("indexing jobs for search: %s", db_error(app->db));
	if (indexed > 0)
		printf("wrote the search terms of %ld jobs\n", indexed);
	/* Recruitment records without their interaction (before sql/021, or loaded in bulk). */
	long derived = rc == 0 ? interactions_backfill(app) : 0;
	if (derived < 0)
		return cli_fail("recording employers' interactions: %s", db_error(app->db));
	if (derived > 0)
		printf("recorded %ld employers' interactions from recruitment\n", derived);
	return rc;
}
