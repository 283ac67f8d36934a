/* mail.h: the mail the system sends. A message is written to the outbox (mail_outbox) in the
 * transaction of the change that sends it, and the task worker delivers it over SMTP with
 * libcurl (task "mail.send"); without QIAO_SMTP_URL it stays in the outbox. */
#ifndef QIAO_MAIL_H
#define QIAO_MAIL_H

#include <stddef.h>
#include <time.h>

#include "app.h"

/* Inside the caller's transaction: puts a message in the outbox. Its id, or -1 on a database
 * error. After the commit, mail_dispatch(id) hands it to the worker. to must be an address
 * email_valid() accepts. */
long long mail_queue(struct app *app, const char *to, const char *subject, const char *body);

/* Asks the task worker to send message id (a failure only delays it: the outbox keeps it). */
void mail_dispatch(struct app *app, long long id);

/* The task: sends message id unless sent already. 0 when sent (or kept for want of
 * QIAO_SMTP_URL, or gone), -1 to retry. */
int mail_send(struct app *app, long long id);

/* Sends every message of the outbox not sent yet (after QIAO_SMTP_URL was set, or the server
 * was down past the worker's retries). The number sent, or -1 when the outbox cannot be read;
 * *failed counts those the server refused. */
long mail_flush(struct app *app, long *failed);

/* The message as sent (RFC 5322, UTF-8 subject and base64 body): a new malloc'd text (caller
 * frees). date is the moment it is sent; message_id without angle brackets. */
char *mail_message(const char *from, const char *to, const char *subject, const char *body,
		   time_t date, const char *message_id);

#endif
