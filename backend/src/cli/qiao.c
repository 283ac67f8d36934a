/* qiao.c: the command-line tool: migrate, account, demo-data, worker, audit, pii, mail. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "cache/cache.h"
#include "cli/cli.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"

static const struct {
	const char *name;
	int (*run)(struct app *app, int argc, char **argv);
	const char *usage;
} commands[] = {
    {"migrate", cli_migrate, "migrate                      apply sql/NNN_*.sql not yet applied"},
    {"account", cli_account,
     "account create --role R --username U [--name N] [--employer-id N]\n"
     "                             create or activate an account; password on standard input"},
    {"demo-data", cli_demo_data,
     "demo-data [--students N] [--employers N] [--jobs N] [--applications N] [--majors N]\n"
     "          [--years N] [--accounts FILE]\n"
     "                             load realistic demo data (once) and the demo accounts;\n"
     "                             students spread over N graduation years ending next year"},
    {"worker", cli_worker,
     "worker [--once]              run the task queue consumer (and seal the audit log)"},
    {"audit", cli_audit,
     "audit seal|verify            seal new audit entries into the hash chain, or check\n"
     "                             the whole chain (exit 1 naming the first broken entry)"},
    {"pii", cli_pii,
     "pii rekey                    seal ID cards and phones under the current QIAO_DATA_KEY\n"
     "                             (after a rotation; the old key in QIAO_DATA_KEY_OLD)"},
    {"mail", cli_mail,
     "mail flush                   send the mail still in the outbox (QIAO_SMTP_URL set)"},
    {"tallies", cli_tallies,
     "tallies rebuild              count the statistics' tallies again from the records"},
};

int cli_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("qiao: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return 1;
}

const char *cli_request_id(void)
{
	static char id[32];
	if (!id[0])
		snprintf(id, sizeof id, "cli-%ld", (long)getpid());
	return id;
}

const char *cli_option(int argc, char **argv, const char *name)
{
	for (int i = 0; i + 1 < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return NULL;
}

static int usage(void)
{
	fputs("usage: qiao [--env FILE] COMMAND ...\n", stderr);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(stderr, "  %s\n", commands[i].usage);
	fputs("Settings come from --env FILE, else $QIAO_ENV_FILE, else ./.env.\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	const char *env_file = NULL;
	int first = 1;
	if (argc > 2 && strcmp(argv[1], "--env") == 0) {
		env_file = argv[2];
		first = 3;
	}
	if (first >= argc)
		return usage();
	const char *name = argv[first];
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(commands[i].name, name) != 0)
			continue;
		if (sodium_init() < 0)
			return cli_fail("libsodium failed to initialise");
		char err[256];
		struct config *cfg = config_load(env_file, err, sizeof err);
		if (!cfg)
			return cli_fail("%s", err);
		log_set_level("warn");
		struct app app = {.cfg = cfg};
		app.db = db_connect(cfg, err, sizeof err);
		int rc;
		if (db_ready(app.db) < 0) {
			rc = cli_fail("%s", db_error(app.db));
		} else {
			app.cache = cache_connect(cfg, err, sizeof err);
			rc = commands[i].run(&app, argc - first - 1, argv + first + 1);
			cache_close(app.cache);
		}
		db_close(app.db);
		config_free(cfg);
		return rc;
	}
	return usage();
}
