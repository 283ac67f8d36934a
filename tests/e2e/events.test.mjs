// Career events in a real browser, from the office's console to a student's phone and back:
// the admin adds a venue and publishes an event there with a check-in pass-code; a student
// (an imported record whose account the CLI makes) finds it on a phone, signs up (a seat
// fewer), is told a wrong pass-code is wrong and checks in with the right one; the console's
// sign-up list then shows the student checked in, and its check-in QR carries the phone
// check-in page's address, which the student opening it is told they checked in already.
// Env as applications.test.mjs (QIAO_BASE_URL, the e2e admin, QIAO_CLI and QIAO_ENV_FILE).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { cliAccount, createMajor } from '../api/lib.mjs'
import { importStudents, studentRow } from '../api/records.mjs'
import { DESKTOP, PHONE, apiToken, dayAt, env, input, launch, settled, shot, signIn, signInAdmin, typeDateTime, under, url, waitForCount, waitForText, withPage } from './lib.mjs'

const stamp = Date.now().toString(36)
const venue = { name: `E2E报告厅${stamp}`, campus: '主校区', address: '图书馆一楼', capacity: '80' }
const event = {
  title: `E2E就业讲座${stamp}`,
  category: '就业讲座',
  code: `QD${stamp.slice(-6).toUpperCase()}`,
  description: '如何写一份好简历：用于浏览器测试的就业讲座。',
}

let browser
let student // {record, username, password}
let eventId = null

before(async () => {
  browser = await launch()
  const admin = await apiToken(env('QIAO_E2E_ADMIN_USER'), env('QIAO_E2E_ADMIN_PASSWORD'))
  const major = await createMajor(admin, { college: `E2E活动学院${stamp}`, name: `E2E活动专业${stamp}` })
  const [record] = await importStudents(admin, [studentRow(major)])
  // The import made the account (not yet active); the CLI gives it a password and links it.
  student = { record, ...(await cliAccount('student', { username: record.student_no, name: record.name })) }
})

after(async () => {
  await browser?.close()
})





async function signInStudent(page) {
  await page.goto(url('/'))
  await signIn(page, student.username, student.password)
  await page.waitForURL(under('/m'))
}

test('the office publishes an event; a student signs up and checks in with the pass-code; the console sees it', { timeout: 240_000 }, async () => {
  await withPage(browser, DESKTOP, 'events-console-create', async (page) => {
    await signInAdmin(page)

    // A venue.
    await page.getByTestId('nav-venues').click()
    await page.waitForURL(under('/console/venues'))
    await page.getByTestId('venues-create').click()
    for (const field of ['name', 'campus', 'address', 'capacity']) await page.getByTestId(`venue-${field}`).fill(venue[field])
    await page.getByTestId('venue-dialog-submit').click()
    const venueRow = page.locator('[data-testid="venues-table"] .el-table__body tr', { hasText: venue.name })
    await waitForText(venueRow, [venue.campus, venue.address, venue.capacity])
    await settled(page)
    await shot(page, 'events-console-venues')

    // An event there, three days from now, with a pass-code.
    await page.getByTestId('nav-events').click()
    await page.waitForURL(under('/console/events'))
    await page.getByTestId('events-create').click()
    await page.getByTestId('event-title').fill(event.title)
    await page.getByTestId('event-category').fill(event.category)
    await page.getByTestId('event-venue_id').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: venue.name }).click()
    await typeDateTime(page, 'event-starts_at', dayAt(3, 14))
    await typeDateTime(page, 'event-ends_at', dayAt(3, 16))
    await page.getByTestId('event-checkin_code').fill(event.code)
    await page.getByTestId('event-description').fill(event.description)
    await shot(page, 'events-console-form')
    await page.getByTestId('event-dialog-submit').click()
    await page.locator('.el-message--success', { hasText: event.title }).waitFor()

    await page.getByTestId('filter-q').fill(event.title)
    await page.getByTestId('filter-search').click()
    const row = page.locator('[data-testid="events-table"] .el-table__body tr', { hasText: event.title })
    await waitForText(row, [event.category, venue.name, '0 / 80', '已通过'])
    await waitForCount(page.locator('[data-testid="events-table"] .el-table__body tr'), 1, 'the title finds the one event')
    await settled(page)
    await shot(page, 'events-console-events')
    await row.getByTestId('event-open').click()
    await page.waitForURL((u) => /^\/console\/events\/\d+$/.test(u.pathname))
    eventId = Number(new URL(page.url()).pathname.split('/').pop())
    await waitForText(page.getByTestId('event-facts'), [venue.name, event.code, event.description])
  })

  await withPage(browser, PHONE, 'events-student', async (page) => {
    await signInStudent(page)
    await page.getByTestId('module-events').click()
    await page.waitForURL(under('/m/events'))
    await page.getByTestId('m-events-q').locator('input').fill(event.title)
    await page.getByTestId('m-events-search').click()
    await page.waitForURL((u) => u.searchParams.get('q') === event.title)
    const item = page.getByTestId('m-event-item').filter({ hasText: event.title })
    await waitForText(item, [venue.name, event.category, '余 80 席'])
    await waitForCount(page.getByTestId('m-event-item'), 1, 'the title finds the one event')
    await shot(page, 'events-student-list')

    // Signing up takes a seat.
    await item.click()
    await page.waitForURL((u) => u.pathname === `/m/events/${eventId}`)
    await waitForText(page.getByTestId('m-event'), [event.title, venue.name, '剩余 80 个', event.description])
    await page.locator('[data-testid="m-signup-state"][data-state="none"]').waitFor()
    await page.getByTestId('m-signup').click()
    await page.locator('[data-testid="m-signup-state"][data-state="signed_up"]').waitFor()
    await waitForText(page.getByTestId('m-event'), ['已报名', '剩余 79 个'])
    await page.locator('.van-toast').waitFor({ state: 'hidden' })
    await shot(page, 'events-student-signed-up')

    // Checking in: a wrong pass-code is refused with the server's word, the right one is taken.
    await page.getByTestId('m-signup-checkin').click()
    await page.waitForURL((u) => u.pathname === `/m/events/${eventId}/checkin`)
    await waitForText(page.getByTestId('m-checkin-event'), [event.title])
    await input(page, 'm-checkin-code').fill(`${event.code}X`)
    await page.getByTestId('m-checkin-submit').click()
    await waitForText(page.getByTestId('m-checkin-error'), ['pass-code'])
    await input(page, 'm-checkin-code').fill(event.code)
    await page.getByTestId('m-checkin-submit').click()
    await page.locator('[data-testid="m-checkin-done"][data-method="code"]').waitFor()
    await shot(page, 'events-student-checked-in')

    // My events: the event, marked as the student's.
    await page.goto(url('/m/events/mine'))
    await page.getByTestId('m-event-item').filter({ hasText: event.title }).getByTestId('m-event-mine').waitFor()
    await shot(page, 'events-student-mine')
  })

  await withPage(browser, DESKTOP, 'events-console-signups', async (page) => {
    await signInAdmin(page)
    await page.goto(url(`/console/events/${eventId}`))
    const line = page.locator('[data-testid="event-signups"] .el-table__body tr', { hasText: student.record.student_no })
    await waitForText(line, [student.record.name])
    await line.getByTestId('signup-checked-in').waitFor()
    await settled(page)
    await shot(page, 'events-console-signups')

    // The check-in QR: the phone check-in page's absolute address with the current token.
    await page.getByTestId('event-qr').click()
    const qr = page.getByTestId('checkin-qr')
    await qr.waitFor()
    const link = new URL((await qr.getAttribute('data-link')) ?? '')
    assert.equal(link.origin, new URL(url('/')).origin)
    assert.equal(link.pathname, `/m/events/${eventId}/checkin`)
    assert.ok(link.searchParams.get('token'), 'the QR carries a token')
    await waitForText(page.getByTestId('checkin-qr-code').first(), [event.code])
    await shot(page, 'events-console-qr')

    // The token is this event's: the server takes it and only says the student is in already.
    await withPage(browser, PHONE, 'events-student-qr', async (studentPage) => {
      await signInStudent(studentPage)
      await studentPage.goto(link.href)
      await waitForText(studentPage.getByTestId('m-checkin-error'), ['already'])
    })
  })
})
