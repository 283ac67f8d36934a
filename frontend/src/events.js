// Vocabulary of career events and info sessions: their kinds and states, the
// seats left, the fields of the forms that make them, and date-times as the
// server takes them (ISO 8601 with the offset of the device's clock).

/** `event` (就业活动, the office's own) or `info_session` (宣讲会, an employer's). */
export const EVENT_KINDS = ['event', 'info_session']
/** pending (an info session applied for) → approved or rejected; approved → cancelled. Their tags: ReviewTag. */
export const EVENT_STATES = ['pending', 'approved', 'rejected', 'cancelled']

/** Seats nobody has taken yet. */
export const seatsLeft = (event) => Math.max(0, Number(event?.capacity ?? 0) - Number(event?.signups ?? 0))

/** The fields of POST /events and PUT /events/{id}, in form order; `EVENT_TYPES` says how a form value is sent. */
export const EVENT_FIELDS = ['title', 'category', 'venue_id', 'venue', 'starts_at', 'ends_at', 'signup_from', 'signup_until', 'capacity', 'require_signup', 'checkin_code', 'description']
export const EVENT_TYPES = { venue_id: 'number', capacity: 'number', require_signup: 'boolean' }
export const EVENT_REQUIRED = ['title', 'category', 'starts_at', 'ends_at']
/** The fields of POST /sessions (an employer's application), in form order. */
export const SESSION_FIELDS = ['title', 'venue_id', 'starts_at', 'ends_at', 'capacity', 'description']
export const SESSION_REQUIRED = ['title', 'venue_id', 'starts_at', 'ends_at']
/** What the office may change when it approves an info session (moving it). */
export const MOVE_FIELDS = ['venue_id', 'starts_at', 'ends_at']

const two = (n) => String(n).padStart(2, '0')

/** A Date as ISO 8601 to the minute with the device's offset: 2026-09-01T14:00:00+08:00. */
export function isoWithOffset(date) {
  const offset = -date.getTimezoneOffset()
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  const day = `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`
  return `${day}T${two(date.getHours())}:${two(date.getMinutes())}:00${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`
}

/** Rules across a form's times: the end after the start, the sign-up closing no later than the start. {field: message key}. */
export function timeProblems(form) {
  const at = (field) => (form[field] ? Date.parse(form[field]) : NaN)
  const problems = {}
  if (at('ends_at') <= at('starts_at')) problems.ends_at = 'events.endBeforeStart'
  if (at('signup_until') > at('starts_at')) problems.signup_until = 'events.signupAfterStart'
  if (at('signup_from') >= at('signup_until')) problems.signup_from = 'events.signupOrder'
  return problems
}
