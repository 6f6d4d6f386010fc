/**
 * Issue 4 §8: the same end-to-end flow with the hub's embedded broker and with Debian's
 * mosquitto (the hub in external mode, the ACL and password file as docs/external-broker.md
 * says), all real parts on loopback: HubRuntime on a temp data dir, its HTTP API over fetch, MQTT,
 * and an edge enrolled through the API and built as its daemon builds itself, deciding at a
 * simulated OSDP reader.
 *
 * The flow: first admin from the setup token; the community entered through the API; the edge
 * enrolled; its policy announced, fetched with its bearer credential, applied and reported (lag
 * 0); a card granted, the relay pulsed, the event in the ledger once and on the live feed; the
 * card revoked, the new version applied, the card denied REVOKED; a resident's phone opening the
 * gate and the captured command refused when sent again; the hub stopped while a card is
 * presented, started again on the same data dir, and the event in the ledger exactly once.
 */
import t, { type Test } from 'tap'
import { join } from 'node:path'
import { MultiDropBus } from '../../../firmware-sim/src/transports/multi-drop-bus.js'
import { commandTopic } from '../../../protocol/mqtt/topics.js'
import { SseClient } from '../../fakes/sse-client.js'
import { FIRST_SNAPSHOT_WAIT_MS, RECONNECT_WAIT_MS, commentLogsOnFailure, enrollEdge, linkIs, relayAtRest, startEndToEndHub, startEnrolledEdge } from './end-to-end-rig.js'
import { HubApiClient } from './hub-api-client.js'
import { findMosquitto, startMosquitto, type MosquittoProcess } from './mosquitto-process.js'
import { nextRelayPulse, relayPulses, storyReader } from '../../stories/story-reader.js'
import { systemClock } from '../../../edge/src/adapters/system-clock.js'

type Json = Record<string, unknown>

const BASE_TOPIC = 'gatehouse'
const EDGE_ID = 'gate-north'
const DOOR_ID = 'north-gate'
const ADMIN = { username: 'office-chen', displayName: '陈主任', password: 'correct horse battery staple' }
const ZHANG_CARD = { facility: 212, card: 7041 }
const ZHANG_NEW_CARD = { facility: 212, card: 7043 }
const LI_CARD = { facility: 212, card: 7042 }

/** The wiring the admin enters with the enrollment token: one OSDP reader driving the gate's relay. */
const HARDWARE = {
  osdpBuses: [{ id: 'bus-1', link: 'sim://bus-1', pollIntervalMs: 5, readers: [{ name: 'gate-in', address: 1, security: 'plain' }] }],
  doors: { [DOOR_ID]: { lock: { kind: 'osdp', reader: 'gate-in', output: 0 }, pulseMs: 500, entries: [{ reader: 'gate-in', direction: 'in' }] } },
}

const cardBody = (personId: string, card: { facility: number; card: number }) => ({ kind: 'card', format: 'H10301', facility: card.facility, cardNumber: card.card, personId })

async function endToEnd(t: Test, mosquitto: MosquittoProcess | null): Promise<void> {
  const dir = t.testdir()
  const hub = await startEndToEndHub(t, join(dir, 'hub'), mosquitto)

  // 1. The first admin, with the one-time setup token the hub prints on its first start.
  const setup = hub.runtime.setup.issueTokenIfNeeded()
  if (setup === null) throw new Error('a fresh hub issues a setup token')
  const anonymous = new HubApiClient(hub.httpUrl)
  await anonymous.expect('POST', '/api/setup', { token: setup.token, ...ADMIN })
  const again = await anonymous.request('POST', '/api/setup', { token: setup.token, ...ADMIN, username: 'intruder' })
  t.match(again, { status: 409, body: { error: { code: 'ALREADY_SET_UP' } } }, 'the setup token works once')
  const admin = new HubApiClient(hub.httpUrl)
  await admin.signIn(ADMIN.username, ADMIN.password)

  // 2. The community, through the API: the site, a household with Zhang and Li, the gate edge and its door, their cards, Zhang's rule.
  await admin.expect('PUT', '/api/site', { name: '向阳小区' })
  const grid = await admin.expect('POST', '/api/grids', { name: '第一网格' })
  const building = await admin.expect('POST', '/api/buildings', { name: '1号楼', gridId: grid.id })
  const unit = await admin.expect('POST', `/api/buildings/${building.id}/units`, { name: '1单元' })
  const household = await admin.expect('POST', '/api/households', { unitId: unit.id, room: '301' })
  const zhang = await admin.expect('POST', '/api/persons', { displayName: '张建国', role: 'resident', relation: 'owner', householdId: household.id })
  const li = await admin.expect('POST', '/api/persons', { displayName: '李秀英', role: 'resident', relation: 'family', householdId: household.id })
  await admin.expect('POST', '/api/edges', { id: EDGE_ID, name: 'North gate' })
  await admin.expect('POST', `/api/edges/${EDGE_ID}/doors`, { id: DOOR_ID, name: 'North gate, residents', kind: 'gate' })
  const zhangCard = await admin.expect('POST', '/api/credentials', cardBody(String(zhang.id), ZHANG_CARD))
  await admin.expect('POST', '/api/credentials', cardBody(String(li.id), LI_CARD))
  await admin.expect('POST', '/api/access-rules', { subjectKind: 'person', subjectId: zhang.id, targetKind: 'door', targetId: DOOR_ID })
  await hub.runtime.distributor.recompileNow('the community is entered')

  // 3. Enrollment: a token for the edge with its wiring, traded by the edge's own enroll command.
  const issued = await admin.expect('POST', `/api/edges/${EDGE_ID}/enrollment`, { hardware: HARDWARE })
  t.same(issued.missingWiring, [], 'every door wired')
  const reloads = mosquitto?.reloads() ?? 0
  const enrolled = await enrollEdge(hub.httpUrl, String(issued.token), join(dir, 'edge'))
  t.equal(enrolled.code, 0, `enrolled: ${enrolled.output.join(' | ')}`)
  // External mode: the hub wrote the edge's line into mosquitto's password file and told it to reload.
  if (mosquitto !== null) await mosquitto.reloaded(reloads + 1)
  const reader = storyReader(systemClock, 1)
  const { edge, hub: link } = await startEnrolledEdge(t, enrolled.configPath, { 'bus-1': new MultiDropBus([reader]) })
  commentLogsOnFailure(t, { hub: hub.log, edge: edge.log })

  // 4. The policy: announced, fetched over HTTP with the edge's bearer credential, applied, reported.
  const first = await hub.policyCurrent(EDGE_ID, 1, FIRST_SNAPSHOT_WAIT_MS)
  const status = await admin.expect<{ edges: Json[] }>('GET', '/api/policy/status')
  t.match(
    status.edges.find((row) => row.edgeId === EDGE_ID),
    { latestVersion: first.latestVersion, appliedVersion: first.latestVersion, versionsBehind: 0, secondsBehind: 0, isCurrent: true },
    'GET /api/policy/status: the edge is on the latest version, lag 0',
  )
  t.equal(edge.policy.meta()?.version, first.latestVersion, 'the edge decides with that version')

  // 5. Zhang's card: granted, the relay pulses, the event reaches the ledger once and the live feed.
  const live = await SseClient.connect(`${hub.httpUrl}/api/live`, admin.cookieHeader)
  t.teardown(() => live.close())
  t.equal(live.statusCode, 200, 'the admin follows GET /api/live')
  let pulsed = nextRelayPulse(reader, 'the gate relay for Zhang')
  reader.presentCard(ZHANG_CARD)
  const granted = await edge.waitForEvent('Zhang granted', (event) => (event.decision as Json).granted === true)
  await pulsed
  t.match(granted, { doorId: DOOR_ID, personId: zhang.id, decision: { granted: true, reason: 'GRANTED' } }, 'the edge granted Zhang by his card')
  await hub.until('the grant in the ledger', () => (hub.ledgerCount(String(granted.id)) > 0 ? true : undefined))
  const ledgered = await admin.expect<{ events: Json[] }>('GET', `/api/events?edgeId=${EDGE_ID}`)
  t.equal(ledgered.events.filter((event) => event.id === granted.id).length, 1, 'the grant is in GET /api/events exactly once')
  t.match(ledgered.events.find((event) => event.id === granted.id), { doorId: DOOR_ID, granted: true, reason: 'GRANTED', personId: zhang.id }, 'as the edge decided it')
  const frame = await live.next((candidate) => candidate.event === 'access' && (candidate.data as Json).id === granted.id, 'the grant on the live feed')
  t.match(frame.data, { doorId: DOOR_ID, granted: true }, 'the grant on the live feed')

  reader.presentCard(LI_CARD)
  const refused = await edge.waitForNthEvent(2)
  t.match(refused, { decision: { granted: false, reason: 'UNKNOWN_CREDENTIAL' } }, "no rule names Li at this gate: her card is not even in its policy")
  t.equal(relayPulses(reader), 1, 'the relay moved for Zhang only')

  // 6. The admin revokes Zhang's lost card; the edge applies the new version.
  await admin.expect('POST', `/api/credentials/${zhangCard.id}/revoke`, { reason: 'card lost' }, 200)
  const revoked = await hub.policyCurrent(EDGE_ID, (first.latestVersion ?? 0) + 1)
  const lag = await admin.expect<{ edges: Json[] }>('GET', '/api/policy/status')
  t.match(lag.edges.find((row) => row.edgeId === EDGE_ID), { appliedVersion: revoked.latestVersion, versionsBehind: 0, isCurrent: true }, 'the edge reports the revocation applied')
  reader.presentCard(ZHANG_CARD)
  const denied = await edge.waitForEvent('the lost card refused', (event) => (event.decision as Json).reason === 'REVOKED')
  t.match(denied, { doorId: DOOR_ID, decision: { granted: false, reason: 'REVOKED' } }, 'the lost card is refused REVOKED')
  await hub.until('the REVOKED denial in the ledger', () => (hub.ledgerCount(String(denied.id)) > 0 ? true : undefined))
  const denials = await admin.expect<{ events: Json[] }>('GET', `/api/events?edgeId=${EDGE_ID}&reason=REVOKED`)
  t.same(
    denials.events.map((event) => [event.id, event.granted]),
    [[denied.id, false]],
    'the REVOKED denial reached the ledger',
  )
  t.equal(relayPulses(reader), 1, 'the revoked card moved nothing')
  await admin.expect('POST', '/api/credentials', cardBody(String(zhang.id), ZHANG_NEW_CARD))
  await hub.policyCurrent(EDGE_ID, (revoked.latestVersion ?? 0) + 1)

  // 7. Zhang opens the gate from his phone: a resident account, the hub signs the command, the edge opens.
  const account = await admin.expect('POST', '/api/accounts', { username: 'zhang.jianguo', displayName: '张建国', role: 'resident', personId: zhang.id })
  const phone = new HubApiClient(hub.httpUrl)
  await phone.signIn('zhang.jianguo', String(account.temporaryPassword))
  await phone.expect('POST', '/api/me/password', { currentPassword: account.temporaryPassword, newPassword: 'my own gate password 7' }, 204)
  await phone.signIn('zhang.jianguo', 'my own gate password 7')
  let captured: Buffer | null = null
  link.link.onMessage((message) => {
    if (message.topic === commandTopic(BASE_TOPIC, EDGE_ID)) captured ??= message.payload
  })
  pulsed = nextRelayPulse(reader, 'the gate relay for the phone')
  const opened = await phone.request<Json>('POST', `/api/doors/${DOOR_ID}/open`, {})
  t.match(opened, { status: 200, body: { status: 'opened' } }, 'the hub answers once the gate opened')
  await pulsed
  t.equal(relayPulses(reader), 2, 'the relay moved for the phone')
  if (captured === null) throw new Error('the edge received the command')
  const replayedReply = hub.nextHandled('the reply to the replayed command', ({ kind, message }) =>
    kind === 'commandReply' && message.id === opened.body.commandId && message.status === 'error' ? message : undefined,
  )
  await hub.runtime.bus.publish(commandTopic(BASE_TOPIC, EDGE_ID), captured, { qos: 1, retain: false })
  t.match(await replayedReply, { id: opened.body.commandId, status: 'error', code: 'REPLAYED' }, 'the captured command sent again is refused REPLAYED')
  t.equal(relayPulses(reader), 2, 'the replay moved nothing')

  // 8. The hub goes down; the gate keeps deciding (Zhang's replacement card); the hub comes back and the backlog drains.
  await hub.stop()
  t.equal(await live.closed(), true, 'stopping the hub ends the live feed (a dashboard left open does not hold it up)')
  if (mosquitto === null) await linkIs(link, false)
  await relayAtRest(reader)
  pulsed = nextRelayPulse(reader, 'the gate relay with the hub down')
  reader.presentCard(ZHANG_NEW_CARD)
  const offline = await edge.waitForNthEvent(edge.events().length + 1)
  t.match(offline, { doorId: DOOR_ID, personId: zhang.id, decision: { granted: true } }, 'the edge decides alone: his new card opens the gate')
  await pulsed
  if (mosquitto === null) t.ok(edge.sqliteJournal.backlog().count >= 1, 'the event waits in the edge journal')
  // External mode: the edge stays connected to mosquitto, which keeps the event in the hub's persistent session.
  else t.ok(link.link.isConnected, 'the edge is still connected to mosquitto')
  hub.rebuild()
  const drained = hub.until('the offline grant in the ledger', () => (hub.ledgerCount(String(offline.id)) > 0 ? true : undefined), RECONNECT_WAIT_MS)
  const reportsDrained = hub.nextHandled(
    'a status with the journal drained',
    ({ kind, message }) => (kind === 'status' && message.state === 'online' && message.journalBacklog === 0 ? message : undefined),
    RECONNECT_WAIT_MS,
  )
  await hub.start()
  await drained
  await reportsDrained
  const checkpoints = await admin.expect<{ checkpoints: Json[] }>('GET', '/api/checkpoints')
  t.match(checkpoints.checkpoints.find((row) => row.edgeId === EDGE_ID), { state: 'online', journalBacklog: 0 }, 'the hub shows the gate online with its backlog drained')
  t.equal(edge.sqliteJournal.backlog().count, 0, 'the edge journal holds nothing unsent')
  const after = await admin.expect<{ events: Json[] }>('GET', `/api/events?edgeId=${EDGE_ID}`)
  t.equal(after.events.filter((event) => event.id === offline.id).length, 1, 'the offline grant is in the ledger exactly once')
  const journalled = edge.events().map((event) => event.id)
  t.same(
    after.events.map((event) => event.id).sort(),
    [...journalled].sort(),
    'every decision the edge journalled is in the ledger, each once',
  )
}

const mosquittoPath = findMosquitto()

t.test('end to end with the embedded broker: enroll, policy, grant, revoke, phone open, hub restart', (t) => endToEnd(t, null))

if (mosquittoPath === null) {
  t.test('end to end with mosquitto', { skip: 'mosquitto is not installed (Debian package "mosquitto"): the external-broker half is skipped' }, () => {})
} else {
  t.test('end to end with mosquitto (external mode, documented ACL and password file): the same flow', async (t) => {
    const mosquitto = await startMosquitto(t, mosquittoPath, BASE_TOPIC)
    await endToEnd(t, mosquitto)
  })
}
