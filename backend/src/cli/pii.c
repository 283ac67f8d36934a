/* pii.c: `qiao pii rekey`: seals every ID card and phone not yet sealed under QIAO_DATA_KEY
 * (after a key rotation, with the old key in QIAO_DATA_KEY_OLD). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "resources/students.h"

int cli_pii(struct app *app, int argc, char **argv)
{
	if (argc != 1 || strcmp(argv[0], "rekey") != 0)
		return cli_fail("usage: qiao pii rekey");
	long n = students_pii_rekey(app);
	if (n < 0)
		return cli_fail("%s (is the old key in QIAO_DATA_KEY_OLD?)", db_error(app->db));
	printf("resealed %ld rows under key %s\n", n, app->cfg->pii.kid);
	return 0;
}
