import t from 'tap'
import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { BROWSER_SKIP, launchWebBrowser, newWebPage, signInThroughPage } from './web-browser.js'
import { PASSWORD, startMonitoringHub, type MonitoringHub } from './monitoring-hub.js'

const HOUR_MS = 3_600_000

/** A morning at the gate: three residents through, one refused under home observation, one fever; one at building 1. */
function morning(hub: MonitoringHub) {
  const { community } = hub
  const gate = community.gateEdgeId
  const [first, second, third, fourth] = community.residentIds as [string, string, string, string]
  const residents = community.gateDoorIds.residents
  hub.event(gate, { doorId: residents, personId: first })
  hub.event(gate, { doorId: residents, personId: second })
  hub.event(gate, { doorId: community.gateDoorIds.assisted, personId: third })
  const quarantined = hub.event(gate, { doorId: residents, personId: fourth, direction: 'out', decision: { granted: false, reason: 'QUARANTINED' } })
  const fever = hub.event(gate, { doorId: residents, personId: first, decision: { granted: false, reason: 'FEVER' }, temperature: { celsius: 38.3, isFever: true, remeasured: true } })
  hub.event(community.buildingEdgeIds[0]!, { doorId: community.buildingDoorIds[0]!, personId: second })
  return { gate, first, quarantined, fever }
}

async function download(page: Page, click: () => Promise<void>): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()])
  const path = await file.path()
  return readFile(path, 'utf8')
}

t.test('the daily report for a chosen day shows the right counts per gate and grid, prints without the console around it and exports CSV', { skip: BROWSER_SKIP }, async (t) => {
  const hub = await startMonitoringHub(t)
  const { gate } = morning(hub)
  const connection = hub.runtime.database.connection
  const returnee = hub.community.residentIds[5]!
  const returneeGrid = hub.runtime.ingest.queries.gridOfPerson(returnee)
  connection
    .prepare(`INSERT INTO returnees (id, person_id, came_from, arrived_on, transport, health, registered_by_account_id, registered_at_ms) VALUES ('ret-1', ?, '武汉', '2026-03-01', '火车', '无症状', 'acc-admin', ?)`)
    .run(returnee, hub.clock.now())
  connection
    .prepare(`INSERT INTO observation_orders (id, subject_kind, subject_id, starts_at_ms, ends_at_ms, created_by_account_id, created_at_ms) VALUES ('obs-1', 'person', ?, ?, ?, 'acc-admin', ?)`)
    .run(returnee, hub.clock.now(), hub.clock.now() + 14 * 24 * HOUR_MS, hub.clock.now())
  hub.clock.advance(24 * HOUR_MS)
  hub.event(gate, { doorId: hub.community.gateDoorIds.residents, personId: hub.community.residentIds[0]! })

  const browser = await launchWebBrowser(t)
  const page = await newWebPage(browser)
  await page.goto(`${hub.baseUrl}/admin/#/report`)
  await signInThroughPage(page, hub.usernames.admin, PASSWORD)
  const screen = page.locator('[data-screen="daily-report"]')
  await screen.locator('[data-report-date="2026-03-03"]').waitFor()
  t.equal(await screen.locator(`[data-row="gate:${gate}"] td[data-label="通过人次"]`).textContent(), '1', 'today: the one entry after midnight')

  await screen.locator('input[name="date"]').fill('2026-03-02')
  await screen.locator('form button[type="submit"]').click()
  await screen.locator('[data-report-date="2026-03-02"]').waitFor()
  const cell = (row: string, label: string) => screen.locator(`[data-row="${row}"] td[data-label="${label}"]`).textContent()
  t.equal(await cell(`gate:${gate}`, '通过人次'), '3')
  t.equal(await cell(`gate:${gate}`, '拒绝人次'), '2')
  t.equal(await cell(`gate:${gate}`, '发热人次'), '1')
  t.equal(await cell(`door:${hub.community.gateDoorIds.assisted}`, '通过人次'), '1')
  t.equal(await cell(`gate:${hub.community.buildingEdgeIds[0]}`, '通过人次'), '1')
  t.equal(await cell(`grid:${returneeGrid}`, '新登记返回人员'), '1')
  t.equal(await cell(`grid:${returneeGrid}`, '居家观察人数'), '1')
  t.equal(await cell('grid:total', '通过人次'), '4', 'every entry of a known resident counts under their grid')
  t.equal(await cell('grid:total', '发热人次'), '1')

  const csv = await download(page, () => screen.locator('[data-action="export-csv"]').click())
  const lines = csv.split('\r\n')
  t.equal(lines[0], '\ufeffdate,section,id,name,passes,denials,fevers,feverReports,returnees,underObservation')
  t.ok(lines.includes(`2026-03-02,gate,${gate},南门,3,2,1,,,`), 'the gate’s row is in the file')
  t.ok(lines.some((line) => line.startsWith(`2026-03-02,grid,${returneeGrid},`) && line.endsWith(',1,1')))

  await page.emulateMedia({ media: 'print' })
  t.notOk(await page.locator('.app-header').isVisible(), 'the printed page has no console header')
  t.notOk(await screen.locator('form').isVisible(), 'nor the date form')
  t.ok(await screen.locator('.report-sheet').isVisible(), 'only the report')
  await page.emulateMedia({ media: 'screen' })

  await page.locator('.app-header button.lang').click()
  await screen.locator('h1', { hasText: 'Daily report' }).waitFor()
  t.equal(await cell(`gate:${gate}`, 'Passes'), '3', 'the same figures in English')
})

t.test('ledgers filter by outcome and person, page with load more and export CSV; charts draw each gate’s hours', { skip: BROWSER_SKIP }, async (t) => {
  const hub = await startMonitoringHub(t)
  const { gate, first, quarantined, fever } = morning(hub)
  for (let index = 0; index < 100; index += 1) hub.event(gate, { doorId: hub.community.gateDoorIds.returnees, personId: hub.community.residentIds[6]! })
  const browser = await launchWebBrowser(t)
  const page = await newWebPage(browser, { lang: 'en' })
  await page.goto(`${hub.baseUrl}/admin/#/ledger`)
  await signInThroughPage(page, hub.usernames.admin, PASSWORD)
  const screen = page.locator('[data-screen="ledger"]')
  const rows = screen.locator('[data-ledger="entries"] tbody tr')
  await rows.first().waitFor()
  t.equal(await rows.count(), 100, 'a page of 100')
  await screen.locator('[data-action="load-more"]').click()
  await screen.locator(`[data-ledger="entries"] tr[data-row="${quarantined.id}"]`).waitFor()
  t.equal(await rows.count(), 106, 'the rest after load more')
  t.ok(await screen.locator('[data-action="load-more"]').isHidden(), 'nothing more to load')

  await screen.locator('select[name="outcome"]').selectOption('denied')
  await screen.locator('form button[type="submit"]').click()
  await screen.locator(`[data-ledger="entries"] tbody tr >> nth=1`).waitFor()
  t.equal(await rows.count(), 2)
  t.match(await screen.locator(`tr[data-row="${quarantined.id}"]`).textContent(), 'Denied')
  t.match(page.url(), /outcome=denied/, 'the filters are in the address')

  await screen.locator('input[name="person"]').fill(hub.personName(first))
  await screen.locator('form button[type="submit"]').click()
  await page.waitForURL(/personId=/)
  await screen.locator(`tr[data-row="${quarantined.id}"]`).waitFor({ state: 'detached' })
  t.equal(await rows.count(), 1)
  t.match(await screen.locator(`tr[data-row="${fever.id}"]`).textContent(), 'Fever 38.3 °C')
  const csv = await download(page, () => screen.locator('[data-action="export-csv"]').click())
  const lines = csv.trim().split('\r\n')
  t.equal(lines.length, 2, 'the export honours the same filters: header and one row')
  t.match(lines[1], `${first},${hub.personName(first)},38.3,true`)

  await screen.locator('input[name="person"]').fill('没有这个人')
  await screen.locator('form button[type="submit"]').click()
  await screen.locator('[data-field="person"] .field-message.invalid', { hasText: 'Nobody by that name' }).waitFor()
  t.equal(await screen.locator('input[name="person"]').inputValue(), '没有这个人', 'what was typed is kept')

  await page.goto(`${hub.baseUrl}/admin/#/charts`)
  const charts = page.locator('[data-screen="charts"]')
  const bar = charts.locator(`rect[data-series="${gate}"][data-category="10:00"]`)
  await bar.waitFor()
  t.equal(await bar.getAttribute('data-value'), '103', 'the gate’s passes at 10:00 (site time)')
  t.match(await bar.locator('title').textContent(), '10:00 · 南门: 103')
  t.equal(await charts.locator('rect[data-series="fevers"][data-category="03-02"]').getAttribute('data-value'), '1')
  t.equal(await charts.locator('rect[data-series="denials"][data-category="03-02"]').getAttribute('data-value'), '2')
  await charts.locator('details summary').first().click()
  t.equal(await charts.locator('details tr[data-row="10:00"] td[data-label="南门"]').first().textContent(), '103', 'the numbers are readable as a table')
})
