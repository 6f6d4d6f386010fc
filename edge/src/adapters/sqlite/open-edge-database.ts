import Database from 'better-sqlite3'
import { EdgeDatabaseError } from './edge-database-error.js'
import { EDGE_MIGRATIONS } from './edge-migrations.js'
import { runMigrations, type Migration } from './run-migrations.js'
import { WriteGate } from './write-gate.js'

export interface EdgeDatabaseOptions {
  /** The database file; `':memory:'` only in tests that do not care about durability. */
  readonly path: string
  /** Defaults to `EDGE_MIGRATIONS`; tests pass their own to exercise the runner. */
  readonly migrations?: readonly Migration[]
  /** How long a statement waits for another connection's lock before SQLITE_BUSY. */
  readonly busyTimeoutMs?: number
  /** After a checkpoint the WAL file is truncated to this, so one big transaction does not leave it large. */
  readonly walSizeLimitBytes?: number
}

/** The edge's one SQLite file: the journal, the replay cache and (later) the policy cache share it. */
export interface EdgeDatabase {
  readonly path: string
  readonly connection: Database.Database
  /** `user_version` after the migrations ran. */
  readonly schemaVersion: number
  /** Bytes of the file holding data: pages in use, not pages on the free list (SQLite reuses those). */
  usedBytes(): number
  /** Closed while the snapshot worker's connection holds the write lock; main-thread writers wait on it. */
  readonly writeGate: WriteGate
  /** Checkpoints the WAL and closes; idempotent. */
  close(): void
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000
const DEFAULT_WAL_SIZE_LIMIT_BYTES = 8 * 1024 * 1024
const MAX_REPORTED_PROBLEMS = 5
/** `PRAGMA synchronous` reads back 2 for FULL. */
const SYNCHRONOUS_FULL = 2

function sqliteCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
}

function applyPragmas(connection: Database.Database, options: EdgeDatabaseOptions): void {
  const journalMode = String(connection.pragma('journal_mode = WAL', { simple: true }))
  const expectedMode = options.path === ':memory:' ? 'memory' : 'wal'
  if (journalMode !== expectedMode) {
    throw new EdgeDatabaseError('DATABASE_DURABILITY_UNAVAILABLE', `journal_mode is ${journalMode}, WAL was refused`)
  }
  // The bundled SQLite may default WAL to synchronous=NORMAL, where a commit can roll back after
  // a power cut (reference §7). FULL syncs the WAL on every commit: a grant is on disk before
  // the relay moves.
  connection.pragma('synchronous = FULL')
  const synchronous = Number(connection.pragma('synchronous', { simple: true }))
  if (synchronous !== SYNCHRONOUS_FULL) {
    throw new EdgeDatabaseError('DATABASE_DURABILITY_UNAVAILABLE', `synchronous reads back ${synchronous}, not FULL`)
  }
  connection.pragma('foreign_keys = ON')
  connection.pragma(`journal_size_limit = ${Math.trunc(options.walSizeLimitBytes ?? DEFAULT_WAL_SIZE_LIMIT_BYTES)}`)
}

function checkIntegrity(connection: Database.Database, path: string): void {
  // quick_check: O(N) but skips the index-content cross-check of integrity_check; it finds torn
  // pages and broken b-trees, which is what a power cut on cheap storage produces.
  const problems = connection.prepare<[], string>('PRAGMA quick_check').pluck().all()
  if (problems.length === 1 && problems[0] === 'ok') return
  // One report may hold many lines under a "*** in database main ***" heading: keep a few, on one line.
  const lines = problems.flatMap((problem) => problem.split('\n')).filter((line) => !line.startsWith('***'))
  throw new EdgeDatabaseError(
    'DATABASE_CORRUPT',
    `${path} failed PRAGMA quick_check: ${lines.slice(0, MAX_REPORTED_PROBLEMS).join('; ')}`,
  )
}

function asOpenError(error: unknown, path: string): EdgeDatabaseError {
  if (error instanceof EdgeDatabaseError) return error
  const code = sqliteCode(error)
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new EdgeDatabaseError('DATABASE_CORRUPT', `${path} is not a readable SQLite database (${code})`, { cause: error })
  }
  return new EdgeDatabaseError('DATABASE_OPEN_FAILED', `cannot open ${path}: ${String(error)}`, { cause: error })
}

/**
 * Opens (or creates) the edge database: WAL, `synchronous=FULL`, foreign keys, a busy timeout,
 * an integrity check, then the numbered migrations. Throws `EdgeDatabaseError` with a stable
 * code; the connection is closed again when anything fails.
 */
export function openEdgeDatabase(options: EdgeDatabaseOptions): EdgeDatabase {
  let connection: Database.Database
  try {
    connection = new Database(options.path, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS })
  } catch (error) {
    throw asOpenError(error, options.path)
  }
  let schemaVersion: number
  try {
    applyPragmas(connection, options)
    checkIntegrity(connection, options.path)
    schemaVersion = runMigrations(connection, options.migrations ?? EDGE_MIGRATIONS)
  } catch (error) {
    connection.close()
    throw asOpenError(error, options.path)
  }
  const pageCount = connection.prepare<[], number>('PRAGMA page_count').pluck()
  const freePages = connection.prepare<[], number>('PRAGMA freelist_count').pluck()
  const pageSize = Number(connection.pragma('page_size', { simple: true }))
  return {
    path: options.path,
    connection,
    schemaVersion,
    usedBytes: () => ((pageCount.get() ?? 0) - (freePages.get() ?? 0)) * pageSize,
    writeGate: new WriteGate(),
    close: () => {
      if (connection.open) connection.close()
    },
  }
}
