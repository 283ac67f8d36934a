// Calls about job fairs (招聘会, docs/fairs.md) shared by the phone pages (students, the
// employer's HR) and the console (office staff holding fairs.manage). The office's own calls
// (creating, cancelling, reviewing, booths, statistics, exports) are in console/fairsApi.js.
import { api } from './api.js'

/** Published fairs not yet ended, soonest first: q, from, to, past, status (office), page, per_page. */
export const listFairs = (query) => api.page('/fairs', query)
/** Anyone once published; the office always; an employer that applied. */
export const getFair = (id) => api.get(`/fairs/${id}`)
/** The approved employers by booth, with the jobs they bring: q, page, per_page. */
export const fairParticipants = (id, query) => api.page(`/fairs/${id}/participants`, query)

/** The student signs up: 201; 409 when signed up already, or the fair is over or cancelled. */
export const signUpFair = (id) => api.post(`/fairs/${id}/signups`, {})
/** `{token}` from the students' QR or `{code}` typed: 201 the visit {checked_in_at, checkin_method}. */
export const checkInFair = (id, body) => api.post(`/fairs/${id}/checkins`, body)

/** An approved employer applies: {booths, attendees, contact_name, contact_phone, note, job_ids} → pending. */
export const applyFair = (id, body) => api.post(`/fairs/${id}/applications`, body)
/** The office: all (state, q); the employer's HR: its own. page, per_page. */
export const fairApplications = (id, query) => api.page(`/fairs/${id}/applications`, query)
export const getFairApplication = (id) => api.get(`/fair-applications/${id}`)
/** The employer takes its application back (an approved one gives its booths back). */
export const withdrawFairApplication = (id) => api.post(`/fair-applications/${id}/withdraw`, {})
/** `{token}` from the employers' QR: the application with checked_in_at. */
export const employerCheckIn = (id, body) => api.post(`/fairs/${id}/employer-checkins`, body)

/** The office: the current token of the students' or the employers' entrance QR. */
export const fairCheckinToken = (id, who) => api.get(`/fairs/${id}/checkin-token`, { who })
