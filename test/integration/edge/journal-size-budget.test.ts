/**
 * The journal's size budget is spent by journal entries only: a large policy cache in the same
 * database file must not make the journal prune what it has published, nor degrade.
 */
import t, { type Test } from 'tap'
import { join } from 'node:path'
import { openEdgeDatabase } from '../../../edge/src/adapters/sqlite/open-edge-database.js'
import { SqliteJournal } from '../../../edge/src/adapters/sqlite/sqlite-journal.js'
import { DEFAULT_SQLITE_JOURNAL_OPTIONS } from '../../../edge/src/adapters/sqlite/sqlite-journal-options.js'
import { SqlitePolicyStore } from '../../../edge/src/adapters/sqlite/sqlite-policy-store.js'
import { accessEventEntry } from '../../fakes/journal-entries.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { makeAccess, makeCredential, makePerson, type MutableEntities } from '../../fakes/policy-rows.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { EDGE_ID, HUB_KEYS, applyEntities, outcomeOf } from './policy-store-harness.js'
import { richCommunity } from './rich-community.js'

const BUDGET_BYTES = 1024 * 1024

/** A community whose policy cache takes several times the journal's budget. */
function largeCommunity(people: number): MutableEntities {
  const entities = richCommunity()
  for (let index = 0; index < people; index++) {
    entities.person.push(makePerson(`p${index}`, { buildingId: 'b1', displayName: `居民 ${index} 号 resident number ${index}` }))
    entities.credential.push(makeCredential(`c${index}`, `p${index}`, `card:h10301:7:${index}`))
    entities.access.push(makeAccess(`p${index}`, 'north-gate'))
  }
  return entities
}

function edgeDatabase(t: Test) {
  const database = openEdgeDatabase({ path: join(t.testdir(), 'edge.db') })
  const clock = new ManualClock()
  const log = new SilentLogger()
  const store = new SqlitePolicyStore(database, clock, log, { edgeId: EDGE_ID, hubPublicKey: HUB_KEYS.publicKey })
  store.start()
  const retention = { ...DEFAULT_SQLITE_JOURNAL_OPTIONS.retention, maxJournalBytes: BUDGET_BYTES, nearBudgetRatio: 0.9 }
  const journal = new SqliteJournal(database, clock, log, { ...DEFAULT_SQLITE_JOURNAL_OPTIONS, retention })
  t.teardown(() => {
    journal.stop()
    store.stop()
    database.close()
  })
  return { database, store, journal, clock }
}

async function publishedBatch(journal: SqliteJournal, count: number): Promise<void> {
  const receipts = await Promise.all(Array.from({ length: count }, () => journal.append(accessEventEntry())))
  journal.markPublished(receipts.map((receipt) => receipt.id))
}

t.test('a policy cache larger than the journal budget, there at start, does not degrade the journal', async (t) => {
  const { database, store, journal } = edgeDatabase(t)
  t.equal(outcomeOf(applyEntities(store, largeCommunity(8_000), 1)), 'applied')
  t.ok(database.usedBytes() > 2 * BUDGET_BYTES, `the database holds ${(database.usedBytes() / BUDGET_BYTES).toFixed(1)} MiB, over twice the budget`)
  journal.start()
  await publishedBatch(journal, 50)
  const health = journal.health()
  t.match(health, { isDegraded: false, reason: null, budgetBytes: BUDGET_BYTES })
  t.ok(health.journalBytes > 0 && health.journalBytes < BUDGET_BYTES / 4, `the journal counts ${health.journalBytes} bytes: its own`)
  t.equal(journal.stats().pruned, 0, 'no published entry was pruned for room the policy took')
})

t.test('a policy that grows past the budget after start is measured before the journal is called full', async (t) => {
  const { store, journal } = edgeDatabase(t)
  t.equal(outcomeOf(applyEntities(store, largeCommunity(10), 1)), 'applied')
  journal.start()
  await publishedBatch(journal, 20)
  const reasons: (string | null)[] = []
  journal.onHealthChanged((health) => reasons.push(health.reason))
  t.equal(outcomeOf(applyEntities(store, largeCommunity(8_000), 2)), 'applied')
  await publishedBatch(journal, 20)
  t.same(reasons, [], 'never degraded, not even for a moment')
  t.match(journal.health(), { isDegraded: false })
  t.equal(journal.stats().pruned, 0)
})

t.test('the journal itself still reaches its budget: published entries go first, then it degrades', async (t) => {
  const { store, journal } = edgeDatabase(t)
  t.equal(outcomeOf(applyEntities(store, largeCommunity(4_000), 1)), 'applied')
  journal.start()
  await publishedBatch(journal, 500)
  for (let round = 0; round < 20 && !journal.health().isDegraded; round++) {
    await Promise.all(Array.from({ length: 250 }, () => journal.append(accessEventEntry())))
  }
  const health = journal.health()
  t.match(health, { isDegraded: true, reason: 'NEAR_SIZE_BUDGET' })
  t.ok(health.journalBytes >= 0.9 * BUDGET_BYTES && health.journalBytes < 1.2 * BUDGET_BYTES, `degraded at ${health.journalBytes} journal bytes`)
  t.ok(journal.stats().pruned >= 500, 'every published entry was pruned before that')
})
