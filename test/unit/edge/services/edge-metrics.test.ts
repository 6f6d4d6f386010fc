import t from 'tap'
import { join } from 'node:path'
import { openEdgeDatabase } from '../../../../edge/src/adapters/sqlite/open-edge-database.js'
import { SqliteJournal } from '../../../../edge/src/adapters/sqlite/sqlite-journal.js'
import { JournalError, type Journal, type JournalEntryInput, type JournalReceipt } from '../../../../edge/src/ports/journal.js'
import { EdgeMetrics } from '../../../../edge/src/services/edge-metrics.js'
import { DecisionLatencyRecorder } from '../../../../edge/src/services/kiosk-timings.js'
import { ManualClock } from '../../../fakes/manual-clock.js'
import { accessEventEntry, alarmEntry } from '../../../fakes/journal-entries.js'
import { SilentLogger } from '../../../fakes/silent-logger.js'

function recorder() {
  const measured: string[] = []
  const timings = new DecisionLatencyRecorder({ decision: (seconds) => measured.push(`decision ${seconds}`), cardToRelay: (seconds) => measured.push(`relay ${seconds}`) })
  return { timings, measured }
}

t.test('a grant is timed from the accepted card to the journal and to the relay', async (t) => {
  const { timings, measured } = recorder()
  timings.presented(1_000)
  timings.journalled(true, 1_040)
  timings.unlocked(1_045)
  t.same(measured, ['decision 0.04', 'relay 0.045'])
})

t.test('a denial is timed to the journal only, and the next attempt starts afresh', async (t) => {
  const { timings, measured } = recorder()
  timings.presented(1_000)
  timings.journalled(false, 1_010)
  timings.unlocked(2_000)
  timings.journalled(true, 2_000)
  t.same(measured, ['decision 0.01'], 'a relay or journal entry without a presented card (remote, staff) is not timed')
})

t.test('a newer accepted card replaces an unfinished one', async (t) => {
  const { timings, measured } = recorder()
  timings.presented(1_000)
  timings.presented(5_000)
  timings.journalled(true, 5_500)
  timings.unlocked(5_600)
  t.same(measured, ['decision 0.5', 'relay 0.6'])
})

/** A journal that is full: every append is refused as the SQLite journal refuses it. */
class FullJournal {
  async append(_entry: JournalEntryInput): Promise<JournalReceipt> {
    throw new JournalError('JOURNAL_FULL', 'journal full')
  }
}

t.test('the observed journal counts decisions by door, result and reason, alarms by kind, and refused appends by code', async (t) => {
  const database = openEdgeDatabase({ path: join(t.testdir(), 'edge.db') })
  const clock = new ManualClock(1_772_439_300_000)
  const journal = new SqliteJournal(database, clock, new SilentLogger())
  journal.start()
  t.teardown(() => {
    journal.stop()
    database.close()
  })
  const metrics = new EdgeMetrics({
    edgeId: 'gate-north',
    softwareVersion: '0.1.0',
    journal,
    devices: () => ({ 'thermometer-1': { kind: 'thermometer', state: 'degraded', errorCounts: { BAD_CHECKSUM: 2 } } }),
    isHubConnected: () => true,
    policyVersion: () => 42,
    policyAgeMs: () => 90_000,
    log: new SilentLogger(),
  })
  const observed = metrics.observe(journal)
  await observed.append(accessEventEntry())
  const denied = accessEventEntry()
  await observed.append({ ...denied, message: { ...denied.message, decision: { granted: false, reason: 'QUARANTINED' } } })
  await observed.append(alarmEntry())
  await t.rejects(metrics.observe(new FullJournal() as unknown as Journal).append(accessEventEntry()), { code: 'JOURNAL_FULL' })
  const text = metrics.registry.render()
  t.match(text, 'gatehouse_edge_decisions_total{door="north-gate-in",result="granted",reason="GRANTED"} 1\n')
  t.match(text, 'gatehouse_edge_decisions_total{door="north-gate-in",result="denied",reason="QUARANTINED"} 1\n')
  t.match(text, 'gatehouse_edge_alarms_total{kind="DOOR_HELD_OPEN",state="raised"} 1\n')
  t.match(text, 'gatehouse_edge_journal_append_failures_total{code="JOURNAL_FULL"} 1\n')
  t.match(text, 'gatehouse_edge_journal_backlog 3\n')
  t.match(text, 'gatehouse_edge_device_up{device="thermometer-1",kind="thermometer"} 1\n')
  t.match(text, 'gatehouse_edge_device_errors_total{device="thermometer-1",kind="thermometer",code="BAD_CHECKSUM"} 2\n')
  t.match(text, 'gatehouse_edge_hub_connected 1\n')
  t.match(text, 'gatehouse_edge_policy_age_seconds 90\n')
})
