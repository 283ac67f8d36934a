// Job fairs in a real browser, across the console and two phones: the admin sets a fair up in
// the console with a students' pass-code; an approved employer (registered and approved
// through the API, with an approved job) applies on a phone bringing that job; the admin
// approves the application and numbers its booth in batch (zone A: A01); a student signs up
// on a phone, checks in with the pass-code and finds the employer at booth A01 with its job
// (which offers delivering a resume on site); the console's live figures then count one
// employer approved and one student checked in, and its QRs carry the phone check-in pages.
// Env as events.test.mjs (QIAO_BASE_URL, the e2e admin, QIAO_CLI and QIAO_ENV_FILE).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { cliAccount, createMajor, expectData, post } from '../api/lib.mjs'
import { importStudents, studentRow } from '../api/records.mjs'
import { registered } from '../api/recruitment.mjs'
import { DESKTOP, PHONE, apiToken, dayAt, env, input, launch, settled, shot, signInAdmin, signInAs, typeDateTime, under, url, waitForCount, waitForText, withPage } from './lib.mjs'

const stamp = Date.now().toString(36)
const fair = {
  title: `E2E双选会${stamp}`,
  venue: `E2E体育馆${stamp}`,
  booths: '20',
  code: `ZP${stamp.slice(-6).toUpperCase()}`,
  description: '用于浏览器测试的校园招聘会。',
}
const group = '互联网'

let browser
let admin // the admin's API token
let student // {record, username, password}
let company // {employer, token, body}: approved
let job // the company's approved job
let fairId = null

before(async () => {
  browser = await launch()
  admin = await apiToken(env('QIAO_E2E_ADMIN_USER'), env('QIAO_E2E_ADMIN_PASSWORD'))
  const major = await createMajor(admin, { college: `E2E招聘会学院${stamp}`, name: `E2E招聘会专业${stamp}` })
  const [record] = await importStudents(admin, [studentRow(major)])
  // The import made the account (not yet active); the CLI gives it a password and links it.
  student = { record, ...(await cliAccount('student', { username: record.student_no, name: record.name })) }
  company = await registered()
  expectData(await post(`/admin/employers/${company.employer.id}/review`, { token: admin, json: { decision: 'approve' } }))
  job = expectData(
    await post('/jobs', { token: company.token, json: { title: `E2E招聘会职位${stamp}`, city: '南京', degree: '本科', headcount: 3, description: '用于招聘会浏览器测试的职位。' } }),
    201,
  )
  expectData(await post(`/admin/jobs/${job.id}/review`, { token: admin, json: { decision: 'approve' } }))
})

after(async () => {
  await browser?.close()
})

/** An element of `testid` whose data-state is `state`. */
const inState = (page, testid, state) => page.locator(`[data-testid="${testid}"][data-state="${state}"]`)




test('the office sets up a fair; an employer applies and gets a booth; a student checks in and finds it; the figures count them', { timeout: 300_000 }, async () => {
  await withPage(browser, DESKTOP, 'fairs-console-create', async (page) => {
    await signInAdmin(page)
    await page.getByTestId('nav-fairs').click()
    await page.waitForURL(under('/console/fairs'))
    await page.getByTestId('fairs-create').click()
    await page.getByTestId('fair-title').fill(fair.title)
    await page.getByTestId('fair-venue').fill(fair.venue)
    await typeDateTime(page, 'fair-starts_at', dayAt(4, 9))
    await typeDateTime(page, 'fair-ends_at', dayAt(4, 16))
    await typeDateTime(page, 'fair-apply_until', dayAt(2, 18))
    await page.getByTestId('fair-booths').locator('input').fill(fair.booths)
    await page.getByTestId('fair-checkin_code').fill(fair.code)
    await page.getByTestId('fair-description').fill(fair.description)
    await shot(page, 'fairs-console-form')
    await page.getByTestId('fair-dialog-submit').click()
    await page.locator('.el-message--success', { hasText: fair.title }).waitFor()

    await page.getByTestId('filter-q').fill(fair.title)
    await page.getByTestId('filter-search').click()
    const row = page.locator('[data-testid="fairs-table"] .el-table__body tr', { hasText: fair.title })
    await waitForText(row, [fair.venue, `共 ${fair.booths} 个`, '已发布'])
    await waitForCount(page.locator('[data-testid="fairs-table"] .el-table__body tr'), 1, 'the title finds the one fair')
    await settled(page)
    await shot(page, 'fairs-console-list')
    await row.getByTestId('fair-open').click()
    await page.waitForURL((u) => /^\/console\/fairs\/\d+$/.test(u.pathname))
    fairId = Number(new URL(page.url()).pathname.split('/').pop())
    await waitForText(page.getByTestId('fair-facts'), [fair.venue, fair.code, fair.description])
  })

  await withPage(browser, PHONE, 'fairs-employer', async (page) => {
    await signInAs(page, company.body.username, company.body.password, '/m')
    await page.getByTestId('module-employerFairs').click()
    await page.waitForURL(under('/m/fairs'))
    await input(page, 'm-fairs-q').fill(fair.title)
    await page.getByTestId('m-fairs-search').click()
    const item = page.getByTestId('m-fair-item').filter({ hasText: fair.title })
    await waitForText(item, [fair.venue, '申请截止'])
    await shot(page, 'fairs-employer-list')
    await item.click()
    await page.waitForURL((u) => u.pathname === `/m/fairs/${fairId}`)
    await page.getByTestId('m-fair-apply').click()
    await page.waitForURL((u) => u.pathname === `/m/fairs/${fairId}/apply`)

    // The contact comes from the company; its one approved job is brought.
    await page.getByTestId('m-fair-apply-form').waitFor()
    assert.equal(await input(page, 'm-fair-apply-contact_name').inputValue(), company.body.contact_name)
    await waitForCount(page.getByTestId('m-fair-apply-job'), 1, 'the company has one approved job')
    await page.getByTestId('m-fair-apply-job').click()
    await page.getByTestId('m-fair-apply-job').locator('.van-checkbox__icon--checked').waitFor()
    await shot(page, 'fairs-employer-apply')
    await page.getByTestId('m-fair-apply-submit').click()
    await page.waitForURL((u) => u.pathname === `/m/fairs/${fairId}`)
    await waitForText(inState(page, 'm-fair-application', 'pending'), [job.title])
    await page.locator('.van-toast').waitFor({ state: 'hidden' })
    await shot(page, 'fairs-employer-applied')
  })

  await withPage(browser, DESKTOP, 'fairs-console-review', async (page) => {
    await signInAdmin(page)
    await page.goto(url(`/console/fairs/${fairId}`))
    const line = page.locator('[data-testid="fair-apps-table"] .el-table__body tr', { hasText: company.body.name })
    await waitForText(line, [job.title, company.body.contact_name])
    await line.getByTestId('fair-app-approve').click()
    await line.locator('[data-testid="fair-app-state"][data-state="approved"]').waitFor()

    // Booths in batch: the one approved application ticked, zone A from 1.
    await line.locator('.el-checkbox').click()
    await page.getByTestId('fair-apps-batch').click()
    await page.getByTestId('booth-zone').fill('A')
    await page.getByTestId('booth-group').fill(group)
    await shot(page, 'fairs-console-booths')
    await page.getByTestId('booth-dialog-submit').click()
    await waitForText(line.getByTestId('fair-app-numbers'), ['A01', group])
    await waitForText(page.getByTestId('fair-facts'), ['已占 1 个'])
    await settled(page)
    await shot(page, 'fairs-console-detail')
  })

  await withPage(browser, PHONE, 'fairs-student', async (page) => {
    await signInAs(page, student.username, student.password, '/m')
    await page.getByTestId('module-fairs').click()
    await page.waitForURL(under('/m/fairs'))
    await input(page, 'm-fairs-q').fill(fair.title)
    await page.getByTestId('m-fairs-search').click()
    const item = page.getByTestId('m-fair-item').filter({ hasText: fair.title })
    await waitForText(item, [fair.venue, '1 家单位参会'])
    await shot(page, 'fairs-student-list')
    await item.click()
    await page.waitForURL((u) => u.pathname === `/m/fairs/${fairId}`)
    await waitForText(page.getByTestId('m-fair'), [fair.title, fair.venue, fair.description])

    // Signing up, then the pass-code: a wrong one is refused, the right one taken.
    await inState(page, 'm-signup-state', 'none').waitFor()
    await page.getByTestId('m-signup').click()
    await inState(page, 'm-signup-state', 'signed_up').waitFor()
    await page.locator('.van-toast').waitFor({ state: 'hidden' })
    await shot(page, 'fairs-student-signed-up')
    await page.getByTestId('m-signup-checkin').click()
    await page.waitForURL((u) => u.pathname === `/m/fairs/${fairId}/checkin`)
    await waitForText(page.getByTestId('m-checkin-event'), [fair.title])
    await input(page, 'm-checkin-code').fill(`${fair.code}X`)
    await page.getByTestId('m-checkin-submit').click()
    await page.getByTestId('m-checkin-error').waitFor()
    await input(page, 'm-checkin-code').fill(fair.code)
    await page.getByTestId('m-checkin-submit').click()
    await page.locator('[data-testid="m-checkin-done"][data-method="code"]').waitFor()
    await shot(page, 'fairs-student-checked-in')

    // Back at the fair: the employer at booth A01 with its job, which takes a resume on site.
    await page.getByTestId('m-checkin-next').click()
    await page.waitForURL((u) => u.pathname === `/m/fairs/${fairId}`)
    await inState(page, 'm-signup-state', 'checked_in').waitFor()
    const booth = page.getByTestId('m-fair-participant').filter({ hasText: company.body.name })
    await waitForText(booth.getByTestId('m-fair-booth'), ['A01'])
    await waitForText(booth, [job.title, group])
    await shot(page, 'fairs-student-booths')
    await booth.getByTestId('m-fair-job').filter({ hasText: job.title }).click()
    await page.waitForURL((u) => u.pathname === `/m/jobs/${job.id}` && u.searchParams.get('fair') === String(fairId))
    await waitForText(page.getByTestId('m-apply'), ['现场投递'])
  })

  await withPage(browser, DESKTOP, 'fairs-console-stats', async (page) => {
    await signInAdmin(page)
    await page.goto(url(`/console/fairs/${fairId}`))
    await waitForText(page.getByTestId('fair-stat-employers-approved'), ['1'])
    assert.equal((await page.getByTestId('fair-stat-employers-approved').textContent()).trim(), '1')
    assert.equal((await page.getByTestId('fair-stat-students-checked_in').textContent()).trim(), '1')
    await settled(page)
    await shot(page, 'fairs-console-stats')

    // The students' QR: the phone check-in page's address with the current token.
    await page.getByTestId('fair-qr-fairStudents').click()
    const qr = page.getByTestId('checkin-qr')
    await qr.waitFor()
    const link = new URL((await qr.getAttribute('data-link')) ?? '')
    assert.equal(link.origin, new URL(url('/')).origin)
    assert.equal(link.pathname, `/m/fairs/${fairId}/checkin`)
    assert.ok(link.searchParams.get('token'), 'the QR carries a token')
    await waitForText(page.getByTestId('checkin-qr-code'), [fair.code])
    await shot(page, 'fairs-console-qr-students')
    await page.keyboard.press('Escape')
    await page.getByTestId('fair-qr-dialog').waitFor({ state: 'hidden' })

    // The employers' QR leads to the employers' check-in page; the employer's phone takes it.
    await page.getByTestId('fair-qr-fairEmployers').click()
    const employerQr = page.getByTestId('checkin-qr')
    await employerQr.waitFor()
    const employerLink = new URL((await employerQr.getAttribute('data-link')) ?? '')
    assert.equal(employerLink.pathname, `/m/fairs/${fairId}/employer-checkin`)
    await shot(page, 'fairs-console-qr-employers')
    await withPage(browser, PHONE, 'fairs-employer-checkin', async (phone) => {
      await signInAs(phone, company.body.username, company.body.password, '/m')
      await phone.goto(employerLink.href)
      await phone.getByTestId('m-checkin-done').waitFor()
      await shot(phone, 'fairs-employer-checked-in')
    })
    await page.keyboard.press('Escape')
    await page.getByTestId('fair-qr-dialog').waitFor({ state: 'hidden' })
    await page.getByTestId('fair-stats-reload').click()
    await waitForText(page.getByTestId('fair-stat-employers-checked_in'), ['1'])
  })
})
