// Events' fields as people read them: when (one line for the start and the
// end), where, the sign-up window, seats left of the capacity, the kind.
// Shared by the phone pages and the console.
import { useI18n } from 'vue-i18n'
import { formatDateTime, formatTimeRange } from '../format.js'
import { seatsLeft } from '../events.js'

/** What an event's page lists as label and value (the description is shown apart). */
export const EVENT_SHOWN = ['when', 'venue', 'employer_name', 'category', 'signup', 'seats', 'require_signup']

export function useEventText() {
  const { t, locale } = useI18n()
  const at = (value) => formatDateTime(value, locale.value)
  const when = (event) => formatTimeRange(event.starts_at, event.ends_at, locale.value)

  function signupText(event) {
    const until = event.signup_until || event.starts_at
    return event.signup_from ? t('events.window', { from: at(event.signup_from), until: at(until) }) : t('events.until', { until: at(until) })
  }

  const TEXTS = {
    when,
    signup: signupText,
    seats: (event) => t('events.seatsOf', { left: seatsLeft(event), capacity: event.capacity }),
    require_signup: (event) => t(event.require_signup ? 'events.signupNeeded' : 'events.signupOptional'),
    kind: (event) => t(`events.kinds.${event.kind}`),
  }

  /** The text of one field of an event, '' when it has none. */
  const textOf = (event, field) => (TEXTS[field] ? TEXTS[field](event) : String(event?.[field] ?? ''))
  /** [{field, label, text}] of `fields` of an event, without the empty ones. */
  const rowsOf = (event, fields = EVENT_SHOWN) =>
    fields.map((field) => ({ field, label: t(`events.fields.${field}`), text: textOf(event, field) })).filter((row) => row.text)

  return { when, textOf, rowsOf }
}
