import t, { type Test } from 'tap'
import { join } from 'node:path'
import { MESSAGE_CATALOG } from '../../../protocol/mqtt/message-catalog.js'
import { parseMessage } from '../../../protocol/mqtt/parse-message.js'
import { openEdgeDatabase, type EdgeDatabase } from '../../../edge/src/adapters/sqlite/open-edge-database.js'
import { SqliteJournal } from '../../../edge/src/adapters/sqlite/sqlite-journal.js'
import { DEFAULT_SQLITE_JOURNAL_OPTIONS, type SqliteJournalOptions } from '../../../edge/src/adapters/sqlite/sqlite-journal-options.js'
import { JournalError, type JournalErrorCode } from '../../../edge/src/ports/journal.js'
import { accessEventEntry, alarmEntry } from '../../fakes/journal-entries.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { SilentLogger } from '../../fakes/silent-logger.js'

interface Opened {
  readonly database: EdgeDatabase
  readonly journal: SqliteJournal
  readonly logger: SilentLogger
}

function startJournal(
  t: Test,
  path: string,
  clock: ManualClock,
  options: Partial<SqliteJournalOptions> = {},
): Opened {
  const database = openEdgeDatabase({ path })
  const logger = new SilentLogger()
  const journal = new SqliteJournal(database, clock, logger, { ...DEFAULT_SQLITE_JOURNAL_OPTIONS, ...options })
  journal.start()
  t.teardown(() => {
    journal.stop()
    database.close()
  })
  return { database, journal, logger }
}

function retention(overrides: Partial<SqliteJournalOptions['retention']>): Partial<SqliteJournalOptions> {
  return { retention: { ...DEFAULT_SQLITE_JOURNAL_OPTIONS.retention, ...overrides } }
}

async function rejectionCode(promise: Promise<unknown>): Promise<JournalErrorCode | 'RESOLVED' | 'OTHER'> {
  try {
    await promise
    return 'RESOLVED'
  } catch (error) {
    return error instanceof JournalError ? error.code : 'OTHER'
  }
}

function seqs(database: EdgeDatabase): number[] {
  return database.connection.prepare<[], number>('SELECT seq FROM journal_entries ORDER BY seq').pluck().all()
}

t.test('numbers events and alarms in one sequence that continues after close and reopen', async (t) => {
  const path = join(t.testdir(), 'edge.db')
  const clock = new ManualClock()
  const first = startJournal(t, path, clock)
  const receipts = [
    await first.journal.append(accessEventEntry()),
    await first.journal.append(alarmEntry()),
    await first.journal.append(accessEventEntry()),
  ]
  t.same(receipts.map((receipt) => receipt.seq), [1, 2, 3])
  first.journal.stop()
  first.database.close()

  const second = startJournal(t, path, clock)
  t.equal((await second.journal.append(alarmEntry())).seq, 4)
  const stored = second.journal.nextUnpublished(10)
  t.same(stored.map((entry) => [entry.seq, entry.kind]), [[1, 'event'], [2, 'alarm'], [3, 'event'], [4, 'alarm']])
  for (const entry of stored) {
    const spec = MESSAGE_CATALOG[entry.kind]
    const parsed = parseMessage(spec.schema, entry.payloadJson, { maxBytes: spec.maxPayloadBytes })
    t.ok(parsed.ok && parsed.value.seq === entry.seq && parsed.value.id === entry.id, `payload ${entry.seq} is the message to publish`)
  }
})

t.test('commits the appends of one tick in one transaction (group commit)', async (t) => {
  const { journal } = startJournal(t, join(t.testdir(), 'edge.db'), new ManualClock())
  const receipts = await Promise.all(Array.from({ length: 50 }, (_, index) => journal.append(index % 2 ? alarmEntry() : accessEventEntry())))
  t.same(receipts.map((receipt) => receipt.seq), Array.from({ length: 50 }, (_, index) => index + 1), 'in the order appended')
  t.match(journal.stats(), { commits: 1, appended: 50, largestBatch: 50 })
})

t.test('commits a burst in transactions of at most maxBatchSize', async (t) => {
  const { journal } = startJournal(t, join(t.testdir(), 'edge.db'), new ManualClock(), { maxBatchSize: 16 })
  await Promise.all(Array.from({ length: 50 }, () => journal.append(accessEventEntry())))
  t.match(journal.stats(), { commits: 4, appended: 50, largestBatch: 16 })
})

t.test('with maxBatchDelayMs, waits that long on the injected clock before committing', async (t) => {
  const clock = new ManualClock()
  const { journal } = startJournal(t, join(t.testdir(), 'edge.db'), clock, { maxBatchDelayMs: 5 })
  let settled = 0
  const appends = [journal.append(accessEventEntry()), journal.append(accessEventEntry())].map((append) => append.then(() => settled++))
  await new Promise((resolve) => setImmediate(resolve))
  t.equal(settled, 0, 'nothing durable before the delay')
  t.equal(journal.backlog().count, 0)
  clock.advance(5)
  await Promise.all(appends)
  t.equal(settled, 2)
  t.equal(journal.stats().commits, 1)
})

t.test('refuses an invalid entry with JOURNAL_INVALID_ENTRY and still commits the rest of its tick', async (t) => {
  const { journal } = startJournal(t, join(t.testdir(), 'edge.db'), new ManualClock())
  const bad = accessEventEntry()
  // A full card number: the schema refuses to let it reach the journal, let alone the wire.
  const unmasked = { ...bad, message: { ...bad.message, credential: { kind: 'card' as const, maskedReference: '12345678' } } }
  const good = journal.append(accessEventEntry())
  t.equal(await rejectionCode(journal.append(unmasked)), 'JOURNAL_INVALID_ENTRY')
  t.equal((await good).seq, 1)
  t.equal(journal.backlog().count, 1)
  t.throws(() => journal.appendNow(unmasked), { code: 'JOURNAL_INVALID_ENTRY' })
})

t.test('refuses a repeated id with JOURNAL_DUPLICATE_ID without failing the rest of its batch', async (t) => {
  const { journal } = startJournal(t, join(t.testdir(), 'edge.db'), new ManualClock())
  const entry = accessEventEntry()
  const results = await Promise.allSettled([journal.append(alarmEntry()), journal.append(entry), journal.append(entry), journal.append(alarmEntry())])
  t.same(results.map((result) => result.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'])
  t.match(results[2], { reason: { code: 'JOURNAL_DUPLICATE_ID' } })
  t.same(journal.nextUnpublished(10).map((stored) => stored.seq), [1, 2, 3], 'no gap where the duplicate was refused')
  t.equal(journal.health().isDegraded, false, "a caller's bug is not the journal's health")
})

t.test('appendNow commits the waiting batch first, then its own entry, synchronously', async (t) => {
  const { journal } = startJournal(t, join(t.testdir(), 'edge.db'), new ManualClock())
  const waiting = journal.append(accessEventEntry())
  const receipt = journal.appendNow(alarmEntry())
  t.equal(receipt.seq, 2)
  t.equal(journal.backlog().count, 2, 'both durable before appendNow returned')
  t.equal((await waiting).seq, 1)
  t.equal(journal.stats().commits, 1)
})

t.test('stop commits what is waiting; appends after it are refused with JOURNAL_NOT_RUNNING', async (t) => {
  const path = join(t.testdir(), 'edge.db')
  const { journal, database } = startJournal(t, path, new ManualClock())
  const waiting = journal.append(accessEventEntry())
  journal.stop()
  t.equal((await waiting).seq, 1)
  t.equal(await rejectionCode(journal.append(accessEventEntry())), 'JOURNAL_NOT_RUNNING')
  t.same(seqs(database), [1])
})

t.test('the outbox hands out unpublished entries in sequence order until they are marked published', async (t) => {
  const clock = new ManualClock(1_000_000)
  const { journal } = startJournal(t, join(t.testdir(), 'edge.db'), clock)
  t.same(journal.backlog(), { count: 0, oldestRecordedAtMs: null, oldestAgeMs: null })
  const receipts = []
  for (let index = 0; index < 5; index++) {
    receipts.push(await journal.append(index === 2 ? alarmEntry() : accessEventEntry()))
    clock.advance(1_000)
  }
  t.same(journal.nextUnpublished(3).map((entry) => entry.seq), [1, 2, 3])
  t.equal(journal.markPublished([receipts[0]!.id, receipts[2]!.id, 'not-an-id']), 2)
  t.equal(journal.markPublished([receipts[0]!.id]), 0, 'a repeated PUBACK changes nothing')
  t.same(journal.nextUnpublished(10).map((entry) => entry.seq), [2, 4, 5])
  t.same(journal.backlog(), { count: 3, oldestRecordedAtMs: 1_001_000, oldestAgeMs: 4_000 })
  journal.markPublished(receipts.map((receipt) => receipt.id))
  t.same(journal.nextUnpublished(10), [])
  t.equal(journal.backlog().count, 0)
})

t.test('never hands out a sequence number twice, even after the newest entries were pruned', async (t) => {
  const path = join(t.testdir(), 'edge.db')
  const clock = new ManualClock()
  const options = retention({ maxPublishedAgeMs: 60_000 })
  const first = startJournal(t, path, clock, options)
  const receipts = await Promise.all([first.journal.append(accessEventEntry()), first.journal.append(accessEventEntry())])
  first.journal.markPublished(receipts.map((receipt) => receipt.id))
  clock.advance(61_000)
  t.match(first.journal.prune(), { deletedByAge: 2 })
  t.same(seqs(first.database), [], 'the journal is empty')
  first.journal.stop()
  first.database.close()
  const second = startJournal(t, path, clock, options)
  t.equal((await second.journal.append(accessEventEntry())).seq, 3)
})

t.test('prunes published entries by age and by row count, never an unpublished one', async (t) => {
  const clock = new ManualClock()
  const { journal, database } = startJournal(t, join(t.testdir(), 'edge.db'), clock, retention({ maxPublishedAgeMs: 60_000, maxRows: 4 }))
  const old = await Promise.all(Array.from({ length: 4 }, () => journal.append(accessEventEntry())))
  journal.markPublished([old[0]!.id, old[1]!.id])
  clock.advance(61_000)
  const recent = await Promise.all(Array.from({ length: 3 }, () => journal.append(accessEventEntry())))
  t.same(seqs(database), [3, 4, 5, 6, 7], 'going over maxRows pruned at once: the two old published ones, by age')
  journal.markPublished(recent.map((receipt) => receipt.id))
  t.match(journal.prune(), { deletedByAge: 0, deletedByRows: 1 })
  t.same(seqs(database), [3, 4, 6, 7], 'old unpublished 3 and 4 stay; the oldest published recent one went')
  t.equal(journal.backlog().count, 2)
  t.equal(journal.stats().pruned, 3)
})

t.test('near its size budget with nothing published left to prune, degrades loudly and keeps what is unsent', async (t) => {
  const clock = new ManualClock()
  const opened = startJournal(t, join(t.testdir(), 'edge.db'), clock, retention({ maxJournalBytes: 400 * 1024, nearBudgetRatio: 0.9 }))
  const { journal, database, logger } = opened
  const changes: (string | null)[] = []
  journal.onHealthChanged((health) => changes.push(health.reason))
  const first = await Promise.all(Array.from({ length: 100 }, () => journal.append(accessEventEntry())))
  journal.markPublished(first.map((receipt) => receipt.id))
  for (let round = 0; round < 20; round++) await Promise.all(Array.from({ length: 50 }, () => journal.append(accessEventEntry())))
  t.equal(journal.stats().appended, 1100, 'every append was accepted')
  t.equal(journal.backlog().count, 1000, 'no unsent entry was pruned')
  t.equal(database.connection.prepare('SELECT COUNT(*) FROM journal_entries WHERE published_at_ms IS NOT NULL').pluck().get(), 0, 'published ones went first')
  const health = journal.health()
  t.match(health, { isDegraded: true, reason: 'NEAR_SIZE_BUDGET', unpublishedCount: 1000 })
  t.match(health.detail, /of a 0.4 MiB budget with 1000 entries unpublished/)
  t.same(changes, ['NEAR_SIZE_BUDGET'])
  t.ok(logger.lines.some((line) => line.level === 'error' && /journal degraded/.test(line.message ?? '')))
})

t.test('with more unpublished entries than its row budget, degrades with OVER_ROW_BUDGET and recovers once they are sent', async (t) => {
  const { journal } = startJournal(t, join(t.testdir(), 'edge.db'), new ManualClock(), retention({ maxRows: 3 }))
  const receipts = await Promise.all(Array.from({ length: 4 }, () => journal.append(accessEventEntry())))
  t.match(journal.health(), { isDegraded: true, reason: 'OVER_ROW_BUDGET' })
  journal.markPublished(receipts.map((receipt) => receipt.id))
  t.match(journal.health(), { isDegraded: false, reason: null })
})

t.test('when the disk is full, rejects with JOURNAL_FULL, keeps earlier entries, degrades, and recovers when space is back', async (t) => {
  const { journal, database, logger } = startJournal(t, join(t.testdir(), 'edge.db'), new ManualClock())
  const reasons: (string | null)[] = []
  journal.onHealthChanged((health) => reasons.push(health.reason))
  const pageCount = Number(database.connection.pragma('page_count', { simple: true }))
  database.connection.pragma(`max_page_count = ${pageCount + 8}`)
  const durable: number[] = []
  let code: string = 'RESOLVED'
  while (code === 'RESOLVED' && durable.length < 10_000) {
    const settled = await Promise.allSettled(Array.from({ length: 8 }, () => journal.append(accessEventEntry())))
    for (const result of settled) {
      if (result.status === 'fulfilled') durable.push(result.value.seq)
      else code = result.reason instanceof JournalError ? result.reason.code : 'OTHER'
    }
  }
  t.equal(code, 'JOURNAL_FULL')
  t.ok(durable.length > 8, `${durable.length} entries fitted before the disk was full`)
  t.same(seqs(database), durable, 'every entry reported durable is there, and nothing else')
  t.match(journal.health(), { isDegraded: true, reason: 'DISK_FULL' })
  t.ok(logger.lines.some((line) => line.level === 'error'), 'said so at error level')
  t.equal(await rejectionCode(journal.append(accessEventEntry())), 'JOURNAL_FULL', 'still full: still refused, not dropped silently')

  database.connection.pragma('max_page_count = 1000000')
  t.equal((await journal.append(accessEventEntry())).seq, durable.length + 1, 'the sequence has no gap')
  t.match(journal.health(), { isDegraded: false })
  t.same(reasons, ['DISK_FULL', null])
})

t.test('when the disk is full, makes room by pruning published entries before refusing', async (t) => {
  const { journal, database } = startJournal(t, join(t.testdir(), 'edge.db'), new ManualClock())
  const published = await Promise.all(Array.from({ length: 200 }, () => journal.append(accessEventEntry())))
  journal.markPublished(published.map((receipt) => receipt.id))
  database.connection.pragma(`max_page_count = ${Number(database.connection.pragma('page_count', { simple: true }))}`)
  const results = await Promise.allSettled(Array.from({ length: 50 }, () => journal.append(accessEventEntry())))
  t.equal(results.filter((result) => result.status === 'fulfilled').length, 50, 'all fitted in the space of pruned entries')
  t.ok(journal.stats().pruned > 0)
  t.equal(journal.backlog().count, 50)
})

t.test('when a write fails for another reason, rejects with JOURNAL_WRITE_FAILED, degrades, and recovers', async (t) => {
  const { journal, database } = startJournal(t, join(t.testdir(), 'edge.db'), new ManualClock())
  const earlier = await journal.append(accessEventEntry())
  // query_only makes every write fail with SQLITE_READONLY, as a remounted read-only card would.
  database.connection.pragma('query_only = ON')
  t.equal(await rejectionCode(journal.append(accessEventEntry())), 'JOURNAL_WRITE_FAILED')
  t.match(journal.health(), { isDegraded: true, reason: 'WRITE_FAILED', detail: /SQLITE_READONLY/ })
  t.throws(() => journal.markPublished([earlier.id]), { code: 'JOURNAL_WRITE_FAILED' }, 'a failed PUBACK mark leaves the entry pending')
  t.equal(journal.backlog().count, 1)
  database.connection.pragma('query_only = OFF')
  t.equal((await journal.append(accessEventEntry())).seq, 2)
  t.match(journal.health(), { isDegraded: false })
})

t.test('prunes on its own every pruneIntervalMs of the injected clock', async (t) => {
  const clock = new ManualClock()
  const { journal, database } = startJournal(t, join(t.testdir(), 'edge.db'), clock, retention({ maxPublishedAgeMs: 60_000, pruneIntervalMs: 30_000 }))
  const receipts = await Promise.all([journal.append(accessEventEntry()), journal.append(accessEventEntry())])
  journal.markPublished([receipts[0]!.id])
  clock.advance(60_000)
  t.same(seqs(database), [1, 2], 'not yet older than a minute at the last prune')
  clock.advance(30_000)
  t.same(seqs(database), [2], 'the published one went; the unpublished one stays')
})

t.test('a journal that starts over its row budget tells listeners subscribed before start', async (t) => {
  const path = join(t.testdir(), 'edge.db')
  const clock = new ManualClock()
  const first = startJournal(t, path, clock)
  await Promise.all(Array.from({ length: 5 }, () => first.journal.append(accessEventEntry())))
  first.journal.stop()
  first.database.close()
  const database = openEdgeDatabase({ path })
  t.teardown(() => database.close())
  const journal = new SqliteJournal(database, clock, new SilentLogger(), { ...DEFAULT_SQLITE_JOURNAL_OPTIONS, ...retention({ maxRows: 5 }) })
  const heard: (string | null)[] = []
  journal.onHealthChanged((health) => heard.push(health.reason))
  journal.start()
  t.teardown(() => journal.stop())
  t.same(heard, ['OVER_ROW_BUDGET'])
})
