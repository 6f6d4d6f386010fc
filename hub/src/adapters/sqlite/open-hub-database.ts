import Database from 'better-sqlite3'
import { runMigrations, type Migration } from '../../../../edge/src/adapters/sqlite/run-migrations.js'
import { HUB_MIGRATIONS } from './hub-migrations.js'

export interface HubDatabaseOptions {
  /** The database file (`<dataDir>/hub.db`); `':memory:'` only where durability does not matter. */
  readonly path: string
  readonly migrations?: readonly Migration[]
  readonly busyTimeoutMs?: number
}

export interface HubDatabase {
  readonly path: string
  readonly connection: Database.Database
  readonly schemaVersion: number
  close(): void
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000

/**
 * The hub's one SQLite file: the community model, accounts, audit log, policy versions, ledger.
 * WAL with synchronous=FULL: an event the hub acknowledged to an edge (which then forgets it)
 * must survive a power cut, as must every audit row.
 */
export function openHubDatabase(options: HubDatabaseOptions): HubDatabase {
  const connection = new Database(options.path, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS })
  try {
    connection.pragma('journal_mode = WAL')
    connection.pragma('synchronous = FULL')
    connection.pragma('foreign_keys = ON')
    const schemaVersion = runMigrations(connection, options.migrations ?? HUB_MIGRATIONS)
    let isOpen = true
    return {
      path: options.path,
      connection,
      schemaVersion,
      close() {
        if (!isOpen) return
        isOpen = false
        connection.pragma('wal_checkpoint(TRUNCATE)')
        connection.close()
      },
    }
  } catch (error) {
    connection.close()
    throw error
  }
}
