import type BetterSqlite3 from 'better-sqlite3'

/**
 * Hub schema step 1: staff and resident accounts, their sessions, the first-admin setup token,
 * sign-in failure tracking, and the append-only audit log. The audit log refuses UPDATE and
 * DELETE with triggers, so not even a bug in the hub can rewrite history.
 *
 * accounts.password_hash: `scrypt$<log2 N>$<r>$<p>$<salt b64>$<hash b64>` (ScryptPasswordHasher);
 * NULL means no password sign-in. `must_change_password` = 1 after an admin reset: the account
 * may only change its password until it does.
 *
 * sessions: the cookie holds 32 random bytes; only their SHA-256 (hex) is stored, so a copy of
 * the database signs nobody in. A session ends at `expires_at_ms` (absolute) or when unused for
 * the idle timeout (`last_seen_at_ms`). The CSRF token is derived from the session secret
 * (HMAC), so it needs no column and is equally worthless without the cookie.
 *
 * setup_tokens: the one-time token printed on first start, SHA-256 only; spent by `used_at_ms`.
 *
 * sign_in_failures: per lower-cased username — known or not, so lockout does not reveal which
 * usernames exist — the consecutive failures and the lock they earned.
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
      must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
      created_at_ms INTEGER NOT NULL,
      password_changed_at_ms INTEGER
    ) STRICT;

    CREATE TABLE sessions (
      id_sha256 TEXT PRIMARY KEY CHECK (length(id_sha256) = 64),
      account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      created_at_ms INTEGER NOT NULL,
      last_seen_at_ms INTEGER NOT NULL,
      expires_at_ms INTEGER NOT NULL,
      CHECK (expires_at_ms > created_at_ms)
    ) STRICT;
    CREATE INDEX sessions_account ON sessions (account_id);
    CREATE INDEX sessions_expires ON sessions (expires_at_ms);

    CREATE TABLE setup_tokens (
      token_sha256 TEXT PRIMARY KEY CHECK (length(token_sha256) = 64),
      issued_at_ms INTEGER NOT NULL,
      expires_at_ms INTEGER NOT NULL,
      used_at_ms INTEGER,
      withdrawn_at_ms INTEGER,
      CHECK (expires_at_ms > issued_at_ms)
    ) STRICT;

    CREATE TABLE sign_in_failures (
      username_key TEXT PRIMARY KEY,
      failed_count INTEGER NOT NULL CHECK (failed_count > 0),
      last_failed_at_ms INTEGER NOT NULL,
      locked_until_ms INTEGER
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
    CREATE INDEX audit_log_actor ON audit_log (actor_id);
    CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `)
}
