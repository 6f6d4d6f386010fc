/**
 * Issue 5 §3 and §5, "the staff view confirms a fever", end to end with real parts: the hub
 * (HubRuntime on a temp dir, HTTP and embedded MQTT on loopback), an edge enrolled through the
 * API and built as its daemon builds itself, a soft-screening gate with a simulated OSDP reader
 * pair (residents' and assisted lane) and a simulated GY-MCU90614 thermometer, and the staff
 * page in Debian's Chromium.
 *
 * The volunteer, signed in on the staff page in Chinese: sees Zhang's suspected fever the kiosk
 * holds, enters 38.6 and confirms; the ledger holds the confirmed fever with her name, and the
 * queue shows it. In English: opens the assisted lane for a wheelchair user with one tap (the
 * gate journals MANUAL_OVERRIDE with her name and the reason); registers Li as a returnee with
 * the four questions and hands over a three-day temporary pass.
 */
import t, { type Test } from 'tap'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { systemClock } from '../../edge/src/adapters/system-clock.js'
import { SimulatedThermometer } from '../../firmware-sim/src/thermometer/simulated-thermometer.js'
import { MultiDropBus } from '../../firmware-sim/src/transports/multi-drop-bus.js'
import { commentLogsOnFailure, enrollEdge, FIRST_SNAPSHOT_WAIT_MS, startEndToEndHub, startEnrolledEdge } from '../integration/hub/end-to-end-rig.js'
import { HubApiClient } from '../integration/hub/hub-api-client.js'
import { nextRelayPulse, storyReader } from '../stories/story-reader.js'
import { BROWSER_SKIP, launchWebBrowser, newWebPage, signInThroughPage } from './web-browser.js'

type Json = Record<string, unknown>

const EDGE_ID = 'gate-north'
const DOOR_ID = 'north-gate'
const ADMIN = { username: 'office-chen', displayName: '陈主任', password: 'correct horse battery staple' }
const VOLUNTEER = { username: 'wang.ayi', displayName: '王阿姨', password: 'gate volunteer 2020 spring' }
const ZHANG_CARD = { facility: 212, card: 7041 }
/** A 1 × 1 PNG: Zhang's photo on file. */
const PHOTO_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
/** Waiting on the page: the edge and the staff-check poll take a few seconds on a busy machine. */
const PAGE_WAIT_MS = 20_000

/** The north gate as the installer wires it: residents' reader and assisted-lane reader on one relay, one thermometer. */
const HARDWARE = {
  osdpBuses: [
    {
      id: 'bus-1',
      link: 'sim://bus-1',
      pollIntervalMs: 5,
      readers: [
        { name: 'north-in', address: 1, security: 'plain' },
        { name: 'assist-in', address: 2, security: 'plain' },
      ],
    },
  ],
  thermometers: [{ id: 'therm-1', link: 'sim://therm-1', staleAfterMs: 300 }],
  doors: {
    [DOOR_ID]: {
      lock: { kind: 'osdp', reader: 'north-in', output: 0 },
      pulseMs: 500,
      entries: [
        { reader: 'north-in', direction: 'in', lane: 'residents' },
        { reader: 'assist-in', direction: 'in', lane: 'assisted' },
      ],
      thermometer: 'therm-1',
    },
  },
}

async function community(t: Test) {
  const dir = t.testdir()
  const hub = await startEndToEndHub(t, join(dir, 'hub'), null)
  const setup = hub.runtime.setup.issueTokenIfNeeded()
  if (setup === null) throw new Error('a fresh hub issues a setup token')
  await new HubApiClient(hub.httpUrl).expect('POST', '/api/setup', { token: setup.token, ...ADMIN })
  const admin = new HubApiClient(hub.httpUrl)
  await admin.signIn(ADMIN.username, ADMIN.password)
  // A quick re-measure keeps the story short; the kiosk still re-measures before it suspects a fever.
  await admin.expect('PUT', '/api/site', { name: '向阳小区', remeasureWaitMs: 50, maxRemeasures: 1 })
  const grid = await admin.expect('POST', '/api/grids', { name: '第一网格' })
  const building = await admin.expect('POST', '/api/buildings', { name: '1号楼', gridId: grid.id })
  const unit = await admin.expect('POST', `/api/buildings/${building.id}/units`, { name: '1单元' })
  const household = await admin.expect('POST', '/api/households', { unitId: unit.id, room: '301' })
  const zhang = await admin.expect('POST', '/api/persons', { displayName: '张建国', role: 'resident', relation: 'owner', householdId: household.id })
  const li = await admin.expect('POST', '/api/persons', { displayName: '李秀英', role: 'resident', relation: 'family', householdId: household.id })
  await admin.expect('POST', `/api/persons/${zhang.id}/photo/base64`, { contentType: 'image/png', dataBase64: PHOTO_PNG }, 200)
  await admin.expect('POST', '/api/edges', { id: EDGE_ID, name: '北门' })
  await admin.expect('POST', `/api/edges/${EDGE_ID}/doors`, { id: DOOR_ID, name: '北门', kind: 'gate', isTemperatureRequired: true, temperatureEnforcement: 'soft' })
  await admin.expect('POST', '/api/credentials', { kind: 'card', format: 'H10301', facility: ZHANG_CARD.facility, cardNumber: ZHANG_CARD.card, personId: zhang.id })
  await admin.expect('POST', '/api/access-rules', { subjectKind: 'household', subjectId: household.id, targetKind: 'door', targetId: DOOR_ID })
  const account = await admin.expect('POST', '/api/accounts', { username: VOLUNTEER.username, displayName: VOLUNTEER.displayName, role: 'gate-staff', checkpointEdgeId: EDGE_ID })
  const volunteer = new HubApiClient(hub.httpUrl)
  await volunteer.signIn(VOLUNTEER.username, String(account.temporaryPassword))
  await volunteer.expect('POST', '/api/me/password', { currentPassword: account.temporaryPassword, newPassword: VOLUNTEER.password }, 204)
  await hub.runtime.distributor.recompileNow('the community is entered')

  const issued = await admin.expect('POST', `/api/edges/${EDGE_ID}/enrollment`, { hardware: HARDWARE })
  const enrolled = await enrollEdge(hub.httpUrl, String(issued.token), join(dir, 'edge'))
  if (enrolled.code !== 0) throw new Error(`enrollment failed: ${enrolled.output.join(' | ')}`)
  const north = storyReader(systemClock, 1)
  const assist = storyReader(systemClock, 2)
  const thermometer = new SimulatedThermometer({ clock: systemClock, random: () => 0.5, intervalMs: 10 })
  thermometer.setScenario('normal')
  const { edge } = await startEnrolledEdge(t, enrolled.configPath, { 'bus-1': new MultiDropBus([north, assist]), 'therm-1': thermometer })
  commentLogsOnFailure(t, { hub: hub.log, edge: edge.log })
  await hub.policyCurrent(EDGE_ID, 1, FIRST_SNAPSHOT_WAIT_MS)
  return { hub, admin, edge, north, thermometer, zhang, li }
}

async function ledgerEvent(admin: HubApiClient, query: string, what: (event: Json) => boolean): Promise<Json | undefined> {
  const { events } = await admin.expect<{ events: Json[] }>('GET', `/api/events?edgeId=${EDGE_ID}&${query}`)
  return events.find(what)
}

async function signedInStaffPage(t: Test, baseUrl: string): Promise<Page> {
  const browser = await launchWebBrowser(t)
  const page = await newWebPage(browser, { isPhone: true })
  page.setDefaultTimeout(PAGE_WAIT_MS)
  await page.goto(`${baseUrl}/staff/`)
  await signInThroughPage(page, VOLUNTEER.username, VOLUNTEER.password)
  return page
}

t.test('the staff view confirms a fever, opens the assisted lane with a reason and registers a returnee with a temporary pass', { skip: BROWSER_SKIP }, async (t) => {
  const { hub, admin, edge, north, thermometer, zhang, li } = await community(t)
  const page = await signedInStaffPage(t, hub.httpUrl)
  const queue = page.locator('[data-screen="staff-queue"]')
  await queue.locator('h1', { hasText: '北门' }).waitFor()
  await queue.locator('[data-live-state="live"]', { hasText: '实时' }).waitFor()
  t.equal(await page.locator('.app-title').textContent(), '卡点值守', 'Chinese by default')

  // 1. Zhang's forehead reads 38.4 twice: the soft lane holds him for the volunteer's contact reading.
  thermometer.setSubject(38.4)
  north.presentCard(ZHANG_CARD)
  await edge.waitForAlarm('FEVER_SUSPECTED')
  const check = queue.locator(`[data-staff-check][data-door="${DOOR_ID}"]`)
  await check.locator('h2', { hasText: '体温异常，请复测' }).waitFor()
  t.match(await check.textContent(), /测温仪读数 3[89]\.\d °C/, 'the volunteer sees what the kiosk read')

  await check.locator('input[name="contactCelsius"]').fill('38.6')
  await check.locator('button[type="submit"]').click()
  await check.locator('.staff-check-verdict', { hasText: '38.6 °C：发烧（37.3 °C 及以上）' }).waitFor()
  t.equal(await check.locator('[data-action="clear-fever"]').count(), 0, 'a fever reading offers only "confirm"')
  await check.locator('[data-action="confirm-fever"]').click()

  const confirmed = await edge.waitForEvent('the confirmed fever', (event) => (event.decision as Json).reason === 'FEVER')
  t.match(confirmed, { personId: zhang.id, decision: { granted: false }, actor: { kind: 'staff', name: VOLUNTEER.displayName }, note: 'staff check 38.6 °C confirmed' }, 'the gate decided again with the reading, in her name')
  await hub.until('the fever in the ledger', () => (hub.ledgerCount(String(confirmed.id)) > 0 ? true : undefined))
  t.match(
    await ledgerEvent(admin, 'reason=FEVER', (event) => event.id === confirmed.id),
    { granted: false, personId: zhang.id, personName: '张建国', temperature: { celsius: 38.6, isFever: true }, actor: { kind: 'staff', name: '王阿姨' }, note: 'staff check 38.6 °C confirmed' },
    'the ledger shows the confirmed fever with the staff member’s name',
  )
  const latest = queue.locator(`[data-latest="${String(confirmed.id)}"]`)
  await latest.waitFor()
  t.equal(await latest.locator('[data-person-name]').textContent(), '张建国')
  t.match(await latest.textContent(), /不能通行.*体温异常，请到复测点.*38\.6 °C.*工作人员：王阿姨/s, 'the queue shows who, the reading, the verdict in words, and who checked')
  const photo = await latest.locator('img.staff-photo').evaluate((image) => ({ complete: (image as unknown as { complete: boolean }).complete, width: (image as unknown as { naturalWidth: number }).naturalWidth }))
  t.same(photo, { complete: true, width: 1 }, "Zhang's photo is shown")
  await check.waitFor({ state: 'detached' })

  // 2. In English: the assisted lane opened for a wheelchair user with one tap.
  await page.locator('.app-header button.lang').click()
  await page.locator('.app-nav a', { hasText: 'Open by hand' }).click()
  const open = page.locator('[data-screen="staff-open"]')
  await open.locator('h1', { hasText: 'Assisted lane: open by hand' }).waitFor()
  const pulsed = nextRelayPulse(north, 'the gate relay for the wheelchair user')
  await open.locator('[data-reason="wheelchair"]').click()
  await open.locator(`[data-opened="${DOOR_ID}"]`, { hasText: 'Opened: 北门 (Wheelchair)' }).waitFor()
  await pulsed
  const manual = await edge.waitForEvent('the manual opening', (event) => (event.decision as Json).reason === 'MANUAL_OVERRIDE')
  await hub.until('the opening in the ledger', () => (hub.ledgerCount(String(manual.id)) > 0 ? true : undefined))
  t.match(
    await ledgerEvent(admin, 'reason=MANUAL_OVERRIDE', (event) => event.id === manual.id),
    { lane: 'assisted', granted: true, credential: { kind: 'manual' }, actor: { kind: 'staff', name: '王阿姨' }, note: '轮椅 wheelchair' },
    "the gate's log has the opening with her name and the reason",
  )

  // 3. The returnee lane: Li came back by train; three-day temporary pass.
  await page.locator('.app-nav a', { hasText: 'Returnees' }).click()
  const returnee = page.locator('[data-screen="staff-returnee"]')
  await returnee.locator('[data-choice="registered"]').click()
  await returnee.locator('input[name="query"]').fill('李秀')
  await returnee.locator('button[type="submit"]').click()
  await returnee.locator(`[data-person="${String(li.id)}"]`).click()
  await returnee.locator('h2', { hasText: 'Registering 李秀英' }).waitFor()
  await returnee.locator('button[type="submit"]').click()
  await returnee.locator('[data-field="cameFrom"] .field-message.invalid', { hasText: 'Please fill this in' }).waitFor()
  await returnee.locator('input[name="cameFrom"]').fill('湖北省武汉市')
  await returnee.locator('input[name="transportDetail"]').fill('G1234')
  await returnee.locator('input[name="hasVisitedRiskArea"]').check()
  await returnee.locator('button[type="submit"]').click()
  await returnee.locator('.staff-done', { hasText: 'Registered: 李秀英' }).waitFor()
  t.equal(await returnee.locator('.staff-concern').count(), 1, 'a risk-area stay is flagged for the grid manager')
  const passNumber = await returnee.locator('[data-pass-number]').getAttribute('data-pass-number')
  t.match(passNumber, /^R[0-9A-Z]{12}$/, 'the pass number is shown for the paper pass')
  const { items: registrations } = await admin.expect<{ items: Json[] }>('GET', `/api/returnees?personId=${String(li.id)}`)
  t.match(registrations, [{ personId: li.id, cameFrom: '湖北省武汉市', transport: { mode: 'train', detail: 'G1234' }, hasHealthConcern: true }], 'the four questions are on record')
  const { items: passes } = await admin.expect<{ items: Json[] }>('GET', `/api/credentials?personId=${String(li.id)}&kind=entry-pass`)
  t.equal(passes.length, 1, 'one entry pass issued')
  const [pass] = passes as [Json]
  t.equal(Number(pass.validUntilMs) - Number(pass.validFromMs), 3 * 86_400_000, 'valid for three days')
})
