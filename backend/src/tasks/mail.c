/* mail.c: the outbox and its delivery over SMTP (libcurl). */
#include "tasks/mail.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/cache.h"
#include "core/log.h"
#include "core/xmalloc.h"
#include "db/db.h"

enum mail_stmt { MAIL_INSERT, MAIL_GET, MAIL_SENT, MAIL_FAILED, MAIL_UNSENT, MAIL__MAX };

static const char *const stmts[MAIL__MAX] = {
    [MAIL_INSERT] = "INSERT INTO mail_outbox (to_address, subject, body) VALUES (?, ?, ?)",
    [MAIL_GET] = "SELECT to_address, subject, body, sent_at FROM mail_outbox WHERE id = ?",
    [MAIL_SENT] = ("UPDATE mail_outbox SET sent_at = CURRENT_TIMESTAMP, attempts = attempts + 1, "
		   "last_error = NULL WHERE id = ?"),
    [MAIL_FAILED] = "UPDATE mail_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
    [MAIL_UNSENT] = "SELECT id FROM mail_outbox WHERE sent_at IS NULL ORDER BY id",
};

long long mail_queue(struct app *app, const char *to, const char *subject, const char *body)
{
	if (db_exec(app->db, stmts[MAIL_INSERT], DB_ARGS(DB_STR(to), DB_STR(subject), DB_STR(body))) != 1)
		return -1;
	return db_insert_id(app->db);
}

void mail_dispatch(struct app *app, long long id)
{
	char job[64];
	snprintf(job, sizeof job, "{\"task\":\"mail.send\",\"id\":%lld}", id);
	if (cache_queue_push(app->cache, QUEUE_TASKS, job) < 0)
		log_json(LOG_WARN, "mail not handed to the worker: it stays in the outbox",
			 json_pack("{s:I}", "mail_id", (json_int_t)id));
}

/* Appends base64 of n bytes at p in lines of 76 to buf (which has room). */
static size_t base64_lines(char *out, const unsigned char *p, size_t n)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i += 57) { /* 57 bytes make 76 characters */
		size_t chunk = n - i < 57 ? n - i : 57;
		sodium_bin2base64(out + len, 80, p + i, chunk, sodium_base64_VARIANT_ORIGINAL);
		len += strlen(out + len);
		memcpy(out + len, "\r\n", 2);
		len += 2;
	}
	out[len] = '\0';
	return len;
}

char *mail_message(const char *from, const char *to, const char *subject, const char *body,
		   time_t date, const char *message_id)
{
	size_t slen = strlen(subject), blen = strlen(body);
	char *subject64 = xmalloc(sodium_base64_ENCODED_LEN(slen, sodium_base64_VARIANT_ORIGINAL));
	sodium_bin2base64(subject64, sodium_base64_ENCODED_LEN(slen, sodium_base64_VARIANT_ORIGINAL),
			  (const unsigned char *)subject, slen, sodium_base64_VARIANT_ORIGINAL);
	char when[64];
	struct tm tm;
	gmtime_r(&date, &tm);
	strftime(when, sizeof when, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	size_t cap = 512 + strlen(from) + strlen(to) + strlen(subject64) + strlen(message_id) +
		     (blen / 57 + 1) * 80;
	char *msg = xmalloc(cap);
	int head = snprintf(msg, cap,
			    "Date: %s\r\nFrom: <%s>\r\nTo: <%s>\r\nSubject: =?UTF-8?B?%s?=\r\n"
			    "Message-ID: <%s>\r\nMIME-Version: 1.0\r\n"
			    "Content-Type: text/plain; charset=UTF-8\r\n"
			    "Content-Transfer-Encoding: base64\r\n\r\n",
			    when, from, to, subject64, message_id);
	free(subject64);
	base64_lines(msg + head, (const unsigned char *)body, blen);
	return msg;
}

struct upload {
	const char *text;
	size_t left;
};

static size_t read_message(char *buf, size_t size, size_t nmemb, void *ctx)
{
	struct upload *u = ctx;
	size_t n = size * nmemb < u->left ? size * nmemb : u->left;
	memcpy(buf, u->text, n);
	u->text += n;
	u->left -= n;
	return n;
}

/* Hands the message to the SMTP server: 0, or -1 with the reason in err. */
static int deliver(const struct config *cfg, const char *to, const char *message, char *err, size_t errlen)
{
	CURL *curl = curl_easy_init();
	if (!curl) {
		snprintf(err, errlen, "libcurl could not start");
		return -1;
	}
	char from[256], rcpt[256];
	snprintf(from, sizeof from, "<%s>", cfg->smtp_from);
	snprintf(rcpt, sizeof rcpt, "<%s>", to);
	struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
	struct upload u = {message, strlen(message)};
	curl_easy_setopt(curl, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
	curl_easy_setopt(curl, CURLOPT_READDATA, &u);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
	if (cfg->smtp_user) {
		curl_easy_setopt(curl, CURLOPT_USERNAME, cfg->smtp_user);
		curl_easy_setopt(curl, CURLOPT_PASSWORD, cfg->smtp_password ? cfg->smtp_password : "");
	}
	CURLcode rc = curl_easy_perform(curl);
	if (rc != CURLE_OK)
		snprintf(err, errlen, "%s", curl_easy_strerror(rc));
	curl_slist_free_all(rcpts);
	curl_easy_cleanup(curl);
	return rc == CURLE_OK ? 0 : -1;
}

int mail_send(struct app *app, long long id)
{
	json_t *row;
	int found = db_row(app->db, &row, stmts[MAIL_GET], DB_ARGS(DB_INT(id)));
	if (found <= 0)
		return found < 0 ? -1 : 0;
	int rc = 0;
	if (!json_is_null(json_object_get(row, "sent_at"))) {
		/* sent by an earlier run */
	} else if (!app->cfg->smtp_url) {
		log_json(LOG_INFO, "mail kept in the outbox: QIAO_SMTP_URL is not set",
			 json_pack("{s:I}", "mail_id", (json_int_t)id));
	} else {
		char message_id[96], err[256];
		unsigned char r[8];
		char hex[17];
		randombytes_buf(r, sizeof r);
		sodium_bin2hex(hex, sizeof hex, r, sizeof r);
		snprintf(message_id, sizeof message_id, "qiao.%lld.%s@%s", id, hex,
			 strchr(app->cfg->smtp_from, '@') ? strchr(app->cfg->smtp_from, '@') + 1 : "localhost");
		const char *to = json_string_value(json_object_get(row, "to_address"));
		char *message = mail_message(app->cfg->smtp_from, to,
					     json_string_value(json_object_get(row, "subject")),
					     json_string_value(json_object_get(row, "body")), time(NULL), message_id);
		rc = deliver(app->cfg, to, message, err, sizeof err);
		free(message);
		if (rc == 0)
			db_exec(app->db, stmts[MAIL_SENT], DB_ARGS(DB_INT(id)));
		else {
			db_exec(app->db, stmts[MAIL_FAILED], DB_ARGS(DB_STR(err), DB_INT(id)));
			log_json(LOG_WARN, "mail not sent; it will be tried again",
				 json_pack("{s:I, s:s}", "mail_id", (json_int_t)id, "error", err));
		}
	}
	json_decref(row);
	return rc;
}

long mail_flush(struct app *app, long *failed)
{
	*failed = 0;
	if (!app->cfg->smtp_url)
		return 0;
	json_t *ids = db_rows(app->db, stmts[MAIL_UNSENT], DB_NOARGS);
	if (!ids)
		return -1;
	long sent = 0;
	size_t i;
	json_t *row;
	json_array_foreach(ids, i, row)
	{
		if (mail_send(app, json_integer_value(json_object_get(row, "id"))) == 0)
			sent++;
		else
			(*failed)++;
	}
	json_decref(ids);
	return sent;
}
