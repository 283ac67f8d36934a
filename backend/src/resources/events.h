/* events.h: career events (就业活动, seed manual §3.2) and info sessions (宣讲会, §4.5) as one
 * table: what students sign up for and check in to (docs/events.md). Employers apply for info
 * sessions in sessions.h; sign-ups and check-ins are in attendance.h. */
#ifndef QIAO_EVENTS_H
#define QIAO_EVENTS_H

#include <time.h>

#include "app.h"

/* An event's fields as a request gives them, over its current values when editing. Times are
 * seconds since the epoch, 0 when not set. */
struct event_fields {
	const char *category, *title, *description, *venue_text, *checkin_code;
	long long venue_id; /* 0: none (the place is venue_text, if anything) */
	time_t starts_at, ends_at, signup_from, signup_until;
	long long capacity; /* 0: the venue's */
	int require_signup;
};

/* Reads the body's event fields named in allowed (a NULL-terminated list: any body field not
 * in it answers 422) over current (an event as the API shows it, or NULL for a new event, when
 * title, starts_at and ends_at are required). Texts stay borrowed from the body and current.
 * 0, or -1 after answering 422 naming the field. */
int events_fields_or_422(struct request *req, json_t *current, const char *const *allowed,
			 struct event_fields *f);

/* Inside the caller's transaction: resolves the venue (locking its row, so writers of one
 * venue's timetable take turns), fills capacity and the venue's name, and, when approved is
 * set and the venue is a real room, refuses an approved event there whose time overlaps
 * (other than event_id). 0, or -1 after answering 409/422/503. */
int events_place_or_reply(struct request *req, struct event_fields *f, long long event_id,
			  int approved);

/* Inside the caller's transaction: inserts the event (kind "event" or "info_session"; status
 * "approved" or "pending") with its audit entry. The new id, or -1 on a database error (not
 * answered). */
long long events_insert(struct request *req, const struct event_fields *f, const char *kind,
			long long employer_id, const char *status);

/* Answers the event as the caller may see it (see events_get). Returns 0 or -1. */
int events_reply(struct request *req, int status, long long id);

/* The event for the caller: 1 and *doc (new reference; with set_signup_from and
 * set_signup_until, the window as set, which answers leave out), 0 when absent or not theirs
 * to see (a published event is everyone's; others only the office's with events.manage and
 * their employer's), -1 on a database error. */
int events_load(struct request *req, long long id, json_t **doc);

/* Whether the caller runs the event: office staff holding events.manage, or the HR of the
 * info session's employer. */
int events_runs(const struct request *req, json_t *event);

/* GET /events: category, kind, q, employer_id, from, to, past=1, mine=1 (a student's
 * sign-ups), status (office with events.manage only), page, per_page. Anyone. Raises 422. */
int events_list(struct request *req);

/* POST /events: the office holding events.manage; approved at once. Raises 409 (the venue is
 * taken then), 422. */
int events_create(struct request *req);

/* GET /events/{id}: anyone for a published event, else the office and the session's
 * employer. Raises 404. */
int events_get(struct request *req);

/* PUT /events/{id}: the office holding events.manage. Raises 404, 409 (the venue is taken, or
 * the capacity falls below the sign-ups), 422. */
int events_update(struct request *req);

/* POST /admin/events/{id}/review {"decision":"approve|reject|cancel","reason", and on approve
 * the fields that move it}: pending → approved or rejected, approved → cancelled; any other
 * move answers 409 naming both states. Raises 404, 409, 422. */
int events_review(struct request *req);

#endif
