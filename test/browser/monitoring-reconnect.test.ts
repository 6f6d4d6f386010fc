import t from 'tap'
import { BROWSER_SKIP, launchWebBrowser, newWebPage, signInThroughPage } from './web-browser.js'
import { PASSWORD, startMonitoringHub } from './monitoring-hub.js'

t.test('while the hub restarts the dashboard says it is reconnecting, then catches up with what happened meanwhile', { skip: BROWSER_SKIP }, async (t) => {
  const hub = await startMonitoringHub(t)
  const gate = hub.community.gateEdgeId
  hub.status(gate)
  const browser = await launchWebBrowser(t)
  const page = await newWebPage(browser)
  await page.goto(`${hub.baseUrl}/admin/`)
  await signInThroughPage(page, hub.usernames.admin, PASSWORD)
  const dashboard = page.locator('[data-screen="dashboard"]')
  const banner = dashboard.locator('[data-feed-state]')
  await dashboard.locator('[data-feed-state="live"]').waitFor({ state: 'attached' })
  t.ok(await banner.isHidden(), 'no banner while the feed is live')

  await hub.stop()
  await dashboard.locator('[data-feed-state="reconnecting"]').waitFor()
  t.match(await banner.textContent(), '正在重新连接', 'the secretary is told the numbers stopped moving')

  await hub.start()
  const missed = hub.event(gate, { doorId: hub.community.gateDoorIds.residents, personId: hub.community.residentIds[2]! })
  hub.status(gate, { state: 'offline' })
  await dashboard.locator('[data-feed-state="live"]').waitFor({ state: 'attached' })
  await dashboard.locator(`[data-live-feed] [data-event-id="${missed.id}"]`).waitFor()
  await dashboard.locator(`[data-checkpoint="${gate}"][data-state="offline"]`).waitFor()
  await dashboard.locator('[data-alerts] [data-kind="EDGE_OFFLINE"]').waitFor()
  t.ok(await banner.isHidden(), 'the banner is gone once the feed is back')
})
