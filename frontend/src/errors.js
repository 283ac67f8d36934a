// Turns anything thrown by api.js into one line of text for the user.
// The server's messages are English. Where the status alone says what happened (401, 403, 404,
// 429, 5xx) the user's language wins; for 422 and 409 the server's text names the field and
// the rule, so it is kept.
import { ApiError } from './api.js'
import { i18n } from './i18n.js'

/**
 * `fallbacks` maps an HTTP status to a message key, e.g. {401: 'login.failed'}; the
 * message may quote the server's text as {reason} (a 403 whose message says why).
 */
export function errorText(error, fallbacks = {}) {
  const { t, te } = i18n.global
  if (!(error instanceof ApiError)) {
    console.error(error)
    return t('errors.generic')
  }
  const specific = error.status === 422 || error.status === 409
  let text = specific ? error.serverMessage : ''
  if (!text) {
    const key = fallbacks[error.status] ?? `errors.${error.code}`
    text = te(key) ? t(key, { reason: error.serverMessage }) : te(`errors.status.${error.status}`) ? t(`errors.status.${error.status}`) : error.serverMessage || t('errors.generic')
  }
  if (error.status === 429 && error.retryAfter) {
    text += ` ${t('errors.retryAfter', { seconds: error.retryAfter })}`
  }
  return text
}

/** Splits a 422/409 into a per-field message when the form has that field. */
export function fieldErrorOf(error, fields) {
  if (error instanceof ApiError && error.field && fields.includes(error.field)) {
    return { field: error.field, message: errorText(error) }
  }
  return null
}
