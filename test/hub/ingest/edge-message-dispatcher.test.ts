import t from 'tap'
import { randomBytes, randomUUID } from 'node:crypto'
import { maskCredentialKey } from '../../../edge/src/domain/masking.js'
import { seedCommunity } from '../../fakes/hub-community-seed.js'
import {
  ALARM_TOPIC,
  EVENT_TOPIC,
  MONDAY_10AM_MS,
  NORTH,
  SOUTH,
  accessEvent,
  alarm,
  bytes,
  countRows,
  edgeStatus,
  ingestRig,
  iso,
  policyApplied,
  rejectionCounts,
  topicOf,
} from '../../fakes/hub-ingest-fixtures.js'

t.test('stores an event exactly once however often the edge resends it', async (t) => {
  const rig = ingestRig(t)
  const payload = bytes(accessEvent(1))
  t.same(rig.dispatcher.accept(NORTH, EVENT_TOPIC, payload), { status: 'stored' })
  t.same(rig.dispatcher.accept(NORTH, EVENT_TOPIC, payload), { status: 'duplicate' })
  t.same(rig.dispatcher.accept(NORTH, EVENT_TOPIC, payload), { status: 'duplicate' })
  t.equal(countRows(rig, 'access_events'), 1)
  t.equal(rig.fed.filter((item) => item.kind === 'access').length, 1, 'the live feed sees it once')
  t.same(rig.dispatcher.counts(), { stored: 1, duplicate: 2 })
})

t.test('stores reordered events and alarms, and counts nothing missing once all have arrived', async (t) => {
  const rig = ingestRig(t)
  const entries = [accessEvent(3), alarm(2), accessEvent(1), accessEvent(5), alarm(4)]
  for (const entry of entries) {
    const topic = 'kind' in entry ? ALARM_TOPIC : EVENT_TOPIC
    t.same(rig.dispatcher.accept(NORTH, topic, bytes(entry)), { status: 'stored' })
  }
  t.equal(countRows(rig, 'access_events'), 3)
  t.equal(countRows(rig, 'alarms'), 2)
  t.equal(rig.ledger.missingEntries(NORTH), 0)
  const seqs = rig.database.connection.prepare<[], { seq: number }>('SELECT seq FROM access_events ORDER BY feed_seq').all().map((row) => row.seq)
  t.same(seqs, [3, 1, 5], 'kept in arrival order')
})

t.test('a resend of an event whose temperature was purged since is still a duplicate', async (t) => {
  const rig = ingestRig(t)
  const event = accessEvent(1, { temperature: { celsius: 36.6, isFever: false, remeasured: false } })
  rig.dispatcher.accept(NORTH, EVENT_TOPIC, bytes(event))
  rig.database.connection.prepare("UPDATE access_events SET temperature_celsius = NULL, payload = json_remove(payload, '$.temperature')").run()
  t.same(rig.dispatcher.accept(NORTH, EVENT_TOPIC, bytes(event)), { status: 'duplicate' })
  t.match(rig.dispatcher.accept(NORTH, EVENT_TOPIC, bytes({ ...event, doorId: 'north-gate-out' })), { status: 'rejected', code: 'ID_CONFLICT' })
})

t.test('refuses an id stored before with other content, and keeps the first', async (t) => {
  const rig = ingestRig(t)
  const first = accessEvent(1)
  rig.dispatcher.accept(NORTH, EVENT_TOPIC, bytes(first))
  const forged = { ...first, decision: { granted: false, reason: 'REVOKED' } }
  t.match(rig.dispatcher.accept(NORTH, EVENT_TOPIC, bytes(forged)), { status: 'rejected', code: 'ID_CONFLICT' })
  const reason = rig.database.connection.prepare<[string], { reason: string }>('SELECT reason FROM access_events WHERE id = ?').get(first.id)
  t.same(reason, { reason: 'GRANTED' })
  t.same(rejectionCounts(rig), { [`${NORTH}/event/ID_CONFLICT`]: 1 })
})

t.test('rejects malformed messages with a reason, counts them per code, stores nothing and never throws', async (t) => {
  const rig = ingestRig(t)
  const cases: Array<[string, string, string, Buffer | string]> = [
    ['not JSON', 'NOT_JSON', EVENT_TOPIC, '{"v":1,'],
    ['not UTF-8', 'NOT_JSON', EVENT_TOPIC, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
    ['too large', 'TOO_LARGE', EVENT_TOPIC, Buffer.alloc(5_000, 0x20)],
    ['missing members', 'INVALID', EVENT_TOPIC, JSON.stringify({ v: 1, id: randomUUID() })],
    ['an extra member', 'INVALID', EVENT_TOPIC, JSON.stringify({ ...accessEvent(1), cardNumber: '4821009913' })],
    ['a full card number', 'INVALID', EVENT_TOPIC, JSON.stringify({ ...accessEvent(1), credential: { kind: 'card', maskedReference: '4821009913' } })],
    ['a date that does not exist', 'BAD_TIMESTAMP', EVENT_TOPIC, JSON.stringify(accessEvent(1, { occurredAt: '2026-02-30T10:00:00.000Z' }))],
    ['another edge in the payload', 'EDGE_MISMATCH', EVENT_TOPIC, JSON.stringify(accessEvent(1, { edgeId: SOUTH }))],
    ['another edge in the topic', 'WRONG_EDGE_TOPIC', topicOf('event', SOUTH), JSON.stringify(accessEvent(1))],
    ['a hub topic', 'NOT_EDGE_TOPIC', topicOf('command'), JSON.stringify(accessEvent(1))],
    ['an unknown topic', 'UNKNOWN_TOPIC', 'gatehouse/edge/gate-north/diary', JSON.stringify(accessEvent(1))],
    ['another base topic', 'UNKNOWN_TOPIC', 'elsewhere/edge/gate-north/event', JSON.stringify(accessEvent(1))],
    ['an alarm on the event topic', 'INVALID', EVENT_TOPIC, JSON.stringify(alarm(1))],
  ]
  for (const [what, code, topic, payload] of cases) {
    const outcome = rig.dispatcher.accept(NORTH, topic, Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'utf8'))
    t.match(outcome, { status: 'rejected', code, reason: /\S/ }, what)
  }
  t.equal(countRows(rig, 'access_events'), 0)
  t.equal(rig.fed.length, 0)
  t.match(rejectionCounts(rig), {
    [`${NORTH}/event/NOT_JSON`]: 2,
    [`${NORTH}/event/INVALID`]: 4,
    [`${NORTH}/event/TOO_LARGE`]: 1,
    [`${NORTH}/event/BAD_TIMESTAMP`]: 1,
    [`${NORTH}/event/EDGE_MISMATCH`]: 1,
    [`${NORTH}/event/WRONG_EDGE_TOPIC`]: 1,
    [`${NORTH}/command/NOT_EDGE_TOPIC`]: 1,
    [`${NORTH}/-/UNKNOWN_TOPIC`]: 2,
  })
  t.ok(rig.log.lines.some((line) => line.level === 'warn' && /INVALID/.test(line.message ?? '')), 'logged with the reason')
  t.notOk(rig.log.lines.some((line) => JSON.stringify(line.object).includes('4821009913')), 'never logs the payload')
})

t.test('survives random bytes on every edge topic', async (t) => {
  const rig = ingestRig(t)
  const kinds = ['event', 'alarm', 'status', 'commandReply', 'policyApplied'] as const
  for (let round = 0; round < 300; round++) {
    const kind = kinds[round % kinds.length]!
    const payload = round % 3 === 0 ? randomBytes(round % 200) : Buffer.from(JSON.stringify({ v: 1, edgeId: NORTH, id: randomBytes(4).toString('hex'), seq: round }), 'utf8')
    t.equal(rig.dispatcher.accept(NORTH, topicOf(kind), payload).status, 'rejected')
  }
  t.equal(countRows(rig, 'access_events') + countRows(rig, 'alarms') + countRows(rig, 'edge_status'), 0)
})

t.test('batched accepts share one commit, keep exactly once inside a batch, and resolve only once durable', async (t) => {
  const rig = ingestRig(t)
  const events = Array.from({ length: 50 }, (_, index) => accessEvent(index + 1))
  const again = events[7]!
  const outcomes = await Promise.all([
    ...events.map((event) => rig.dispatcher.acceptBatched(NORTH, EVENT_TOPIC, bytes(event))),
    rig.dispatcher.acceptBatched(NORTH, EVENT_TOPIC, bytes(again)),
    rig.dispatcher.acceptBatched(NORTH, EVENT_TOPIC, Buffer.from('nonsense')),
  ])
  t.equal(outcomes.filter((outcome) => outcome.status === 'stored').length, 50)
  t.same(outcomes[50], { status: 'duplicate' })
  t.match(outcomes[51], { status: 'rejected', code: 'NOT_JSON' })
  t.equal(countRows(rig, 'access_events'), 50)
})

t.test('throws when storage fails, so the broker does not acknowledge', async (t) => {
  const rig = ingestRig(t)
  rig.database.connection.exec('DROP TABLE access_events')
  t.throws(() => rig.dispatcher.accept(NORTH, EVENT_TOPIC, bytes(accessEvent(1))))
  await t.rejects(rig.dispatcher.acceptBatched(NORTH, EVENT_TOPIC, bytes(accessEvent(2))))
})

t.test('keeps the newest status per edge; the last will takes it offline and raises EDGE_OFFLINE, coming back clears it', async (t) => {
  const rig = ingestRig(t)
  const statusTopic = topicOf('status')
  t.same(rig.dispatcher.accept(NORTH, statusTopic, bytes(edgeStatus({ at: iso(MONDAY_10AM_MS + 5_000) }))), { status: 'stored' })
  t.same(rig.dispatcher.accept(NORTH, statusTopic, bytes(edgeStatus({ at: iso(MONDAY_10AM_MS + 1_000), policyVersion: 41 }))), { status: 'duplicate' }, 'an older online status is a late redelivery')
  t.equal(rig.statuses.get(NORTH)?.status.policyVersion, 42)
  const will = edgeStatus({ state: 'offline', at: iso(MONDAY_10AM_MS) })
  t.same(rig.dispatcher.accept(NORTH, statusTopic, bytes(will)), { status: 'stored' }, 'the last will counts although it is older')
  t.equal(rig.statuses.get(NORTH)?.status.state, 'offline')
  t.match(rig.alerts.list({ state: 'open', limit: 10 }), [{ kind: 'EDGE_OFFLINE', edgeId: NORTH, severity: 'critical' }])
  rig.dispatcher.accept(NORTH, statusTopic, bytes(edgeStatus({ at: iso(MONDAY_10AM_MS + 90_000) })))
  t.same(rig.alerts.list({ state: 'open', limit: 10 }), [])
  t.match(rig.fed.filter((item) => item.kind === 'status'), [{ state: 'online' }, { state: 'offline' }, { state: 'online' }])
})

t.test('hands command replies to the waiting command once, and refuses replies to commands never sent', async (t) => {
  const rig = ingestRig(t)
  const id = randomUUID()
  rig.replies.known.add(id)
  const reply = { v: 1, id, edgeId: NORTH, at: iso(MONDAY_10AM_MS), status: 'ok' }
  const replyTopic = topicOf('commandReply')
  t.same(rig.dispatcher.accept(NORTH, replyTopic, bytes(reply)), { status: 'stored' })
  t.same(rig.dispatcher.accept(NORTH, replyTopic, bytes({ ...reply, status: 'error', code: 'REPLAYED' })), { status: 'duplicate' })
  t.match(rig.dispatcher.accept(NORTH, replyTopic, bytes({ ...reply, id: randomUUID() })), { status: 'rejected', code: 'UNKNOWN_COMMAND' })
  t.same(rig.replies.committed.map((committed) => committed.id), [id])
})

t.test('hands policy-applied reports to the policy distributor', async (t) => {
  const rig = ingestRig(t)
  const applied = policyApplied()
  t.same(rig.dispatcher.accept(NORTH, topicOf('policyApplied'), bytes(applied)), { status: 'stored' })
  t.same(rig.applied, [[NORTH, applied]])
})

t.test("records a credential's last use from the events that name it, never moving it back in time", async (t) => {
  const rig = ingestRig(t)
  const community = seedCommunity(rig.database.connection, { households: 4 })
  const card = community.cards[0]!
  const masked = maskCredentialKey(card.lookupKey)
  const lastUse = () =>
    rig.database.connection.prepare<[string], { last_used_at_ms: number | null; last_used_door_id: string | null }>('SELECT last_used_at_ms, last_used_door_id FROM credentials WHERE id = ?').get(card.credentialId)
  const newer = accessEvent(2, { personId: card.personId, credential: { kind: 'card', maskedReference: masked }, doorId: 'door-gate-residents' })
  const older = accessEvent(1, { personId: card.personId, credential: { kind: 'card', maskedReference: masked }, doorId: 'door-gate-assisted' })
  rig.dispatcher.accept(NORTH, EVENT_TOPIC, bytes(newer))
  rig.dispatcher.accept(NORTH, EVENT_TOPIC, bytes(older))
  t.same(lastUse(), { last_used_at_ms: MONDAY_10AM_MS + 2_000, last_used_door_id: 'door-gate-residents' })
})

t.test('counts passes, denials and fevers per door and site-local day', async (t) => {
  const rig = ingestRig(t)
  const lateEvening = Date.UTC(2026, 2, 2, 15, 59, 0)
  const events = [
    accessEvent(1),
    accessEvent(2, { decision: { granted: false, reason: 'REVOKED' } }),
    accessEvent(3, { decision: { granted: false, reason: 'FEVER' }, temperature: { celsius: 38.1, isFever: true, remeasured: true } }),
    accessEvent(4, { occurredAt: iso(lateEvening + 120_000) }),
  ]
  for (const event of events) rig.dispatcher.accept(NORTH, EVENT_TOPIC, bytes(event))
  const counts = rig.database.connection.prepare('SELECT door_id, local_date, passes, denials, fevers FROM door_daily_counts ORDER BY local_date').all()
  t.same(counts, [
    { door_id: 'north-gate-in', local_date: '2026-03-02', passes: 1, denials: 2, fevers: 1 },
    { door_id: 'north-gate-in', local_date: '2026-03-03', passes: 1, denials: 0, fevers: 0 },
  ])
})
