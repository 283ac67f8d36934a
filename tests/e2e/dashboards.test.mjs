// The two dashboards of issue 7 in a real browser: the admin opens the graduate destinations
// dashboard (every chart draws; a click in a college's column drills into that college, which
// the breadcrumb then shows) and the employer portrait (every chart draws, the map of China
// among them; a click on an industry's bar sets the industry filter, and the button opens the
// employer list under that filter).
// Env as fairs.test.mjs (QIAO_BASE_URL, the e2e admin); the year's rates and the employers come
// from what the other tests registered.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { DESKTOP, apiCall, apiToken, env, launch, settled, shot, signInAdmin, under, waitForText, withPage } from './lib.mjs'

const year = new Date().getFullYear()
let browser
let admin // the admin's API token

before(async () => {
  browser = await launch()
  admin = await apiToken(env('QIAO_E2E_ADMIN_USER'), env('QIAO_E2E_ADMIN_PASSWORD'))
})

after(async () => {
  await browser?.close()
})


/** Waits until each of the `count` chart cards holds a drawn chart (a canvas or an svg). */
async function allDrawn(page, count) {
  const cards = page.getByTestId('dashboard-chart')
  await page.waitForFunction(
    (n) => {
      const all = [...document.querySelectorAll('[data-testid="dashboard-chart"]')]
      return all.length === n && all.every((card) => card.querySelector('canvas, svg:not(.circular)'))
    },
    count,
  )
  await settled(page)
  return cards
}

/**
 * Clicks the middle of column `index` of the category chart drawn in `card` (grid insets as in
 * the chart's option: `left`, `right`, `top`, `bottom`; `shown` columns in view).
 */
async function clickColumn(card, index, shown, { left, right, top, bottom }) {
  const canvas = card.locator('canvas').first()
  const box = await canvas.boundingBox()
  const width = (box.width - left - right) / shown
  await canvas.click({ position: { x: left + width * (index + 0.5), y: top + (box.height - top - bottom) / 2 } })
}

test('the destinations dashboard draws every chart and drills into a college', { timeout: 120_000 }, async () => {
  const colleges = await apiCall(admin, 'GET', `/stats/employment?year=${year}&group_by=college`)
  assert.ok(colleges.length > 0, `no rates for ${year}: the other tests register its students`)
  await withPage(browser, DESKTOP, 'dashboards-destinations', async (page) => {
    await signInAdmin(page)
    await page.getByTestId('nav-destinations').click()
    await page.waitForURL(under('/console/stats/destinations'))
    const cards = await allDrawn(page, 8)
    await shot(page, 'dashboards-destinations')

    // The rates by college come first; their grid as RateChart draws it (a slider past 14 rows).
    const many = colleges.length > 14
    await clickColumn(cards.first(), 0, Math.min(colleges.length, 14), { left: 48, right: 16, top: 24, bottom: many ? 96 : 72 })
    await waitForText(page.getByTestId('drill-college'), [colleges[0].label])
    await waitForText(page.getByTestId('drill-path'), [String(year), colleges[0].label])
    await allDrawn(page, 8)
    await shot(page, 'dashboards-destinations-college')
  })
})

test('the employer portrait draws every chart, filters by a click and opens the employer list', { timeout: 120_000 }, async () => {
  const industries = await apiCall(admin, 'GET', '/stats/employers?by=industry')
  const index = industries.findIndex((row) => row.key !== '')
  assert.ok(index >= 0, 'no approved employer with an industry: the other tests register them')
  const industry = industries[index]
  await withPage(browser, DESKTOP, 'dashboards-portrait', async (page) => {
    await signInAdmin(page)
    await page.getByTestId('nav-portrait').click()
    await page.waitForURL(under('/console/stats/employers'))
    await allDrawn(page, 6)
    await shot(page, 'dashboards-portrait')

    const chart = page.locator('[data-testid="dashboard-chart"][data-chart="industry"]')
    await clickColumn(chart, index, Math.min(industries.length, 14), { left: 48, right: 16, top: 36, bottom: industries.length > 14 ? 96 : 72 })
    await waitForText(page.getByTestId('portrait-industry'), [industry.label])
    await allDrawn(page, 6)
    await shot(page, 'dashboards-portrait-industry')

    await page.getByTestId('portrait-open-list').click()
    await page.waitForURL((u) => u.pathname === '/console/employers' && u.searchParams.get('industry') === industry.key)
    const rows = page.locator('[data-testid="employers-table"] .el-table__body tr')
    await rows.first().waitFor()
    await waitForText(rows.first(), [industry.label])
    await waitForText(page.getByTestId('filter-industry'), [industry.label])
    await shot(page, 'dashboards-employers-list')
  })
})

test('a click on a spoke of the portrait\'s radar filters by that kind of interaction, and the employer list opens under it', { timeout: 120_000 }, async () => {
  // The radar's first spoke points straight up (ECharts' default start angle): registration.
  const [newest] = await apiCall(admin, 'GET', '/employers?status=approved&interaction_kind=registration&per_page=1')
  assert.ok(newest, 'no approved employer: the other tests register them')
  await withPage(browser, DESKTOP, 'dashboards-portrait-kind', async (page) => {
    await signInAdmin(page)
    await page.getByTestId('nav-portrait').click()
    await page.waitForURL(under('/console/stats/employers'))
    await allDrawn(page, 6)
    const select = page.getByTestId('portrait-interaction_kind')
    const unset = (await select.textContent()) ?? ''

    // The spoke's name lies past the radar's edge (center 50% 52%, radius 66% of half the
    // shorter side, the name 16px further): move up over it until the cursor says it is clickable.
    const canvas = page.locator('[data-testid="dashboard-chart"][data-chart="kind"] canvas').first()
    await canvas.scrollIntoViewIfNeeded()
    const box = await canvas.boundingBox()
    const x = box.width / 2
    const edge = box.height * 0.52 - (Math.min(box.width, box.height) / 2) * 0.66
    let y = edge - 6
    for (; y > edge - 50; y -= 2) {
      await page.mouse.move(box.x + x, box.y + y)
      if ((await canvas.evaluate((c) => getComputedStyle(c).cursor)) === 'pointer') break
    }
    assert.ok(y > edge - 50, 'no clickable name above the radar\'s top spoke')
    await canvas.click({ position: { x, y } })
    await page.waitForFunction((text) => document.querySelector('[data-testid="portrait-interaction_kind"]').textContent !== text, unset)
    const kind = ((await select.textContent()) ?? '').trim()
    await allDrawn(page, 6)
    await shot(page, 'dashboards-portrait-kind')

    // the list shows the filter and asks the API for it
    const asked = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/employers' && new URL(r.url()).searchParams.get('interaction_kind') === 'registration')
    await page.getByTestId('portrait-open-list').click()
    await page.waitForURL((u) => u.pathname === '/console/employers' && u.searchParams.get('interaction_kind') === 'registration')
    await asked
    await waitForText(page.getByTestId('filter-interaction_kind'), [kind])
    const rows = page.locator('[data-testid="employers-table"] .el-table__body tr')
    await rows.first().waitFor()
    await waitForText(rows.first(), [newest.name])
    await shot(page, 'dashboards-employers-kind')
  })
})
