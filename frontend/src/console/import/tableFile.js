// What the import wizard learns about a file in the browser: its kind, and
// for a CSV the header cells of its first line, decoded the way the server
// decodes them (UTF-16 with a BOM, else UTF-8, else GB18030; comma or tab).

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const HEAD_BYTES = 64 * 1024 // a header line is far shorter

/** 'csv' | 'xlsx' | null, from the name (browsers often give CSV files no or odd types). */
export function fileKind(file) {
  const name = file?.name?.toLowerCase() ?? ''
  if (name.endsWith('.xlsx') || file?.type === XLSX_TYPE) return 'xlsx'
  if (name.endsWith('.csv') || name.endsWith('.txt') || file?.type === 'text/csv') return 'csv'
  return null
}

export const contentTypeOf = (kind) => (kind === 'xlsx' ? XLSX_TYPE : 'text/csv')

function decode(bytes) {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes)
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes)
  try {
    // The slice may cut a character in two at its end: `stream` keeps it out.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true })
  } catch {
    return new TextDecoder('gb18030').decode(bytes)
  }
}

/** The cells of the first record of CSV text (quotes and doubled quotes as RFC 4180). */
export function firstRecord(text) {
  const body = text.replace(/^\uFEFF/, '')
  const firstLine = body.split(/\r?\n/, 1)[0]
  const sep = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ','
  const cells = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"' && cell === '') quoted = true
    else if (ch === sep) {
      cells.push(cell)
      cell = ''
    } else if (ch === '\n' || ch === '\r') break
    else cell += ch
  }
  cells.push(cell)
  return cells.map((c) => c.trim())
}

/** The header cells of a CSV file. */
export async function readCsvHeader(file) {
  const bytes = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer())
  return firstRecord(decode(bytes)).filter((cell) => cell !== '')
}

/**
 * A header as the server compares it: without the decorations templates add
 * ("*", "（必填）", "(required)"), trimmed, lower case.
 */
export function headerKey(cell) {
  let h = String(cell)
  const cut = h.indexOf('（') >= 0 ? h.indexOf('（') : h.indexOf('(')
  if (cut >= 0) h = h.slice(0, cut)
  return h.replace(/^[* ]+|[* ]+$/g, '').toLowerCase()
}
