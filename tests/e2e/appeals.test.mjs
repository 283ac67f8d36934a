// Employers' account appeals in a real browser, from the lost account to signing in again: an
// employer is registered and approved through the API; on a phone someone follows "account
// lost? appeal" from the sign-in page and files an appeal (a typo in the credit code is caught
// as soon as the code is complete); the admin approves it in the console's queue, beside the
// company's current contact, and is told where the link went; the link arrives by mail at an
// SMTP server this test runs itself; on a phone it opens the page that sets a new password
// (a weak one is refused under its field), names the account, and the new password signs in.
// A used link is then refused under the link.
// Env as fairs.test.mjs (QIAO_BASE_URL, the e2e admin, QIAO_CLI and QIAO_ENV_FILE), and
// QIAO_TEST_SMTP_PORT: where the stack sends its mail (without it the test is skipped).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { expectData, post } from '../api/lib.mjs'
import { registered } from '../api/recruitment.mjs'
import { smtpServer } from '../api/smtp.mjs'
import { DESKTOP, PHONE, apiToken, env, input, launch, settled, shot, signIn, under, url, waitForCount, waitForText, withPage } from './lib.mjs'

const SMTP_PORT = Number(process.env.QIAO_TEST_SMTP_PORT || 0)
const stamp = Date.now().toString(36)
const applicant = {
  name: '申诉测试人',
  phone: '13700002222',
  email: `appeal.${stamp}@example.cn`,
  reason: '原招聘专员离职，账号密码无人知晓，申请找回账号。',
}
const fresh = `Qz9!${stamp}Bb`

let browser
let smtp
let company // {employer, token, body}: approved

before(async () => {
  if (!SMTP_PORT) return
  smtp = await smtpServer(SMTP_PORT)
  browser = await launch()
  const admin = await apiToken(env('QIAO_E2E_ADMIN_USER'), env('QIAO_E2E_ADMIN_PASSWORD'))
  company = await registered()
  expectData(await post(`/admin/employers/${company.employer.id}/review`, { token: admin, json: { decision: 'approve' } }))
})

after(async () => {
  await browser?.close()
  await smtp?.close()
})

/** The complaint under a Vant field. */
const complaint = (page, testid) => page.getByTestId(testid).locator('.van-field__error-message')
/** The same credit code with another check character: a typo the form must catch. */
const mistyped = (code) => code.slice(0, 17) + (code[17] === '0' ? '1' : '0')

test('an appeal filed on a phone, approved in the console, ends with a new password that signs in', { skip: !SMTP_PORT && 'QIAO_TEST_SMTP_PORT is not set', timeout: 240_000 }, async () => {
  await withPage(browser, PHONE, 'appeals-file', async (page) => {
    await page.goto(url('/login'))
    await page.getByTestId('login-appeal').click()
    await page.waitForURL(under('/appeal'))
    await input(page, 'appeal-credit_code').fill(mistyped(company.body.credit_code))
    await waitForText(complaint(page, 'appeal-credit_code'), ['校验位'])
    await input(page, 'appeal-credit_code').fill(company.body.credit_code.toLowerCase())
    await complaint(page, 'appeal-credit_code').waitFor({ state: 'detached' })
    assert.equal(await input(page, 'appeal-credit_code').inputValue(), company.body.credit_code, 'the code is typed in capitals')
    await input(page, 'appeal-username').fill(company.body.username)
    await input(page, 'appeal-applicant_name').fill(applicant.name)
    await input(page, 'appeal-applicant_phone').fill(applicant.phone)
    await input(page, 'appeal-applicant_email').fill(applicant.email)
    await input(page, 'appeal-reason').fill(applicant.reason)
    await shot(page, 'appeals-form')
    await page.getByTestId('appeal-submit').click()
    await waitForText(page.getByTestId('appeal-sent'), [applicant.email])
    await shot(page, 'appeals-sent')
  })

  await withPage(browser, DESKTOP, 'appeals-review', async (page) => {
    await page.goto(url('/'))
    await signIn(page, env('QIAO_E2E_ADMIN_USER'), env('QIAO_E2E_ADMIN_PASSWORD'))
    await page.waitForURL(under('/console'))
    await page.getByTestId('nav-appeals').click()
    await page.waitForURL(under('/console/employer-appeals'))
    await page.getByTestId('filter-q').fill(company.employer.name)
    await page.getByTestId('filter-search').click()
    const row = page.locator('[data-testid="appeals-table"] .el-table__body-wrapper tr', { hasText: company.employer.name })
    await waitForText(row, [applicant.name, applicant.email])
    await waitForText(row.getByTestId('appeal-current'), [company.body.contact_name, company.body.email])
    await settled(page)
    await shot(page, 'appeals-queue')
    await row.getByTestId('appeal-approve').last().click()
    const box = page.locator('.el-message-box')
    await waitForText(box, [applicant.name, company.employer.name])
    await box.locator('.el-button--primary').click()
    await waitForText(page.getByTestId('appeal-link-sent'), [applicant.email, '30'])
    await waitForCount(row, 0, 'the decided appeal leaves the pending queue')
    await settled(page)
    await shot(page, 'appeals-approved')
  })

  const mail = await smtp.waitFor((m) => m.to.includes(applicant.email))
  assert.ok(mail, 'the reset mail arrived')
  const link = mail.body.match(/\S*\/activate\?token=[0-9a-f]{64}/)?.[0]
  assert.ok(link, `a link in the mail: ${mail.body}`)
  const { pathname, search } = new URL(link, url('/'))

  await withPage(browser, PHONE, 'appeals-activate', async (page) => {
    await page.goto(url(pathname + search))
    await input(page, 'activate-password').fill('short')
    await input(page, 'activate-confirm').fill('short')
    await page.getByTestId('activate-submit').click()
    await complaint(page, 'activate-password').waitFor()
    await shot(page, 'appeals-activate-weak')
    await input(page, 'activate-password').fill(fresh)
    await input(page, 'activate-confirm').fill(fresh)
    await page.getByTestId('activate-submit').click()
    await waitForText(page.getByTestId('activate-username'), [company.body.username])
    await shot(page, 'appeals-activate-done')
    await page.getByTestId('activate-login').click()
    await page.waitForURL(under('/login'))
    // The reset signs out every session begun up to the second after it (tokens carry whole
    // seconds), a sign-in that quick included: a person takes longer than that to get here.
    await new Promise((resolve) => setTimeout(resolve, 2_100))
    await signIn(page, company.body.username, fresh)
    await page.waitForURL(under('/m'))
  })

  await withPage(browser, PHONE, 'appeals-link-used', async (page) => {
    await page.goto(url(pathname + search))
    await input(page, 'activate-password').fill(`${fresh}x`)
    await input(page, 'activate-confirm').fill(`${fresh}x`)
    await page.getByTestId('activate-submit').click()
    await complaint(page, 'activate-token').waitFor()
    await shot(page, 'appeals-link-used')
  })
})
