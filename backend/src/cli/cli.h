/* cli.h: the subcommands of `qiao`, each given the loaded configuration and its arguments. */
#ifndef QIAO_CLI_H
#define QIAO_CLI_H

#include "app.h"

/* Each returns the process exit status: 0 success, 1 failure, 2 usage error. */
int cli_migrate(struct app *app, int argc, char **argv);
int cli_account(struct app *app, int argc, char **argv);
int cli_demo_data(struct app *app, int argc, char **argv);
int cli_worker(struct app *app, int argc, char **argv);
int cli_audit(struct app *app, int argc, char **argv);
int cli_pii(struct app *app, int argc, char **argv);
int cli_mail(struct app *app, int argc, char **argv);
int cli_tallies(struct app *app, int argc, char **argv);
/* Counts every trigger-kept tally again from what it counts (cli/tallies.c). 0 or -1. */
int tallies_rebuild(struct app *app);

/* Prints "qiao: <message>" to standard error and returns 1. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The request id the tool writes into the audit log: "cli-<pid>". */
const char *cli_request_id(void);
/* The value after option name in argv (e.g. "--role"), or NULL. */
const char *cli_option(int argc, char **argv, const char *name);

#endif
