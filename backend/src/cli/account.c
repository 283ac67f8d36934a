/* account.c: `qiao account create`: makes or activates an account, password from stdin. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/password.h"
#include "cli/cli.h"
#include "db/db.h"
#include "resources/accounts.h"
#include "resources/audit.h"
#include "resources/employers.h"
#include "resources/students.h"

/* The account to make: who it is and which record it belongs to. */
struct account_spec {
	const char *role;
	const char *username;
	const char *name;
	long long student_id;
	long long employer_id;
};

static int read_password(char *buf, size_t cap)
{
	if (!fgets(buf, (int)cap, stdin))
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

/* Fills the record link and default name; students link to their newest record. */
static int resolve_record(struct app *app, struct account_spec *spec, const char *employer_arg)
{
	json_t *doc = NULL;
	if (strcmp(spec->role, "student") == 0) {
		int found = students_find_newest(app, spec->username, &doc);
		if (found < 0)
			return cli_fail("%s", db_error(app->db));
		if (found) {
			spec->student_id = json_integer_value(json_object_get(doc, "id"));
			if (!spec->name)
				spec->name = strdup(json_string_value(json_object_get(doc, "name")));
		} else {
			fprintf(stderr, "qiao: no student record numbered %s yet; the account is "
					"not linked to a record\n",
				spec->username);
		}
	} else if (strcmp(spec->role, "employer") == 0) {
		if (!employer_arg)
			return cli_fail("--role employer needs --employer-id N");
		spec->employer_id = strtoll(employer_arg, NULL, 10);
		int found = employers_find(app, spec->employer_id, &doc);
		if (found < 0)
			return cli_fail("%s", db_error(app->db));
		if (!found)
			return cli_fail("no employer with id %s", employer_arg);
	}
	json_decref(doc);
	if (!spec->name)
		spec->name = spec->username;
	return 0;
}

/* Creates the account, or sets the password of an existing one of the same role. */
static int create_or_activate(struct app *app, const struct account_spec *spec, const char *hash,
			      long long *id, const char **what)
{
	struct db *db = app->db;
	json_t *doc = NULL;
	int found = accounts_find(app, spec->username, id);
	if (found < 0 || (found && accounts_load(app, *id, &doc) < 0))
		return cli_fail("%s", db_error(db));
	if (found && strcmp(json_string_value(json_object_get(doc, "role")), spec->role) != 0) {
		json_decref(doc);
		return cli_fail("%s is already an account with another role", spec->username);
	}
	json_decref(doc);
	int all = strcmp(spec->role, "admin") == 0 || strcmp(spec->role, "superadmin") == 0;
	if (db_begin(db) < 0)
		return cli_fail("%s", db_error(db));
	if (found) {
		*what = "activated";
		if (accounts_set_password(app, *id, hash) < 0)
			goto fail;
	} else {
		*what = "created";
		*id = accounts_insert(app, spec->username, hash, spec->name, spec->role, all,
				      spec->student_id, spec->employer_id);
		if (*id < 0)
			goto fail;
	}
	json_t *detail = json_pack("{s:s, s:s}", "username", spec->username, "role", spec->role);
	int rc = audit_write(app, 0, NULL, found ? "account.password" : "account.create", "account",
			     *id, "cli", cli_request_id(), detail);
	json_decref(detail);
	if (rc < 0 || db_commit(db) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return cli_fail("%s", db_error(db));
}

int cli_account(struct app *app, int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "create") != 0)
		return cli_fail("usage: account create --role R --username U [--name N] "
				"[--employer-id N] (password on standard input)");
	struct account_spec spec = {
	    .role = cli_option(argc, argv, "--role"),
	    .username = cli_option(argc, argv, "--username"),
	    .name = cli_option(argc, argv, "--name"),
	};
	if (!spec.role || !role_from_name(spec.role))
		return cli_fail("--role must be student, employer, counselor, advisor, admin or "
				"superadmin");
	if (!spec.username || !*spec.username || strlen(spec.username) > 64)
		return cli_fail("--username is required (at most 64 characters)");
	const char *given_name = spec.name;
	int rc = resolve_record(app, &spec, cli_option(argc, argv, "--employer-id"));
	if (rc)
		goto out;
	char password[256];
	if (read_password(password, sizeof password) < 0) {
		rc = cli_fail("no password on standard input");
		goto out;
	}
	const char *weak = password_policy_check(spec.username, password);
	if (weak) {
		rc = cli_fail("%s", weak);
		goto out;
	}
	char hash[PASSWORD_HASH_MAX];
	if (password_hash(password, hash) < 0) {
		rc = cli_fail("cannot hash the password (out of memory)");
		goto out;
	}
	long long id;
	const char *what = "created";
	rc = create_or_activate(app, &spec, hash, &id, &what);
	if (rc == 0) {
		json_t *out = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "username",
					spec.username, "role", spec.role, "result", what);
		json_dumpf(out, stdout, JSON_COMPACT);
		putchar('\n');
		json_decref(out);
	}
out:
	if (spec.name != given_name && spec.name != spec.username)
		free((char *)spec.name);
	return rc;
}
