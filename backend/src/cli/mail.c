/* mail.c: `qiao mail flush`: sends the outbox's unsent mail (after QIAO_SMTP_URL was set, or
 * the server was down past the worker's retries). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "tasks/mail.h"

int cli_mail(struct app *app, int argc, char **argv)
{
	if (argc != 1 || strcmp(argv[0], "flush") != 0)
		return cli_fail("usage: qiao mail flush");
	if (!app->cfg->smtp_url)
		return cli_fail("QIAO_SMTP_URL is not set: mail stays in the outbox");
	long failed;
	long sent = mail_flush(app, &failed);
	if (sent < 0)
		return cli_fail("%s", db_error(app->db));
	printf("sent %ld, failed %ld\n", sent, failed);
	return failed ? 1 : 0;
}
