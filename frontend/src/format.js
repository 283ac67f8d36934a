// Display helpers that do not belong to one page.

/** Local date and time for an ISO timestamp; unknown formats are shown as given. */
export function formatDateTime(value, locale) {
  if (!value) return ''
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return String(value)
  return date.toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' })
}

/** When something takes place: "2026/9/1 14:00–16:00" on one day, both date-times otherwise. */
export function formatTimeRange(start, end, locale) {
  const from = new Date(start)
  const to = new Date(end)
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return [start, end].filter(Boolean).join(' – ')
  const sameDay = from.toDateString() === to.toDateString()
  const endText = sameDay ? to.toLocaleTimeString(locale, { timeStyle: 'short' }) : formatDateTime(end, locale)
  return `${formatDateTime(start, locale)}–${endText}`
}

/** A file's size for a list: KB below a megabyte (at least 1), else MB with one decimal. */
export const formatSize = (bytes) => (bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`)
