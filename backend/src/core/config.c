/* config.c: reads .env settings into struct config, with the environment taking precedence. */
#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"

/* The settings kept while reading the file; the environment overrides them. */
struct kv {
	char *key;
	char *value;
	struct kv *next;
};

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

int config_parse_line(char *line, char **key, char **value)
{
	char *s = trim(line);
	if (*s == '\0' || *s == '#')
		return 0;
	if (strncmp(s, "export ", 7) == 0)
		s = trim(s + 7);
	char *eq = strchr(s, '=');
	if (!eq || eq == s)
		return -1;
	*eq = '\0';
	char *k = trim(s);
	for (char *p = k; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_'))
			return -1;
	char *v = trim(eq + 1);
	size_t n = strlen(v);
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		v[n - 1] = '\0';
		v++;
	} else {
		/* An unquoted value may carry a trailing comment. */
		char *hash = strstr(v, " #");
		if (hash)
			*hash = '\0';
		v = trim(v);
	}
	*key = k;
	*value = v;
	return 1;
}

static struct kv *read_env_file(const char *path, char *err, size_t errlen, int *failed)
{
	struct kv *list = NULL;
	*failed = 0;
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno != ENOENT) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			*failed = 1;
		}
		return NULL;
	}
	char line[4096];
	int lineno = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		char *k, *v;
		int r = config_parse_line(line, &k, &v);
		if (r == 0)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "%s:%d: expected KEY=VALUE", path, lineno);
			*failed = 1;
			break;
		}
		struct kv *e = xmalloc(sizeof(*e));
		e->key = xstrdup(k);
		e->value = xstrdup(v);
		e->next = list;
		list = e;
	}
	fclose(f);
	return list;
}

static void kv_free(struct kv *list)
{
	while (list) {
		struct kv *n = list->next;
		free(list->key);
		free(list->value);
		free(list);
		list = n;
	}
}

static const char *lookup(const struct kv *list, const char *key)
{
	const char *env = getenv(key);
	if (env)
		return env;
	for (; list; list = list->next)
		if (strcmp(list->key, key) == 0)
			return list->value;
	return NULL;
}

static char *str_setting(const struct kv *list, const char *key, const char *def)
{
	const char *v = lookup(list, key);
	return (v && *v) ? xstrdup(v) : def ? xstrdup(def) : NULL;
}

static char *path_in_var(const struct kv *list, const char *key, const char *var_dir,
			 const char *name)
{
	const char *v = lookup(list, key);
	if (v && *v)
		return xstrdup(v);
	size_t n = strlen(var_dir) + strlen(name) + 2;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/%s", var_dir, name);
	return p;
}

/* Reads a whole number in [min, max]; returns -1 and fills err when it is not one. */
static int long_setting(const struct kv *list, const char *key, long def, long min, long max,
			long *out, char *err, size_t errlen)
{
	const char *v = lookup(list, key);
	if (!v || !*v) {
		*out = def;
		return 0;
	}
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || *end || n < min || n > max) {
		snprintf(err, errlen, "%s must be a whole number from %ld to %ld", key, min, max);
		return -1;
	}
	*out = n;
	return 0;
}

struct config *config_load(const char *env_file, char *err, size_t errlen)
{
	if (!env_file)
		env_file = getenv("QIAO_ENV_FILE");
	if (!env_file)
		env_file = ".env";
	int failed;
	struct kv *list = read_env_file(env_file, err, errlen, &failed);
	if (failed)
		return NULL;

	struct config *c = xcalloc(1, sizeof(*c));
	long workers, db_port, redis_port, ttl, max_body, max_upload, max_rows, fails, window;
	long account_fails, address_fails;
	long rate_window, rate_exports, rate_uploads, rate_registrations, max_licence;
	int bad = long_setting(list, "QIAO_WORKERS", 0, 0, 256, &workers, err, errlen) ||
		  long_setting(list, "QIAO_DB_PORT", 3306, 1, 65535, &db_port, err, errlen) ||
		  long_setting(list, "QIAO_REDIS_PORT", 6379, 1, 65535, &redis_port, err, errlen) ||
		  long_setting(list, "QIAO_JWT_TTL", 8 * 3600, 60, 30 * 86400, &ttl, err, errlen) ||
		  long_setting(list, "QIAO_MAX_BODY", 1 << 20, 1024, 1L << 30, &max_body, err,
			       errlen) ||
		  long_setting(list, "QIAO_MAX_UPLOAD", 64L << 20, 1024, 1L << 30, &max_upload, err,
			       errlen) ||
		  long_setting(list, "QIAO_IMPORT_MAX_ROWS", 200000, 1, 1048576, &max_rows, err,
			       errlen) ||
		  long_setting(list, "QIAO_LOGIN_MAX_FAILURES", 5, 1, 1000, &fails, err, errlen) ||
		  long_setting(list, "QIAO_LOGIN_MAX_FAILURES_ACCOUNT", 20, 1, 1000000,
			       &account_fails, err, errlen) ||
		  long_setting(list, "QIAO_LOGIN_MAX_FAILURES_ADDRESS", 100, 1, 1000000,
			       &address_fails, err, errlen) ||
		  long_setting(list, "QIAO_LOGIN_WINDOW", 900, 1, 86400, &window, err, errlen) ||
		  long_setting(list, "QIAO_RATE_WINDOW", 600, 1, 86400, &rate_window, err, errlen) ||
		  long_setting(list, "QIAO_RATE_EXPORTS", 120, 1, 1000000, &rate_exports, err, errlen) ||
		  long_setting(list, "QIAO_RATE_UPLOADS", 60, 1, 1000000, &rate_uploads, err, errlen) ||
		  long_setting(list, "QIAO_RATE_REGISTRATIONS", 10, 1, 1000000, &rate_registrations, err,
			       errlen) ||
		  long_setting(list, "QIAO_MAX_LICENCE", 5L << 20, 1024, 64L << 20, &max_licence, err,
			       errlen);
	c->var_dir = str_setting(list, "QIAO_VAR_DIR", "var/dev");
	c->fcgi_socket = path_in_var(list, "QIAO_FCGI_SOCKET", c->var_dir, "fcgi.sock");
	c->db_socket = path_in_var(list, "QIAO_DB_SOCKET", c->var_dir, "mysqld.sock");
	c->db_host = str_setting(list, "QIAO_DB_HOST", NULL);
	c->db_name = str_setting(list, "QIAO_DB_NAME", "qiao");
	c->db_user = str_setting(list, "QIAO_DB_USER", "qiao");
	c->db_password = str_setting(list, "QIAO_DB_PASSWORD", "");
	c->redis_socket = path_in_var(list, "QIAO_REDIS_SOCKET", c->var_dir, "redis.sock");
	c->redis_host = str_setting(list, "QIAO_REDIS_HOST", NULL);
	c->jwt_secret = str_setting(list, "QIAO_JWT_SECRET", NULL);
	c->audit_key = str_setting(list, "QIAO_AUDIT_KEY", NULL);
	c->sql_dir = str_setting(list, "QIAO_SQL_DIR", "sql");
	const char *port = lookup(list, "QIAO_HTTP_PORT");
	char site[40];
	snprintf(site, sizeof site, "http://127.0.0.1:%.8s", port && *port ? port : "8080");
	c->public_url = str_setting(list, "QIAO_PUBLIC_URL", site);
	c->smtp_url = str_setting(list, "QIAO_SMTP_URL", NULL);
	c->smtp_from = str_setting(list, "QIAO_SMTP_FROM", "qiao@localhost");
	c->smtp_user = str_setting(list, "QIAO_SMTP_USER", NULL);
	c->smtp_password = str_setting(list, "QIAO_SMTP_PASSWORD", NULL);
	c->log_level = str_setting(list, "QIAO_LOG_LEVEL", "info");
	int pii_ok = pii_keys_init(&c->pii, lookup(list, "QIAO_DATA_KEY"),
				   lookup(list, "QIAO_DATA_KEY_OLD")) == 0;
	kv_free(list);
	if (bad) {
		config_free(c);
		return NULL;
	}
	if (workers == 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		workers = 2 * (cores > 0 ? cores : 1);
	}
	c->workers = (int)workers;
	c->db_port = (int)db_port;
	c->redis_port = (int)redis_port;
	c->jwt_ttl = ttl;
	c->max_body = (size_t)max_body;
	c->max_upload = (size_t)max_upload;
	c->import_max_rows = max_rows;
	c->login_max_failures = (int)fails;
	c->login_account_failures = (int)account_fails;
	c->login_address_failures = (int)address_fails;
	c->login_window = (int)window;
	c->rate_window = (int)rate_window;
	c->rate_exports = (int)rate_exports;
	c->rate_uploads = (int)rate_uploads;
	c->rate_registrations = (int)rate_registrations;
	c->max_licence = (size_t)max_licence;
	if (!c->jwt_secret || strlen(c->jwt_secret) < 32) {
		snprintf(err, errlen,
			 "QIAO_JWT_SECRET must be set to at least 32 characters (see .env.example)");
		config_free(c);
		return NULL;
	}
	if (!pii_ok) {
		snprintf(err, errlen, "QIAO_DATA_KEY (and QIAO_DATA_KEY_OLD when set) must be at "
				      "least 32 characters (see .env.example)");
		config_free(c);
		return NULL;
	}
	if (!c->audit_key || strlen(c->audit_key) < 32) {
		snprintf(err, errlen,
			 "QIAO_AUDIT_KEY must be set to at least 32 characters (see .env.example)");
		config_free(c);
		return NULL;
	}
	return c;
}

void config_free(struct config *c)
{
	if (!c)
		return;
	char **strings[] = {&c->var_dir,     &c->fcgi_socket,  &c->db_socket, &c->db_host,
			    &c->db_name,     &c->db_user,      &c->db_password, &c->redis_socket,
			    &c->redis_host,  &c->jwt_secret,   &c->audit_key, &c->sql_dir,
			    &c->log_level,   &c->public_url,   &c->smtp_url,  &c->smtp_from,
			    &c->smtp_user,   &c->smtp_password};
	for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
		free(*strings[i]);
	free(c);
}
