// Profile changes in a real browser: a student on a phone changes their phone
// number, which waits for review; an admin on the console finds it in the
// review queue (profile tab) with the phone highlighted, current next to
// proposed, and approves it; then the student's page shows the new number,
// on the console and on the phone. The student record is made here through
// the API (a major, a one-row CSV import, an activation link).
// Env as signin.test.mjs (QIAO_BASE_URL, the e2e admin).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { DESKTOP, PHONE, apiCall, apiSend, apiToken, env, idCard, launch, settled, shot, signIn, under, url, waitForText, withPage } from './lib.mjs'

const stamp = Date.now().toString(36)
const digits = String(Date.now()).slice(-8)
const year = new Date().getFullYear() + 1
const major = { code: `CHG${stamp}`, name: `E2E变更专业${stamp}`, college: `E2E变更学院${stamp}`, campus: '主校区', level: '本科生', years: 4 }
const student = { no: `CHG${stamp}`, name: '测试变更甲', oldPhone: `137${digits}`, newPhone: `139${digits}` }
const password = `Qz9!${stamp}Aa`

let browser
let admin // the admin's API token
let studentId = null

before(async () => {
  browser = await launch()
  admin = await apiToken(env('QIAO_E2E_ADMIN_USER'), env('QIAO_E2E_ADMIN_PASSWORD'))
  await apiCall(admin, 'POST', '/majors', major)

  const header = '学号,姓名,身份证号,性别,毕业年份,入学年份,学历,学院,专业名称,手机号'
  const row = [student.no, student.name, idCard(7), '女', year, year - 4, major.level, major.college, major.name, student.oldPhone]
  const result = await apiSend(admin, 'POST', '/students/import?mode=insert', `\uFEFF${header}\r\n${row.join(',')}\r\n`, 'text/csv')
  assert.equal(result.imported, 1, `the import answered ${JSON.stringify(result)}`)

  const [found] = await apiCall(admin, 'GET', `/students?student_nos=${encodeURIComponent(student.no)}`)
  studentId = found.id
  // The import made the student's account pending; the activation link gives it a password.
  const { token } = await apiCall(admin, 'POST', `/students/${studentId}/activation`)
  await apiCall(null, 'POST', '/auth/activate', { token, password })
})

after(async () => {
  await browser?.close()
})

/** The phone cell of a group of the student's profile page on the phone. */
const phoneCell = (page, group) => page.getByTestId(group).getByTestId('m-field-phone')

test('a phone number changed on the phone is reviewed on the console and then shown', { timeout: 180_000 }, async () => {
  await withPage(browser, PHONE, 'changes-phone-submit', async (page) => {
    await page.goto(url('/'))
    await signIn(page, student.no, password)
    await page.waitForURL(under('/m'))
    await page.getByTestId('module-profile').click()
    await page.waitForURL(under('/m/profile'))
    await waitForText(phoneCell(page, 'm-profile-current'), [student.oldPhone])

    await page.getByTestId('m-profile-edit').click()
    const phone = page.getByTestId('m-profile-phone').locator('input')
    await phone.fill(student.newPhone)
    await shot(page, 'changes-phone-form')
    await page.getByTestId('m-profile-submit').click()

    // Waiting for review: proposed next to the record, which keeps the old number.
    await waitForText(page.getByTestId('m-pending-profile'), ['待审核'])
    await waitForText(phoneCell(page, 'm-pending-profile'), [student.newPhone])
    await waitForText(phoneCell(page, 'm-profile-current'), [student.oldPhone])
    await page.locator('.van-toast').waitFor({ state: 'hidden' })
    await shot(page, 'changes-phone-pending')
  })

  await withPage(browser, DESKTOP, 'changes-console-review', async (page) => {
    await page.goto(url('/'))
    await signIn(page, env('QIAO_E2E_ADMIN_USER'), env('QIAO_E2E_ADMIN_PASSWORD'))
    await page.waitForURL(under('/console'))

    await page.getByTestId('nav-reviews').click()
    await page.waitForURL(under('/console/reviews'))
    await page.getByRole('tab', { name: '基本信息' }).click()
    await page.waitForURL((u) => u.searchParams.get('kind') === 'profile')

    const row = page.locator('[data-testid="reviews-table-profile"] .el-table__body tr').filter({ hasText: student.no })
    await waitForText(row, [student.name, major.name])
    const change = row.getByTestId('change-phone')
    await waitForText(change, [student.oldPhone, student.newPhone])
    assert.equal(await change.getAttribute('data-changed'), 'true', 'the phone is marked as changed')
    assert.match((await change.locator('td').last().textContent()) ?? '', new RegExp(student.newPhone), 'the proposed value is in the last column')
    await settled(page)
    await shot(page, 'changes-console-queue')

    await row.getByTestId('review-approve').click()
    await row.waitFor({ state: 'detached' }) // the queue reloads without it

    // The record now holds the new number and nothing waits for review.
    await page.goto(url(`/console/students/${studentId}`))
    await waitForText(page.getByTestId('student-basic'), [student.newPhone])
    assert.equal(await page.getByTestId('student-pending-profile').count(), 0, 'no profile change is pending any more')
    await settled(page)
    await shot(page, 'changes-console-student')
  })

  await withPage(browser, PHONE, 'changes-phone-approved', async (page) => {
    await page.goto(url('/'))
    await signIn(page, student.no, password)
    await page.waitForURL(under('/m'))
    await page.goto(url('/m/profile'))
    await waitForText(phoneCell(page, 'm-profile-current'), [student.newPhone])
    assert.equal(await page.getByTestId('m-pending-profile').count(), 0, 'the student sees no pending change')
    await shot(page, 'changes-phone-approved')
  })
})
