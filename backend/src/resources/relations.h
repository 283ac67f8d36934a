/* relations.h: the employer file's relationship side (issue 7): the cooperation level from the
 * office's list, tags, who follows the employer up, and the contacts and follow-ups log
 * (联络对接). Staff holding employers.relations; advisors read. */
#ifndef QIAO_RELATIONS_H
#define QIAO_RELATIONS_H

#include "app.h"

/* GET /cooperation-levels: the levels in use (all=1: retired ones too), in order. Staff. */
int relations_levels(struct request *req);

/* PUT /admin/cooperation-levels/{code} {"name","sort_order","active"}: the office adds or changes
 * a level (code: a–z, digits, _). Answers the level (201 new). Raises 422. */
int relations_level_put(struct request *req);

/* PUT /employers/{id}/relations {"cooperation_level","tags","owner"}: any of them (null clears).
 * Answers {"cooperation_level","tags","relation_owner"}. Raises 404, 422. */
int relations_put(struct request *req);

/* GET /employers/{id}/followups: page, per_page: newest first. Raises 404. */
int relations_followups(struct request *req);

/* POST /employers/{id}/followups {"date","contact_name","method","summary","next_step","next_on",
 * "owner"}: answers 201 the follow-up. Raises 404, 422. */
int relations_followup_create(struct request *req);

/* PUT /employer-followups/{id}: corrects any field. Raises 404, 422. */
int relations_followup_update(struct request *req);

#endif
