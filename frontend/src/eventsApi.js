// Calls about career events (就业活动), employers' info sessions (宣讲会) and
// venues shared by the phone pages (students, the employer's HR) and the
// console (staff holding events.manage). The office's own calls (venues,
// events, reviews, sign-up lists) are in console/eventsApi.js.
import { api } from './api.js'

/** Approved events not yet ended, soonest first: category, kind, q, from, to, past, mine (a student's sign-ups), status (office), page, per_page. */
export const listEvents = (query) => api.page('/events', query)
/** Anyone for a published event; the office and the session's employer for the others. */
export const getEvent = (id) => api.get(`/events/${id}`)

/** The student signs up: 409 when full, outside the sign-up window, or signed up already. */
export const signUp = (id) => api.post(`/events/${id}/signups`)
/** Answers the event; 409 when not signed up or the event has begun. */
export const cancelSignup = (id) => api.post(`/events/${id}/signups/cancel`)
/** `{token}` scanned from the QR or `{code}` typed: 201 the check-in {event_id, student_id, method, at}. */
export const checkIn = (id, body) => api.post(`/events/${id}/checkins`, body)
/** The rotating QR's current token (office, the session's employer): {token, expires_at, period}. */
export const checkinToken = (id) => api.get(`/events/${id}/checkin-token`)

/** Active venues (staff and employers): q, all (staff: inactive ones too), page, per_page. */
export const listVenues = (query) => api.page('/venues', query)

/** Info sessions, newest first (the employer's own; all for the office): status, q, page, per_page. */
export const listSessions = (query) => api.page('/sessions', query)
/** An approved employer applies: {title, description, venue_id, starts_at, ends_at, capacity} → pending. */
export const applySession = (body) => api.post('/sessions', body)
