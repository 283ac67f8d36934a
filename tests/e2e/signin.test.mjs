// Sign-in flows in a real browser against a running Qiao (nginx + backend +
// built frontend). Run from tests/: node --test --test-concurrency=1 e2e/
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { DESKTOP, PHONE, env, launch, shot, signIn, under, url, waitForText, withPage } from './lib.mjs'

let browser

before(async () => {
  browser = await launch()
})

after(async () => {
  await browser?.close()
})

test('student on a phone: wrong password is refused, right one lands on /m', { timeout: 90_000 }, async () => {
  const username = env('QIAO_E2E_STUDENT_USER')
  const password = env('QIAO_E2E_STUDENT_PASSWORD')
  const name = env('QIAO_E2E_STUDENT_NAME')

  await withPage(browser, PHONE, 'student-phone', async (page) => {
    await page.goto(url('/'))
    await page.waitForURL(under('/login'))

    await signIn(page, username, `${password}-wrong`)
    const error = await waitForText(page.getByTestId('login-error'), [])
    assert.ok(error.trim().length > 0, 'login-error is empty')
    assert.equal(new URL(page.url()).pathname, '/login')

    await signIn(page, username, password)
    await page.waitForURL(under('/m'))
    await waitForText(page.getByTestId('whoami'), [name, 'student'])
    await shot(page, 'student-phone-home')
  })
})

test('admin on a desktop: console, create an advisor, sign out', { timeout: 120_000 }, async () => {
  const username = env('QIAO_E2E_ADMIN_USER')
  const password = env('QIAO_E2E_ADMIN_PASSWORD')
  const name = env('QIAO_E2E_ADMIN_NAME')
  const stamp = Date.now()
  const advisor = { username: `e2e_adv_${stamp}`, name: `E2E 辅导员 ${stamp}`, password: `Qz#${stamp}a` }

  await withPage(browser, DESKTOP, 'admin-desktop', async (page) => {
    await page.goto(url('/'))
    await signIn(page, username, password)
    await page.waitForURL(under('/console'))
    await waitForText(page.getByTestId('whoami'), [name, 'admin'])

    await page.getByTestId('nav-accounts').click()
    await page.waitForURL(under('/console/accounts'))
    await page.getByTestId('accounts-table').waitFor()

    await page.getByTestId('accounts-create').click()
    const form = page.getByTestId('create-account-form')
    await form.waitFor()
    await page.getByTestId('create-username').fill(advisor.username)
    await page.getByTestId('create-name').fill(advisor.name)
    await page.getByTestId('create-role-advisor').click()
    await page.getByTestId('create-password').fill(advisor.password)
    await page.getByTestId('create-submit').click()
    try {
      await form.waitFor({ state: 'hidden' })
    } catch (error) {
      const shown = await page.locator('.el-form-item__error, [data-testid="create-error"]').allTextContents()
      throw new Error(`create dialog stayed open: ${shown.join(' | ') || error.message}`)
    }

    // Find the new account whatever the table's sort order.
    await page.getByTestId('filter-q').fill(advisor.username)
    await page.getByTestId('filter-search').click()
    const row = page.locator('[data-testid="accounts-table"] .el-table__body tr', { hasText: advisor.username })
    await waitForText(row, [advisor.username, advisor.name])
    await shot(page, 'admin-desktop-accounts')

    await page.getByTestId('logout').click()
    await page.waitForURL(under('/login'))
    await page.getByTestId('login-username').waitFor()

    // The session is really gone: the console sends us back to login.
    await page.goto(url('/console'))
    await page.waitForURL(under('/login'))
  })
})

test('deep link to /console/accounts without a session ends on the login page', { timeout: 60_000 }, async () => {
  await withPage(browser, DESKTOP, 'deep-link', async (page) => {
    const response = await page.goto(url('/console/accounts'))
    assert.equal(response.status(), 200, 'the server must answer a deep link with index.html')
    await page.waitForURL(under('/login'))
    await page.getByTestId('login-username').waitFor()
    await shot(page, 'deep-link-login')
  })
})
