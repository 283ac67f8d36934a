// Resumes and applications in a real browser: a student (an imported record whose account
// the CLI makes) writes a resume on a phone, is told a job past its deadline takes no more
// applications, finds an open job and applies sharing the e-mail only; the employer on a
// phone opens the applicant from the job's page (the student then sees it viewed) and
// invites them to an interview with a note, which the student reads. Then the office marks
// the resume recommended on the console and the student sees it. The records, the company
// and its jobs are set up through the API (the helpers of the API suite).
// Env as signin.test.mjs plus QIAO_CLI and QIAO_ENV_FILE.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { cliAccount, createMajor, expectData, post } from '../api/lib.mjs'
import { importStudents, studentRow } from '../api/records.mjs'
import { registered } from '../api/recruitment.mjs'
import { DESKTOP, PHONE, apiToken, env, launch, settled, shot, signIn, under, url, waitForCount, waitForText, withPage } from './lib.mjs'

const stamp = Date.now().toString(36)
const resume = { title: `E2E简历${stamp}`, job: '前端开发', organisation: '某科技公司', role: '前端实习生', skills: ['Vue', 'TypeScript'] }
const note = '周三上午十点面试，地点：信息楼 302'

let browser
let admin // the admin's API token
let major
let row // the student as imported (its e-mail and phone: the list masks them)
let student // {record, username, password, name}
let company // {employer, token, body}: approved
let job // approved, open
let closedJob // approved, its deadline passed
let resumeMade = false

async function approvedJob(fields) {
  const made = expectData(await post('/jobs', { token: company.token, json: { description: '用于浏览器投递测试的职位。', city: '南京', ...fields } }), 201)
  expectData(await post(`/admin/jobs/${made.id}/review`, { token: admin, json: { decision: 'approve' } }))
  return made
}

before(async () => {
  browser = await launch()
  admin = await apiToken(env('QIAO_E2E_ADMIN_USER'), env('QIAO_E2E_ADMIN_PASSWORD'))
  major = await createMajor(admin, { college: `E2E投递学院${stamp}`, name: `E2E投递专业${stamp}` })
  row = studentRow(major)
  const [record] = await importStudents(admin, [row])
  // The import made the account (not yet active); the CLI gives it a password and links it.
  student = { record, ...(await cliAccount('student', { username: record.student_no, name: record.name })) }
  company = await registered()
  expectData(await post(`/admin/employers/${company.employer.id}/review`, { token: admin, json: { decision: 'approve' } }))
  job = await approvedJob({ title: `E2E投递职位${stamp}` })
  closedJob = await approvedJob({ title: `E2E已截止职位${stamp}`, deadline: '2020-01-01' })
})

after(async () => {
  await browser?.close()
})

/** The text input inside a Vant field found by its test id. */
const input = (page, testid) => page.getByTestId(testid).locator('input, textarea').first()
/** An element of `testid` whose data-state is `state`. */
const inState = (page, testid, state) => page.locator(`[data-testid="${testid}"][data-state="${state}"]`)

async function signInStudent(page) {
  await page.goto(url('/'))
  await signIn(page, student.username, student.password)
  await page.waitForURL(under('/m'))
}

test('a student applies with a new resume; the employer opens it and invites them to an interview', { timeout: 240_000 }, async () => {
  await withPage(browser, PHONE, 'applications-apply', async (page) => {
    await signInStudent(page)

    // A new resume: the education comes from the record.
    await page.getByTestId('module-resumes').click()
    await page.waitForURL(under('/m/resumes'))
    await page.getByTestId('m-resumes-empty').waitFor()
    await page.getByTestId('m-resume-new').click()
    await page.waitForURL(under('/m/resumes/new'))
    await input(page, 'm-resume-title').fill(resume.title)
    await input(page, 'm-resume-expected_job').fill(resume.job)
    await page.getByTestId('m-resume-experience-add').click()
    await input(page, 'm-resume-experience-organisation').fill(resume.organisation)
    await input(page, 'm-resume-experience-role').fill(resume.role)
    await input(page, 'm-resume-skills').fill(resume.skills.join('\n'))
    await shot(page, 'applications-resume-form')
    await page.getByTestId('m-resume-submit').click()
    await page.waitForURL((u) => /^\/m\/resumes\/\d+$/.test(u.pathname))
    await waitForText(page.getByTestId('m-resume'), [resume.title, resume.job, major.college, major.name, resume.organisation, resume.role, ...resume.skills])
    resumeMade = true
    await page.locator('.van-toast').waitFor({ state: 'hidden' })
    await shot(page, 'applications-resume')

    // A job past its deadline: the server's refusal is shown.
    await page.goto(url(`/m/jobs/${closedJob.id}`))
    await waitForText(page.getByTestId('m-job-title'), [closedJob.title])
    await page.getByTestId('m-apply').click()
    await page.getByTestId('m-apply-submit').click()
    await waitForText(page.getByTestId('m-apply-error'), ['deadline'])

    // The open job, found by its title; the one resume is picked, only the e-mail shared.
    await page.goto(url(`/m/jobs?q=${encodeURIComponent(job.title)}`))
    const item = page.getByTestId('m-job-item').filter({ hasText: job.title })
    await waitForText(item, [company.body.name])
    await item.click()
    await page.waitForURL((u) => u.pathname === `/m/jobs/${job.id}`)
    await page.getByTestId('m-apply').click()
    await page.getByTestId('m-apply-form').waitFor()
    await waitForCount(page.getByTestId('m-apply-resume'), 1, 'the student has one resume')
    await page.getByTestId('m-apply-resume').locator('.van-radio__icon--checked').waitFor()
    await page.getByTestId('m-apply-share-email').click()
    await shot(page, 'applications-apply-form')
    await page.getByTestId('m-apply-submit').click()
    await inState(page, 'm-apply-state', 'delivered').waitFor()
    await page.locator('.van-toast').waitFor({ state: 'hidden' })
    await shot(page, 'applications-applied')

    await page.getByTestId('m-apply-open').click()
    await page.waitForURL((u) => /^\/m\/applications\/\d+$/.test(u.pathname))
    await inState(page, 'm-application-state', 'delivered').waitFor()
    await waitForText(page.getByTestId('m-application-job'), [job.title, company.body.name])
  })

  await withPage(browser, PHONE, 'applications-employer', async (page) => {
    await page.goto(url('/'))
    await signIn(page, company.body.username, company.body.password)
    await page.waitForURL(under('/m'))

    // The applicants cell leads to the jobs; the job's page lists its applicants by state.
    await page.getByTestId('module-applicants').click()
    await page.waitForURL(under('/m/postings'))
    await page.getByTestId('m-posting').filter({ hasText: job.title }).click()
    await page.waitForURL((u) => u.pathname === `/m/postings/${job.id}`)
    await page.locator('[data-testid="m-applicants-tab-delivered"][data-count="1"]').waitFor()
    const applicant = page.getByTestId('m-applicant-item').filter({ hasText: row.name })
    await waitForText(applicant, [major.name, resume.title, '已投递'])
    await shot(page, 'applications-applicants')

    // Opening it: viewed; the study details and the e-mail, not the phone.
    await applicant.click()
    await page.waitForURL((u) => /^\/m\/applicants\/\d+$/.test(u.pathname))
    await inState(page, 'm-applicant-state', 'viewed').waitFor()
    const details = await waitForText(page.getByTestId('m-applicant-student'), [row.name, major.college, major.name, row.email, '未提供'])
    assert.ok(!details.includes(row.phone), 'a phone number not shared is shown')
    await waitForText(page.getByTestId('m-applicant-resume'), [resume.title, resume.organisation, ...resume.skills])

    await withPage(browser, PHONE, 'applications-viewed', async (studentPage) => {
      await signInStudent(studentPage)
      await studentPage.getByTestId('module-applications').click()
      await studentPage.waitForURL(under('/m/applications'))
      await waitForText(inState(studentPage, 'm-application-item', 'viewed'), [job.title, '已查看'])
    })

    // An interview, with a note for the student; a shortlist is behind it then.
    await input(page, 'm-applicant-move-note').fill(note)
    await shot(page, 'applications-applicant')
    await page.getByTestId('m-applicant-move-interview').click()
    await inState(page, 'm-applicant-state', 'interview').waitFor()
    await waitForText(page.getByTestId('m-applicant-note'), [note])
    assert.equal(await page.getByTestId('m-applicant-move-shortlisted').count(), 0, 'a shortlist is offered after the interview')
    await page.getByTestId('m-applicant-move-offer').waitFor()
    await page.locator('.van-toast').waitFor({ state: 'hidden' })
    await shot(page, 'applications-interview')
  })

  await withPage(browser, PHONE, 'applications-student-interview', async (page) => {
    await signInStudent(page)
    await page.getByTestId('module-applications').click()
    await page.waitForURL(under('/m/applications'))
    const item = inState(page, 'm-application-item', 'interview')
    await waitForText(item, [job.title, '面试'])
    await item.click()
    await page.waitForURL((u) => /^\/m\/applications\/\d+$/.test(u.pathname))
    await inState(page, 'm-application-state', 'interview').waitFor()
    await waitForText(page.getByTestId('m-application-note'), [note])
    await waitForText(page.getByTestId('m-application-history'), ['面试', '已查看', '已投递', note])
    await page.getByTestId('m-application-withdraw').waitFor()
    await shot(page, 'applications-student-interview')
  })
})

test('the office marks the resume recommended on the console; the student sees 推荐', { timeout: 120_000 }, async (t) => {
  if (!resumeMade) return t.skip('the first test made no resume')
  await withPage(browser, DESKTOP, 'applications-recommend', async (page) => {
    await page.goto(url('/'))
    await signIn(page, env('QIAO_E2E_ADMIN_USER'), env('QIAO_E2E_ADMIN_PASSWORD'))
    await page.waitForURL(under('/console'))
    await page.goto(url(`/console/students/${student.record.id}`))
    const line = page.locator('[data-testid="student-resumes"] .el-table__body tr', { hasText: resume.title })
    await waitForText(line, [resume.title, resume.job])
    await line.getByTestId('resume-recommend').click()
    await page.locator('.el-message--success', { hasText: resume.title }).waitFor()
    await line.locator('.el-switch.is-checked').waitFor()
    await settled(page)
    await shot(page, 'applications-console-resumes')
  })

  await withPage(browser, PHONE, 'applications-recommended', async (page) => {
    await signInStudent(page)
    await page.getByTestId('module-resumes').click()
    await waitForText(page.getByTestId('m-resume-item').filter({ hasText: resume.title }), ['推荐'])
  })
})
