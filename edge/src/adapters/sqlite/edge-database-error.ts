export type EdgeDatabaseErrorCode =
  /** The file could not be opened at all (missing directory, permissions, locked by a stale process). */
  | 'DATABASE_OPEN_FAILED'
  /** The file is not a SQLite database, or `PRAGMA quick_check` found damage. */
  | 'DATABASE_CORRUPT'
  /** The file was written by a newer release (its `user_version` is past our last migration). */
  | 'DATABASE_TOO_NEW'
  /** The file system refused WAL mode or `synchronous=FULL`: the journal could not keep its promise. */
  | 'DATABASE_DURABILITY_UNAVAILABLE'
  /** A numbered migration failed; it was rolled back and `user_version` is unchanged. */
  | 'DATABASE_MIGRATION_FAILED'
  /** The migration list itself is wrong (not numbered 1, 2, 3 ... in order): a programming error. */
  | 'DATABASE_MIGRATIONS_INVALID'

/** Why the edge database could not be opened; `main.ts` branches on `code`, never on the message. */
export class EdgeDatabaseError extends Error {
  override readonly name = 'EdgeDatabaseError'
  readonly code: EdgeDatabaseErrorCode

  constructor(code: EdgeDatabaseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}
