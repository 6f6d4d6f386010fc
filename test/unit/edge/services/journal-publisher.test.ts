import t from 'tap'
import { randomUUID } from 'node:crypto'
import type { JournalEntry } from '../../../../edge/src/ports/journal.js'
import { JournalPublisher, type JournalOutbox } from '../../../../edge/src/services/journal-publisher.js'
import { FakeHubConnection, type FakePublish } from '../../../fakes/fake-hub-connection.js'
import { ManualClock } from '../../../fakes/manual-clock.js'
import { SilentLogger } from '../../../fakes/silent-logger.js'

/** A journal in memory: entries with seq 1..n, and a switch to make marking fail. */
class MemoryOutbox implements JournalOutbox {
  readonly entries: Array<JournalEntry & { state: 'pending' | 'published' }> = []
  isMarkBroken = false
  markCalls = 0

  append(count: number): void {
    for (let index = 0; index < count; index++) {
      const seq = this.entries.length + 1
      const id = randomUUID()
      this.entries.push({ id, seq, kind: 'event', payloadJson: JSON.stringify({ id, seq }), recordedAtMs: 0, state: 'pending' })
    }
  }

  nextUnpublished(limit: number): JournalEntry[] {
    return this.entries.filter((entry) => entry.state === 'pending').slice(0, limit)
  }

  markPublished(ids: readonly string[]): number {
    this.markCalls++
    if (this.isMarkBroken) throw Object.assign(new Error('disk I/O error'), { code: 'JOURNAL_WRITE_FAILED' })
    let changed = 0
    for (const entry of this.entries) {
      if (entry.state === 'pending' && ids.includes(entry.id)) {
        entry.state = 'published'
        changed++
      }
    }
    return changed
  }

  pendingSeqs(): number[] {
    return this.entries.filter((entry) => entry.state === 'pending').map((entry) => entry.seq)
  }
}

const OPTIONS = { maxInFlight: 4, maxLiveInFlight: 1, refillBatch: 1, markDelayMs: 20, maxAwaitingMark: 64, pollIntervalMs: 1_000, retryDelayMs: 500 }

/** Lets the publisher's setImmediate pumps and the promise callbacks run. */
async function settle(): Promise<void> {
  for (let round = 0; round < 5; round++) await new Promise((resolve) => setImmediate(resolve))
}

function seqs(published: readonly FakePublish[]): number[] {
  return published.map((publish) => (JSON.parse(publish.payload.toString('utf8')) as { seq: number }).seq)
}

function setUp() {
  const clock = new ManualClock()
  const outbox = new MemoryOutbox()
  const connection = new FakeHubConnection()
  const publisher = new JournalPublisher(connection, outbox, clock, new SilentLogger(), OPTIONS)
  return { clock, outbox, connection, publisher }
}

t.test('keeps at most the window in flight and publishes more only as PUBACKs come back', async (t) => {
  const { clock, outbox, connection, publisher } = setUp()
  const pubacks: Array<() => void> = []
  connection.settle = () => new Promise((resolve) => pubacks.push(resolve))
  outbox.append(10)
  connection.isConnected = true
  publisher.start()
  await settle()
  t.same(seqs(connection.published), [1, 2, 3, 4])
  pubacks.shift()?.()
  pubacks.shift()?.()
  await settle()
  t.same(seqs(connection.published), [1, 2, 3, 4, 5, 6])
  t.same(outbox.pendingSeqs(), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'acknowledged entries are marked after the mark delay')
  clock.advance(20)
  t.same(outbox.pendingSeqs(), [3, 4, 5, 6, 7, 8, 9, 10])
  t.equal(outbox.markCalls, 1, 'both PUBACKs in one mark')
  publisher.stop()
})

t.test('does not publish while the link is down, and does not dispatch again what mqtt.js still holds after a reconnect', async (t) => {
  const { clock, outbox, connection, publisher } = setUp()
  const pubacks: Array<() => void> = []
  connection.settle = () => new Promise((resolve) => pubacks.push(resolve))
  outbox.append(6)
  publisher.start()
  await settle()
  t.same(connection.published, [], 'nothing before the first connect')
  connection.setConnected(true)
  await settle()
  t.same(seqs(connection.published), [1, 2, 3, 4])
  connection.setConnected(false)
  connection.setConnected(true)
  await settle()
  t.same(seqs(connection.published), [1, 2, 3, 4], 'the four in flight are resent by the client, not by the publisher')
  for (const puback of pubacks.splice(0)) puback()
  await settle()
  clock.advance(20)
  await settle()
  t.same(seqs(connection.published), [1, 2, 3, 4, 5, 6])
  for (const puback of pubacks.splice(0)) puback()
  await settle()
  clock.advance(20)
  t.same(outbox.pendingSeqs(), [])
  publisher.stop()
})

t.test('a failed publish is retried after the retry delay, oldest first, and is not marked', async (t) => {
  const { clock, outbox, connection, publisher } = setUp()
  let failures = 1
  connection.settle = (publish) => (seqs([publish])[0] === 2 && failures-- > 0 ? Promise.reject(new Error('client disconnecting')) : Promise.resolve())
  outbox.append(3)
  connection.isConnected = true
  publisher.start()
  await settle()
  clock.advance(20)
  t.same(outbox.pendingSeqs(), [2])
  t.equal(publisher.stats().publishFailures, 1)
  clock.advance(500)
  await settle()
  clock.advance(20)
  t.same(seqs(connection.published), [1, 2, 3, 2])
  t.same(outbox.pendingSeqs(), [])
  publisher.stop()
})

t.test('a mark that fails holds the entries, without resending them, until a later mark succeeds', async (t) => {
  const { clock, outbox, connection, publisher } = setUp()
  outbox.append(3)
  outbox.isMarkBroken = true
  connection.isConnected = true
  publisher.start()
  await settle()
  clock.advance(20)
  t.equal(publisher.stats().markFailures, 1)
  t.same(outbox.pendingSeqs(), [1, 2, 3])
  clock.advance(1_000)
  await settle()
  t.same(seqs(connection.published), [1, 2, 3], 'held, not published again')
  outbox.isMarkBroken = false
  clock.advance(500)
  t.same(outbox.pendingSeqs(), [])
  t.equal(publisher.stats().awaitingMark, 0)
  publisher.stop()
})

t.test('picks up entries nobody announced on its next poll, and marks late PUBACKs after a stop', async (t) => {
  const { clock, outbox, connection, publisher } = setUp()
  const pubacks: Array<() => void> = []
  connection.settle = () => new Promise((resolve) => pubacks.push(resolve))
  connection.isConnected = true
  publisher.start()
  await settle()
  outbox.append(1)
  clock.advance(1_000)
  await settle()
  t.same(seqs(connection.published), [1])
  publisher.stop()
  pubacks.shift()?.()
  await settle()
  t.same(outbox.pendingSeqs(), [], 'a PUBACK after stop is marked at once')
  t.equal(clock.pendingTimers, 0, 'no timers left behind')
})
