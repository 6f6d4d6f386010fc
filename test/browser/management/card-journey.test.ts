/**
 * Issue 5 §5, the first journey: the admin creates a resident and a card in the admin console →
 * the card opens the simulated gate → the entry appears on the dashboard live. All real parts:
 * the hub (HubRuntime, embedded broker, SQLite), an edge enrolled through the API and built as
 * its daemon builds itself, a simulated OSDP reader driving the gate's relay, and Debian's
 * Chromium. The community around the resident (site, building, gate, the rule "residents may pass
 * every gate") is entered through the API; the resident and the card only through the screens.
 */
import t from 'tap'
import { join } from 'node:path'
import { systemClock } from '../../../edge/src/adapters/system-clock.js'
import { MultiDropBus } from '../../../firmware-sim/src/transports/multi-drop-bus.js'
import { nextRelayPulse, storyReader } from '../../stories/story-reader.js'
import { FIRST_SNAPSHOT_WAIT_MS, commentLogsOnFailure, enrollEdge, startEndToEndHub, startEnrolledEdge } from '../../integration/hub/end-to-end-rig.js'
import { HubApiClient } from '../../integration/hub/hub-api-client.js'
import { BROWSER_SKIP, launchWebBrowser, newWebContext, signInThroughPage } from '../web-browser.js'

type Json = Record<string, unknown>

const ADMIN = { username: 'office-chen', displayName: '陈主任', password: 'correct horse battery staple' }
const EDGE_ID = 'gate-north'
const DOOR_ID = 'north-gate'
const CARD = { facility: 212, card: 7041 }
const HARDWARE = {
  osdpBuses: [{ id: 'bus-1', link: 'sim://bus-1', pollIntervalMs: 5, readers: [{ name: 'gate-in', address: 1, security: 'plain' }] }],
  doors: { [DOOR_ID]: { lock: { kind: 'osdp', reader: 'gate-in', output: 0 }, pulseMs: 500, entries: [{ reader: 'gate-in', direction: 'in' }] } },
}

t.test('the admin creates a resident and a card in the console, the card opens the simulated gate, and the entry appears on the dashboard live', { skip: BROWSER_SKIP }, async (t) => {
  const dir = t.testdir()
  const hub = await startEndToEndHub(t, join(dir, 'hub'), null)
  const setup = hub.runtime.setup.issueTokenIfNeeded()
  if (setup === null) throw new Error('a fresh hub issues a setup token')
  await new HubApiClient(hub.httpUrl).expect('POST', '/api/setup', { token: setup.token, ...ADMIN })
  const admin = new HubApiClient(hub.httpUrl)
  await admin.signIn(ADMIN.username, ADMIN.password)
  await admin.expect('PUT', '/api/site', { name: '向阳小区' })
  const grid = await admin.expect('POST', '/api/grids', { name: '第一网格' })
  const building = await admin.expect('POST', '/api/buildings', { name: '1号楼', gridId: grid.id })
  const unit = await admin.expect('POST', `/api/buildings/${String(building.id)}/units`, { name: '1单元' })
  const household = await admin.expect('POST', '/api/households', { unitId: unit.id, room: '301' })
  await admin.expect('POST', '/api/edges', { id: EDGE_ID, name: '北门' })
  await admin.expect('POST', `/api/edges/${EDGE_ID}/doors`, { id: DOOR_ID, name: '北门居民通道', kind: 'gate', lane: 'residents' })
  await admin.expect('POST', '/api/access-rules', { subjectKind: 'role', subjectId: 'resident', targetKind: 'gates' })
  const issued = await admin.expect('POST', `/api/edges/${EDGE_ID}/enrollment`, { hardware: HARDWARE })
  const enrolled = await enrollEdge(hub.httpUrl, String(issued.token), join(dir, 'edge'))
  t.equal(enrolled.code, 0, enrolled.code === 0 ? 'the gate enrolled' : `the gate enrolled: ${enrolled.output.join(' | ')}`)
  const reader = storyReader(systemClock, 1)
  const { edge } = await startEnrolledEdge(t, enrolled.configPath, { 'bus-1': new MultiDropBus([reader]) })
  commentLogsOnFailure(t, { hub: hub.log, edge: edge.log })
  const before = await hub.policyCurrent(EDGE_ID, 1, FIRST_SNAPSHOT_WAIT_MS)

  // The admin, in the console: the household's page → add a member → the card on their page.
  const browser = await launchWebBrowser(t)
  const context = await newWebContext(browser)
  const office = await context.newPage()
  await office.goto(`${hub.httpUrl}/admin/#/places/households/${String(household.id)}`)
  await signInThroughPage(office, ADMIN.username, ADMIN.password)
  await office.locator('[data-screen="household"] [data-action="add-member"]').click()
  const form = office.locator('[data-screen="new-person"] form')
  await form.locator('input[name="displayName"]').fill('张建国')
  await form.locator('select[name="relation"]').selectOption('owner')
  await form.locator('input[name="phone"]').fill('13812345678')
  await form.locator('button[type="submit"]').click()
  const person = office.locator('[data-screen="person"]')
  await person.locator('.person-name', { hasText: '张建国' }).waitFor()
  await person.locator('[data-action="issue-card"]').click()
  const dialog = office.locator('[data-dialog="issue-card"]')
  await dialog.locator('input[name="facility"]').fill(String(CARD.facility))
  await dialog.locator('input[name="cardNumber"]').fill(String(CARD.card))
  await dialog.locator('button[type="submit"]').click()
  const cardRow = person.locator('[data-panel="credentials"] tbody tr', { hasText: `${CARD.facility}:${CARD.card}` })
  await cardRow.waitFor()
  const updated = await hub.policyCurrent(EDGE_ID, (before.latestVersion ?? 0) + 1)
  t.ok((updated.latestVersion ?? 0) > (before.latestVersion ?? 0), 'the new card reached the gate in a new policy version')

  // The dashboard, open in another tab and following the live feed.
  const dashboard = await context.newPage()
  await dashboard.goto(`${hub.httpUrl}/admin/#/`)
  await dashboard.locator('[data-feed-state="live"]').waitFor({ state: 'attached' })
  await dashboard.locator('[data-live-feed] .empty').waitFor()

  const pulsed = nextRelayPulse(reader, 'the gate relay for the new card')
  reader.presentCard(CARD)
  const granted = await edge.waitForEvent('the new card granted', (event) => (event.decision as Json).granted === true)
  await pulsed
  t.match(granted, { doorId: DOOR_ID, decision: { granted: true, reason: 'GRANTED' } }, 'the gate opened for the card made in the console')
  const row = dashboard.locator(`[data-live-feed] [data-event-id="${String(granted.id)}"]`)
  await row.waitFor()
  t.match(await row.textContent(), /张建国/, 'the entry appears on the dashboard live, with the resident’s name')
  t.equal(await dashboard.locator('[data-live-feed] [data-event-id]').count(), 1, 'once')

  await office.reload()
  const lastUsed = office.locator(`[data-panel="credentials"] [data-last-used="${DOOR_ID}"]`)
  await lastUsed.waitFor()
  t.match(await lastUsed.textContent(), /^北门居民通道 · /, 'the card’s page says where it was last used')
})
