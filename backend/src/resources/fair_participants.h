/* fair_participants.h: employers taking part in job fairs (参会单位, seed manual §4.6.2): their
 * applications with the jobs they bring, the office's review, booth numbers assigned in batch
 * by zone or one by one, the participants list students read, and the employers' check-in. */
#ifndef QIAO_FAIR_PARTICIPANTS_H
#define QIAO_FAIR_PARTICIPANTS_H

#include "app.h"

/* POST /fairs/{id}/applications {"booths","attendees","contact_name","contact_phone","note",
 * "job_ids"}: an approved employer's HR, before apply_until. Answers 201 the application
 * (pending); one rejected or withdrawn before is sent again. Raises 403 (employer not
 * approved), 404, 409 (applied already, deadline passed, fair cancelled), 422. */
int participants_apply(struct request *req);

/* GET /fairs/{id}/applications: the office holding fairs.manage (state, q), or an employer's
 * HR (its own). Raises 404. */
int participants_list(struct request *req);

/* GET /fair-applications/{id}: the office, its employer. Raises 404. */
int participants_get(struct request *req);

/* POST /admin/fair-applications/{id}/review {"decision":"approve|reject","reason"}: the office.
 * Approving takes the application's booths from the fair (409 when fewer are left). Raises
 * 404, 409 (not pending; booths), 422. */
int participants_review(struct request *req);

/* POST /fair-applications/{id}/withdraw: its employer; an approved one gives its booths and
 * numbers back. Raises 404, 409. */
int participants_withdraw(struct request *req);

/* POST /admin/fairs/{id}/booths {"ids","zone","group","start"}: the office numbers the booths
 * of approved applications in batch. Raises 404, 422. */
int participants_number_booths(struct request *req);

/* PUT /fair-applications/{id}/booths {"booth_numbers","zone","group"}: the office sets one
 * application's numbers. Raises 404, 409 (a number held by another), 422. */
int participants_set_booths(struct request *req);

/* GET /fairs/{id}/participants: approved employers by booth with their jobs, for whoever sees
 * the fair once participants are public (or it has begun); the office and participants
 * always. Raises 404. */
int participants_public_list(struct request *req);

/* POST /fairs/{id}/employer-checkins {"token"}: an approved participant's HR scans the
 * employers' entrance QR. Raises 404, 409 (not a participant, checked in already, the fair is
 * over), 422. */
int participants_checkin(struct request *req);

/* POST /admin/fair-applications/{id}/checkin: the office marks a participant checked in.
 * Raises 404, 409. */
int participants_mark_checkin(struct request *req);

#endif
