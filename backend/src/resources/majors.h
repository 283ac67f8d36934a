/* majors.h: the majors setup (专业设置) that students and advisor scopes refer to. */
#ifndef QIAO_MAJORS_H
#define QIAO_MAJORS_H

#include "app.h"

/* POST /majors {"code","name","college","campus","level","years","direction"}. Raises 409
 * (same college, name, level and direction), 422 (field named). */
int majors_create(struct request *req);
/* GET /majors: college, level, q, page, per_page. Raises 422. */
int majors_list(struct request *req);

/* Whether level is one of the four education levels. */
int majors_level_valid(const char *level);

/* Inserts a major (used by the handler and demo data). Returns the id, or -1 with
 * db_status() telling why. */
long long majors_insert(struct app *app, const char *code, const char *name, const char *college,
			const char *campus, const char *direction, const char *level, int years);

#endif
