import type BetterSqlite3 from 'better-sqlite3'

/**
 * Hub schema step 8: visitors' requests from the QR poster at a gate (`/visit/?gate=<edgeId>`),
 * sent without an account, for a resident of the household they visit to approve or decline.
 *
 *   token_hash        SHA-256 (hex) of the secret the visitor's page keeps to follow the request;
 *                     the secret itself is never stored.
 *   household_id      the household visited, matched from building + room or the host's phone
 *                     (`matched_by`); host_person_id is the resident the phone named, else null.
 *   status            pending, approved (then pass_credential_id is the visitor pass) or declined;
 *                     a pending request past lapses_at_ms is "lapsed" (computed, not stored).
 *   ends_at_ms        when the request stops mattering: its lapse while pending, the pass's end
 *                     once approved, the decision once declined. The visitor's personal data
 *                     (name, phone, purpose) is deleted a retention period after it.
 */
export function visitorRequestsUp(connection: BetterSqlite3.Database): void {
  connection.exec(`
    CREATE TABLE visitor_requests (
      id TEXT PRIMARY KEY,
      token_hash TEXT NOT NULL UNIQUE,
      gate_edge_id TEXT NOT NULL REFERENCES edges (id),
      household_id TEXT NOT NULL REFERENCES households (id),
      matched_by TEXT NOT NULL CHECK (matched_by IN ('room', 'host-phone')),
      host_person_id TEXT REFERENCES persons (id),
      visitor_name TEXT NOT NULL,
      visitor_phone TEXT NOT NULL,
      purpose TEXT NOT NULL,
      expected_at_ms INTEGER NOT NULL,
      submitted_at_ms INTEGER NOT NULL,
      lapses_at_ms INTEGER NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),
      decided_at_ms INTEGER,
      decided_by_account_id TEXT,
      decided_by_name TEXT,
      decline_reason TEXT,
      pass_credential_id TEXT REFERENCES credentials (id),
      ends_at_ms INTEGER NOT NULL,
      CHECK ((status = 'approved') = (pass_credential_id IS NOT NULL)),
      CHECK ((status = 'pending') = (decided_at_ms IS NULL))
    ) STRICT;
    CREATE INDEX visitor_requests_household ON visitor_requests (household_id, submitted_at_ms);
    CREATE INDEX visitor_requests_gate ON visitor_requests (gate_edge_id, submitted_at_ms);
    CREATE INDEX visitor_requests_ends ON visitor_requests (ends_at_ms);
  `)
}
