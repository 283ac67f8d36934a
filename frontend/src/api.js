// The one fetch wrapper for the backend (`/api/v1`, JSON envelopes).
//   success: {"data": …, "meta"?: {page, per_page, total}}
//   error:   {"error": {"code", "message", "field"?}}
import { session, clearSession } from './session.js'
import { i18n } from './i18n.js'

const BASE = '/api/v1'

export class ApiError extends Error {
  constructor({ status, code, message = '', field = null, retryAfter = null }) {
    super(message || code)
    this.name = 'ApiError'
    this.status = status // 0 when the request never got an HTTP answer
    this.code = code
    this.serverMessage = message // may be empty; see errors.js for the fallback
    this.field = field
    this.retryAfter = retryAfter // seconds, from Retry-After on 429
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

/**
 * Sends one request and returns the envelope `{data, meta}`.
 * `auth: false` is for the login call: no token sent, and its 401 means
 * "bad credentials", not "session over".
 */
export async function request(method, path, { body, query, auth = true } = {}) {
  // Tell the server the UI language (errors.js decides which messages to show).
  const headers = { Accept: 'application/json', 'Accept-Language': i18n.global.locale.value }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (auth && session.token) headers.Authorization = `Bearer ${session.token}`

  let response
  try {
    response = await fetch(BASE + path + queryString(query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError({ status: 0, code: 'network' })
  }

  const payload = await readJson(response)
  if (response.ok) {
    if (payload === undefined) throw new ApiError({ status: response.status, code: 'bad_response' })
    return { data: payload?.data ?? null, meta: payload?.meta ?? null }
  }

  const error = payload?.error ?? {}
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10)
  const apiError = new ApiError({
    status: response.status,
    code: error.code || `http_${response.status}`,
    message: error.message || '',
    field: error.field || null,
    retryAfter: Number.isNaN(retryAfter) ? null : retryAfter,
  })
  if (response.status === 401 && auth) {
    clearSession()
    onUnauthorized()
  }
  throw apiError
}

const dataOf = (promise) => promise.then((envelope) => envelope.data)

export const api = {
  get: (path, query) => dataOf(request('GET', path, { query })),
  post: (path, body, options) => dataOf(request('POST', path, { body, ...options })),
  put: (path, body) => dataOf(request('PUT', path, { body })),
  /** GET of a paged list: `{items, total}`. */
  page: (path, query) =>
    request('GET', path, { query }).then(({ data, meta }) => ({
      items: data ?? [],
      total: meta?.total ?? (data ?? []).length,
    })),
}
