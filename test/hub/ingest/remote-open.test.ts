import t, { type Test } from 'tap'
import { randomUUID } from 'node:crypto'
import { commandTopic } from '../../../protocol/mqtt/topics.js'
import { listRoutesWithoutSchema } from '../../../hub/src/adapters/http/openapi-document.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { makeLockdown, MONDAY_10AM_MS, DAY_MS } from '../../fakes/policy-rows.js'
import { ADMIN, GRID_MANAGER, LI, RIG_BASE, RIG_EDGE, WANG, ZHANG, startRemoteOpenRig, type RemoteOpenRig, type RemoteOpenRigOptions } from '../../fakes/hub-remote-open-rig.js'

async function rigFor(t: Test, options: RemoteOpenRigOptions = {}): Promise<RemoteOpenRig> {
  const rig = await startRemoteOpenRig(options)
  t.teardown(() => rig.stop())
  return rig
}

function open(rig: RemoteOpenRig, doorId: string, body: Record<string, unknown> = {}) {
  return rig.app.inject({ method: 'POST', url: `/api/doors/${doorId}/open`, payload: body })
}

function auditActions(rig: RemoteOpenRig): Array<{ action: string; actor_id: string; subject_id: string }> {
  return rig.hub.connection.prepare<[], { action: string; actor_id: string; subject_id: string }>('SELECT action, actor_id, subject_id FROM audit_log ORDER BY seq').all()
}

function commandRows(rig: RemoteOpenRig) {
  return rig.hub.connection.prepare('SELECT id, account_id, door_id, edge_id, action, outcome, code, deny_reason, staff_reason FROM remote_commands ORDER BY requested_at_ms, rowid').all()
}

const sealed = (entities: import('../../fakes/policy-rows.js').MutableEntities) =>
  void entities.lockdown.push(makeLockdown('l-b1', 'b1', Date.now() - DAY_MS, Date.now() + DAY_MS))

t.test("a resident opens their building door: signed command, the edge's receiver checks it, the relay pulses, 200 opened", async (t) => {
  const rig = await rigFor(t)
  const remoteEvent = rig.sink.next('event')
  const response = await open(rig, 'b1-door')
  t.equal(response.statusCode, 200, response.body)
  const body = response.json()
  t.match(body, { status: 'opened', commandId: /^[0-9a-f-]{36}$/ })
  t.same(rig.edge?.relay.moves, ['pulse 3000'])
  const [published] = rig.bus.published
  t.match(published, { topic: commandTopic(RIG_BASE, RIG_EDGE), qos: 1, retain: false }, 'QoS 1, never retained')
  const command = JSON.parse(published!.payload.toString('utf8'))
  t.match(command, { id: body.commandId, doorId: 'b1-door', action: 'UNLOCK', actor: { kind: 'resident', id: 'p-zhang' }, signature: /==$/ })
  t.ok(Date.parse(command.expiresAt) - Date.parse(command.issuedAt) <= 30_000, 'expires within 30 s')
  t.same(await remoteEvent, { status: 'stored' }, "the edge's journal entry of the opening reaches the hub ledger")
  const ledger = rig.hub.connection.prepare('SELECT door_id, is_granted, reason, credential_kind, actor_id FROM access_events').all()
  t.same(ledger, [{ door_id: 'b1-door', is_granted: 1, reason: 'GRANTED', credential_kind: 'phone', actor_id: 'p-zhang' }])
  t.match(commandRows(rig), [{ id: body.commandId, account_id: 'acc-zhang', outcome: 'ok', code: null }])
  t.same(auditActions(rig).map((row) => row.action), ['door.remote-command-sent', 'door.remote-command-answered'])
  t.ok(auditActions(rig).every((row) => row.actor_id === 'acc-zhang' && row.subject_id === 'b1-door'))
})

t.test('a door the resident may not pass is refused by the hub with the policy reason, and nothing is sent', async (t) => {
  const rig = await rigFor(t, { hubPolicy: sealed })
  const response = await open(rig, 'b1-door')
  t.equal(response.statusCode, 409)
  t.match(response.json(), { error: { code: 'DENIED_BY_POLICY', denyReason: 'BUILDING_LOCKDOWN' } })
  t.match((await open(rig, 'b2-door')).json(), { error: { code: 'DENIED_BY_POLICY', denyReason: 'DOOR_NOT_PERMITTED' } }, "another building's door")
  t.same(rig.bus.published, [])
  t.same(rig.edge?.relay.moves, [])
  t.match(commandRows(rig), [{ outcome: 'refused', code: 'DENIED_BY_POLICY', deny_reason: 'BUILDING_LOCKDOWN' }, { outcome: 'refused', deny_reason: 'DOOR_NOT_PERMITTED' }])
  t.same(auditActions(rig).map((row) => row.action), ['door.remote-command-refused', 'door.remote-command-refused'])
})

t.test("the edge's own policy refusing (newer than the hub's) comes back as 409 with the edge's reason", async (t) => {
  const rig = await rigFor(t, { edgePolicy: sealed })
  const response = await open(rig, 'b1-door')
  t.equal(response.statusCode, 409)
  t.match(response.json(), { error: { code: 'DENIED_BY_POLICY', denyReason: 'BUILDING_LOCKDOWN', commandId: /./ } })
  t.same(rig.edge?.relay.moves, [])
  t.match(commandRows(rig), [{ outcome: 'error', code: 'DENIED_BY_POLICY', deny_reason: 'BUILDING_LOCKDOWN' }])
})

t.test('a gate that does not answer ends in 504 EDGE_TIMEOUT with a clear message, recorded and audited', async (t) => {
  const clock = new ManualClock(Date.now())
  const rig = await rigFor(t, { hasEdge: false, hubClock: clock, remoteOpen: { commandLifetimeMs: 10_000, replyGraceMs: 5_500 } })
  const published = new Promise((resolve) => rig.bus.once('published', resolve))
  const answer = open(rig, 'b1-door')
  await published
  clock.advance(15_499)
  t.equal(rig.service.waitingCount, 1, 'still waiting until expiry plus grace')
  clock.advance(1)
  const response = await answer
  t.equal(response.statusCode, 504)
  t.match(response.json(), { error: { code: 'EDGE_TIMEOUT', message: /did not answer within 16 s/ } })
  t.match(commandRows(rig), [{ outcome: 'timeout', code: 'EDGE_TIMEOUT' }])
  t.same(auditActions(rig).map((row) => row.action), ['door.remote-command-sent', 'door.remote-command-unanswered'])
})

t.test('a captured command replayed to the edge is refused REPLAYED and the door does not move again', async (t) => {
  const rig = await rigFor(t)
  t.equal((await open(rig, 'b1-door')).statusCode, 200)
  const captured = rig.bus.published[0]!
  const replayReply = rig.sink.next('command-reply')
  await rig.broker.publish(captured.topic, captured.payload, { qos: 1, retain: false })
  t.same(await replayReply, { status: 'duplicate' }, 'the hub keeps the first reply')
  t.equal(rig.edge?.receiver.refusals.get('REPLAYED'), 1)
  t.same(rig.edge?.relay.moves, ['pulse 3000'])
  t.match(commandRows(rig), [{ outcome: 'ok' }])
})

t.test('gate staff act on their checkpoint with a reason (journalled as the note), not without one, not elsewhere', async (t) => {
  const rig = await rigFor(t)
  rig.caller = WANG
  t.match((await open(rig, 'b1-door')).json(), { error: { code: 'REASON_REQUIRED' } })
  t.equal((await open(rig, 'north-gate', { reason: 'delivery' })).statusCode, 403)
  t.match((await open(rig, 'north-gate', { reason: 'delivery' })).json(), { error: { code: 'NOT_YOUR_CHECKPOINT' } })
  const journalled = rig.sink.next('event')
  const response = await open(rig, 'b1-door', { action: 'HOLD_OPEN', reason: 'wheelchair user, moving furniture' })
  t.same(response.json(), { status: 'held-open', commandId: response.json().commandId })
  await journalled
  const event = rig.hub.connection.prepare<[], { note: string; actor_kind: string; actor_name: string; reason: string }>('SELECT note, actor_kind, actor_name, reason FROM access_events').get()
  t.match(event, { actor_kind: 'staff', actor_name: '王阿姨', reason: 'MANUAL_OVERRIDE', note: /wheelchair user, moving furniture/ })
  t.match(commandRows(rig).at(-1), { staff_reason: 'wheelchair user, moving furniture', outcome: 'ok' })
})

t.test('admins may lock any door; residents may only unlock; grid managers may not act on doors', async (t) => {
  const rig = await rigFor(t)
  rig.caller = ADMIN
  t.same((await open(rig, 'b1-door', { action: 'LOCK' })).json().status, 'locked')
  rig.caller = ZHANG
  t.match((await open(rig, 'b1-door', { action: 'HOLD_OPEN' })).json(), { error: { code: 'ACTION_NOT_ALLOWED' } })
  t.match((await open(rig, 'b1-door')).json(), { error: { code: 'DENIED_BY_POLICY', denyReason: 'DOOR_LOCKED_BY_COMMAND' } }, 'the edge refuses residents while locked')
  rig.caller = GRID_MANAGER
  t.equal((await open(rig, 'b1-door')).statusCode, 403)
  rig.caller = null
  t.equal((await open(rig, 'b1-door')).statusCode, 401)
  t.equal((await open(rig, 'no-such-door')).statusCode, 401)
  rig.caller = ADMIN
  t.match((await open(rig, 'no-such-door')).json(), { error: { code: 'DOOR_NOT_FOUND' } })
})

t.test('each caller is rate limited (429 with Retry-After), and the refusals are recorded and audited', async (t) => {
  const clock = new ManualClock(MONDAY_10AM_MS)
  const rig = await rigFor(t, { hasEdge: false, hubClock: clock, remoteOpen: { rateLimit: { limit: 2, windowMs: 60_000 } } })
  for (let attempt = 0; attempt < 2; attempt++) t.equal((await open(rig, 'no-door')).statusCode, 404)
  const limited = await open(rig, 'no-door')
  t.equal(limited.statusCode, 429)
  t.equal(limited.headers['retry-after'], '60')
  t.match(limited.json(), { error: { code: 'RATE_LIMITED' } })
  rig.caller = LI
  t.equal((await open(rig, 'no-door')).statusCode, 404, 'another caller is not affected')
  clock.advance(60_000)
  rig.caller = ZHANG
  t.equal((await open(rig, 'no-door')).statusCode, 404, 'the window moves on')
  t.same(commandRows(rig).map((row) => (row as { code: string }).code), ['DOOR_NOT_FOUND', 'DOOR_NOT_FOUND', 'RATE_LIMITED', 'DOOR_NOT_FOUND', 'DOOR_NOT_FOUND'])
  t.equal(auditActions(rig).filter((row) => row.action === 'door.remote-command-refused').length, 5)
})

t.test('a reply to a command the hub never sent is refused and counted', async (t) => {
  const rig = await rigFor(t, { hasEdge: false })
  const outcome = rig.dispatcher.accept(RIG_EDGE, `${RIG_BASE}/edge/${RIG_EDGE}/command-reply`, Buffer.from(JSON.stringify({ v: 1, id: randomUUID(), edgeId: RIG_EDGE, at: new Date().toISOString(), status: 'ok' })))
  t.match(outcome, { status: 'rejected', code: 'UNKNOWN_COMMAND' })
})

t.test('the remote-open route declares its schema, tags and summary for OpenAPI', async (t) => {
  const rig = await rigFor(t, { hasEdge: false })
  await rig.app.ready()
  t.same(listRoutesWithoutSchema(rig.app), [])
})
