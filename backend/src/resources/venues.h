/* venues.h: the rooms events are held in (场地管理, seed manual §3.2, §4.5). */
#ifndef QIAO_VENUES_H
#define QIAO_VENUES_H

#include "app.h"

/* GET /venues: q (name contains), all=1 (staff: inactive ones too), page, per_page. Staff and
 * employers (who choose one when applying for an info session). */
int venues_list(struct request *req);

/* POST /venues {"name","campus","address","capacity","to_be_decided"}: the office holding
 * events.manage. Answers 201 the venue. Raises 409 (name taken), 422. */
int venues_create(struct request *req);

/* PUT /venues/{id}: any of those fields and "active". Raises 404, 409, 422. */
int venues_update(struct request *req);

/* The venue: 1 and *doc (new reference: id, name, capacity, to_be_decided, active), 0 when
 * absent, -1 on a database error. With lock, inside a transaction, the row stays locked until
 * it ends: writers of one venue's timetable take turns. */
int venues_find(struct app *app, long long id, int lock, json_t **doc);

#endif
