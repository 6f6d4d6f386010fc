import type BetterSqlite3 from 'better-sqlite3'

/**
 * Hub schema step 1: staff and resident accounts, and the append-only audit log. The audit log
 * refuses UPDATE and DELETE with triggers, so not even a bug in the hub can rewrite history.
 */
export function accountsAndAuditUp(connection: BetterSqlite3.Database): void {
  connection.exec(`
    CREATE TABLE accounts (
      id TEXT PRIMARY KEY,
      username TEXT NOT NULL UNIQUE COLLATE NOCASE,
      display_name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('admin', 'grid-manager', 'gate-staff', 'landlord', 'resident')),
      password_hash TEXT,
      grid_id TEXT,
      checkpoint_edge_id TEXT,
      landlord_id TEXT,
      person_id TEXT,
      is_disabled INTEGER NOT NULL DEFAULT 0 CHECK (is_disabled IN (0, 1)),
      failed_sign_ins INTEGER NOT NULL DEFAULT 0,
      locked_until_ms INTEGER,
      created_at_ms INTEGER NOT NULL,
      password_changed_at_ms INTEGER
    ) STRICT;

    CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      at_ms INTEGER NOT NULL,
      actor_kind TEXT NOT NULL CHECK (actor_kind IN ('account', 'edge', 'system', 'setup')),
      actor_id TEXT NOT NULL,
      actor_name TEXT NOT NULL,
      action TEXT NOT NULL,
      subject_kind TEXT NOT NULL,
      subject_id TEXT,
      detail TEXT NOT NULL DEFAULT '{}'
    ) STRICT;
    CREATE INDEX audit_log_subject ON audit_log (subject_kind, subject_id);
    CREATE INDEX audit_log_at ON audit_log (at_ms);
    CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `)
}
