import t from 'tap'
import { MONDAY_10AM_MS, accessEvent, alarm, bytes, edgeStatus, iso, topicOf } from '../../fakes/hub-ingest-fixtures.js'
import { ingestApp, type IngestApp } from '../../fakes/hub-ingest-app.js'
import type { AccessEvent } from '../../../protocol/mqtt/messages/access-event.js'
import { listRoutesWithoutSchema } from '../../../hub/src/adapters/http/openapi-document.js'

const GATE = 'edge-gate'

function ingest(fixture: IngestApp, edgeId: string, event: AccessEvent): void {
  const outcome = fixture.rig.dispatcher.accept(edgeId, topicOf('event', edgeId), bytes({ ...event, edgeId }))
  if (outcome.status !== 'stored') throw new Error(`not stored: ${JSON.stringify(outcome)}`)
}

function gateEvents(fixture: IngestApp): AccessEvent[] {
  const doors = fixture.community.gateDoorIds
  const building = fixture.community.buildingEdgeIds[0]!
  const events = [
    accessEvent(1, { doorId: doors.residents, personId: fixture.ownGridPerson, temperature: { celsius: 36.4, isFever: false, remeasured: false } }),
    accessEvent(2, { doorId: doors.residents, personId: fixture.otherGridPerson, decision: { granted: false, reason: 'FEVER' }, temperature: { celsius: 38.4, isFever: true, remeasured: true } }),
    accessEvent(3, { doorId: doors.assisted, personId: fixture.otherGridPerson, decision: { granted: false, reason: 'QUARANTINED' }, direction: 'out' }),
  ]
  for (const event of events) ingest(fixture, GATE, event)
  ingest(fixture, building, accessEvent(1, { doorId: fixture.community.buildingDoorIds[0]!, personId: fixture.ownGridPerson }))
  return events
}

function personName(fixture: IngestApp, personId: string): string {
  return fixture.queries.personNameOf(personId) ?? 'unknown'
}

t.test('names the person of each event and alert to callers who may see them, and no one else', async (t) => {
  const fixture = ingestApp(t)
  gateEvents(fixture)
  fixture.caller = fixture.admin
  const [, quarantined, fever, own] = (await fixture.app.inject({ url: '/api/events' })).json().events
  t.equal(own.personName, personName(fixture, fixture.ownGridPerson))
  t.equal(fever.personName, personName(fixture, fixture.otherGridPerson))
  t.equal(quarantined.personName, personName(fixture, fixture.otherGridPerson))
  t.match((await fixture.app.inject({ url: '/api/alerts' })).json().alerts, [{ kind: 'FEVER', personName: personName(fixture, fixture.otherGridPerson) }])
  fixture.caller = fixture.gridManager
  const asManager = (await fixture.app.inject({ url: '/api/events' })).json().events
  t.same(asManager.map((event: { personName: string | null }) => event.personName), [personName(fixture, fixture.ownGridPerson), null, null, personName(fixture, fixture.ownGridPerson)])
  t.notMatch(JSON.stringify(asManager), personName(fixture, fixture.otherGridPerson))
  t.match((await fixture.app.inject({ url: '/api/alerts' })).json().alerts, [{ kind: 'FEVER', personId: null, personName: null }])
})

t.test('filters events with a temperature reading, or fevers only', async (t) => {
  const fixture = ingestApp(t)
  gateEvents(fixture)
  fixture.caller = fixture.admin
  t.same((await fixture.app.inject({ url: `/api/events?edgeId=${GATE}&temperature=measured` })).json().events.map((event: { seq: number }) => event.seq), [2, 1])
  t.same((await fixture.app.inject({ url: `/api/events?temperature=fever` })).json().events.map((event: { reason: string }) => event.reason), ['FEVER'])
  t.equal((await fixture.app.inject({ url: '/api/events?temperature=cold' })).statusCode, 400)
})

t.test('lists events newest first with filters and pages, for admins', async (t) => {
  const fixture = ingestApp(t)
  gateEvents(fixture)
  fixture.caller = fixture.admin
  const all = (await fixture.app.inject({ url: '/api/events' })).json()
  t.equal(all.events.length, 4)
  t.same(all.events.map((event: { seq: number; edgeId: string }) => event.edgeId), [fixture.community.buildingEdgeIds[0], GATE, GATE, GATE])
  const denied = (await fixture.app.inject({ url: `/api/events?edgeId=${GATE}&outcome=denied` })).json()
  t.same(denied.events.map((event: { reason: string }) => event.reason), ['QUARANTINED', 'FEVER'])
  t.same((await fixture.app.inject({ url: '/api/events?reason=FEVER' })).json().events.length, 1)
  const window = `from=${iso(MONDAY_10AM_MS + 2_000)}&to=${iso(MONDAY_10AM_MS + 3_000)}`
  t.same((await fixture.app.inject({ url: `/api/events?edgeId=${GATE}&${window}` })).json().events.map((event: { seq: number }) => event.seq), [2])
  const first = (await fixture.app.inject({ url: '/api/events?limit=3' })).json()
  t.equal(first.events.length, 3)
  const second = (await fixture.app.inject({ url: `/api/events?limit=3&before=${first.nextBefore}` })).json()
  t.same(second.events.map((event: { seq: number }) => event.seq), [1])
  t.equal(second.nextBefore, null)
  t.equal((await fixture.app.inject({ url: '/api/events?from=2026-02-30T00:00:00Z' })).statusCode, 400)
  t.equal((await fixture.app.inject({ url: '/api/events?limit=0' })).statusCode, 400)
})

t.test("a grid manager sees every door but only their own grid's people and temperatures", async (t) => {
  const fixture = ingestApp(t)
  gateEvents(fixture)
  fixture.caller = fixture.gridManager
  const { events } = (await fixture.app.inject({ url: `/api/events?edgeId=${GATE}` })).json()
  const [quarantined, fever, own] = events
  t.match(own, { personId: fixture.ownGridPerson, isPersonHidden: false, temperature: { celsius: 36.4, isFever: false } })
  t.match(fever, { personId: null, isPersonHidden: true, temperature: { celsius: null, isFever: true } })
  t.match(quarantined, { personId: null, isPersonHidden: true, reason: 'QUARANTINED' })
  t.notMatch(JSON.stringify(events), new RegExp(`${fixture.otherGridPerson}|38\\.4`))
  const refused = await fixture.app.inject({ url: `/api/events?personId=${fixture.otherGridPerson}` })
  t.equal(refused.statusCode, 403)
  t.match(refused.json(), { error: { code: 'PERSON_OUT_OF_SCOPE' } })
  t.equal((await fixture.app.inject({ url: `/api/events?personId=${fixture.ownGridPerson}` })).json().events.length, 2)
})

t.test('gate staff see their checkpoint only, in full; residents and landlords see no ledger', async (t) => {
  const fixture = ingestApp(t)
  gateEvents(fixture)
  fixture.caller = fixture.gateStaff
  const { events } = (await fixture.app.inject({ url: '/api/events' })).json()
  t.equal(events.length, 3)
  t.ok(events.every((event: { edgeId: string; isPersonHidden: boolean }) => event.edgeId === GATE && !event.isPersonHidden))
  t.match((await fixture.app.inject({ url: `/api/events?edgeId=${fixture.community.buildingEdgeIds[0]}` })).json(), { error: { code: 'NOT_YOUR_CHECKPOINT' } })
  fixture.caller = { ...fixture.admin, role: 'resident', personId: fixture.ownGridPerson }
  t.equal((await fixture.app.inject({ url: '/api/events' })).statusCode, 403)
  t.equal((await fixture.app.inject({ url: '/api/checkpoints' })).statusCode, 403)
  fixture.caller = null
  t.equal((await fixture.app.inject({ url: '/api/alerts' })).statusCode, 401)
})

t.test('exports the filtered events as CSV with a byte order mark, masked per role, formulas neutralised', async (t) => {
  const fixture = ingestApp(t)
  gateEvents(fixture)
  ingest(fixture, GATE, accessEvent(4, { doorId: fixture.community.gateDoorIds.assisted, credential: { kind: 'manual', maskedReference: '****' }, actor: { kind: 'staff', id: 'acc-wang', name: '王阿姨' }, decision: { granted: true, reason: 'MANUAL_OVERRIDE' }, note: '=HYPERLINK("x"), wheelchair' }))
  fixture.caller = fixture.gridManager
  const response = await fixture.app.inject({ url: `/api/events?format=csv&edgeId=${GATE}` })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/csv/)
  t.match(response.headers['content-disposition'], /attachment; filename="events-\d{4}-\d{2}-\d{2}\.csv"/)
  const lines = response.body.split('\r\n')
  t.ok(lines[0]!.startsWith('\ufeffoccurredAt,edgeId,doorId'))
  t.equal(lines.length, 6, 'header, four events, final newline')
  t.match(lines[1], /MANUAL_OVERRIDE,manual,\*\*\*\*,,,,false,staff,王阿姨,"'=HYPERLINK\(""x""\), wheelchair"/)
  t.notMatch(response.body, new RegExp(`${fixture.otherGridPerson}|38\\.4`))
  t.match(response.body, new RegExp(`${fixture.ownGridPerson},${personName(fixture, fixture.ownGridPerson)},36.4,false`))
})

t.test("shows every checkpoint: state, policy version, backlog, devices, today's counts per door and the last event", async (t) => {
  const fixture = ingestApp(t)
  gateEvents(fixture)
  fixture.rig.dispatcher.accept(GATE, topicOf('status', GATE), bytes(edgeStatus({ edgeId: GATE, journalBacklog: 3, policyVersion: 12, devices: { 'reader-1': { kind: 'reader', state: 'offline' } } })))
  fixture.caller = fixture.admin
  const { date, checkpoints } = (await fixture.app.inject({ url: '/api/checkpoints' })).json()
  t.equal(date, '2026-03-02')
  const gate = checkpoints.find((checkpoint: { edgeId: string }) => checkpoint.edgeId === GATE)
  t.match(gate, {
    state: 'online',
    policy: { appliedVersion: 12 },
    journalBacklog: 3,
    devices: [{ id: 'reader-1', kind: 'reader', state: 'offline' }],
    openAlerts: 2,
    today: { passes: 1, denials: 2, fevers: 1 },
  })
  const residentsLane = gate.doors.find((door: { id: string }) => door.id === fixture.community.gateDoorIds.residents)
  t.match(residentsLane, { today: { passes: 1, denials: 1, fevers: 1 }, lastEvent: { seq: 2, reason: 'FEVER' } })
  const building = checkpoints.find((checkpoint: { edgeId: string }) => checkpoint.edgeId === fixture.community.buildingEdgeIds[1])
  t.match(building, { state: 'never-seen', lastSeenAt: null, today: { passes: 0, denials: 0, fevers: 0 } })
  fixture.caller = fixture.gateStaff
  t.same((await fixture.app.inject({ url: '/api/checkpoints' })).json().checkpoints.map((checkpoint: { edgeId: string }) => checkpoint.edgeId), [GATE])
})

t.test('lists open alerts and acknowledges one, audited; gate staff cannot touch another checkpoint', async (t) => {
  const fixture = ingestApp(t)
  gateEvents(fixture)
  const building = fixture.community.buildingEdgeIds[0]!
  fixture.rig.dispatcher.accept(building, topicOf('alarm', building), bytes(alarm(2, { edgeId: building, kind: 'DOOR_FORCED', doorId: fixture.community.buildingDoorIds[0]! })))
  fixture.caller = fixture.gateStaff
  const { alerts } = (await fixture.app.inject({ url: '/api/alerts' })).json()
  t.match(alerts, [{ kind: 'FEVER', edgeId: GATE }])
  const forced = fixture.rig.alerts.list({ state: 'open', kind: 'DOOR_FORCED', limit: 1 })[0]!
  const elsewhere = await fixture.app.inject({ method: 'POST', url: `/api/alerts/${forced.id}/acknowledge`, payload: {} })
  t.equal(elsewhere.statusCode, 404)
  const fever = alerts[0]
  const acknowledged = await fixture.app.inject({ method: 'POST', url: `/api/alerts/${fever.id}/acknowledge`, payload: { note: 'sent home, doctor called' } })
  t.equal(acknowledged.statusCode, 200)
  t.match(acknowledged.json(), { id: fever.id, clearedAt: /Z$/, acknowledged: { accountId: fixture.gateStaff.accountId, note: 'sent home, doctor called' } })
  t.same((await fixture.app.inject({ url: '/api/alerts' })).json().alerts, [])
  t.equal((await fixture.app.inject({ url: '/api/alerts?state=all' })).json().alerts.length, 1)
  const audit = fixture.rig.database.connection.prepare("SELECT actor_id, subject_id, detail FROM audit_log WHERE action = 'alert.acknowledged'").all()
  t.match(audit, [{ actor_id: fixture.gateStaff.accountId, subject_id: fever.id, detail: /sent home/ }])
  t.match(fixture.rig.fed.at(-1), { kind: 'alert', change: { change: 'acknowledged' } })
  fixture.caller = fixture.gridManager
  const seen = (await fixture.app.inject({ url: '/api/alerts?state=all&kind=FEVER' })).json().alerts
  t.match(seen, [{ personId: null }], "the fever's person is in another grid")
})

t.test('admins see what ingest refused, counted by edge, kind and code', async (t) => {
  const fixture = ingestApp(t)
  fixture.rig.dispatcher.accept(GATE, topicOf('event', GATE), Buffer.from('{"v":1'))
  fixture.rig.dispatcher.accept(GATE, topicOf('event', GATE), Buffer.from('[]'))
  fixture.rig.dispatcher.accept(GATE, topicOf('event', GATE), Buffer.from('[]'))
  fixture.caller = fixture.admin
  const { rejections } = (await fixture.app.inject({ url: '/api/ingest/rejections' })).json()
  t.match(rejections.sort((a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code)), [
    { edgeId: GATE, topicKind: 'event', code: 'INVALID', count: 2, lastReason: /\S/ },
    { edgeId: GATE, topicKind: 'event', code: 'NOT_JSON', count: 1 },
  ])
  fixture.caller = fixture.gridManager
  t.equal((await fixture.app.inject({ url: '/api/ingest/rejections' })).statusCode, 403)
})

t.test('every ledger, alert and live route declares its schema, tags and summary for OpenAPI', async (t) => {
  const fixture = ingestApp(t)
  await fixture.app.ready()
  t.same(listRoutesWithoutSchema(fixture.app), [])
})
