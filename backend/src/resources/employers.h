/* employers.h: employer records (用人单位). */
#ifndef QIAO_EMPLOYERS_H
#define QIAO_EMPLOYERS_H

#include "app.h"

/* The employer with this id: 1 and *doc (new reference: id, name, status) when found, 0
 * when not, -1 on a database error. */
int employers_find(struct app *app, long long id, json_t **doc);

#endif
