/* test_config.c: the .env reader. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/config.h"

static void lines(void **state)
{
	(void)state;
	static const struct {
		const char *line, *key, *value;
		int rc;
	} cases[] = {
	    {"A=1", "A", "1", 1},
	    {"  export B = two words  ", "B", "two words", 1},
	    {"C=\"quoted # not a comment\"", "C", "quoted # not a comment", 1},
	    {"D=value # comment", "D", "value", 1},
	    {"E=", "E", "", 1},
	    {"# comment", NULL, NULL, 0},
	    {"   ", NULL, NULL, 0},
	    {"no equals sign", NULL, NULL, -1},
	    {"=nokey", NULL, NULL, -1},
	    {"BAD-KEY=1", NULL, NULL, -1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[128];
		snprintf(buf, sizeof buf, "%s", cases[i].line);
		char *k, *v;
		assert_int_equal(config_parse_line(buf, &k, &v), cases[i].rc);
		if (cases[i].rc == 1) {
			assert_string_equal(k, cases[i].key);
			assert_string_equal(v, cases[i].value);
		}
	}
}

static void load_and_refuse(void **state)
{
	(void)state;
	char path[] = "/tmp/qiao-config-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	fputs("QIAO_JWT_SECRET=0123456789abcdef0123456789abcdef\nQIAO_AUDIT_KEY=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
	      "QIAO_DATA_KEY=dddddddddddddddddddddddddddddddd\n"
	      "QIAO_WORKERS=3\nQIAO_VAR_DIR=/v\n", f);
	fclose(f);
	char err[256];
	struct config *c = config_load(path, err, sizeof err);
	assert_non_null(c);
	assert_int_equal(c->workers, 3);
	assert_string_equal(c->fcgi_socket, "/v/fcgi.sock");
	assert_int_equal(c->jwt_ttl, 8 * 3600);
	config_free(c);

	f = fopen(path, "w");
	fputs("QIAO_JWT_SECRET=short\n", f);
	fclose(f);
	assert_null(config_load(path, err, sizeof err));
	assert_non_null(strstr(err, "QIAO_JWT_SECRET"));

	f = fopen(path, "w");
	fputs("QIAO_JWT_SECRET=0123456789abcdef0123456789abcdef\nQIAO_AUDIT_KEY=short\n"
	      "QIAO_DATA_KEY=dddddddddddddddddddddddddddddddd\n", f);
	fclose(f);
	assert_null(config_load(path, err, sizeof err));
	assert_non_null(strstr(err, "QIAO_AUDIT_KEY"));

	f = fopen(path, "w");
	fputs("QIAO_JWT_SECRET=0123456789abcdef0123456789abcdef\n"
	      "QIAO_AUDIT_KEY=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nQIAO_DATA_KEY=short\n", f);
	fclose(f);
	assert_null(config_load(path, err, sizeof err));
	assert_non_null(strstr(err, "QIAO_DATA_KEY"));

	f = fopen(path, "w");
	fputs("QIAO_JWT_SECRET=0123456789abcdef0123456789abcdef\nQIAO_AUDIT_KEY=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
	      "QIAO_DATA_KEY=dddddddddddddddddddddddddddddddd\n"
	      "QIAO_WORKERS=lots\n", f);
	fclose(f);
	assert_null(config_load(path, err, sizeof err));
	assert_non_null(strstr(err, "QIAO_WORKERS"));
	unlink(path);
}

int main(void)
{
	unsetenv("QIAO_WORKERS");
	unsetenv("QIAO_VAR_DIR");
	unsetenv("QIAO_JWT_SECRET");
	unsetenv("QIAO_AUDIT_KEY");
	unsetenv("QIAO_DATA_KEY");
	unsetenv("QIAO_DATA_KEY_OLD");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(lines),
	    cmocka_unit_test(load_and_refuse),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
