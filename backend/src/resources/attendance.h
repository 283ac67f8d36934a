/* attendance.h: students signing up for events and checking in to them (报名, 签到, seed
 * manual §3.2.2–3.2.3, §4.5), and the rotating check-in QR. */
#ifndef QIAO_ATTENDANCE_H
#define QIAO_ATTENDANCE_H

#include <time.h>

#include "app.h"

/* POST /events/{id}/signups: a student takes a seat of a published event within its sign-up
 * window. Answers 201 the sign-up. Raises 404, 409 (full, window not open or closed, signed up
 * already). */
int attendance_signup(struct request *req);

/* POST /events/{id}/signups/cancel: the student gives the seat back before the event begins.
 * Answers the event. Raises 404, 409. */
int attendance_cancel(struct request *req);

/* GET /events/{id}/signups: the office holding events.manage: who signed up and who checked
 * in (also those who checked in without signing up). Raises 404. */
int attendance_list(struct request *req);

/* GET /events/{id}/checkin-token: whoever runs the event (events_runs): the QR's current
 * token {"token","expires_at","period"}. Raises 404. */
int attendance_token(struct request *req);

/* POST /events/{id}/checkins {"token"} or {"code"}: a student checks in (until an hour after
 * the end). Answers 201 {event_id, student_id, method, at}. Raises 404, 409 (checked in
 * already, not signed up where that is required, the event is over), 422 (wrong token or
 * code). */
int attendance_checkin(struct request *req);

/* The rotating QR tokens, shared with the job fairs' entrances. A token is "period.mac": the mac
 * keyed by secret over the entrance (purpose: "event", "fair-students", "fair-employers"), the
 * record's id and the period of ATTENDANCE_PERIOD_S seconds. */
#define ATTENDANCE_PERIOD_S 30
void attendance_token_for(const char *secret, const char *purpose, long long id, long long period,
			  char out[64]);
/* 1 when token is the entrance's for the period of now or the one before, else 0. */
int attendance_token_valid(const char *secret, const char *purpose, long long id, const char *token,
			   time_t now);
/* Answers the entrance's current token {"token","expires_at","expires_in","period"}. 0. */
int attendance_token_reply(struct request *req, const char *purpose, long long id);
/* The proof a check-in body offers, {"token"} or {"code"} (code_wanted: the pass-code, NULL
 * when there is none; codes_allowed 0: tokens only): "qr" or "code", or NULL after 422 naming
 * the wrong one. */
const char *attendance_proof_or_422(struct request *req, const char *purpose, long long id,
				    const char *code_wanted, int codes_allowed);

#endif
