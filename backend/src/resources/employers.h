/* employers.h: employer records (用人单位). */
#ifndef QIAO_EMPLOYERS_H
#define QIAO_EMPLOYERS_H

#include "app.h"

/* The employer with this id: 1 and *doc (new reference: id, name, status) when found, 0
 * when not, -1 on a database error. */
int employers_find(struct app *app, long long id, json_t **doc);

/* GET /employers/lookup?q=: up to 10 companies whose name contains q (2+ characters):
 * registered employers, then companies known from employment records, each with its credit
 * code and codes, for the employment form. Staff and students. */
int employers_lookup(struct request *req);

#endif
