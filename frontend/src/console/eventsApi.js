// The console's calls about venues and events (office staff holding
// events.manage): venues, the office's own events, reviewing employers' info
// sessions, cancelling, and who signed up. Lists and tokens: ../eventsApi.js.
import { api } from '../api.js'

export const createVenue = (venue) => api.post('/venues', venue)
/** Any of name, campus, address, capacity, to_be_decided, active; 409 on a taken name. */
export const updateVenue = (id, fields) => api.put(`/venues/${id}`, fields)

/** Approved at once; 409 when the venue is taken then. */
export const createEvent = (event) => api.post('/events', event)
export const updateEvent = (id, fields) => api.put(`/events/${id}`, fields)
/** `decision`: approve (with `changes`: venue_id, starts_at, … to move it) | reject | cancel (a reason needed). */
export const reviewEvent = (id, decision, reason, changes = {}) => api.post(`/admin/events/${id}/review`, { decision, reason, ...changes })

/** The students signed up, with when they checked in: page, per_page. */
export const eventSignups = (id, query) => api.page(`/events/${id}/signups`, query)
