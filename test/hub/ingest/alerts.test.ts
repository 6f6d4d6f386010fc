import t from 'tap'
import { ALARM_TOPIC, EVENT_TOPIC, MONDAY_10AM_MS, NORTH, accessEvent, alarm, bytes, countRows, edgeStatus, ingestRig, iso, topicOf } from '../../fakes/hub-ingest-fixtures.js'

const STATUS_TOPIC = topicOf('status')

const open = (rig: ReturnType<typeof ingestRig>) => rig.alerts.list({ state: 'open', limit: 50 })

t.test('a fever refusal raises one FEVER alert, and the FEVER_CONFIRMED alarm about the same event joins it', async (t) => {
  const rig = ingestRig(t)
  const fever = accessEvent(1, { decision: { granted: false, reason: 'FEVER' }, temperature: { celsius: 38.2, isFever: true, remeasured: true } })
  rig.dispatcher.accept(NORTH, EVENT_TOPIC, bytes(fever))
  rig.dispatcher.accept(NORTH, ALARM_TOPIC, bytes(alarm(2, { kind: 'FEVER_CONFIRMED', eventId: fever.id })))
  t.match(open(rig), [{ kind: 'FEVER', severity: 'critical', edgeId: NORTH, doorId: 'north-gate-in', personId: 'p-0193', sourceId: fever.id, occurrences: 2 }])
  t.equal(countRows(rig, 'alerts'), 1)
  t.notMatch(JSON.stringify(open(rig)), /38\.2/, 'the alert carries no temperature')
  t.match(rig.fed.filter((item) => item.kind === 'alert'), [{ change: { change: 'raised' } }, { change: { change: 'repeated' } }])
})

t.test('three denials of one credential within five minutes raise REPEATED_DENIALS; spread out they do not', async (t) => {
  const rig = ingestRig(t)
  const denied = (seq: number, atMs: number, maskedReference = '****7777') =>
    accessEvent(seq, { personId: undefined, credential: { kind: 'card', maskedReference }, decision: { granted: false, reason: 'UNKNOWN_CREDENTIAL' }, occurredAt: iso(atMs) })
  const minute = 60_000
  for (const [seq, atMs] of [[1, 0], [2, 6 * minute], [3, 12 * minute]] as const) rig.dispatcher.accept(NORTH, EVENT_TOPIC, bytes(denied(seq, MONDAY_10AM_MS + atMs)))
  t.same(open(rig), [], 'one denial every six minutes is not an attack')
  rig.dispatcher.accept(NORTH, EVENT_TOPIC, bytes(denied(4, MONDAY_10AM_MS + 13 * minute)))
  t.same(open(rig), [], 'two within five minutes')
  rig.dispatcher.accept(NORTH, EVENT_TOPIC, bytes(denied(5, MONDAY_10AM_MS + 14 * minute)))
  t.match(open(rig), [{ kind: 'REPEATED_DENIALS', occurrences: 1, detail: /3 denials of one card/ }])
  rig.dispatcher.accept(NORTH, EVENT_TOPIC, bytes(denied(6, MONDAY_10AM_MS + 15 * minute)))
  rig.dispatcher.accept(NORTH, EVENT_TOPIC, bytes(denied(7, MONDAY_10AM_MS + 15 * minute, '****1234')))
  t.match(open(rig), [{ kind: 'REPEATED_DENIALS', occurrences: 2 }], 'a fourth counts on the open alert; another card does not')
})

t.test('a forced door stays an alert after the door shuts, until someone acknowledges it', async (t) => {
  const rig = ingestRig(t)
  rig.dispatcher.accept(NORTH, ALARM_TOPIC, bytes(alarm(1, { kind: 'DOOR_FORCED' })))
  rig.dispatcher.accept(NORTH, ALARM_TOPIC, bytes(alarm(2, { kind: 'DOOR_FORCED', state: 'cleared' })))
  const [forced] = open(rig)
  t.match(forced, { kind: 'DOOR_FORCED', isStateful: false, acknowledged: null })
  const acknowledged = rig.alerts.acknowledge(forced!.id, { accountId: 'acc-wang', name: '王阿姨', atMs: MONDAY_10AM_MS + 120_000, note: 'checked, door closed' })
  t.match(acknowledged, { clearedAtMs: MONDAY_10AM_MS + 120_000, acknowledged: { accountId: 'acc-wang', name: '王阿姨', note: 'checked, door closed' } })
  t.same(open(rig), [])
})

t.test('a door held open is cleared by the edge when it closes; acknowledging a condition does not end it', async (t) => {
  const rig = ingestRig(t)
  rig.dispatcher.accept(NORTH, ALARM_TOPIC, bytes(alarm(1, { kind: 'DOOR_HELD_OPEN' })))
  const [held] = open(rig)
  rig.alerts.acknowledge(held!.id, { accountId: 'acc-wang', name: '王阿姨', atMs: MONDAY_10AM_MS + 1, note: null })
  t.match(open(rig), [{ kind: 'DOOR_HELD_OPEN', acknowledged: { accountId: 'acc-wang' } }])
  rig.dispatcher.accept(NORTH, ALARM_TOPIC, bytes(alarm(2, { kind: 'DOOR_HELD_OPEN', state: 'cleared' })))
  t.same(open(rig), [])
})

t.test('a reader offline (alarm) and a thermometer offline (status) are cleared by a status that shows them back', async (t) => {
  const rig = ingestRig(t)
  rig.dispatcher.accept(NORTH, ALARM_TOPIC, bytes(alarm(1, { kind: 'READER_OFFLINE', device: 'reader-1', detail: 'no reply to poll' })))
  rig.dispatcher.accept(NORTH, STATUS_TOPIC, bytes(edgeStatus({
    at: iso(MONDAY_10AM_MS + 10_000),
    devices: { 'reader-1': { kind: 'reader', state: 'offline' }, 'thermometer-1': { kind: 'thermometer', state: 'offline', detail: 'no frames' } },
  })))
  t.match(open(rig).map((alert) => [alert.kind, alert.deviceId, alert.deviceKind]).sort(), [
    ['DEVICE_OFFLINE', 'reader-1', 'reader'],
    ['DEVICE_OFFLINE', 'thermometer-1', 'thermometer'],
  ])
  rig.dispatcher.accept(NORTH, STATUS_TOPIC, bytes(edgeStatus({ at: iso(MONDAY_10AM_MS + 20_000) })))
  t.same(open(rig), [])
})

t.test('a backlog growing over three successive statuses raises JOURNAL_BACKLOG_GROWING; draining clears it', async (t) => {
  const rig = ingestRig(t)
  const report = (index: number, journalBacklog: number) =>
    rig.dispatcher.accept(NORTH, STATUS_TOPIC, bytes(edgeStatus({ at: iso(MONDAY_10AM_MS + index * 60_000), journalBacklog })))
  report(0, 120)
  report(1, 150)
  report(2, 210)
  t.same(open(rig), [], 'two rises')
  report(3, 260)
  t.match(open(rig), [{ kind: 'JOURNAL_BACKLOG_GROWING', detail: '260 entries waiting and growing' }])
  report(4, 40)
  t.same(open(rig), [])
})

t.test('a degraded journal (disk nearly full) raises JOURNAL_DEGRADED until the edge reports it healthy', async (t) => {
  const rig = ingestRig(t)
  rig.dispatcher.accept(NORTH, STATUS_TOPIC, bytes(edgeStatus({ devices: { journal: { kind: 'journal', state: 'degraded', detail: 'NEAR_SIZE_BUDGET' } } })))
  t.match(open(rig), [{ kind: 'JOURNAL_DEGRADED', severity: 'critical', detail: 'NEAR_SIZE_BUDGET' }])
  rig.dispatcher.accept(NORTH, STATUS_TOPIC, bytes(edgeStatus({ at: iso(MONDAY_10AM_MS + 1_000) })))
  t.same(open(rig), [])
})

t.test('a sequence gap that stays once the edge reports an empty backlog raises JOURNAL_GAP; the late entry clears it', async (t) => {
  const rig = ingestRig(t)
  const late = accessEvent(3)
  for (const event of [accessEvent(1), accessEvent(2), accessEvent(4)]) rig.dispatcher.accept(NORTH, EVENT_TOPIC, bytes(event))
  rig.dispatcher.accept(NORTH, STATUS_TOPIC, bytes(edgeStatus({ journalBacklog: 1 })))
  t.same(open(rig), [], 'a gap while the backlog drains is normal')
  rig.dispatcher.accept(NORTH, STATUS_TOPIC, bytes(edgeStatus({ at: iso(MONDAY_10AM_MS + 1_000), journalBacklog: 0 })))
  t.match(open(rig), [{ kind: 'JOURNAL_GAP', detail: '1 journal entries never arrived' }])
  rig.dispatcher.accept(NORTH, EVENT_TOPIC, bytes(late))
  rig.dispatcher.accept(NORTH, STATUS_TOPIC, bytes(edgeStatus({ at: iso(MONDAY_10AM_MS + 2_000), journalBacklog: 0 })))
  t.same(open(rig), [])
})

t.test('a skipped temperature check and a staff check that timed out raise TEMPERATURE_SKIPPED for the door', async (t) => {
  const rig = ingestRig(t)
  rig.dispatcher.accept(NORTH, ALARM_TOPIC, bytes(alarm(1, { kind: 'TEMPERATURE_SKIPPED' })))
  rig.dispatcher.accept(NORTH, ALARM_TOPIC, bytes(alarm(2, { kind: 'STAFF_CHECK_TIMED_OUT' })))
  rig.dispatcher.accept(NORTH, ALARM_TOPIC, bytes(alarm(3, { kind: 'FEVER_SUSPECTED' })))
  t.match(open(rig), [{ kind: 'TEMPERATURE_SKIPPED', doorId: 'north-gate-in', occurrences: 2 }])
})
