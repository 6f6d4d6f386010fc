/**
 * Issue 5 §5, "visitor invite → the visitor's QR opens the gate but not another building", in a
 * real Chromium against the real hub and a real edge enrolled through the API, deciding at
 * simulated OSDP readers and simulated serial QR scanners:
 *
 * the visitor opens the poster's address on a phone-sized page and fills the form (a refusal in
 * Chinese keeps what they typed); Zhang approves on his phone app; the visitor's page shows the
 * pass; what its QR code encodes, held up to the gate's scanner, opens the gate, and at building
 * 2's door is refused VISITOR_SCOPE, both in the hub's ledger. Then a second request, declined,
 * shows as declined; and the anonymous route's rate limit answers in Chinese, keeping the form.
 */
import t from 'tap'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { systemClock } from '../../edge/src/adapters/system-clock.js'
import { SimulatedQrScanner } from '../../firmware-sim/src/qr/simulated-qr-scanner.js'
import { MultiDropBus } from '../../firmware-sim/src/transports/multi-drop-bus.js'
import { FIRST_SNAPSHOT_WAIT_MS, commentLogsOnFailure, enrollEdge, startEndToEndHub, startEnrolledEdge } from '../integration/hub/end-to-end-rig.js'
import { HubApiClient } from '../integration/hub/hub-api-client.js'
import { nextRelayPulse, relayPulses, storyReader } from '../stories/story-reader.js'
import { BROWSER_SKIP, launchWebBrowser, newWebPage, signInThroughPage } from './web-browser.js'

type Json = Record<string, unknown>

const EDGE_ID = 'gate-north'
const ADMIN = { username: 'office-chen', displayName: '陈主任', password: 'correct horse battery staple' }
const ZHANG_PASSWORD = 'my own gate password 7'

const HARDWARE = {
  osdpBuses: [{ id: 'bus-1', link: 'sim://bus-1', pollIntervalMs: 5, readers: [{ name: 'gate-in', address: 1, security: 'plain' }, { name: 'b2-in', address: 2, security: 'plain' }] }],
  qrScanners: [{ id: 'gate-qr', link: 'sim://gate-qr' }, { id: 'b2-qr', link: 'sim://b2-qr' }],
  doors: {
    'north-gate': { lock: { kind: 'osdp', reader: 'gate-in', output: 0 }, pulseMs: 500, entries: [{ reader: 'gate-in', direction: 'in' }], qrScanner: 'gate-qr' },
    'b2-door': { lock: { kind: 'osdp', reader: 'b2-in', output: 0 }, pulseMs: 500, entries: [{ reader: 'b2-in', direction: 'in' }], qrScanner: 'b2-qr' },
  },
}

/** The community through the API: Zhang in 1号楼 1单元 301 with a phone account; building 2 with its own door on the gate's edge. */
async function community(admin: HubApiClient): Promise<{ zhangId: string }> {
  await admin.expect('PUT', '/api/site', { name: '向阳小区' })
  const grid = await admin.expect('POST', '/api/grids', { name: '第一网格' })
  const b1 = await admin.expect('POST', '/api/buildings', { name: '1号楼', gridId: grid.id })
  const b2 = await admin.expect('POST', '/api/buildings', { name: '2号楼', gridId: grid.id })
  const unit = await admin.expect('POST', `/api/buildings/${b1.id}/units`, { name: '1单元' })
  await admin.expect('POST', `/api/buildings/${b2.id}/units`, { name: '1单元' })
  const household = await admin.expect('POST', '/api/households', { unitId: unit.id, room: '301' })
  const zhang = await admin.expect('POST', '/api/persons', { displayName: '张建国', role: 'resident', relation: 'owner', householdId: household.id, phone: '13800138000' })
  await admin.expect('POST', '/api/edges', { id: EDGE_ID, name: '北门' })
  await admin.expect('POST', `/api/edges/${EDGE_ID}/doors`, { id: 'north-gate', name: '北门大门', kind: 'gate', isTemperatureRequired: false })
  await admin.expect('POST', `/api/edges/${EDGE_ID}/doors`, { id: 'b2-door', name: '2号楼门', kind: 'building', buildingId: b2.id, isTemperatureRequired: false })
  const account = await admin.expect('POST', '/api/accounts', { username: 'zhang.jianguo', displayName: '张建国', role: 'resident', personId: zhang.id })
  const phone = new HubApiClient(admin.baseUrl)
  await phone.signIn('zhang.jianguo', String(account.temporaryPassword))
  await phone.expect('POST', '/api/me/password', { currentPassword: account.temporaryPassword, newPassword: ZHANG_PASSWORD }, 204)
  return { zhangId: String(zhang.id) }
}

/** Fills the visitor's form as a person would. */
async function fillVisitorForm(page: Page, visitor: { name: string; phone: string; room: string }): Promise<void> {
  const form = page.locator('[data-screen="visitor-form"] form')
  await form.locator('input[name="visitorName"]').fill(visitor.name)
  await form.locator('input[name="visitorPhone"]').fill(visitor.phone)
  await form.locator('select[name="unitId"]').selectOption({ label: '1号楼 1单元' })
  await form.locator('input[name="room"]').fill(visitor.room)
  await form.locator('input[name="purpose"]').fill('探亲')
}

t.test("a visitor's request from the poster, approved on the host's phone: the QR opens the gate but not another building", { skip: BROWSER_SKIP }, async (t) => {
  const dir = t.testdir()
  const hub = await startEndToEndHub(t, join(dir, 'hub'), null)
  const setup = hub.runtime.setup.issueTokenIfNeeded()
  if (setup === null) throw new Error('a fresh hub issues a setup token')
  await new HubApiClient(hub.httpUrl).expect('POST', '/api/setup', { token: setup.token, ...ADMIN })
  const admin = new HubApiClient(hub.httpUrl)
  await admin.signIn(ADMIN.username, ADMIN.password)
  const { zhangId } = await community(admin)
  await hub.runtime.distributor.recompileNow('the community is entered')
  const issued = await admin.expect('POST', `/api/edges/${EDGE_ID}/enrollment`, { hardware: HARDWARE })
  const enrolled = await enrollEdge(hub.httpUrl, String(issued.token), join(dir, 'edge'))
  t.equal(enrolled.code, 0, `enrolled: ${enrolled.output.join(' | ')}`)
  const readers = { gate: storyReader(systemClock, 1), b2: storyReader(systemClock, 2) }
  const scanners = { gate: new SimulatedQrScanner(), b2: new SimulatedQrScanner() }
  const { edge } = await startEnrolledEdge(t, enrolled.configPath, { 'bus-1': new MultiDropBus([readers.gate, readers.b2]), 'gate-qr': scanners.gate, 'b2-qr': scanners.b2 })
  commentLogsOnFailure(t, { hub: hub.log, edge: edge.log })
  const before = await hub.policyCurrent(EDGE_ID, 1, FIRST_SNAPSHOT_WAIT_MS)

  // The visitor scans the poster: a phone-sized page, in Chinese.
  const browser = await launchWebBrowser(t)
  const visitor = await newWebPage(browser, { isPhone: true })
  await visitor.goto(`${hub.httpUrl}/visit/?gate=${EDGE_ID}`)
  const form = visitor.locator('[data-screen="visitor-form"] form')
  await visitor.locator('[data-screen="visitor-form"] p', { hasText: '您正在北门' }).waitFor()
  await form.locator('button[type="submit"]').click()
  t.equal(await form.locator('[data-field="visitorName"] .field-message').textContent(), '请填写此项', 'an empty name is named in Chinese before anything is sent')

  await fillVisitorForm(visitor, { name: '陈访客', phone: '139 1234 5678', room: '999' })
  await form.locator('button[type="submit"]').click()
  await form.locator('[data-field="room"] .field-message.invalid', { hasText: '找不到这一户' }).waitFor()
  t.equal(await form.locator('input[name="visitorName"]').inputValue(), '陈访客', 'the hub refused the room; what was typed is kept')
  t.equal(await form.locator('input[name="visitorPhone"]').inputValue(), '139 1234 5678')
  t.equal(await form.locator('input[name="room"]').getAttribute('aria-invalid'), 'true')

  await form.locator('input[name="room"]').fill('301')
  await form.locator('button[type="submit"]').click()
  const status = visitor.locator('[data-screen="visitor-status"]')
  await status.locator('.visit-state', { hasText: '正在等待住户同意' }).waitFor()
  t.match(await status.textContent(), /拜访：1号楼 1单元 301/)

  // Zhang sees the request on his phone and approves it.
  const host = await newWebPage(browser, { isPhone: true })
  await host.goto(`${hub.httpUrl}/app/`)
  await signInThroughPage(host, 'zhang.jianguo', ZHANG_PASSWORD)
  await host.goto(`${hub.httpUrl}/app/#/visitors`)
  const card = host.locator('[data-screen="visitor-host"] .visitor-request', { hasText: '陈访客' })
  await card.waitFor()
  t.match(await card.textContent(), /13912345678/, 'the host sees whom to call')
  t.match(await card.textContent(), /事由：探亲/)
  await card.locator('form[data-action="approve"] button[type="submit"]').click()
  await host.locator('[data-screen="visitor-host"] [data-list="passes"] .visitor-pass-row', { hasText: '陈访客' }).waitFor()
  const passApplied = await hub.policyCurrent(EDGE_ID, (before.latestVersion ?? 0) + 1)

  // The visitor's page follows the request and shows the pass.
  await status.locator('.visit-state', { hasText: '住户已同意' }).waitFor()
  t.equal(await status.getAttribute('data-state'), 'approved')
  const qr = status.locator('img.visit-pass-qr')
  const qrText = await qr.getAttribute('data-qr-text')
  t.match(qrText, /^GHV1\.[A-Za-z0-9_-]{16}$/, 'the page holds exactly what its QR code encodes')
  t.match(await qr.getAttribute('src'), /^data:image\/svg\+xml/, 'the QR code is drawn on the page, nothing fetched')
  t.match(await status.locator('.visit-pass-scope').textContent(), '仅限小区大门和1号楼', '"gate + building 1 only"')
  t.match(await status.locator('.visit-pass-valid').textContent(), /有效时间：/)
  if (qrText === null) throw new Error('no QR text on the page')
  t.ok((edge.policy.meta()?.version ?? 0) >= (passApplied.latestVersion ?? 0), 'the edge decides with the version that has the pass')

  // At the gate's scanner: granted. At building 2's door: VISITOR_SCOPE.
  const pulsed = nextRelayPulse(readers.gate, 'the gate relay for the visitor')
  scanners.gate.scan(qrText)
  const granted = await edge.waitForEvent('the visitor at the gate', (event) => event.doorId === 'north-gate')
  await pulsed
  t.match(granted, { doorId: 'north-gate', credential: { kind: 'qr' }, decision: { granted: true, reason: 'GRANTED' } }, 'the QR code opens the gate')
  scanners.b2.scan(qrText)
  const refused = await edge.waitForEvent('the visitor at building 2', (event) => event.doorId === 'b2-door')
  t.match(refused, { doorId: 'b2-door', personId: granted.personId, decision: { granted: false, reason: 'VISITOR_SCOPE' } }, 'and not another building')
  t.same([relayPulses(readers.gate), relayPulses(readers.b2)], [1, 0], "building 2's door never moved")
  await hub.until('both attempts in the ledger', () => (hub.ledgerCount(String(granted.id)) + hub.ledgerCount(String(refused.id)) === 2 ? true : undefined))
  const ledger = await admin.expect<{ events: Json[] }>('GET', `/api/events?edgeId=${EDGE_ID}`)
  t.match(
    [granted.id, refused.id].map((id) => ledger.events.find((event) => event.id === id)),
    [{ doorId: 'north-gate', granted: true, reason: 'GRANTED' }, { doorId: 'b2-door', granted: false, reason: 'VISITOR_SCOPE' }],
    'the hub ledger holds the entry and the refusal',
  )
  const passes = await admin.expect<{ items: Json[] }>('GET', `/api/visitor-passes?hostPersonId=${zhangId}`)
  t.match(passes.items, [{ visitorName: '陈访客', hostPersonId: zhangId, lastUsedDoorName: /\S/ }], 'the pass is Zhang’s, used at the gate')

  // A second visitor, declined: their page says so, with Zhang's note.
  await status.locator('button[data-action="visit-again"]').click()
  await fillVisitorForm(visitor, { name: '李推销', phone: '13712345678', room: '301' })
  await form.locator('button[type="submit"]').click()
  await status.locator('.visit-state', { hasText: '正在等待住户同意' }).waitFor()
  await host.locator('[data-screen="visitor-host"] button', { hasText: '刷新' }).click()
  const second = host.locator('[data-screen="visitor-host"] .visitor-request', { hasText: '李推销' })
  await second.locator('details.visitor-decline summary').click()
  await second.locator('form[data-action="decline"] input[name="reason"]').fill('今天不在家')
  await second.locator('form[data-action="decline"] button[type="submit"]').click()
  await host.locator('[data-screen="visitor-host"] [data-list="requests"] .empty').waitFor()
  await status.locator('.visit-state', { hasText: '住户没有同意这次来访' }).waitFor()
  t.equal(await status.getAttribute('data-state'), 'declined')
  t.match(await status.textContent(), /住户留言：今天不在家/)
  t.equal(await status.locator('[data-qr-text]').count(), 0, 'a declined request shows no code')

  // The anonymous route's rate limit: this address has used three of its five; a script uses the rest.
  await status.locator('button[data-action="visit-again"]').click()
  await fillVisitorForm(visitor, { name: '王五', phone: '13612345678', room: '301' })
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const sent = await new HubApiClient(hub.httpUrl).request('POST', '/api/visitor-requests', { gate: EDGE_ID, visitorName: 'script', visitorPhone: '13600000000', purpose: 'x', expectedAtMs: Date.now(), hostPhone: '13000000000' })
    t.equal(sent.status, 404, 'the script’s guesses are refused, and counted')
  }
  await form.locator('button[type="submit"]').click()
  await form.locator('.form-error', { hasText: '操作太频繁，请稍后再试' }).waitFor()
  t.equal(await form.locator('input[name="visitorName"]').inputValue(), '王五', 'the form keeps what was typed')
  t.equal(await visitor.locator('[data-screen="visitor-status"]').count(), 0, 'no request was sent')
})

t.test('the host invites a visitor from the phone, sends the pass as a link the visitor opens, and cancels it', { skip: BROWSER_SKIP }, async (t) => {
  const hub = await startEndToEndHub(t, join(t.testdir(), 'hub'), null)
  const setup = hub.runtime.setup.issueTokenIfNeeded()
  if (setup === null) throw new Error('a fresh hub issues a setup token')
  await new HubApiClient(hub.httpUrl).expect('POST', '/api/setup', { token: setup.token, ...ADMIN })
  const admin = new HubApiClient(hub.httpUrl)
  await admin.signIn(ADMIN.username, ADMIN.password)
  const { zhangId } = await community(admin)
  commentLogsOnFailure(t, { hub: hub.log })
  const page = await hub.runtime.app.inject({ method: 'GET', url: '/visit/?gate=gate-north' })
  t.equal(page.statusCode, 200, 'the hub serves the visitor page at the poster’s address')
  t.match(page.body, '<script type="module" src="/assets/hub/web/visitor/visitor-main.js"></script>')
  t.notMatch(page.body, /https?:\/\//, 'it fetches nothing from the internet')

  const browser = await launchWebBrowser(t)
  const host = await newWebPage(browser, { isPhone: true, lang: 'en' })
  await host.goto(`${hub.httpUrl}/app/`)
  await signInThroughPage(host, 'zhang.jianguo', ZHANG_PASSWORD)
  await host.goto(`${hub.httpUrl}/app/#/visitors`)
  await host.locator('[data-screen="visitor-host"] [data-list="passes"] .empty', { hasText: 'No visitor pass is valid now' }).waitFor()
  await host.locator('[data-screen="visitor-host"] button[data-action="invite"]').click()
  const invite = host.locator('[data-screen="visitor-invite"] form')
  await invite.locator('input[name="visitorName"]').fill('赵访客')
  await invite.locator('input[name="visitorPhone"]').fill('phone?')
  await invite.locator('button[type="submit"]').click()
  t.equal(await invite.locator('[data-field="visitorPhone"] .field-message').textContent(), 'This does not look right', 'checked in English before sending')
  await invite.locator('input[name="visitorPhone"]').fill('13512345678')
  await invite.locator('button[type="submit"]').click()

  const passScreen = host.locator('[data-screen="visitor-pass"]')
  const qrText = await passScreen.locator('img.visit-pass-qr').getAttribute('data-qr-text')
  t.match(qrText, /^GHV1\.[A-Za-z0-9_-]{16}$/)
  t.equal(await passScreen.locator('.visit-pass-scope').textContent(), 'The community gates and 1号楼 only')
  await passScreen.locator('button[data-action="share"]').click()
  const link = await passScreen.locator('input.share-link').inputValue()
  t.match(link, `${hub.httpUrl}/visit/#pass=${qrText}`, 'the link carries the code in its fragment, never sent to a server')

  const visitor = await newWebPage(browser, { isPhone: true })
  await visitor.goto(link)
  const shared = visitor.locator('[data-screen="visitor-shared-pass"]')
  t.equal(await shared.locator('img.visit-pass-qr').getAttribute('data-qr-text'), qrText, 'the visitor’s phone draws the same code')
  t.equal(await shared.locator('.visit-pass-scope').textContent(), '仅限小区大门和1号楼')
  await visitor.goto(`${hub.httpUrl}/visit/#pass=GHV1.short&from=1&until=2`)
  await visitor.locator('[data-screen="visitor-shared-pass"] .form-error', { hasText: '这个链接不完整' }).waitFor()

  await host.goto(`${hub.httpUrl}/app/#/visitors`)
  const row = host.locator('[data-screen="visitor-host"] .visitor-pass-row', { hasText: '赵访客' })
  await row.locator('button[data-action="revoke"]').click()
  await host.locator('[data-screen="visitor-host"] [data-list="passes"] .empty').waitFor()
  const passes = await admin.expect<{ items: Json[] }>('GET', `/api/visitor-passes?hostPersonId=${zhangId}`)
  t.match(passes.items, [{ visitorName: '赵访客', status: 'revoked' }], 'the pass is revoked at the hub')
})
