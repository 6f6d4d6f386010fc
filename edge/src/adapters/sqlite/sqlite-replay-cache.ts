import type Database from 'better-sqlite3'
import { DEFAULT_COMMAND_CLOCK_SKEW_MS } from '../../../../protocol/mqtt/command-freshness.js'
import { ReplayCacheError, type ReplayCache, type ReplayNamespace, type ReplayVerdict } from '../../ports/replay-cache.js'
import type { EdgeDatabase } from './open-edge-database.js'

export interface SqliteReplayCacheOptions {
  /** Added to every expiry: the edge still accepts a command this long after its `expiresAt`. */
  readonly clockSkewMs: number
  /** Entries still remembered beyond this are refused with REPLAY_CACHE_FULL instead of stored. */
  readonly maxEntries: number
}

export const DEFAULT_SQLITE_REPLAY_CACHE_OPTIONS: SqliteReplayCacheOptions = {
  clockSkewMs: DEFAULT_COMMAND_CLOCK_SKEW_MS,
  // A gate sees a few thousand commands and QR scans a day, each remembered for under a minute.
  maxEntries: 100_000,
}

/** Nonces are at most 64 characters (protocol/mqtt/messages/command.ts); QR ids are shorter. */
const MAX_ID_LENGTH = 128

function prepare(connection: Database.Database) {
  return {
    rememberedUntil: connection
      .prepare<[string, string], number>('SELECT remember_until_ms FROM replay_entries WHERE namespace = ? AND id = ?')
      .pluck(),
    upsert: connection.prepare<[string, string, number], void>(
      `INSERT INTO replay_entries (namespace, id, remember_until_ms) VALUES (?, ?, ?)
       ON CONFLICT (namespace, id) DO UPDATE SET remember_until_ms = excluded.remember_until_ms`,
    ),
    deleteExpired: connection.prepare<[number], void>('DELETE FROM replay_entries WHERE remember_until_ms <= ?'),
    count: connection.prepare<[], number>('SELECT COUNT(*) FROM replay_entries').pluck(),
  }
}

interface Prepared {
  readonly statements: ReturnType<typeof prepare>
  readonly checkAndRemember: (namespace: string, id: string, rememberUntilMs: number, nowMs: number) => ReplayVerdict
}

/**
 * The replay cache in the edge database. Each check-and-remember is one transaction, committed
 * with the database's `synchronous=FULL` before the caller acts, so a nonce used just before a
 * power cut is still refused after it. Expired entries are pruned when the cap is reached and by
 * `pruneExpired`; the cap is never exceeded. While the snapshot worker holds the write lock (the
 * database's write gate is closed) it refuses at once with REPLAY_CACHE_BUSY rather than wait:
 * the caller fails closed, the door stays shut, the phone or hub tries again a moment later.
 */
export class SqliteReplayCache implements ReplayCache {
  readonly #database: EdgeDatabase
  readonly #options: SqliteReplayCacheOptions
  #prepared: Prepared | undefined
  #size = 0

  constructor(database: EdgeDatabase, options: SqliteReplayCacheOptions = DEFAULT_SQLITE_REPLAY_CACHE_OPTIONS) {
    this.#database = database
    this.#options = options
  }

  checkAndRemember(namespace: ReplayNamespace, id: string, expiresAtMs: number, nowMs: number): ReplayVerdict {
    if (id.length === 0 || id.length > MAX_ID_LENGTH) {
      throw new ReplayCacheError('REPLAY_KEY_INVALID', `a replay id is 1 to ${MAX_ID_LENGTH} characters, not ${id.length}`)
    }
    if (!Number.isFinite(expiresAtMs) || !Number.isFinite(nowMs)) {
      throw new ReplayCacheError('REPLAY_KEY_INVALID', 'expiry and now must be finite milliseconds')
    }
    const { statements, checkAndRemember } = this.#prepare()
    if (!this.#database.writeGate.isOpen) {
      throw new ReplayCacheError('REPLAY_CACHE_BUSY', 'a policy snapshot is being applied: single-use ids cannot be remembered until it is done')
    }
    try {
      return checkAndRemember(namespace, id, Math.trunc(expiresAtMs + this.#options.clockSkewMs), nowMs)
    } catch (error) {
      // The transaction rolled back: count again rather than trust what it changed in memory.
      this.#size = statements.count.get() ?? 0
      if (error instanceof ReplayCacheError) throw error
      throw new ReplayCacheError('REPLAY_CACHE_WRITE_FAILED', `the replay cache could not be written: ${String(error)}`, {
        cause: error,
      })
    }
  }

  pruneExpired(nowMs: number): number {
    const { statements } = this.#prepare()
    const deleted = statements.deleteExpired.run(nowMs).changes
    this.#size -= deleted
    return deleted
  }

  size(): number {
    this.#prepare()
    return this.#size
  }

  /** Statements are prepared on first use, so the constructor only stores its arguments. */
  #prepare(): Prepared {
    if (this.#prepared !== undefined) return this.#prepared
    const connection = this.#database.connection
    const statements = prepare(connection)
    this.#size = statements.count.get() ?? 0
    const checkAndRemember = connection.transaction((namespace: string, id: string, rememberUntilMs: number, nowMs: number) => {
      const rememberedUntilMs = statements.rememberedUntil.get(namespace, id)
      if (rememberedUntilMs !== undefined && rememberedUntilMs > nowMs) {
        // A repeat claiming a later expiry is remembered that long too, so it cannot come back later.
        if (rememberUntilMs > rememberedUntilMs) statements.upsert.run(namespace, id, rememberUntilMs)
        return 'replayed' as const
      }
      if (rememberedUntilMs === undefined) this.#makeRoom(nowMs)
      statements.upsert.run(namespace, id, rememberUntilMs)
      if (rememberedUntilMs === undefined) this.#size++
      return 'fresh' as const
    }).immediate
    this.#prepared = { statements, checkAndRemember }
    return this.#prepared
  }

  #makeRoom(nowMs: number): void {
    if (this.#size < this.#options.maxEntries) return
    this.pruneExpired(nowMs)
    if (this.#size < this.#options.maxEntries) return
    throw new ReplayCacheError(
      'REPLAY_CACHE_FULL',
      `${this.#size} single-use ids are still remembered (cap ${this.#options.maxEntries}); refusing rather than forgetting one`,
    )
  }
}
