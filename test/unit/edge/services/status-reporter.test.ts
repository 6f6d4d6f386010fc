import t from 'tap'
import { edgeStatusTopic } from '../../../../protocol/mqtt/topics.js'
import type { DeviceHealth } from '../../../../protocol/mqtt/messages/edge-status.js'
import { EdgeStatusComposer, type EdgeStatusSources } from '../../../../edge/src/services/edge-status-composer.js'
import { StatusReporter } from '../../../../edge/src/services/status-reporter.js'
import { FakeHubConnection } from '../../../fakes/fake-hub-connection.js'
import { ManualClock } from '../../../fakes/manual-clock.js'
import { SilentLogger } from '../../../fakes/silent-logger.js'

const STATUS_TOPIC = edgeStatusTopic('gatehouse', 'gate-north')
const OPTIONS = { checkIntervalMs: 1_000, minIntervalMs: 2_000, refreshIntervalMs: 60_000 }

function composerWith(clock: ManualClock, sources: Partial<EdgeStatusSources>, log = new SilentLogger()): EdgeStatusComposer {
  return new EdgeStatusComposer(
    { edgeId: 'gate-north', softwareVersion: '0.1.0' },
    { policyVersion: () => 7, journalBacklog: () => 0, devices: () => ({}), ...sources },
    clock,
    log,
  )
}

function backlogs(connection: FakeHubConnection): number[] {
  return (connection.messagesOn(STATUS_TOPIC) as Array<{ journalBacklog: number }>).map((status) => status.journalBacklog)
}

t.test('publishes a change at most once per minimum interval, the latest value last, and refreshes an unchanged status', async (t) => {
  const clock = new ManualClock(Date.parse('2026-03-02T08:00:00.000Z'))
  let backlog = 0
  const connection = new FakeHubConnection()
  const reporter = new StatusReporter(connection, composerWith(clock, { journalBacklog: () => backlog }), clock, new SilentLogger(), OPTIONS)
  reporter.start()
  clock.advance(5_000)
  t.same(backlogs(connection), [], 'nothing while the link is down')

  connection.setConnected(true)
  clock.advance(3_000)
  t.same(backlogs(connection), [], 'the link published on connect; nothing changed since')

  backlog = 3
  clock.advance(1_000)
  t.same(backlogs(connection), [3])
  backlog = 4
  clock.advance(1_000)
  backlog = 5
  clock.advance(1_000)
  t.same(backlogs(connection), [3, 5], 'rate-limited, and the newest value wins')

  clock.advance(59_000)
  t.same(backlogs(connection), [3, 5], 'unchanged: quiet until the refresh interval')
  clock.advance(1_000)
  t.same(backlogs(connection), [3, 5, 5], 'refreshed after a minute')
  t.ok(connection.published.every((publish) => publish.retain), 'retained')
  reporter.stop()
  t.equal(clock.pendingTimers, 0)
})

t.test('requestPublish sends a change without waiting for the next check', async (t) => {
  const clock = new ManualClock(Date.parse('2026-03-02T08:00:00.000Z'))
  let policyVersion = 7
  const connection = new FakeHubConnection()
  connection.isConnected = true
  const reporter = new StatusReporter(connection, composerWith(clock, { policyVersion: () => policyVersion }), clock, new SilentLogger(), OPTIONS)
  reporter.start()
  clock.advance(2_500)
  policyVersion = 8
  reporter.requestPublish()
  clock.advance(0)
  t.same((connection.messagesOn(STATUS_TOPIC) as Array<{ policyVersion: number }>).map((status) => status.policyVersion), [8])
  reporter.stop()
})

t.test('the composer leaves out invalid devices, keeps at most 16, and keeps the last value of a failing source', async (t) => {
  const clock = new ManualClock(Date.parse('2026-03-02T08:00:00.000Z'))
  const log = new SilentLogger()
  const healthy: DeviceHealth = { kind: 'reader', state: 'ok' }
  const devices: Record<string, DeviceHealth> = { 'Bad Id': healthy, 'reader-x': { kind: 'reader', state: 'ok', detail: 'tab\there' } }
  for (let index = 0; index < 20; index++) devices[`reader-${String(index).padStart(2, '0')}`] = healthy
  let isBroken = false
  const composer = composerWith(clock, { devices: () => devices, journalBacklog: () => (isBroken ? Number.NaN : 12) }, log)
  const first = composer.compose('online')
  t.same(Object.keys(first.devices), Array.from({ length: 16 }, (_, index) => `reader-${String(index).padStart(2, '0')}`))
  t.equal(first.journalBacklog, 12)
  isBroken = true
  const second = composer.compose('offline')
  t.equal(second.journalBacklog, 12, 'an invalid reading keeps the last good one')
  t.equal(second.state, 'offline')
  t.equal(second.at, '2026-03-02T08:00:00.000Z')
  composer.compose('online')
  t.equal(log.lines.filter((line) => line.level === 'error').length, 7, 'each problem is logged once: 2 invalid devices, 4 over the limit, 1 bad source')
})
