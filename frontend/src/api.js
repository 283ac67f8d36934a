// The one fetch wrapper for the backend (`/api/v1`, JSON envelopes).
//   success: {"data": …, "meta"?: {page, per_page, total}}
//   error:   {"error": {"code", "message", "field"?}}
import { session, clearSession } from './session.js'
import { i18n } from './i18n.js'

const BASE = '/api/v1'

export class ApiError extends Error {
  constructor({ status, code, message = '', field = null, retryAfter = null, errors = null, errorsTruncated = false }) {
    super(message || code)
    this.name = 'ApiError'
    this.status = status // 0 when the request never got an HTTP answer
    this.code = code
    this.serverMessage = message // may be empty; see errors.js for the fallback
    this.field = field
    this.retryAfter = retryAfter // seconds, from Retry-After on 429
    this.errors = errors // per-row problems some 422s carry (an atomic import): [{row, field, reason}]
    this.errorsTruncated = errorsTruncated // the server listed only the first of them
  }
}

let onUnauthorized = () => {}

// main.js registers the navigation to /login; kept out of here so this
// module does not depend on the router.
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler
}

function queryString(query) {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.append(key, String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

async function readJson(response) {
  const text = await response.text()
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return undefined // not JSON (e.g. an HTML error page from a proxy)
  }
}

function headersFor({ auth, contentType, accept = 'application/json' }) {
  // Tell the server the UI language (errors.js decides which messages to show).
  const headers = { Accept: accept, 'Accept-Language': i18n.global.locale.value }
  if (contentType) headers['Content-Type'] = contentType
  if (auth && session.token) headers.Authorization = `Bearer ${session.token}`
  return headers
}

async function send(method, path, { query, headers, body }) {
  try {
    return await fetch(BASE + path + queryString(query), { method, headers, body })
  } catch {
    throw new ApiError({ status: 0, code: 'network' })
  }
}

// Turns a non-2xx answer into an ApiError (and ends the session on a 401).
async function failure(response, auth) {
  const payload = await readJson(response)
  const error = payload?.error ?? {}
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10)
  const apiError = new ApiError({
    status: response.status,
    code: error.code || `http_${response.status}`,
    message: error.message || '',
    field: error.field || null,
    retryAfter: Number.isNaN(retryAfter) ? null : retryAfter,
    errors: Array.isArray(error.errors) ? error.errors : null,
    errorsTruncated: error.errors_truncated === true,
  })
  if (response.status === 401 && auth) {
    clearSession()
    onUnauthorized()
  }
  return apiError
}

/**
 * Sends one request and returns the envelope `{data, meta}`.
 * `auth: false` is for the login call: no token sent, and its 401 means
 * "bad credentials", not "session over". `file` sends a File/Blob as the raw
 * body with its own media type (`contentType`, else the file's) instead of JSON.
 */
// The media type a File/Blob is sent with: the caller's, else the file's own.
const fileType = (file, contentType) => contentType || file.type || 'application/octet-stream'

export async function request(method, path, { body, query, auth = true, file, contentType } = {}) {
  const raw = file !== undefined
  const headers = headersFor({
    auth,
    contentType: raw ? fileType(file, contentType) : body === undefined ? null : 'application/json',
  })
  const response = await send(method, path, {
    query,
    headers,
    body: raw ? file : body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) throw await failure(response, auth)
  const payload = await readJson(response)
  if (payload === undefined) throw new ApiError({ status: response.status, code: 'bad_response' })
  return { data: payload?.data ?? null, meta: payload?.meta ?? null }
}

// The file name from `Content-Disposition: attachment; filename="…"` (or filename*=UTF-8''…).
function fileNameOf(response) {
  const header = response.headers.get('Content-Disposition') ?? ''
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)
  if (encoded) {
    try {
      return decodeURIComponent(encoded[1].trim())
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1]?.trim() || null
}

/**
 * A file from the server (an export, a template): `{blob, filename}`. A plain
 * link cannot carry the Authorization header, so the file comes through
 * fetch; download.js hands it to the browser. With `file` it is a POST of
 * that file as the body (a comparison the server answers with a file).
 */
export async function download(path, query, { file, contentType } = {}) {
  const raw = file !== undefined
  const headers = headersFor({ auth: true, accept: '*/*', contentType: raw ? fileType(file, contentType) : null })
  const response = await send(raw ? 'POST' : 'GET', path, { query, headers, body: raw ? file : undefined })
  if (!response.ok) throw await failure(response, true)
  return { blob: await response.blob(), filename: fileNameOf(response) }
}

const dataOf = (promise) => promise.then((envelope) => envelope.data)

export const api = {
  get: (path, query) => dataOf(request('GET', path, { query })),
  post: (path, body, options) => dataOf(request('POST', path, { body, ...options })),
  put: (path, body) => dataOf(request('PUT', path, { body })),
  /** POST of a File/Blob as the raw request body (an import). */
  upload: (path, file, { query, contentType } = {}) => dataOf(request('POST', path, { file, query, contentType })),
  /** PUT of a File/Blob as the raw request body (a licence). */
  putFile: (path, file, { contentType } = {}) => dataOf(request('PUT', path, { file, contentType })),
  /** GET of a file: `{blob, filename}`. */
  download: (path, query) => download(path, query),
  /** POST of a File/Blob answered with a file: `{blob, filename}`. */
  uploadForFile: (path, file, { query, contentType } = {}) => download(path, query, { file, contentType }),
  /** GET of a paged list: `{items, total, capped}` (capped: there are more than total). */
  page: (path, query) =>
    request('GET', path, { query }).then(({ data, meta }) => ({
      items: data ?? [],
      total: meta?.total ?? (data ?? []).length,
      capped: meta?.total_capped === true,
    })),
}
