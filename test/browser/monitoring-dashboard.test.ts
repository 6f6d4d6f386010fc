import t from 'tap'
import { BROWSER_SKIP, launchWebBrowser, newWebPage, signInThroughPage } from './web-browser.js'
import { PASSWORD, startMonitoringHub } from './monitoring-hub.js'

t.test('the dashboard follows a checkpoint going offline and back, shows entries live and lets an alert be acknowledged', { skip: BROWSER_SKIP }, async (t) => {
  const hub = await startMonitoringHub(t)
  const gate = hub.community.gateEdgeId
  const browser = await launchWebBrowser(t)
  const page = await newWebPage(browser)
  await page.goto(`${hub.baseUrl}/admin/`)
  await signInThroughPage(page, hub.usernames.admin, PASSWORD)
  const dashboard = page.locator('[data-screen="dashboard"]')
  const tile = dashboard.locator(`[data-checkpoint="${gate}"]`)
  await tile.waitFor()
  t.equal(await tile.getAttribute('data-state'), 'never-seen', 'a gate that never reported is not shown online')
  t.match(await tile.locator('[data-state-badge]').textContent(), '从未连接')
  await dashboard.locator('[data-no-alerts]').waitFor()

  hub.status(gate, { policyVersion: 7, journalBacklog: 0 })
  await dashboard.locator(`[data-checkpoint="${gate}"][data-state="online"]`).waitFor()
  t.equal(await tile.locator('[data-state-badge]').textContent(), '在线')
  await tile.locator('[data-device="thermometer-1"]', { hasText: '测温仪：正常' }).waitFor()

  const resident = hub.community.residentIds[0]!
  const entry = hub.event(gate, { doorId: hub.community.gateDoorIds.residents, personId: resident, temperature: { celsius: 36.4, isFever: false, remeasured: false } })
  const row = dashboard.locator(`[data-live-feed] [data-event-id="${entry.id}"]`)
  await row.waitFor()
  const rowText = (await row.textContent()) ?? ''
  t.match(rowText, hub.personName(resident), 'the entry names the resident')
  t.match(rowText, '南门 residents', 'and the door')
  t.match(rowText, '通过')
  t.match(rowText, '36.4 °C')
  await tile.locator('[data-figure="passes"] .figure-value', { hasText: '1' }).waitFor()

  hub.status(gate, { state: 'offline' })
  await dashboard.locator(`[data-checkpoint="${gate}"][data-state="offline"]`).waitFor()
  const offlineAlert = dashboard.locator('[data-alerts] [data-kind="EDGE_OFFLINE"]')
  await offlineAlert.waitFor()
  t.match(await offlineAlert.textContent(), '卡点离线')
  t.match(await offlineAlert.textContent(), '南门')
  hub.clock.advance(30_000)
  hub.status(gate)
  await dashboard.locator(`[data-checkpoint="${gate}"][data-state="online"]`).waitFor()
  await offlineAlert.waitFor({ state: 'detached' })

  const feverish = hub.community.residentIds[1]!
  const fever = hub.event(gate, { doorId: hub.community.gateDoorIds.residents, personId: feverish, decision: { granted: false, reason: 'FEVER' }, temperature: { celsius: 38.6, isFever: true, remeasured: true } })
  const feverAlert = dashboard.locator('[data-alerts] [data-kind="FEVER"]')
  await feverAlert.waitFor()
  t.match(await feverAlert.textContent(), hub.personName(feverish), 'the fever alert names the person')
  const feverRow = dashboard.locator(`[data-live-feed] [data-event-id="${fever.id}"]`)
  t.match(await feverRow.textContent(), '拒绝：体温异常')
  t.match(await feverRow.textContent(), '发热 38.6 °C')
  await feverAlert.locator('[data-action="acknowledge"]').click()
  await feverAlert.waitFor({ state: 'detached' })
  const stored = hub.runtime.database.connection.prepare("SELECT acknowledged_by_name, cleared_at_ms FROM alerts WHERE kind = 'FEVER'").get() as { acknowledged_by_name: string; cleared_at_ms: number | null }
  t.equal(stored.acknowledged_by_name, '管理员', 'the hub recorded who acknowledged it')
  t.not(stored.cleared_at_ms, null)

  await page.locator('.app-header button.lang').click()
  await dashboard.locator('h1', { hasText: 'Every checkpoint' }).waitFor()
  await dashboard.locator(`[data-checkpoint="${gate}"] [data-state-badge]`, { hasText: 'Online' }).waitFor()
  t.match(await dashboard.locator(`[data-live-feed] [data-event-id="${fever.id}"]`).textContent(), 'Denied')
})

t.test('a grid manager sees other grids’ people masked and no audit log; a landlord no monitoring at all', { skip: BROWSER_SKIP }, async (t) => {
  const hub = await startMonitoringHub(t)
  const gate = hub.community.gateEdgeId
  const otherGrid = hub.community.residentIds.find((personId) => hub.runtime.ingest.queries.gridOfPerson(personId) === hub.community.gridIds[1])!
  const entry = hub.event(gate, { doorId: hub.community.gateDoorIds.residents, personId: otherGrid })
  const browser = await launchWebBrowser(t)
  const page = await newWebPage(browser, { lang: 'en', isPhone: true })
  await page.goto(`${hub.baseUrl}/admin/`)
  await signInThroughPage(page, hub.usernames.gridManager, PASSWORD)
  const row = page.locator(`[data-screen="dashboard"] [data-live-feed] [data-event-id="${entry.id}"]`)
  await row.waitFor()
  t.match(await row.textContent(), 'Someone outside your grid')
  t.notMatch(await row.textContent(), hub.personName(otherGrid))
  t.equal(await page.locator('.app-nav a[href="#/audit"]').count(), 0, 'no audit log for a grid manager')
  t.equal(await page.locator('.app-nav a[href="#/"]').count(), 1)

  const landlord = await newWebPage(browser)
  await landlord.goto(`${hub.baseUrl}/admin/`)
  await signInThroughPage(landlord, hub.usernames.landlord, PASSWORD)
  await landlord.locator('[data-screen="home"]').waitFor()
  t.equal(await landlord.locator('.app-nav a[href="#/"]').count(), 0, 'landlords are not offered the dashboard')
  t.equal(await landlord.locator('[data-screen="dashboard"]').count(), 0)
})
