import t, { type Test } from 'tap'
import { join } from 'node:path'
import { openEdgeDatabase, type EdgeDatabase } from '../../../edge/src/adapters/sqlite/open-edge-database.js'
import { SqliteReplayCache, type SqliteReplayCacheOptions } from '../../../edge/src/adapters/sqlite/sqlite-replay-cache.js'
import { ReplayCacheError, type ReplayCacheErrorCode } from '../../../edge/src/ports/replay-cache.js'

const NOW_MS = 1_772_439_600_000
const SKEW_MS = 5_000

function openCache(t: Test, path: string, options: Partial<SqliteReplayCacheOptions> = {}): { cache: SqliteReplayCache; database: EdgeDatabase } {
  const database = openEdgeDatabase({ path })
  t.teardown(() => database.close())
  return { database, cache: new SqliteReplayCache(database, { clockSkewMs: SKEW_MS, maxEntries: 1_000, ...options }) }
}

function failureCode(run: () => unknown): ReplayCacheErrorCode | 'NONE' | 'OTHER' {
  try {
    run()
  } catch (error) {
    return error instanceof ReplayCacheError ? error.code : 'OTHER'
  }
  return 'NONE'
}

t.test('accepts a nonce once and refuses it the second time', async (t) => {
  const { cache } = openCache(t, join(t.testdir(), 'edge.db'))
  const expiresAtMs = NOW_MS + 15_000
  t.equal(cache.checkAndRemember('command-nonce', 'q3XkV9m2T0aL8sYdFh1w_A', expiresAtMs, NOW_MS), 'fresh')
  t.equal(cache.checkAndRemember('command-nonce', 'q3XkV9m2T0aL8sYdFh1w_A', expiresAtMs, NOW_MS + 1), 'replayed')
  t.equal(cache.checkAndRemember('command-nonce', 'q3XkV9m2T0aL8sYdFh1w_A', expiresAtMs + 60_000, NOW_MS + 2), 'replayed', 'a later expiry does not launder it')
  t.equal(cache.size(), 1)
  t.equal(cache.pruneExpired(expiresAtMs + SKEW_MS), 0, 'and it is remembered until the later expiry')
})

t.test('keeps command nonces and QR code ids apart', async (t) => {
  const { cache } = openCache(t, join(t.testdir(), 'edge.db'))
  t.equal(cache.checkAndRemember('command-nonce', 'same-id-in-both-spaces', NOW_MS + 10_000, NOW_MS), 'fresh')
  t.equal(cache.checkAndRemember('qr-code', 'same-id-in-both-spaces', NOW_MS + 10_000, NOW_MS), 'fresh')
  t.equal(cache.checkAndRemember('qr-code', 'same-id-in-both-spaces', NOW_MS + 10_000, NOW_MS), 'replayed')
})

t.test('remembers until expiry plus the clock skew, then forgets', async (t) => {
  const { cache } = openCache(t, join(t.testdir(), 'edge.db'))
  const expiresAtMs = NOW_MS + 15_000
  cache.checkAndRemember('qr-code', 'qr-1', expiresAtMs, NOW_MS)
  t.equal(cache.checkAndRemember('qr-code', 'qr-1', expiresAtMs, expiresAtMs + SKEW_MS - 1), 'replayed', 'still inside the skew')
  t.equal(cache.pruneExpired(expiresAtMs + SKEW_MS - 1), 0)
  t.equal(cache.pruneExpired(expiresAtMs + SKEW_MS), 1)
  t.equal(cache.size(), 0)
  t.equal(cache.checkAndRemember('qr-code', 'qr-1', expiresAtMs, expiresAtMs + SKEW_MS), 'fresh', 'forgotten: the expiry check refuses it now')
})

t.test('still refuses a nonce after the edge restarts', async (t) => {
  const path = join(t.testdir(), 'edge.db')
  const first = openCache(t, path)
  t.equal(first.cache.checkAndRemember('command-nonce', 'nonce-before-the-restart', NOW_MS + 15_000, NOW_MS), 'fresh')
  first.database.close()
  const second = openCache(t, path)
  t.equal(second.cache.size(), 1)
  t.equal(second.cache.checkAndRemember('command-nonce', 'nonce-before-the-restart', NOW_MS + 15_000, NOW_MS + 3_000), 'replayed')
})

t.test('refuses with REPLAY_CACHE_FULL at its cap instead of forgetting a live id, and makes room from expired ones', async (t) => {
  const { cache } = openCache(t, join(t.testdir(), 'edge.db'), { maxEntries: 50 })
  for (let index = 0; index < 50; index++) {
    const expiresAtMs = index < 10 ? NOW_MS + 1_000 : NOW_MS + 60_000
    t.equal(cache.checkAndRemember('qr-code', `qr-${index}`, expiresAtMs, NOW_MS), 'fresh')
  }
  t.equal(failureCode(() => cache.checkAndRemember('qr-code', 'one-too-many', NOW_MS + 60_000, NOW_MS)), 'REPLAY_CACHE_FULL')
  t.equal(cache.size(), 50)
  t.equal(cache.checkAndRemember('qr-code', 'qr-20', NOW_MS + 60_000, NOW_MS), 'replayed', 'a repeat is still answered at the cap')
  const later = NOW_MS + 1_000 + SKEW_MS
  t.equal(cache.checkAndRemember('qr-code', 'one-too-many', NOW_MS + 60_000, later), 'fresh', 'the ten expired ones were pruned')
  t.equal(cache.size(), 41)
  t.equal(cache.checkAndRemember('qr-code', 'qr-49', NOW_MS + 60_000, later), 'replayed', 'no live id was forgotten')
})

t.test('refuses an empty or over-long id and a non-finite time as REPLAY_KEY_INVALID', async (t) => {
  const { cache } = openCache(t, join(t.testdir(), 'edge.db'))
  t.equal(failureCode(() => cache.checkAndRemember('qr-code', '', NOW_MS, NOW_MS)), 'REPLAY_KEY_INVALID')
  t.equal(failureCode(() => cache.checkAndRemember('qr-code', 'x'.repeat(129), NOW_MS, NOW_MS)), 'REPLAY_KEY_INVALID')
  t.equal(failureCode(() => cache.checkAndRemember('qr-code', 'qr-1', Number.NaN, NOW_MS)), 'REPLAY_KEY_INVALID')
  t.equal(cache.size(), 0)
})

t.test('reports a write SQLite refuses as REPLAY_CACHE_WRITE_FAILED, so the caller refuses the code', async (t) => {
  const { cache, database } = openCache(t, join(t.testdir(), 'edge.db'))
  cache.checkAndRemember('qr-code', 'warm-up', NOW_MS + 1_000, NOW_MS)
  database.connection.pragma(`max_page_count = ${Number(database.connection.pragma('page_count', { simple: true }))}`)
  let code: string = 'NONE'
  for (let index = 0; index < 10_000 && code === 'NONE'; index++) {
    code = failureCode(() => cache.checkAndRemember('qr-code', `qr-${index}-${'x'.repeat(100)}`, NOW_MS + 60_000, NOW_MS))
  }
  t.equal(code, 'REPLAY_CACHE_WRITE_FAILED')
  const size = cache.size()
  t.equal(size, Number(database.connection.prepare('SELECT COUNT(*) FROM replay_entries').pluck().get()), 'its count matches the table')
})

t.test('refuses at once with REPLAY_CACHE_BUSY while the write gate is closed, and remembers again once it opens', async (t) => {
  const database = openEdgeDatabase({ path: join(t.testdir(), 'edge.db') })
  t.teardown(() => database.close())
  const cache = new SqliteReplayCache(database)
  database.writeGate.close()
  t.throws(() => cache.checkAndRemember('qr-code', 'code-1', 2_000, 1_000), { code: 'REPLAY_CACHE_BUSY' })
  database.writeGate.open()
  t.equal(cache.checkAndRemember('qr-code', 'code-1', 2_000, 1_000), 'fresh', 'nothing was remembered while refused')
  t.equal(cache.checkAndRemember('qr-code', 'code-1', 2_000, 1_000), 'replayed')
})
