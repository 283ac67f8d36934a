// The employer interaction index (docs/interactions.md) and the code tables in a real browser:
// the admin opens an approved employer (registered and approved through the API), records a
// 战略合作 in its 深度合作 tab, sees the seed score rise by 20 with the strategic row of the
// breakdown giving the 20, and finds the employer at its rank in the list sorted by the index
// (the rank the API gives); then, on the code-table page, renames a destination code only this
// test uses (valid from 2099, viewed in 2099).
// Env as fairs.test.mjs (QIAO_BASE_URL, the e2e admin).
import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import { after, before, test } from 'node:test'
import { registered } from '../api/recruitment.mjs'
import { DESKTOP, apiCall, apiToken, env, launch, settled, shot, signInAdmin, under, waitForText, withPage } from './lib.mjs'

const stamp = Date.now().toString(36)
const strategic = { title: `合作授牌${stamp}`, owner: 'E2E跟进人', students: '40' }
const code = { table: 'destination', code: String(9000 + randomInt(1000)), year: 2099, name: `E2E测试去向${stamp}`, renamed: `E2E改名去向${stamp}` }

let browser
let admin // the admin's API token
let company // {employer, token, body}: approved

before(async () => {
  browser = await launch()
  admin = await apiToken(env('QIAO_E2E_ADMIN_USER'), env('QIAO_E2E_ADMIN_PASSWORD'))
  company = await registered()
  await apiCall(admin, 'POST', `/admin/employers/${company.employer.id}/review`, { decision: 'approve' })
  // A code no one else uses: valid only from 2099, so no record of today can pick it.
  await apiCall(admin, 'PUT', `/codes/${code.table}/${code.code}`, { name: code.name, category: 'pending', valid_from: code.year })
})

after(async () => {
  await browser?.close()
})

/** The input of an Element Plus field found by its test id (on the input itself, or on its wrapper). */
const field = (page, testid) => page.locator(`input[data-testid="${testid}"], [data-testid="${testid}"] input`).first()


/** The score the index tab shows, once it has been read under `model`. */
async function shownScore(page, model = 'seed') {
  await page.locator(`[data-testid="index-body"][data-model="${model}"]`).waitFor()
  await settled(page)
  return Number(await page.getByTestId('index-score').textContent())
}

test('a strategic interaction raises the seed index by 20 and ranks the employer; a code is renamed', { timeout: 180_000 }, async () => {
  const name = company.body.name
  await withPage(browser, DESKTOP, 'interactions-employer', async (page) => {
    await signInAdmin(page)
    await page.getByTestId('nav-employers').click()
    await page.waitForURL(under('/console/employers'))
    await field(page, 'filter-q').fill(company.body.credit_code)
    await page.getByTestId('filter-search').click()
    const row = page.locator('[data-testid="employers-table"] .el-table__body tr', { hasText: name })
    await waitForText(row, [company.body.credit_code, '已通过'])
    await row.click()
    await page.waitForURL((u) => u.pathname === `/console/employers/${company.employer.id}`)
    await waitForText(page.getByTestId('employer-title'), [name])

    // The index before: the approved registration only.
    await page.getByTestId('employer-tab-index').click()
    const before = await shownScore(page)
    assert.equal(before, 10, 'an approved registration is worth 10 under the seed formula')
    await waitForText(page.getByTestId('index-points-strategic'), ['0'])
    await shot(page, 'interactions-index-before')

    // 深度合作: a strategic interaction (合作授牌) in its own table.
    await page.getByTestId('employer-tab-deep').click()
    await page.getByTestId('log-strategic-add').click()
    const dialog = page.getByTestId('interaction-dialog')
    await dialog.waitFor()
    await waitForText(dialog.getByTestId('interaction-kind'), ['战略合作'])
    await field(page, 'interaction-title').fill(strategic.title)
    await field(page, 'interaction-owner').fill(strategic.owner)
    await field(page, 'interaction-students_covered').fill(strategic.students)
    await shot(page, 'interactions-add-strategic')
    await page.getByTestId('interaction-dialog-submit').click()
    await dialog.waitFor({ state: 'hidden' })
    await waitForText(page.getByTestId('log-strategic'), [strategic.title, strategic.owner, strategic.students])
    await settled(page)
    await shot(page, 'interactions-deep')

    // The index after: 20 more, and the breakdown says where they come from.
    await page.getByTestId('employer-tab-index').click()
    await waitForText(page.getByTestId('index-count-strategic'), ['1'])
    const after = await shownScore(page)
    assert.equal(after, before + 20, 'a strategic interaction adds 20 to the seed index')
    assert.equal(Number(await page.getByTestId('index-points-strategic').textContent()), 20)
    await shot(page, 'interactions-index-after')

    // The list, ranked by the index (no higher than this employer's): at the rank the API gives.
    const ranked = await apiCall(admin, 'GET', `/employers?sort=interaction_index&order=desc&model=seed&index_max=${after}&per_page=200`)
    const rank = ranked.findIndex((e) => e.id === company.employer.id) + 1
    assert.ok(rank >= 1 && rank <= 20, `the employer is on the first page of the ranking (rank ${rank})`)
    await page.getByTestId('nav-employers').click()
    await page.waitForURL((u) => u.pathname === '/console/employers')
    await field(page, 'filter-index-max').fill(String(after))
    await page.getByTestId('filter-search').click()
    await page.locator('[data-testid="employers-table"] th.employers__index').click()
    await page.locator('[data-testid="employers-table"][data-sort="interaction_index-desc"]').waitFor()
    const listed = page.locator('[data-testid="employers-table"] .el-table__body tr', { hasText: name })
    await waitForText(listed, [name, String(after)])
    await settled(page)
    assert.equal(await listed.getByTestId('employer-rank').getAttribute('data-rank'), String(rank))
    await waitForText(listed.getByTestId('employer-rank'), [`第 ${rank} 名`])
    assert.equal((await listed.getByTestId('employer-index').textContent()).trim(), String(after))
    await shot(page, 'interactions-ranked')
  })

  await withPage(browser, DESKTOP, 'interactions-codes', async (page) => {
    await signInAdmin(page)
    await page.getByTestId('nav-codes').click()
    await page.waitForURL(under('/console/codes'))
    const year = field(page, 'codes-year')
    await year.fill(String(code.year))
    await year.press('Enter')
    await field(page, 'filter-q').fill(code.code)
    await page.getByTestId('filter-search').click()
    const row = page.locator('[data-testid="codes-table"] .el-table__body tr', { hasText: code.name })
    await waitForText(row, [code.code, code.name])
    await row.getByTestId('code-edit').click()
    const dialog = page.getByTestId('code-dialog')
    await dialog.waitFor()
    await field(page, 'code-name').fill(code.renamed)
    await page.getByTestId('code-dialog-submit').click()
    await dialog.waitFor({ state: 'hidden' })
    await waitForText(page.locator('[data-testid="codes-table"] .el-table__body tr', { hasText: code.code }), [code.renamed])
    await settled(page)
    await shot(page, 'interactions-code-renamed')
  })

  const codes = await apiCall(admin, 'GET', `/codes/${code.table}?year=${code.year}&q=${code.code}`)
  assert.equal(codes.find((c) => c.code === code.code)?.name, code.renamed, 'the new name is in the code table')
})

test('深度合作: a PDF uploaded to a strategic interaction is listed under it', { timeout: 120_000 }, async () => {
  const other = await registered()
  await apiCall(admin, 'POST', `/admin/employers/${other.employer.id}/review`, { decision: 'approve' })
  const title = `合作授牌存档${stamp}`
  const x = await apiCall(admin, 'POST', `/employers/${other.employer.id}/interactions`, { kind: 'strategic', date: new Date().toISOString().slice(0, 10), title })
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1')
  const name = `授牌证书${stamp}.pdf`
  await withPage(browser, DESKTOP, 'interactions-files', async (page) => {
    await signInAdmin(page)
    await page.goto(`${env('QIAO_BASE_URL').replace(/\/+$/, '')}/console/employers/${other.employer.id}?tab=deep`)
    const row = page.locator('[data-testid="log-strategic"] .el-table__body tr', { hasText: title })
    const files = row.getByTestId('interaction-files')
    await waitForText(files, ['暂无材料'])
    await row.getByTestId('interaction-file-input').setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf })
    await waitForText(files.getByTestId('interaction-file'), [name])
    await settled(page)
    await shot(page, 'interactions-files')
  })
  const listed = await apiCall(admin, 'GET', `/employer-interactions/${x.id}/files`)
  assert.deepEqual(listed.map((f) => [f.name, f.content_type, f.size]), [[name, 'application/pdf', pdf.length]])
})
