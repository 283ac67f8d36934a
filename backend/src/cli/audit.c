/* audit.c: `qiao audit seal|verify`: seals the entries not yet in the audit log's hash chain,
 * or recomputes the chain and names the first entry that does not hold (exit 1). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "resources/audit.h"

/* Entries older than this still unsealed mean the sealer (`qiao worker`) is not running. */
#define PENDING_WARN_S 60

static int verify(struct app *app)
{
	struct audit_verdict v;
	int r = audit_verify(app, &v);
	if (r < 0)
		return cli_fail("%s", db_error(app->db));
	if (r == 1) {
		printf("audit chain BROKEN at entry %lld", v.broken_seq);
		if (v.broken_id)
			printf(" (audit_log.id %lld)", v.broken_id);
		printf(": %s; %lld entries before it hold\n", v.broken_reason, v.sealed);
		return 1;
	}
	printf("audit chain holds: %lld entries sealed, %lld waiting to be sealed\n", v.sealed,
	       v.pending);
	if (v.pending && v.oldest_pending_s > PENDING_WARN_S)
		printf("warning: the oldest unsealed entry is %lld s old: is `qiao worker` running?\n",
		       v.oldest_pending_s);
	return 0;
}

int cli_audit(struct app *app, int argc, char **argv)
{
	if (argc == 1 && strcmp(argv[0], "verify") == 0)
		return verify(app);
	if (argc == 1 && strcmp(argv[0], "seal") == 0) {
		long n = audit_seal(app);
		if (n < 0)
			return cli_fail("%s", db_error(app->db));
		printf("sealed %ld entries\n", n);
		return 0;
	}
	return cli_fail("usage: qiao audit seal|verify");
}
