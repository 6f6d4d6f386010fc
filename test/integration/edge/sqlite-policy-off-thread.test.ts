/**
 * Full snapshots applied by the snapshot worker, off the main thread: the main thread keeps
 * deciding meanwhile (and those decisions see the old policy whole), the journal keeps taking
 * entries without ever waiting on the write lock, and every failure comes back as a value.
 */
import t from 'tap'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { policySnapshotSha256 } from '../../../protocol/policy/policy-snapshot-codec.js'
import { SqliteJournal } from '../../../edge/src/adapters/sqlite/sqlite-journal.js'
import { systemClock } from '../../../edge/src/adapters/system-clock.js'
import { decideAccess } from '../../../edge/src/domain/decide-access.js'
import type { AccessRequest, DecisionContext } from '../../../edge/src/domain/access-request.js'
import { NO_TEMPERATURE } from '../../../edge/src/domain/temperature-result.js'
import { accessEventEntry } from '../../fakes/journal-entries.js'
import { MONDAY_10AM_MS, makeCredential, makePerson } from '../../fakes/policy-rows.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { applyEntities, bodyOf, openStore, outcomeOf, policyRows } from './policy-store-harness.js'
import { bigCommunity, richCommunity } from './rich-community.js'

const PEOPLE = 20_000
const WATCHED_KEY = 'card:h10301:212:7041'
const CONTEXT: DecisionContext = { isClockTrusted: true, isHubConnected: true, policyAgeMs: 0 }
const ZHANG_AT_B1: AccessRequest = {
  credential: { presentedAs: 'card', lookupKey: WATCHED_KEY },
  doorId: 'b1-door',
  direction: 'in',
  lane: 'none',
  atMs: MONDAY_10AM_MS,
  temperature: NO_TEMPERATURE,
  isReplay: false,
}

/** Whether another connection holds the write lock right now (BEGIN IMMEDIATE fails at once). */
function writerProbe(path: string): { isWriterActive(): boolean; close(): void } {
  const probe = new Database(path, { fileMustExist: true, timeout: 0 })
  const begin = probe.prepare('BEGIN IMMEDIATE')
  const rollback = probe.prepare('ROLLBACK')
  return {
    isWriterActive: () => {
      try {
        begin.run()
        rollback.run()
        return false
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error
        return true
      }
    },
    close: () => probe.close(),
  }
}

t.test('the worker leaves exactly the rows an apply on the main thread leaves', async (t) => {
  const dir = t.testdir()
  const offThread = openStore(t, join(dir, 'worker.db'))
  const inThread = openStore(t, join(dir, 'main.db'))
  const body = bodyOf(richCommunity(), 4)
  const result = await offThread.store.applySnapshot(body, policySnapshotSha256(body), 4)
  t.match(result, { ok: true, policy: { version: 4, source: 'snapshot' } })
  t.equal(outcomeOf(inThread.store.applySnapshotInThread(body, policySnapshotSha256(body), 4)), 'applied')
  t.same(policyRows(offThread.database.connection), policyRows(inThread.database.connection))
  t.equal(offThread.store.credentialByLookupKey(WATCHED_KEY)?.status, 'active', "and this thread's view reads the new policy")
})

t.test('decisions keep being answered while a big snapshot applies, on the old policy whole until the new one is in force', async (t) => {
  const { store, database, path } = openStore(t)
  t.equal(outcomeOf(applyEntities(store, bigCommunity(PEOPLE, 'active'), 1)), 'applied')
  const journal = new SqliteJournal(database, systemClock, new SilentLogger())
  journal.start()
  const probe = writerProbe(path)
  t.teardown(() => {
    probe.close()
    journal.stop()
  })
  const body = bodyOf(bigCommunity(PEOPLE + 1, 'revoked'), 2)
  const seen: { reason: string; version: number | undefined; isWriterActive: boolean }[] = []
  let isApplied = false
  const applied = store.applySnapshot(body, policySnapshotSha256(body), 2).then((result) => {
    isApplied = true
    return result
  })
  let appended: Promise<unknown> | undefined
  let isJournalled = false
  const journalledWhileLocked: boolean[] = []
  while (!isApplied) {
    const isWriterActive = probe.isWriterActive()
    if (isWriterActive && appended !== undefined) journalledWhileLocked.push(isJournalled)
    seen.push({ reason: decideAccess(ZHANG_AT_B1, store, CONTEXT).reason, version: store.meta()?.version, isWriterActive })
    if (isWriterActive && appended === undefined) {
      // A passage and a journal entry while the worker holds the write lock: neither may wait on it.
      store.recordPassage('p-zhang', 'compound', 'in', MONDAY_10AM_MS, 'north-gate')
      t.match(store.antiPassbackState('p-zhang', 'compound'), { direction: 'in', doorId: 'north-gate' }, 'a held passage is answered from memory')
      appended = journal.append(accessEventEntry()).then(() => (isJournalled = true))
    }
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  t.equal(outcomeOf(await applied), 'applied')
  await appended
  const during = seen.filter((decision) => decision.isWriterActive)
  t.ok(during.length > 0, `${seen.length} decisions were answered while the snapshot applied, ${during.length} of them while the worker held its write transaction`)
  t.same(
    seen.filter((decision) => decision.reason !== 'GRANTED' || decision.version !== 1),
    [],
    'every one of them saw the old policy whole: version 1, the card active',
  )
  t.ok(journalledWhileLocked.length > 0 && journalledWhileLocked.every((done) => !done), 'the entry was held while the worker held the lock')
  t.equal(isJournalled, true, 'and committed once it was free')
  t.same([decideAccess(ZHANG_AT_B1, store, CONTEXT).reason, store.meta()?.version], ['REVOKED', 2], 'the next decision sees the new policy whole')
  t.equal(store.person(`p${PEOPLE}`)?.id, `p${PEOPLE}`)
  t.match(database.connection.prepare('SELECT direction, door_id FROM anti_passback_state WHERE person_id = ?').get('p-zhang'), { direction: 'in', door_id: 'north-gate' }, 'the held passage was written once the lock was free')
})

t.test('a snapshot the worker cannot write leaves the old policy in force, answered as a value with a code', async (t) => {
  const { store, database } = openStore(t)
  t.equal(outcomeOf(applyEntities(store, richCommunity(), 1)), 'applied')
  // A trigger in the file (seen by the worker's connection too) refuses one credential half way.
  database.connection.exec(`CREATE TRIGGER refuse_one BEFORE INSERT ON policy_credential
    WHEN NEW.lookup_key = 'card:h10301:1:1' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`)
  const next = richCommunity()
  next.credential = next.credential.map((row) => ({ ...row, status: 'revoked' as const }))
  next.person.push(makePerson('p-new'))
  next.credential.push(makeCredential('c-new', 'p-new', 'card:h10301:1:1'))
  const body = bodyOf(next, 2)
  const result = await store.applySnapshot(body, policySnapshotSha256(body), 2)
  t.match(result, { ok: false, code: 'APPLY_FAILED', refusal: 'WRITE_FAILED', detail: /snapshot version 2 was not written/ })
  t.equal(store.inForce()?.version, 1)
  t.equal(store.person('p-new'), null)
  t.same([decideAccess(ZHANG_AT_B1, store, CONTEXT).reason, store.meta()?.version], ['GRANTED', 1], 'decisions go on with the old policy')
  t.equal(database.writeGate.isOpen, true, 'the write gate is open again')

  // The checks before the transaction run in the worker too (the same SnapshotReplacer as on this thread).
  t.equal(outcomeOf(await store.applySnapshot(body, 'ab'.repeat(32), 2)), 'SHA256_MISMATCH/SHA256_MISMATCH')
  t.equal(store.inForce()?.version, 1)
})
