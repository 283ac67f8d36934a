// Display helpers that do not belong to one page.

/** Local date and time for an ISO timestamp; unknown formats are shown as given. */
export function formatDateTime(value, locale) {
  if (!value) return ''
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return String(value)
  return date.toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' })
}
