import type BetterSqlite3 from 'better-sqlite3'

/**
 * Hub schema step 4: how edges prove who they are.
 *
 * edge_credentials: the MQTT credential of an edge (username = edge id). The password is 32
 * random bytes made by the hub (base64url, 43 characters) and is never stored: only its SHA-256.
 * A slow password hash (scrypt, argon2) exists to make guessing a *human-chosen* password
 * expensive; a 256-bit random secret cannot be guessed however fast the hash is, and a slow hash
 * would cost tens of milliseconds of CPU on every CONNECT and every snapshot download (the
 * snapshot route checks the same password as a Bearer token), which a reconnect storm of every
 * edge after a hub restart would multiply. So SHA-256, compared in constant time. At most one
 * active credential per edge: issuing a new one revokes the old (re-enrollment).
 *
 * enrollment_tokens: one-time, expiring tokens an admin hands to the installer of an edge (as
 * text or QR). Only the SHA-256 of the normalised token is stored. `hardware` is the device
 * wiring the admin entered for the edge's doors (JSON, see hub/src/domain/enrollment/), or NULL.
 * A token is spent by `used_at_ms`; a newer token for the same edge withdraws older unused ones.
 */
export function edgeCredentialsAndEnrollmentUp(connection: BetterSqlite3.Database): void {
  connection.exec(`
    CREATE TABLE edge_credentials (
      id TEXT PRIMARY KEY,
      edge_id TEXT NOT NULL REFERENCES edges (id),
      password_sha256 TEXT NOT NULL CHECK (length(password_sha256) = 64),
      status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
      issued_at_ms INTEGER NOT NULL,
      revoked_at_ms INTEGER,
      revoked_reason TEXT,
      CHECK ((status = 'revoked') = (revoked_at_ms IS NOT NULL))
    ) STRICT;
    CREATE UNIQUE INDEX edge_credentials_one_active ON edge_credentials (edge_id) WHERE status = 'active';

    CREATE TABLE enrollment_tokens (
      id TEXT PRIMARY KEY,
      edge_id TEXT NOT NULL REFERENCES edges (id),
      token_sha256 TEXT NOT NULL UNIQUE CHECK (length(token_sha256) = 64),
      hardware TEXT,
      issued_at_ms INTEGER NOT NULL,
      issued_by_account_id TEXT NOT NULL,
      expires_at_ms INTEGER NOT NULL,
      used_at_ms INTEGER,
      credential_id TEXT REFERENCES edge_credentials (id),
      withdrawn_at_ms INTEGER,
      CHECK (expires_at_ms > issued_at_ms),
      CHECK ((used_at_ms IS NULL) = (credential_id IS NULL))
    ) STRICT;
    CREATE INDEX enrollment_tokens_edge ON enrollment_tokens (edge_id);
  `)
}
