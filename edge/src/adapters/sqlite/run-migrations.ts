import type BetterSqlite3 from 'better-sqlite3'
import { EdgeDatabaseError } from './edge-database-error.js'

/**
 * One step of the schema. Steps are numbered 1, 2, 3 ... and never edited once released: a
 * change is a new step. `up` runs inside the transaction that also bumps `user_version`, so a
 * step is applied entirely or not at all.
 */
export interface Migration {
  readonly version: number
  readonly description: string
  readonly up: (connection: BetterSqlite3.Database) => void
}

function checkNumbering(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new EdgeDatabaseError(
        'DATABASE_MIGRATIONS_INVALID',
        `migration #${index} has version ${migration.version}, expected ${index + 1}`,
      )
    }
  })
}

/**
 * Brings the schema from its `user_version` up to the last migration and returns that version.
 * A file from a newer release is refused rather than guessed at.
 */
export function runMigrations(connection: BetterSqlite3.Database, migrations: readonly Migration[]): number {
  checkNumbering(migrations)
  const current = Number(connection.pragma('user_version', { simple: true }))
  if (current > migrations.length) {
    throw new EdgeDatabaseError(
      'DATABASE_TOO_NEW',
      `database schema version ${current} is newer than this release knows (${migrations.length})`,
    )
  }
  for (const migration of migrations.slice(current)) {
    const apply = connection.transaction(() => {
      migration.up(connection)
      // user_version lives in the database header: it commits or rolls back with the step.
      connection.pragma(`user_version = ${migration.version}`)
    })
    try {
      apply.immediate()
    } catch (error) {
      throw new EdgeDatabaseError(
        'DATABASE_MIGRATION_FAILED',
        `migration ${migration.version} (${migration.description}) failed: ${String(error)}`,
        { cause: error },
      )
    }
  }
  return migrations.length
}
