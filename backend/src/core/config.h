/* config.h: settings read from the .env file (QIAO_ENV_FILE, else ./.env), then the environment. */
#ifndef QIAO_CONFIG_H
#define QIAO_CONFIG_H

#include <stddef.h>

#include "core/pii.h"

struct config {
	char *var_dir;        /* QIAO_VAR_DIR: where sockets, logs and data live */
	char *fcgi_socket;    /* QIAO_FCGI_SOCKET, default $VAR/fcgi.sock */
	int workers;          /* QIAO_WORKERS, 0 = 2 x cores */
	char *db_socket;      /* QIAO_DB_SOCKET, default $VAR/mysqld.sock */
	char *db_host;        /* QIAO_DB_HOST: when set, TCP is used instead of the socket */
	int db_port;          /* QIAO_DB_PORT */
	char *db_name;        /* QIAO_DB_NAME */
	char *db_user;        /* QIAO_DB_USER */
	char *db_password;    /* QIAO_DB_PASSWORD */
	char *redis_socket;   /* QIAO_REDIS_SOCKET, default $VAR/redis.sock */
	char *redis_host;     /* QIAO_REDIS_HOST: when set, TCP is used */
	int redis_port;       /* QIAO_REDIS_PORT */
	char *jwt_secret;     /* QIAO_JWT_SECRET: at least 32 bytes */
	char *audit_key;      /* QIAO_AUDIT_KEY: at least 32 bytes, keys the audit chain */
	struct pii_keys pii;  /* from QIAO_DATA_KEY (and QIAO_DATA_KEY_OLD while rotating) */
	long jwt_ttl;         /* QIAO_JWT_TTL seconds, default 8 h */
	size_t max_body;      /* QIAO_MAX_BODY bytes for JSON bodies */
	size_t max_upload;    /* QIAO_MAX_UPLOAD bytes for spreadsheet uploads */
	size_t max_licence;   /* QIAO_MAX_LICENCE bytes for a business licence (image or PDF) */
	long import_max_rows; /* QIAO_IMPORT_MAX_ROWS rows in one import file */
	/* Failed sign-ins within QIAO_LOGIN_WINDOW seconds before 429: for one account from one
	 * address, for one account from anywhere, from one address for any account. */
	int login_max_failures; /* QIAO_LOGIN_MAX_FAILURES */
	int login_account_failures; /* QIAO_LOGIN_MAX_FAILURES_ACCOUNT */
	int login_address_failures; /* QIAO_LOGIN_MAX_FAILURES_ADDRESS */
	int login_window;     /* QIAO_LOGIN_WINDOW seconds */
	/* Heavy requests per account within QIAO_RATE_WINDOW seconds; per address four times as
	 * many (an office behind one address has several clerks). */
	int rate_window;      /* QIAO_RATE_WINDOW */
	int rate_exports;     /* QIAO_RATE_EXPORTS: file downloads of records */
	int rate_uploads;     /* QIAO_RATE_UPLOADS: spreadsheet uploads */
	int rate_registrations; /* QIAO_RATE_REGISTRATIONS: employer registrations per address */
	char *public_url;     /* QIAO_PUBLIC_URL: the site as users reach it, for links in mail
			       * (default http://127.0.0.1:$QIAO_HTTP_PORT) */
	char *smtp_url;       /* QIAO_SMTP_URL: smtp:// or smtps://host:port; unset keeps mail
			       * in the outbox */
	char *smtp_from;      /* QIAO_SMTP_FROM: the sender's address */
	char *smtp_user;      /* QIAO_SMTP_USER, QIAO_SMTP_PASSWORD: when the server wants them */
	char *smtp_password;
	char *sql_dir;        /* QIAO_SQL_DIR, default sql */
	char *log_level;      /* QIAO_LOG_LEVEL: debug, info, warn, error */
};

/* Loads the configuration. Returns NULL and writes a message to err when a setting is
 * missing or malformed. Free with config_free(). */
struct config *config_load(const char *env_file, char *err, size_t errlen);
void config_free(struct config *cfg);

/* Parses one "KEY=VALUE" line (comments, blanks, "export " and quotes handled).
 * Returns 1 with key/value pointing into line (modified in place), 0 for a line
 * without a setting, -1 for a malformed line. */
int config_parse_line(char *line, char **key, char **value);

#endif
