import type BetterSqlite3 from 'better-sqlite3'

/**
 * Hub schema step: phone enrolment (issue 5 §4, docs/phone-app.md).
 *
 * phone_enrollment_tokens: the one-time link the community office gives a resident
 * (`/app/#/enrol/<token>`). Only the token's SHA-256 is stored; it works once (`used_at_ms`),
 * until `expires_at_ms`, and a newer token for the same person withdraws the older unused ones.
 *
 * phone_sessions: which enrolled phone key a session was opened for. A door opened in such a
 * session must carry a signature by that key (the key never leaves the phone), so a copied
 * session cookie alone opens nothing. Ends with its session.
 *
 * phone_request_nonces: nonces of signed phone requests already accepted, kept for the freshness
 * window, so a captured request is not accepted twice.
 */
export function phoneEnrolmentUp(connection: BetterSqlite3.Database): void {
  connection.exec(`
    CREATE TABLE phone_enrollment_tokens (
      token_sha256 TEXT PRIMARY KEY CHECK (length(token_sha256) = 64),
      person_id TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
      issued_by_account_id TEXT NOT NULL,
      issued_at_ms INTEGER NOT NULL,
      expires_at_ms INTEGER NOT NULL,
      used_at_ms INTEGER,
      withdrawn_at_ms INTEGER,
      phone_key_id TEXT,
      CHECK (expires_at_ms > issued_at_ms)
    ) STRICT;
    CREATE INDEX phone_enrollment_tokens_person ON phone_enrollment_tokens (person_id);

    CREATE TABLE phone_sessions (
      session_sha256 TEXT PRIMARY KEY REFERENCES sessions (id_sha256) ON DELETE CASCADE,
      phone_key_id TEXT NOT NULL REFERENCES phone_keys (id)
    ) STRICT;
    CREATE INDEX phone_sessions_key ON phone_sessions (phone_key_id);

    CREATE TABLE phone_request_nonces (
      phone_key_id TEXT NOT NULL,
      nonce TEXT NOT NULL,
      seen_at_ms INTEGER NOT NULL,
      PRIMARY KEY (phone_key_id, nonce)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX phone_request_nonces_seen ON phone_request_nonces (seen_at_ms);
  `)
}
