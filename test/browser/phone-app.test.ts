/**
 * Issue 5 §4–§5, the resident's phone in a real Chromium (phone-sized), against the real hub and a
 * real edge over a simulated OSDP bus and a simulated QR scanner (test/integration/hub/end-to-end-rig.ts):
 *
 * - the office issues a one-time link; the phone page enrols (a real WebCrypto Ed25519 key), its
 *   open button opens the gate (the relay pulses), the page says "opened" and the ledger has it;
 *   the page's dynamic pass code, read off the screen by an independent QR reader, opens the gate
 *   at the edge's own scanner and verifier, and the same code scanned again is refused;
 * - an observation order: the phone shows the days left; the exit door refuses with the kiosk's
 *   words for QUARANTINED; time moves past the release date (one warp clock for hub, edge and
 *   page); now the exit opens.
 */
import t, { type Test } from 'tap'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { MultiDropBus } from '../../firmware-sim/src/transports/multi-drop-bus.js'
import { SimulatedQrScanner } from '../../firmware-sim/src/qr/simulated-qr-scanner.js'
import { matrixFromSvgPath, readQrMatrix } from '../fakes/qr-code-reader.js'
import { FIRST_SNAPSHOT_WAIT_MS, commentLogsOnFailure, enrollEdge, relayAtRest, startEndToEndHub, startEnrolledEdge, type EndToEndHub } from '../integration/hub/end-to-end-rig.js'
import { HubApiClient } from '../integration/hub/hub-api-client.js'
import { nextRelayPulse, storyReader } from '../stories/story-reader.js'
import { WarpClock } from '../stories/warp-clock.js'
import { BROWSER_SKIP, launchWebBrowser, newWebContext } from './web-browser.js'

type Json = Record<string, any>

const EDGE_ID = 'gate-north'
const GATE = 'north-gate'
const EXIT = 'north-exit'
const DAY_MS = 24 * 60 * 60_000
const ADMIN = { username: 'office-chen', displayName: '陈主任', password: 'correct horse battery staple' }

/** One OSDP reader per door on one bus, and the gate's QR scanner for phones without signal. */
const HARDWARE = {
  osdpBuses: [{ id: 'bus-1', link: 'sim://bus-1', pollIntervalMs: 5, readers: [{ name: 'gate-in', address: 1, security: 'plain' }, { name: 'gate-out', address: 2, security: 'plain' }] }],
  qrScanners: [{ id: 'north-qr', link: 'sim://north-qr' }],
  doors: {
    [GATE]: { lock: { kind: 'osdp', reader: 'gate-in', output: 0 }, pulseMs: 500, entries: [{ reader: 'gate-in', direction: 'in' }], qrScanner: 'north-qr' },
    [EXIT]: { lock: { kind: 'osdp', reader: 'gate-out', output: 0 }, pulseMs: 500, entries: [{ reader: 'gate-out', direction: 'out' }] },
  },
}

async function community(t: Test) {
  const clock = new WarpClock()
  const dir = t.testdir()
  const hub = await startEndToEndHub(t, join(dir, 'hub'), null, clock)
  const setup = hub.runtime.setup.issueTokenIfNeeded()
  if (setup === null) throw new Error('a fresh hub issues a setup token')
  await new HubApiClient(hub.httpUrl).expect('POST', '/api/setup', { token: setup.token, ...ADMIN })
  const admin = new HubApiClient(hub.httpUrl)
  await admin.signIn(ADMIN.username, ADMIN.password)
  await admin.expect('PUT', '/api/site', { name: '向阳小区' })
  const grid = await admin.expect('POST', '/api/grids', { name: '第一网格' })
  const building = await admin.expect('POST', '/api/buildings', { name: '1号楼', gridId: grid.id })
  const unit = await admin.expect('POST', `/api/buildings/${building.id}/units`, { name: '1单元' })
  const household = await admin.expect('POST', '/api/households', { unitId: unit.id, room: '301' })
  const zhang = await admin.expect('POST', '/api/persons', { displayName: '张建国', role: 'resident', relation: 'owner', householdId: household.id })
  const li = await admin.expect('POST', '/api/persons', { displayName: '李秀英', role: 'resident', relation: 'family', householdId: household.id })
  await admin.expect('POST', '/api/edges', { id: EDGE_ID, name: 'North gate' })
  await admin.expect('POST', `/api/edges/${EDGE_ID}/doors`, { id: GATE, name: '北门', kind: 'gate' })
  await admin.expect('POST', `/api/edges/${EDGE_ID}/doors`, { id: EXIT, name: '北门出口', kind: 'gate' })
  for (const person of [zhang, li]) {
    for (const door of [GATE, EXIT]) await admin.expect('POST', '/api/access-rules', { subjectKind: 'person', subjectId: person.id, targetKind: 'door', targetId: door })
  }
  await hub.runtime.distributor.recompileNow('the community is entered')
  const issued = await admin.expect('POST', `/api/edges/${EDGE_ID}/enrollment`, { hardware: HARDWARE })
  const enrolled = await enrollEdge(hub.httpUrl, String(issued.token), join(dir, 'edge'))
  if (enrolled.code !== 0) throw new Error(`edge enrolment failed: ${enrolled.output.join(' | ')}`)
  const gateReader = storyReader(clock, 1)
  const exitReader = storyReader(clock, 2)
  const scanner = new SimulatedQrScanner()
  const { edge } = await startEnrolledEdge(t, enrolled.configPath, { 'bus-1': new MultiDropBus([gateReader, exitReader]), 'north-qr': scanner }, clock)
  commentLogsOnFailure(t, { hub: hub.log, edge: edge.log })
  await hub.policyCurrent(EDGE_ID, 1, FIRST_SNAPSHOT_WAIT_MS)
  return { clock, hub, admin, edge, zhang, li, gateReader, exitReader, scanner }
}

/** The office issues the link; the phone opens it and enrols; resolves on the doors screen once the edge holds the new key. */
async function enrolPhone(hub: EndToEndHub, admin: HubApiClient, page: Page, baseUrl: string, personId: string): Promise<string> {
  const versionBefore = hub.runtime.distributor.status().find((status) => status.edgeId === EDGE_ID)?.latestVersion ?? 0
  const link = await admin.expect<Json>('POST', `/api/persons/${personId}/phone-enrollment`)
  await page.goto(`${baseUrl}${link.path}`)
  await page.locator('[data-screen="enrol"] h1', { hasText: '绑定这部手机' }).waitFor()
  await page.locator('[data-action="enrol"]').click()
  await page.locator('[data-screen="doors"] button[data-door]').first().waitFor()
  await hub.policyCurrent(EDGE_ID, versionBefore + 1)
  return String(link.token)
}

async function ledgered(hub: EndToEndHub, what: string, personId: string, doorId: string, isGranted: boolean): Promise<Json> {
  const sql = 'SELECT id, reason FROM access_events WHERE person_id = ? AND door_id = ? AND is_granted = ? ORDER BY feed_seq DESC LIMIT 1'
  return hub.until(what, () => hub.runtime.database.connection.prepare(sql).get(personId, doorId, isGranted ? 1 : 0) as Json | undefined)
}

t.test('the resident phone app against the real hub and gate', { skip: BROWSER_SKIP }, async (t) => {
  const rig = await community(t)
  const { hub, admin, edge, clock } = rig
  const browser = await launchWebBrowser(t)

  await t.test('a resident enrols a phone and opens the gate from it; its pass code opens the gate once', async (t) => {
    const context = await newWebContext(browser, { isPhone: true })
    const page = await context.newPage()
    await context.clock.install({ time: clock.now() })
    const token = await enrolPhone(hub, admin, page, hub.httpUrl, String(rig.zhang.id))
    t.equal(await page.locator('.app-tools .who').textContent(), '张建国', 'the phone is signed in as the resident')
    // Runs in the page (the DOM's indexedDB), typed for Node's compiler.
    const key = await page.evaluate(
      () =>
        new Promise<{ keyId: string; isExtractable: boolean; type: string }>((resolve, reject) => {
          const open = (globalThis as unknown as { indexedDB: { open(name: string): any } }).indexedDB.open('gatehouse-phone')
          open.onsuccess = () => {
            const request = open.result.transaction('keys').objectStore('keys').get('phone')
            request.onsuccess = () => resolve({ keyId: request.result.keyId, isExtractable: request.result.privateKey.extractable, type: request.result.privateKey.algorithm.name })
            request.onerror = () => reject(request.error)
          }
        }),
    )
    t.match(key, { keyId: /^pk-[0-9a-f]{16}$/, isExtractable: false, type: 'Ed25519' }, 'the private key lives in IndexedDB and cannot be read out')

    const pulsed = nextRelayPulse(rig.gateReader, 'the gate relay for the phone')
    await page.locator(`button[data-door="${GATE}"]`).click()
    await page.locator('[data-result].granted', { hasText: '已开门：北门' }).waitFor()
    await pulsed
    t.match(await ledgered(hub, 'the phone opening in the ledger', String(rig.zhang.id), GATE, true), { reason: 'GRANTED' }, 'the ledger has the opening')

    const again = await new HubApiClient(hub.httpUrl).request('POST', '/api/phone-enrollment', { token, publicKey: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' })
    t.match(again, { status: 410, body: { error: { code: 'ENROLMENT_LINK_USED' } } }, 'the link does not work a second time')

    await page.locator('[data-action="pass-code"]').click()
    const svg = page.locator('[data-screen="pass-code"] svg.qr-code')
    await svg.waitFor()
    const size = Number(await svg.getAttribute('data-qr-size'))
    const margin = Number(await svg.getAttribute('data-qr-margin'))
    const line = readQrMatrix(matrixFromSvgPath(String(await svg.locator('path').getAttribute('d')), margin, size)).text
    t.match(line, new RegExp(`^GH1\\.${key.keyId}\\.\\d+\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{86}$`), 'the code on the screen is the GH1 line of this phone')
    await relayAtRest(rig.gateReader)
    const scannedPulse = nextRelayPulse(rig.gateReader, 'the gate relay for the pass code')
    const eventsBefore = edge.events().length
    rig.scanner.scan(line)
    const granted = await edge.waitForNthEvent(eventsBefore + 1)
    await scannedPulse
    t.match(granted, { doorId: GATE, personId: rig.zhang.id, decision: { granted: true } }, "the edge's own scanner and verifier accept the page's code")
    rig.scanner.scan(line)
    const replayed = await edge.waitForNthEvent(eventsBefore + 2)
    t.match(replayed, { decision: { granted: false, reason: 'REPLAYED' } }, 'the same code scanned again is refused')

    await page.locator('html[data-offline-ready="true"]').waitFor({ state: 'attached' })
    t.pass('the app files are kept on the phone for use without a network')
  })

  await t.test('observation order: the exit refuses QUARANTINED in words, and opens after the release date', async (t) => {
    await admin.expect('POST', '/api/observation-orders', { subjectKind: 'person', subjectId: rig.li.id, days: 14, reason: '返乡' })
    const context = await newWebContext(browser, { isPhone: true })
    const page = await context.newPage()
    await context.clock.install({ time: clock.now() })
    await enrolPhone(hub, admin, page, hub.httpUrl, String(rig.li.id))
    await page.locator('.due-banner[data-due]').waitFor()
    await page.locator('.app-nav a[href="#/health"]').click()
    t.equal(await page.locator(`[data-screen="health"] [data-person="${rig.li.id}"] [data-days-left]`).getAttribute('data-days-left'), '14', 'the phone shows 14 days left')

    await page.locator('.app-nav a[href="#/doors"]').click()
    await page.locator(`button[data-door="${EXIT}"]`).click()
    await page.locator('[data-result].denied', { hasText: '居家观察期间请勿外出' }).waitFor()
    t.match(await ledgered(hub, 'the refusal in the ledger', String(rig.li.id), EXIT, false), { reason: 'QUARANTINED' }, 'the gate refused QUARANTINED and the ledger has it')

    clock.advance(15 * DAY_MS)
    await page.clock.setSystemTime(clock.now())
    await page.locator('.app-nav a[href="#/health"]').click()
    await page.locator('[data-screen="health"] .notice', { hasText: '您家里没有人在居家观察' }).waitFor()
    await page.locator('.app-nav a[href="#/doors"]').click()
    const pulsed = nextRelayPulse(rig.exitReader, 'the exit relay after release')
    await page.locator(`button[data-door="${EXIT}"]`).click()
    await page.locator('[data-result].granted', { hasText: '已开门：北门出口' }).waitFor()
    await pulsed
    t.match(await ledgered(hub, 'the exit in the ledger', String(rig.li.id), EXIT, true), { reason: 'GRANTED' }, 'after the release date the exit opens')
  })
})
