import t, { type Test } from 'tap'
import { once } from 'node:events'
import { join } from 'node:path'
import { accessEventTopic, alarmTopic } from '../../../protocol/mqtt/topics.js'
import { openEdgeDatabase, type EdgeDatabase } from '../../../edge/src/adapters/sqlite/open-edge-database.js'
import { SqliteJournal } from '../../../edge/src/adapters/sqlite/sqlite-journal.js'
import { systemClock } from '../../../edge/src/adapters/system-clock.js'
import type { MqttHubLink } from '../../../edge/src/adapters/mqtt/mqtt-hub-link.js'
import type { JournalEntry, JournalReceipt } from '../../../edge/src/ports/journal.js'
import { DEFAULT_JOURNAL_PUBLISHER_OPTIONS, JournalPublisher, type JournalPublisherOptions } from '../../../edge/src/services/journal-publisher.js'
import { BASE_TOPIC, GATE_NORTH, connected, linkOptions, startLink, startTestBroker } from '../../fakes/hub-link-fixtures.js'
import { accessEventEntry, alarmEntry } from '../../fakes/journal-entries.js'
import { RecordingOutbox } from '../../fakes/recording-outbox.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import type { AcceptedPublish, TestBroker } from '../../fakes/test-broker.js'

const EVENT_TOPIC = accessEventTopic(BASE_TOPIC, GATE_NORTH.edgeId)
const ALARM_TOPIC = alarmTopic(BASE_TOPIC, GATE_NORTH.edgeId)

interface OpenJournal {
  readonly database: EdgeDatabase
  readonly journal: SqliteJournal
  close(): void
}

function openJournal(t: Test, path: string): OpenJournal {
  const database = openEdgeDatabase({ path })
  const journal = new SqliteJournal(database, systemClock, new SilentLogger())
  journal.start()
  const close = () => {
    journal.stop()
    database.close()
  }
  t.teardown(close)
  return { database, journal, close }
}

/** Every fifth entry is an alarm, so both topics are exercised. */
async function appendEntries(journal: SqliteJournal, count: number): Promise<JournalReceipt[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => journal.append(index % 5 === 4 ? alarmEntry() : accessEventEntry())))
}

function journalled(accepted: readonly AcceptedPublish[]): { id: string; seq: number; payload: string }[] {
  return accepted
    .filter((publish) => publish.topic === EVENT_TOPIC || publish.topic === ALARM_TOPIC)
    .map((publish) => {
      const payload = publish.payload.toString('utf8')
      const { id, seq } = JSON.parse(payload) as { id: string; seq: number }
      return { id, seq, payload }
    })
}

/** Ids in the order the broker first accepted them; QoS 1 may repeat some. */
function firstDeliveries(broker: TestBroker): string[] {
  return [...new Set(journalled(broker.accepted).map((entry) => entry.id))]
}

function acknowledgedBy(broker: TestBroker): (id: string) => boolean {
  return (id) => journalled(broker.accepted).some((entry) => entry.id === id)
}

function startPublisher(t: Test, link: MqttHubLink, outbox: RecordingOutbox, options: Partial<JournalPublisherOptions> = {}): JournalPublisher {
  const publisher = new JournalPublisher(link, outbox, systemClock, new SilentLogger(), { ...DEFAULT_JOURNAL_PUBLISHER_OPTIONS, ...options })
  publisher.start()
  t.teardown(() => publisher.stop())
  return publisher
}

function seqOf(payload: Buffer): number {
  return (JSON.parse(payload.toString('utf8')) as { seq: number }).seq
}

t.test('publishes the stored bytes of every entry in sequence order and marks each only after its PUBACK', async (t) => {
  const broker = await startTestBroker(t)
  const { journal } = openJournal(t, join(t.testdir(), 'edge.db'))
  const receipts = await appendEntries(journal, 200)
  const stored = journal.nextUnpublished(1_000)
  const outbox = new RecordingOutbox(journal, acknowledgedBy(broker))
  const link = startLink(t, linkOptions(broker.url))
  const publisher = startPublisher(t, link, outbox)

  await outbox.waitForMarked(receipts.map((receipt) => receipt.id))
  const delivered = journalled(broker.accepted)
  t.same(firstDeliveries(broker), stored.map((entry) => entry.id), 'every entry, in sequence order')
  t.same(
    delivered.map((entry) => entry.payload),
    stored.map((entry: JournalEntry) => entry.payloadJson),
    'the journal bytes, as stored',
  )
  t.equal(broker.accepted.filter((publish) => publish.topic === ALARM_TOPIC).length, 40, 'alarms on the alarm topic')
  t.ok(broker.accepted.every((publish) => publish.topic === ALARM_TOPIC || publish.topic === EVENT_TOPIC ? !publish.isRetained : true), 'never retained')
  t.same(outbox.markedTooEarly, [], 'nothing marked before the broker had it')
  t.equal(journal.backlog().count, 0)
  t.ok(outbox.markCalls < 200, `PUBACKs marked in ${outbox.markCalls} transactions, not 200`)
  t.equal(publisher.stats().acknowledged, 200)
})

t.test('keeps entries unmarked while the broker withholds the PUBACK, and after the broker comes back on the same port delivers them and what was journalled meanwhile', async (t) => {
  const broker = await startTestBroker(t)
  const { journal } = openJournal(t, join(t.testdir(), 'edge.db'))
  const before = await appendEntries(journal, 100)
  const outbox = new RecordingOutbox(journal, acknowledgedBy(broker))
  broker.holdWhen = (_topic, payload) => seqOf(payload) > 40
  const link = startLink(t, linkOptions(broker.url))
  const publisher = startPublisher(t, link, outbox)

  await outbox.waitForMarked(before.slice(0, 40).map((receipt) => receipt.id))
  await broker.waitForHeld(1)
  t.same(
    journal.nextUnpublished(1_000).map((entry) => entry.seq),
    before.slice(40).map((receipt) => receipt.seq),
    'the held entries are still unacknowledged in the journal',
  )

  const lost = once(link, 'disconnected', { signal: AbortSignal.timeout(5_000) })
  await broker.stop()
  await lost
  const during = await appendEntries(journal, 50)
  for (const receipt of during.slice(0, 25)) publisher.notify(receipt)
  t.equal(journal.backlog().count, 110, 'nothing is marked while the hub is away')

  broker.holdWhen = undefined
  await broker.start()
  const all = [...before, ...during]
  await outbox.waitForMarked(all.map((receipt) => receipt.id))
  t.same(firstDeliveries(broker), all.map((receipt) => receipt.id), 'exactly the journal entries, in order')
  t.same(outbox.markedTooEarly, [])
  t.equal(journal.backlog().count, 0)
})

t.test('a restarted edge process resends from the same journal file what the broker had not acknowledged', async (t) => {
  const broker = await startTestBroker(t)
  const path = join(t.testdir(), 'edge.db')
  const first = openJournal(t, path)
  const receipts = await appendEntries(first.journal, 30)
  broker.holdWhen = (_topic, payload) => seqOf(payload) > 10
  const firstOutbox = new RecordingOutbox(first.journal, acknowledgedBy(broker))
  const firstLink = startLink(t, linkOptions(broker.url))
  const firstPublisher = startPublisher(t, firstLink, firstOutbox)
  await firstOutbox.waitForMarked(receipts.slice(0, 10).map((receipt) => receipt.id))
  await broker.waitForHeld(1)

  // The process goes away: whatever mqtt.js still held in memory goes with it.
  firstPublisher.stop()
  await firstLink.stop()
  first.close()
  broker.holdWhen = undefined

  const second = openJournal(t, path)
  t.equal(second.journal.backlog().count, 20, 'the unacknowledged entries survived the restart')
  const secondOutbox = new RecordingOutbox(second.journal, acknowledgedBy(broker))
  const secondLink = startLink(t, linkOptions(broker.url))
  startPublisher(t, secondLink, secondOutbox)
  await secondOutbox.waitForMarked(receipts.slice(10).map((receipt) => receipt.id))
  t.same(firstDeliveries(broker), receipts.map((receipt) => receipt.id))
  t.same(secondOutbox.markedTooEarly, [])
  t.equal(second.journal.backlog().count, 0)
})

async function liveEntryPosition(t: Test, withLiveLane: boolean): Promise<{ position: number; backlog: number }> {
  const broker = await startTestBroker(t)
  const { journal, database } = openJournal(t, join(t.testdir(), 'edge.db'))
  const backlog = await appendEntries(journal, 300)
  const outbox = new RecordingOutbox(journal, acknowledgedBy(broker), withLiveLane ? database : undefined)
  broker.holdWhen = (_topic, payload) => seqOf(payload) <= backlog.length
  const link = startLink(t, linkOptions(broker.url))
  await connected(link)
  const publisher = startPublisher(t, link, outbox, { maxInFlight: 8, maxLiveInFlight: 2, refillBatch: 1 })
  await broker.waitForHeld(8)

  const live = await journal.append(accessEventEntry())
  publisher.notify(live)
  broker.releaseHeld()
  broker.holdWhen = undefined
  broker.releaseHeld()
  await outbox.waitForMarked([...backlog, live].map((receipt) => receipt.id))
  t.same(outbox.markedTooEarly, [])
  t.equal(journal.backlog().count, 0, 'the backlog drained as well')
  return { position: firstDeliveries(broker).indexOf(live.id), backlog: backlog.length }
}

t.test('a live entry overtakes a long backlog when the journal can read past it (live lane)', async (t) => {
  const { position } = await liveEntryPosition(t, true)
  t.ok(position <= 16, `the live entry was delivered ${position}th, within two windows of the backlog`)
})

t.test('without unpublishedAfter every entry goes out strictly oldest first', async (t) => {
  const { position, backlog } = await liveEntryPosition(t, false)
  t.equal(position, backlog, 'the live entry waited for the whole backlog')
})
