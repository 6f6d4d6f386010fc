/**
 * Story 1 at a soft-screening lane: the kiosk holds a suspected fever for the volunteer's
 * contact-thermometer reading, and GET /api/staff-checks tells the staff view which door waits —
 * from what the gate reported (real ingest, real SQLite), until something settles it.
 */
import t, { type Test } from 'tap'
import { randomUUID } from 'node:crypto'
import { buildHubApp } from '../../../hub/src/adapters/http/build-hub-app.js'
import { staffCheckRoutes } from '../../../hub/src/adapters/http/routes/staff-check-routes.js'
import { SqliteStaffCheckQueries } from '../../../hub/src/adapters/sqlite/ledger/sqlite-staff-check-queries.js'
import { SqliteRemoteCommandStore } from '../../../hub/src/adapters/sqlite/remote/sqlite-remote-command-store.js'
import type { Caller } from '../../../hub/src/domain/caller.js'
import { ALARM_TOPIC, EVENT_TOPIC, NORTH, SOUTH, accessEvent, alarm, bytes, ingestRig, iso, topicOf, type IngestRig } from '../../fakes/hub-ingest-fixtures.js'

const GATE = 'north-gate-in'
const OTHER_LANE = 'north-gate-assisted'
const base = { gridId: null, checkpointEdgeId: null, landlordId: null, personId: null }
const CALLERS: Record<string, Caller> = {
  admin: { ...base, accountId: 'acc-admin', displayName: '陈主任', role: 'admin' },
  volunteer: { ...base, accountId: 'acc-wang', displayName: '王阿姨', role: 'gate-staff', checkpointEdgeId: NORTH },
  southVolunteer: { ...base, accountId: 'acc-li', displayName: '李叔', role: 'gate-staff', checkpointEdgeId: SOUTH },
  unassigned: { ...base, accountId: 'acc-new', displayName: '新人', role: 'gate-staff' },
  gridManager: { ...base, accountId: 'acc-grid', displayName: '网格长', role: 'grid-manager', gridId: 'grid-1' },
}

async function checksApp(t: Test, rig: IngestRig) {
  const app = buildHubApp({
    log: rig.log,
    authenticate: (request) => CALLERS[String(request.headers['x-test-caller'])] ?? null,
    routes: [staffCheckRoutes({ queries: new SqliteStaffCheckQueries(rig.database.connection), clock: rig.clock })],
  })
  await app.ready()
  t.teardown(() => app.close())
  return async (who: string, query = '') => {
    const response = await app.inject({ method: 'GET', url: `/api/staff-checks${query}`, headers: { 'x-test-caller': who } })
    return { status: response.statusCode, body: response.json() }
  }
}

const suspected = (seq: number, doorId = GATE, edgeId = NORTH) => alarm(seq, { kind: 'FEVER_SUSPECTED', doorId, edgeId, detail: '38.4 °C' })

function feed(rig: IngestRig, edgeId: string, message: { seq: number }, topic: string): void {
  const outcome = rig.dispatcher.accept(edgeId, topic, bytes(message))
  if (outcome.status !== 'stored') throw new Error(`the hub did not store seq ${message.seq}: ${JSON.stringify(outcome)}`)
}

/** A staff CONFIRM_FEVER or CLEAR_FEVER the hub sent now and the gate answered. */
function staffCommand(rig: IngestRig, doorId: string, status: 'ok' | 'error') {
  const store = new SqliteRemoteCommandStore(rig.database.connection)
  const id = randomUUID()
  const actor = { kind: 'staff', id: 'acc-wang' }
  store.recordSent({ id, requestedAtMs: rig.clock.now(), caller: CALLERS.volunteer!, doorId, edgeId: NORTH, action: 'CONFIRM_FEVER', reason: '复测', actor, expiresAtMs: rig.clock.now() + 10_000 })
  const at = iso(rig.clock.now())
  store.recordReply(status === 'ok' ? { v: 1, id, edgeId: NORTH, at, status } : { v: 1, id, edgeId: NORTH, at, status, code: 'READING_CONTRADICTS_ACTION' }, rig.clock.now())
}

t.test('a suspected fever waits for the staff until the kiosk decides the attempt', async (t) => {
  const rig = ingestRig(t)
  const get = await checksApp(t, rig)
  t.same((await get('volunteer')).body, { checks: [] }, 'nothing suspected yet')
  const suspicion = suspected(1)
  feed(rig, NORTH, suspicion, ALARM_TOPIC)
  t.same((await get('volunteer')).body, {
    checks: [{ alarmId: suspicion.id, edgeId: NORTH, doorId: GATE, doorName: null, raisedAt: suspicion.at, kioskReading: '38.4 °C' }],
  })
  feed(rig, NORTH, accessEvent(2, { doorId: OTHER_LANE }), EVENT_TOPIC)
  t.equal((await get('volunteer')).body.checks.length, 1, "a decision at another door settles nothing here")
  feed(rig, NORTH, accessEvent(3, { doorId: GATE, decision: { granted: false, reason: 'FEVER' }, temperature: { celsius: 38.6, isFever: true, remeasured: true } }), EVENT_TOPIC)
  t.same((await get('volunteer')).body, { checks: [] }, 'decided: nothing waits any more')
})

t.test('a staff-check timeout, a newer suspicion at the door, or a check the gate carried out settles the older one', async (t) => {
  const rig = ingestRig(t)
  const get = await checksApp(t, rig)
  feed(rig, NORTH, suspected(1), ALARM_TOPIC)
  feed(rig, NORTH, alarm(2, { kind: 'STAFF_CHECK_TIMED_OUT', doorId: GATE }), ALARM_TOPIC)
  t.same((await get('admin')).body.checks, [], 'the kiosk stopped waiting')

  feed(rig, NORTH, suspected(3), ALARM_TOPIC)
  const newer = suspected(4)
  feed(rig, NORTH, newer, ALARM_TOPIC)
  const other = suspected(5, OTHER_LANE)
  feed(rig, NORTH, other, ALARM_TOPIC)
  t.same((await get('admin')).body.checks.map((check: { alarmId: string }) => check.alarmId), [other.id, newer.id], 'one per door, the newest')

  rig.clock.advance(1_000)
  staffCommand(rig, GATE, 'error')
  t.equal((await get('admin')).body.checks.length, 2, 'a check the gate refused settles nothing')
  staffCommand(rig, GATE, 'ok')
  t.same((await get('admin')).body.checks.map((check: { alarmId: string }) => check.alarmId), [other.id], 'the confirmed one is settled (a temperature-first kiosk then waits for the card)')
})

t.test('after ten minutes a suspicion is no longer offered (the kiosk decided long ago)', async (t) => {
  const rig = ingestRig(t)
  const get = await checksApp(t, rig)
  feed(rig, NORTH, suspected(1), ALARM_TOPIC)
  rig.clock.advance(8 * 60_000)
  t.equal((await get('volunteer')).body.checks.length, 1)
  rig.clock.advance(3 * 60_000)
  t.same((await get('volunteer')).body.checks, [])
})

t.test('gate staff see their own checkpoint only; grid managers none; the admin any', async (t) => {
  const rig = ingestRig(t)
  const get = await checksApp(t, rig)
  feed(rig, NORTH, suspected(1), ALARM_TOPIC)
  const south = suspected(1, 'south-gate-in', SOUTH)
  feed(rig, SOUTH, south, topicOf('alarm', SOUTH))
  t.same((await get('southVolunteer')).body.checks.map((check: { edgeId: string }) => check.edgeId), [SOUTH])
  t.match(await get('southVolunteer', `?edgeId=${NORTH}`), { status: 403, body: { error: { code: 'NOT_YOUR_CHECKPOINT' } } })
  t.same((await get('unassigned')).body.checks, [], 'an account with no checkpoint sees none, not all')
  t.match(await get('gridManager'), { status: 403, body: { error: { code: 'FORBIDDEN' } } })
  t.equal((await get('admin')).body.checks.length, 2)
  t.same((await get('admin', `?edgeId=${SOUTH}`)).body.checks.map((check: { alarmId: string }) => check.alarmId), [south.id])
  t.equal((await get('admin', '?edgeId=Not%20An%20Id')).status, 400)
})
