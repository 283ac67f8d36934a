// Shared helpers for the browser tests: launching Debian's chromium through
// playwright-core, signing in, waiting for text, saving screenshots, and the
// API and CLI calls a test uses to set up the records it needs.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
export const DESKTOP = { viewport: { width: 1366, height: 768 } }

/** A required environment variable; a missing one fails the test loudly. */
export function env(name) {
  const value = process.env[name]
  if (!value) throw new Error(`environment variable ${name} is not set`)
  return value
}

export function url(path) {
  return env('QIAO_BASE_URL').replace(/\/+$/, '') + path
}

export function launch() {
  return chromium.launch({ executablePath: process.env.QIAO_CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS })
}

/** Saves `<name>.png` into $QIAO_E2E_SHOTS when that is set. */
export async function shot(page, name) {
  const dir = process.env.QIAO_E2E_SHOTS
  if (!dir) return
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
}

/**
 * Runs `body(page)` in a fresh browser context (no stored session) and
 * closes it afterwards. Uncaught exceptions in the page fail the test; on
 * any failure a `<name>-failed.png` is saved and the error is re-thrown.
 */
export async function withPage(browser, contextOptions, name, body) {
  const context = await browser.newContext(contextOptions)
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  const pageErrors = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  try {
    await body(page)
    assert.deepEqual(pageErrors, [], 'uncaught exceptions in the page')
  } catch (error) {
    // Best effort only: the test's own error below is what must surface.
    await shot(page, `${name}-failed`).catch((shotError) => console.error('failure screenshot:', shotError.message))
    throw error
  } finally {
    await context.close()
  }
}

export async function signIn(page, username, password) {
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
}

/** Waits until `locator` is visible and its text contains every part; returns the text. */
export async function waitForText(locator, parts, timeout = 15_000) {
  await locator.waitFor({ state: 'visible', timeout })
  const deadline = Date.now() + timeout
  for (;;) {
    const text = (await locator.textContent()) ?? ''
    if (parts.every((part) => text.includes(part))) return text
    if (Date.now() > deadline) {
      assert.fail(`expected text ${JSON.stringify(text)} to contain ${parts.map((p) => JSON.stringify(p)).join(' and ')}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Waits until `locator` matches exactly `count` elements (a list that is still reloading matches more). */
export async function waitForCount(locator, count, message, timeout = 15_000) {
  const deadline = Date.now() + timeout
  for (;;) {
    const seen = await locator.count()
    if (seen === count) return
    if (Date.now() > deadline) assert.fail(`${message}: ${seen} !== ${count}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** URL predicate: path is `prefix` or below it. */
export const under = (prefix) => (u) => u.pathname === prefix || u.pathname.startsWith(`${prefix}/`)

/** Signs in through the API (no browser) and returns the token. */
export async function apiToken(username, password) {
  const data = await apiCall(null, 'POST', '/auth/login', { username, password })
  return data.token
}

/** One call to /api/v1; returns `data` or throws with the status and the error envelope. */
export function apiCall(token, method, path, body) {
  return apiSend(token, method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json')
}

/** As apiCall, with a raw body of `contentType` (a CSV file for an import). */
export async function apiSend(token, method, path, body, contentType) {
  const headers = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = contentType
  if (token) headers.Authorization = `Bearer ${token}`
  const response = await fetch(url(`/api/v1${path}`), { method, headers, body })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`)
  return JSON.parse(text).data
}

/** An 18-character ID card number (born 2004-01-01) with a valid check character. */
export function idCard(seq) {
  const body = `11010820040101${String(seq).padStart(3, '0')}`
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((n, d, i) => n + Number(d) * weights[i], 0)
  return body + '10X98765432'[sum % 11]
}

/** Runs build/bin/qiao ($QIAO_CLI) against the stack of $QIAO_ENV_FILE, `input` on its stdin. */
export function cli(args, input = '') {
  return execFileSync(env('QIAO_CLI'), args, {
    input,
    env: { ...process.env, QIAO_ENV_FILE: env('QIAO_ENV_FILE') },
    encoding: 'utf8',
    timeout: 30_000,
  })
}

/**
 * Waits until no Element Plus loading mask is left (they are removed once
 * faded out) and every Vant popup and overlay is hidden: before a screenshot.
 */
export async function settled(page, timeout = 15_000) {
  await page.waitForFunction(
    () =>
      !document.querySelector('.el-loading-mask') &&
      [...document.querySelectorAll('.van-popup, .van-overlay')].every((el) => getComputedStyle(el).display === 'none'),
    null,
    { timeout },
  )
}

/** Signs in on the sign-in page and waits for the area (`/console`, `/m`) the role lands in. */
export async function signInAs(page, username, password, area) {
  await page.goto(url('/'))
  await signIn(page, username, password)
  await page.waitForURL(under(area))
}

/** Signs the admin the test stack made in to the console. */
export const signInAdmin = (page) => signInAs(page, env('QIAO_E2E_ADMIN_USER'), env('QIAO_E2E_ADMIN_PASSWORD'), '/console')

/** The text input inside a Vant field found by its test id (Element Plus puts the id on the input itself). */
export const input = (page, testid) => page.getByTestId(testid).locator('input, textarea').first()

/** "YYYY-MM-DD HH:mm" of `days` from now at `hour` o'clock, as the date-time inputs take it. */
export function dayAt(days, hour) {
  const at = new Date(Date.now() + days * 86_400_000)
  const two = (n) => String(n).padStart(2, '0')
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(hour)}:00`
}

/** Types a date-time into an Element Plus date-time picker and closes its panel. */
export async function typeDateTime(page, testid, text) {
  const field = page.getByTestId(testid).locator('input')
  await field.fill(text)
  await field.press('Enter')
  await page.locator('.el-picker__popper:visible').waitFor({ state: 'hidden' })
}
