/* fairs.h: job fairs (招聘会, seed manual §4.6) as the office sets them up and everyone reads
 * them; the employers taking part are in fair_participants.h, the students visiting in
 * fair_visitors.h (docs/fairs.md). */
#ifndef QIAO_FAIRS_H
#define QIAO_FAIRS_H

#include "app.h"

/* The entrances the fair's QR tokens are keyed for (attendance.h). */
#define FAIR_STUDENTS_ENTRANCE "fair-students"
#define FAIR_EMPLOYERS_ENTRANCE "fair-employers"

/* Whether the caller runs fairs: office staff holding fairs.manage. */
int fairs_manager(const struct request *req);

/* The fair for the caller: 1 and *doc (new reference), 0 when absent or not theirs to see (the
 * public sees a fair once published; the office always; an employer that applied), -1 on a
 * database error. With lock, inside a transaction, the fair's row stays locked. */
int fairs_load(struct request *req, long long id, int lock, json_t **doc);

/* The fair or an answer: 1 and *doc, or -1 after answering 404/503. */
int fairs_load_or_reply(struct request *req, long long id, int lock, json_t **doc);

/* GET /fairs: q, from, to, past=1, status (office only), page, per_page. Anyone. */
int fairs_list(struct request *req);
/* POST /fairs: office with fairs.manage. Answers 201. Raises 422. */
int fairs_create(struct request *req);
/* GET /fairs/{id}. Raises 404. */
int fairs_get(struct request *req);
/* PUT /fairs/{id}: office. Raises 404, 409 (booths below those taken; cancelled), 422. */
int fairs_update(struct request *req);
/* POST /admin/fairs/{id}/cancel {"reason"}: office. Raises 404, 409, 422. */
int fairs_cancel(struct request *req);
/* GET /fairs/{id}/stats: office. The live figures. Raises 404. */
int fairs_stats(struct request *req);
/* GET /fairs/{id}/export?list=participants|jobs|visitors&format=csv|xlsx: office. */
int fairs_export(struct request *req);
/* GET /fairs/{id}/checkin-token?who=students|employers: office. Raises 404, 422. */
int fairs_checkin_token(struct request *req);

#endif
