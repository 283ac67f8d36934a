// Recruitment in a real browser, from an employer's sign-up to a student
// reading the job: an employer registers through the wizard on a phone (a
// typo in the credit code is caught before sending), uploads its business
// licence and is told it cannot post yet; an admin approves it on the
// console; the employer posts a job on the phone; the admin approves the job
// in the review queue and refreshes it to the top; a student on a phone
// finds it by its title and opens it.
// Env as signin.test.mjs (QIAO_BASE_URL, the e2e admin and student).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { crc32, deflateSync } from 'node:zlib'
import { DESKTOP, PHONE, env, launch, settled, shot, signIn, under, url, waitForCount, waitForText, withPage } from './lib.mjs'

const stamp = Date.now().toString(36)
const company = {
  name: `E2E招聘测试${stamp}有限公司`,
  creditCode: creditCode(),
  contact: '测试联系人',
  phone: '025-83591234',
  email: `hr.${stamp}@example.cn`,
  username: `e2e_hr_${stamp}`,
  password: `Qz9!${stamp}Aa`,
}
const job = {
  title: `E2E测试工程师${stamp}`,
  city: '南京',
  salaryMin: '9000',
  salaryMax: '15000',
  majors: '软件工程、计算机科学与技术',
  description: '负责校园招聘平台的前端开发，熟悉 Vue 与移动端页面。',
}

let browser

before(async () => {
  browser = await launch()
})

after(async () => {
  await browser?.close()
})

/** A unified social credit code (91 + 320102 + nine characters of this run) with its GB 32100 check character. */
function creditCode() {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
  const tail = [...Date.now().toString(31).slice(-9).padStart(9, '0')].map((c) => alphabet[parseInt(c, 31)]).join('')
  const body = `91320102${tail}`
  const sum = [...body].reduce((n, c, i) => n + alphabet.indexOf(c) * weights[i], 0)
  return body + alphabet[(31 - (sum % 31)) % 31]
}

/** The same code with another check character: a typo the wizard must catch. */
const mistyped = (code) => code.slice(0, 17) + (code[17] === '0' ? '1' : '0')

/** A valid 2×2 PNG (white pixels), made here chunk by chunk. */
function tinyPng() {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), data])))
    return Buffer.concat([length, Buffer.from(type), data, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(2, 0) // width
  header.writeUInt32BE(2, 4) // height
  header.set([8, 2, 0, 0, 0], 8) // 8-bit RGB, no interlace
  const rows = Buffer.from([0, 255, 255, 255, 255, 255, 255, 0, 255, 255, 255, 255, 255, 255]) // filter byte + 2 pixels a row
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))])
}

/** The text input inside a Vant field found by its test id. */
const input = (page, testid) => page.getByTestId(testid).locator('input, textarea').first()

/** Waits until the input of a Vant field shows `text` (a picked value is no text content). */
async function waitForValue(page, testid, text) {
  const field = await input(page, testid).elementHandle()
  await page.waitForFunction(([el, wanted]) => el.value.includes(wanted), [field, text])
}

/** Picks `text` in the Vant picker of a CodePickerField and confirms it. */
async function pick(page, testid, text) {
  await page.getByTestId(testid).click()
  const popup = page.locator('.van-popup:visible')
  const option = popup.locator('.van-picker-column__item', { hasText: text })
  // The option may sit outside the wheel's window, where a pointer cannot reach it: a click event selects it all the same.
  await option.dispatchEvent('click')
  await popup.locator('.van-picker-column__item--selected', { hasText: text }).waitFor()
  await popup.locator('.van-picker__confirm').click()
  await popup.waitFor({ state: 'hidden' })
  await waitForValue(page, testid, text)
}

/** Picks a region province → city → district in RegionField's cascader. */
async function pickRegion(page, testid, names) {
  await page.getByTestId(testid).click()
  const popup = page.locator('.van-popup:visible')
  // Each level's options come when the level above is picked; a district closes the popup.
  for (const name of names) await popup.locator('.van-cascader__option', { hasText: name }).click()
  await popup.waitFor({ state: 'hidden' })
  await waitForValue(page, testid, names.at(-1))
}

async function signInAdmin(page) {
  await page.goto(url('/'))
  await signIn(page, env('QIAO_E2E_ADMIN_USER'), env('QIAO_E2E_ADMIN_PASSWORD'))
  await page.waitForURL(under('/console'))
}

test('an employer signs up, is approved, posts a job that is approved, and a student finds it', { timeout: 240_000 }, async () => {
  await withPage(browser, PHONE, 'recruitment-register', async (page) => {
    await page.goto(url('/login'))
    await page.getByTestId('login-register').click()
    await page.waitForURL(under('/register'))
    const step = (key) => page.locator(`[data-testid="register-form"][data-step="${key}"]`)
    await step('company').waitFor()

    // Step 1, the company: a mistyped credit code is refused before anything is sent.
    await input(page, 'register-name').fill(company.name)
    await input(page, 'register-credit_code').fill(mistyped(company.creditCode))
    await page.getByTestId('register-next').click()
    await waitForText(page.getByTestId('register-credit_code'), ['校验位'])
    await input(page, 'register-credit_code').fill(company.creditCode)
    await pick(page, 'register-industry_code', '信息传输、软件和信息技术服务业')
    await pick(page, 'register-unit_nature_code', '其他企业')
    await pickRegion(page, 'register-region_code', ['江苏省', '南京市', '玄武区'])
    await input(page, 'register-size').fill('100-499人')
    await shot(page, 'recruitment-register-company')
    await page.getByTestId('register-next').click()

    // Step 2, the contact.
    await step('contact').waitFor()
    await input(page, 'register-contact_name').fill(company.contact)
    await input(page, 'register-contact_phone').fill(company.phone)
    await input(page, 'register-email').fill(company.email)
    await page.getByTestId('register-next').click()

    // Step 3, the HR account; then signed in on the company page.
    await step('account').waitFor()
    await input(page, 'register-username').fill(company.username)
    await input(page, 'register-password').fill(company.password)
    await input(page, 'register-confirm').fill(company.password)
    await shot(page, 'recruitment-register-account')
    await page.getByTestId('register-submit').click()
    await page.waitForURL(under('/m/company'))
    await page.locator('[data-testid="m-company-status"][data-status="pending"]').waitFor()
    await waitForText(page.getByTestId('m-company'), [company.name, company.creditCode, '信息传输、软件和信息技术服务业', '南京市玄武区'])

    // The licence: a PNG, shown back through a data: URL.
    await page.getByTestId('m-licence-file').setInputFiles({ name: 'licence.png', mimeType: 'image/png', buffer: tinyPng() })
    await page.locator('[data-testid="m-licence-state"][data-uploaded="true"]').waitFor()
    const image = page.getByTestId('m-licence-image')
    await image.waitFor()
    assert.match((await image.getAttribute('src')) ?? '', /^data:image\/png;base64,/)
    await page.locator('.van-toast').waitFor({ state: 'hidden' })
    await shot(page, 'recruitment-company-pending')

    // Not approved yet: posting is refused with the server's word.
    await page.goto(url('/m/postings/new'))
    await input(page, 'm-job-title').fill(job.title)
    await input(page, 'm-job-city').fill(job.city)
    await input(page, 'm-job-description').fill(job.description)
    await page.getByTestId('m-job-submit').click()
    await waitForText(page.getByTestId('m-job-error'), ['pending'])
    await shot(page, 'recruitment-posting-refused')
  })

  await withPage(browser, DESKTOP, 'recruitment-approve-employer', async (page) => {
    await signInAdmin(page)
    await page.getByTestId('nav-employers').click()
    await page.waitForURL(under('/console/employers'))
    await page.getByTestId('filter-q').fill(company.creditCode)
    await page.getByTestId('filter-search').click()
    const row = page.locator('[data-testid="employers-table"] .el-table__body tr', { hasText: company.name })
    await waitForText(row, [company.creditCode, '待审核', '已上传'])
    await settled(page)
    await shot(page, 'recruitment-console-employers')

    await row.click()
    await page.waitForURL((u) => /^\/console\/employers\/\d+$/.test(u.pathname))
    await waitForText(page.getByTestId('employer-title'), [company.name])
    await waitForText(page.getByTestId('employer-fields'), [company.creditCode, company.contact, company.email])
    await page.getByTestId('licence-image').locator('img').waitFor()
    await settled(page)
    await shot(page, 'recruitment-console-employer')

    await page.getByTestId('employer-approve').click()
    await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
    await page.locator('[data-testid="employer-status"][data-status="approved"]').waitFor()
    assert.equal(await page.getByTestId('employer-approve').count(), 0, 'an approved employer offers no decision')
  })

  await withPage(browser, PHONE, 'recruitment-post-job', async (page) => {
    await page.goto(url('/'))
    await signIn(page, company.username, company.password)
    await page.waitForURL(under('/m'))
    await page.getByTestId('module-company').click()
    await page.locator('[data-testid="m-company-status"][data-status="approved"]').waitFor()
    await page.goBack()

    await page.getByTestId('module-postings').click()
    await page.waitForURL(under('/m/postings'))
    await page.getByTestId('m-posting-new').click()
    await page.waitForURL(under('/m/postings/new'))
    await input(page, 'm-job-title').fill(job.title)
    await input(page, 'm-job-city').fill(job.city)
    await input(page, 'm-job-salary_min').fill(job.salaryMin)
    await input(page, 'm-job-salary_max').fill(job.salaryMax)
    await pick(page, 'm-job-degree', '本科')
    await input(page, 'm-job-headcount').fill('3')
    await input(page, 'm-job-majors').fill(job.majors)
    await input(page, 'm-job-description').fill(job.description)
    await shot(page, 'recruitment-posting-form')
    await page.getByTestId('m-job-submit').click()

    // The job's page: waiting for review, as sent.
    await page.waitForURL((u) => /^\/m\/postings\/\d+$/.test(u.pathname))
    await page.locator('[data-testid="m-posting-status"][data-status="pending"]').waitFor()
    await waitForText(page.getByTestId('m-posting-job'), [job.title, '9,000–15,000', '本科', '软件工程'])
    await page.locator('.van-toast').waitFor({ state: 'hidden' })
    await shot(page, 'recruitment-posting-pending')

    await page.goBack()
    await waitForText(page.getByTestId('m-postings'), [job.title, '待审核'])
  })

  await withPage(browser, DESKTOP, 'recruitment-approve-job', async (page) => {
    await signInAdmin(page)
    await page.getByTestId('nav-jobs').click()
    await page.waitForURL(under('/console/jobs'))
    await page.getByTestId('filter-q').fill(job.title)
    await page.getByTestId('filter-search').click()
    const row = page.locator('[data-testid="jobs-table"] .el-table__body tr', { hasText: job.title })
    await waitForText(row, [company.name, job.city, '本科', '待审核'])
    await settled(page)
    await shot(page, 'recruitment-console-jobs')

    await row.getByTestId('job-approve').click()
    await row.waitFor({ state: 'detached' }) // the waiting queue reloads without it

    // Approved: refreshed to the top of the public list.
    await page.getByTestId('filter-status').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '已通过' }).click()
    const approved = page.locator('[data-testid="jobs-table"] .el-table__body tr', { hasText: job.title })
    await waitForText(approved, ['已通过'])
    await approved.locator('.el-checkbox').click()
    await page.getByTestId('jobs-refresh').click()
    await page.locator('.el-message--success', { hasText: '已刷新 1 个职位' }).waitFor()
    await settled(page)
    await shot(page, 'recruitment-console-refreshed')
  })

  await withPage(browser, PHONE, 'recruitment-student', async (page) => {
    await page.goto(url('/'))
    await signIn(page, env('QIAO_E2E_STUDENT_USER'), env('QIAO_E2E_STUDENT_PASSWORD'))
    await page.waitForURL(under('/m'))
    await page.getByTestId('module-jobs').click()
    await page.waitForURL(under('/m/jobs'))
    await page.getByTestId('m-jobs').waitFor() // the newest jobs, before any search

    await page.getByTestId('m-jobs-q').locator('input').fill(job.title)
    await page.getByTestId('m-jobs-search').click()
    // The address takes the search before the list starts again from its first page.
    await page.waitForURL((u) => u.searchParams.get('q') === job.title)
    const item = page.getByTestId('m-job-item').filter({ hasText: job.title })
    await waitForText(item, [company.name, job.city, '本科', '9,000–15,000'])
    await waitForCount(page.getByTestId('m-job-item'), 1, 'the title finds the one job')
    await shot(page, 'recruitment-student-jobs')

    await item.click()
    await page.waitForURL((u) => /^\/m\/jobs\/\d+$/.test(u.pathname))
    await waitForText(page.getByTestId('m-job-title'), [job.title])
    await waitForText(page.getByTestId('m-job'), [company.name, '9,000–15,000', '软件工程', '计算机科学与技术', job.description])
    await shot(page, 'recruitment-student-job')
  })
})
