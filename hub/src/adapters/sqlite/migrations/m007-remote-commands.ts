import type BetterSqlite3 from 'better-sqlite3'

/**
 * Hub schema step 7: every remote door request (phone or staff console), whether the hub
 * refused it, sent it, or heard back. `id` is the command id (a UUID) once a command was built,
 * or a `rcq-…` id for a request refused before that. `outcome`:
 *   refused  the hub said no (rights, policy, rate limit, unknown door) — `code` says why;
 *   pending  the signed command is published and the hub waits for the edge's reply;
 *   ok       the edge carried it out;
 *   error    the edge refused or failed — `code` is the reply's code, `deny_reason` its policy reason;
 *   timeout  no reply in time; a late reply still fills `reply_*` (the door may have opened).
 */
export function remoteCommandsUp(connection: BetterSqlite3.Database): void {
  connection.exec(`
    CREATE TABLE remote_commands (
      id TEXT PRIMARY KEY,
      requested_at_ms INTEGER NOT NULL,
      account_id TEXT NOT NULL,
      account_role TEXT NOT NULL,
      account_name TEXT NOT NULL,
      door_id TEXT NOT NULL,
      edge_id TEXT,
      action TEXT NOT NULL,
      actor_kind TEXT,
      actor_id TEXT,
      staff_reason TEXT,
      expires_at_ms INTEGER,
      outcome TEXT NOT NULL CHECK (outcome IN ('refused', 'pending', 'ok', 'error', 'timeout')),
      code TEXT,
      deny_reason TEXT,
      detail TEXT,
      answered_at_ms INTEGER,
      reply_status TEXT CHECK (reply_status IN ('ok', 'error')),
      reply_received_at_ms INTEGER,
      reply TEXT
    ) STRICT;
    CREATE INDEX remote_commands_account ON remote_commands (account_id, requested_at_ms);
    CREATE INDEX remote_commands_door ON remote_commands (door_id, requested_at_ms);
    CREATE INDEX remote_commands_requested ON remote_commands (requested_at_ms);
  `)
}
