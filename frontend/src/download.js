// Handing a file made in or fetched by the page to the browser's downloads.

/** Saves `blob` as `filename` through a short-lived Blob URL. */
export function saveBlob(blob, filename) {
  const href = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = href
  link.download = filename
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
  // Give the browser a moment to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
}

function csvCell(value) {
  const text = value === null || value === undefined ? '' : String(value)
  // Quote what would break the row; a leading = + - @ is defused so a
  // spreadsheet does not run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** A CSV file (UTF-8 with BOM, CRLF) Excel opens with the Chinese intact. */
export function csvBlob(header, rows) {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','))
  return new Blob(['\uFEFF', lines.join('\r\n'), '\r\n'], { type: 'text/csv;charset=utf-8' })
}
