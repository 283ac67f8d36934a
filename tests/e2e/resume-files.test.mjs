// A resume's attachments in a real browser: a student on a phone attaches a PDF to a resume
// (a text file named .pdf is refused with the server's word), then deletes a second one; the
// employer the resume was sent to sees the attachment on the applicant's page and saves it.
// The record, the company, its job, the resume and the application are set up through the API
// (the helpers of the API suite). Env as signin.test.mjs plus QIAO_CLI and QIAO_ENV_FILE.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, test } from 'node:test'
import { cliAccount, createMajor, expectData, post } from '../api/lib.mjs'
import { importStudents, studentRow } from '../api/records.mjs'
import { registered } from '../api/recruitment.mjs'
import { PDF } from '../api/hostile-inputs.mjs'
import { PHONE, apiToken, env, launch, shot, signIn, under, url, waitForCount, waitForText, withPage } from './lib.mjs'

const stamp = Date.now().toString(36)

let browser
let student // {record, username, password, token}
let company // {employer, token, body}: approved, with an approved job …
let resume // … the student's resume, sent to it
let application

before(async () => {
  browser = await launch()
  const admin = await apiToken(env('QIAO_E2E_ADMIN_USER'), env('QIAO_E2E_ADMIN_PASSWORD'))
  const major = await createMajor(admin, { college: `E2E附件学院${stamp}`, name: `E2E附件专业${stamp}` })
  const [record] = await importStudents(admin, [studentRow(major)])
  student = { record, ...(await cliAccount('student', { username: record.student_no, name: record.name })) }
  company = await registered()
  expectData(await post(`/admin/employers/${company.employer.id}/review`, { token: admin, json: { decision: 'approve' } }))
  const job = expectData(await post('/jobs', { token: company.token, json: { title: `E2E附件职位${stamp}`, description: '用于浏览器附件测试的职位。', city: '南京' } }), 201)
  expectData(await post(`/admin/jobs/${job.id}/review`, { token: admin, json: { decision: 'approve' } }))
  resume = expectData(await post('/resumes', { token: student.token, json: { title: `E2E附件简历${stamp}` } }), 201)
  application = expectData(await post(`/jobs/${job.id}/applications`, { token: student.token, json: { resume_id: resume.id } }), 201)
})

after(async () => {
  await browser?.close()
})

const pick = (page, name, buffer, mimeType) => page.getByTestId('m-resume-file-upload').locator('input[type=file]').setInputFiles({ name, mimeType, buffer })

test('a student attaches and deletes files on the phone; the employer sees and saves the attachment', { timeout: 180_000 }, async () => {
  await withPage(browser, PHONE, 'resume-files-student', async (page) => {
    await page.goto(url('/'))
    await signIn(page, student.username, student.password)
    await page.waitForURL(under('/m'))
    await page.goto(url(`/m/resumes/${resume.id}`))
    await page.locator('[data-testid="m-resume-files"][data-count="0"]').waitFor()

    await pick(page, 'transcript.pdf', PDF, 'application/pdf')
    await page.locator('[data-testid="m-resume-files"][data-count="1"]').waitFor()
    await waitForText(page.getByTestId('m-resume-file'), ['transcript.pdf'])
    await page.locator('.van-toast').waitFor({ state: 'hidden' })

    // The browser believes the type; the server reads the bytes.
    await pick(page, 'fake.pdf', Buffer.from('不是 PDF 的文本'), 'application/pdf')
    await waitForText(page.locator('.van-toast'), ['PDF'])
    await page.locator('.van-toast').waitFor({ state: 'hidden' })
    await waitForCount(page.getByTestId('m-resume-file'), 1, 'a refused file is listed')

    await pick(page, 'draft.pdf', PDF, 'application/pdf')
    await page.locator('[data-testid="m-resume-files"][data-count="2"]').waitFor()
    await page.locator('.van-toast').waitFor({ state: 'hidden' })
    await shot(page, 'resume-files-student')
    await page.getByTestId('m-resume-file').filter({ hasText: 'draft.pdf' }).getByTestId('m-resume-file-delete').click()
    await page.locator('.van-dialog__confirm').click()
    await page.locator('[data-testid="m-resume-files"][data-count="1"]').waitFor()
  })

  await withPage(browser, PHONE, 'resume-files-employer', async (page) => {
    await page.goto(url('/'))
    await signIn(page, company.body.username, company.body.password)
    await page.waitForURL(under('/m'))
    await page.goto(url(`/m/applicants/${application.id}`))
    await page.locator('[data-testid="m-applicant-files"][data-count="1"]').waitFor()
    const file = page.getByTestId('m-applicant-file')
    await waitForText(file, ['transcript.pdf'])
    assert.equal(await page.getByTestId('m-applicant-file-delete').count(), 0, 'the employer is offered a delete')
    assert.equal(await page.getByTestId('m-applicant-file-upload').count(), 0, 'the employer is offered an upload')
    await shot(page, 'resume-files-employer')
    const [download] = await Promise.all([page.waitForEvent('download'), file.click()])
    assert.equal(download.suggestedFilename(), 'transcript.pdf')
    assert.deepEqual(await readFile(await download.path()), PDF)
  })
})
