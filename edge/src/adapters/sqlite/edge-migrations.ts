import type { Migration } from './run-migrations.js'

/**
 * The edge database's schema, step by step. Append new steps at the end (the policy cache comes
 * next as version 3); never edit or reorder a released one.
 */
export const EDGE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'journal of access events and alarms',
    up: (connection) => {
      // AUTOINCREMENT: SQLite then never hands out a sequence number twice, even once the rows
      // holding the highest numbers have been pruned (sqlite_sequence keeps the high-water mark).
      connection.exec(`
        CREATE TABLE journal_entries (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL CHECK (kind IN ('event', 'alarm')),
          payload TEXT NOT NULL,
          recorded_at_ms INTEGER NOT NULL,
          published_at_ms INTEGER
        ) STRICT;
        CREATE INDEX journal_entries_unpublished ON journal_entries (seq) WHERE published_at_ms IS NULL;
        CREATE INDEX journal_entries_published_by_age ON journal_entries (recorded_at_ms)
          WHERE published_at_ms IS NOT NULL;
      `)
    },
  },
  {
    version: 2,
    description: 'replay cache of command nonces and QR code ids',
    up: (connection) => {
      connection.exec(`
        CREATE TABLE replay_entries (
          namespace TEXT NOT NULL,
          id TEXT NOT NULL,
          remember_until_ms INTEGER NOT NULL,
          PRIMARY KEY (namespace, id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX replay_entries_by_expiry ON replay_entries (remember_until_ms);
      `)
    },
  },
]
