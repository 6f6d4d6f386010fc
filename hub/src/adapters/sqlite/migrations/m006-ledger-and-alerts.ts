import type BetterSqlite3 from 'better-sqlite3'

/**
 * Hub schema step 6: the ledger (every access event and alarm an edge journalled, each stored
 * exactly once), the latest status of each edge, the alerts derived from them, and counters of
 * what ingest refused.
 *
 * access_events / alarms: `id` (the edge's UUID) is UNIQUE and every insert is
 * `ON CONFLICT (id) DO NOTHING`, which is what makes at-least-once delivery exactly-once here.
 * `feed_seq` is the hub's own arrival order (AUTOINCREMENT, so never reused even after a purge):
 * the live feed's resume cursor (SSE Last-Event-ID) and the paging key of the event list.
 * `payload` keeps the message as the edge published it (validated), for export and audit.
 * `credential_key` is what "repeated denials of one credential" counts by: the person when
 * known, else the credential kind and masked reference.
 *
 * edge_ledger_progress: entries stored per edge and the highest seq seen, so a seq gap that
 * stays while the edge reports an empty backlog (docs/mqtt-contract.md) is one subtraction.
 * door_daily_counts: today's passes, denials and fevers per door in the site's local date,
 * maintained in the insert's transaction so the checkpoint page never scans the ledger.
 *
 * alerts: `alert_key` names the condition (`EDGE_OFFLINE:gate-north`, `FEVER:<event id>`);
 * at most one open (not cleared) alert per key. Stateful alerts (an edge offline, a door held
 * open) are cleared by the edge's next report; one-off alerts (a fever, a forced door) are
 * cleared when staff acknowledge them.
 */
export function ledgerAndAlertsUp(connection: BetterSqlite3.Database): void {
  connection.exec(`
    CREATE TABLE access_events (
      feed_seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      edge_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      door_id TEXT NOT NULL,
      occurred_at_ms INTEGER NOT NULL,
      direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
      lane TEXT NOT NULL,
      is_granted INTEGER NOT NULL CHECK (is_granted IN (0, 1)),
      reason TEXT NOT NULL,
      credential_kind TEXT NOT NULL,
      masked_credential TEXT NOT NULL,
      credential_key TEXT NOT NULL,
      person_id TEXT,
      temperature_celsius REAL,
      is_fever INTEGER NOT NULL DEFAULT 0 CHECK (is_fever IN (0, 1)),
      actor_kind TEXT,
      actor_id TEXT,
      actor_name TEXT,
      policy_version INTEGER NOT NULL,
      note TEXT,
      payload TEXT NOT NULL,
      received_at_ms INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX access_events_edge_seq ON access_events (edge_id, seq);
    CREATE INDEX access_events_door_time ON access_events (door_id, occurred_at_ms);
    CREATE INDEX access_events_edge_time ON access_events (edge_id, occurred_at_ms);
    CREATE INDEX access_events_time ON access_events (occurred_at_ms);
    CREATE INDEX access_events_person_time ON access_events (person_id, occurred_at_ms) WHERE person_id IS NOT NULL;
    CREATE INDEX access_events_denials ON access_events (edge_id, credential_key, occurred_at_ms) WHERE is_granted = 0;

    CREATE TABLE alarms (
      feed_seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      edge_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      kind TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('raised', 'cleared')),
      at_ms INTEGER NOT NULL,
      door_id TEXT,
      device_id TEXT,
      event_id TEXT,
      detail TEXT,
      payload TEXT NOT NULL,
      received_at_ms INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX alarms_edge_time ON alarms (edge_id, at_ms);
    CREATE INDEX alarms_time ON alarms (at_ms);

    CREATE TABLE edge_ledger_progress (
      edge_id TEXT PRIMARY KEY,
      entries INTEGER NOT NULL,
      max_seq INTEGER NOT NULL,
      updated_at_ms INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE door_daily_counts (
      door_id TEXT NOT NULL,
      local_date TEXT NOT NULL,
      edge_id TEXT NOT NULL,
      passes INTEGER NOT NULL DEFAULT 0,
      denials INTEGER NOT NULL DEFAULT 0,
      fevers INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (door_id, local_date)
    ) STRICT;
    CREATE INDEX door_daily_counts_date ON door_daily_counts (local_date);

    -- The newest status of each edge; online_since_ms: when it last came online (edge clock).
    CREATE TABLE edge_status (
      edge_id TEXT PRIMARY KEY,
      state TEXT NOT NULL CHECK (state IN ('online', 'offline')),
      status_at_ms INTEGER NOT NULL,
      received_at_ms INTEGER NOT NULL,
      last_seen_at_ms INTEGER NOT NULL,
      online_since_ms INTEGER,
      software_version TEXT NOT NULL,
      policy_version INTEGER NOT NULL,
      journal_backlog INTEGER NOT NULL,
      backlog_rises INTEGER NOT NULL DEFAULT 0,
      devices TEXT NOT NULL,
      payload TEXT NOT NULL
    ) STRICT;

    CREATE TABLE alerts (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      severity TEXT NOT NULL CHECK (severity IN ('critical', 'warning')),
      alert_key TEXT NOT NULL,
      is_stateful INTEGER NOT NULL CHECK (is_stateful IN (0, 1)),
      edge_id TEXT NOT NULL,
      door_id TEXT,
      device_id TEXT,
      device_kind TEXT,
      person_id TEXT,
      source_kind TEXT NOT NULL CHECK (source_kind IN ('event', 'alarm', 'status')),
      source_id TEXT,
      detail TEXT NOT NULL DEFAULT '',
      occurrences INTEGER NOT NULL DEFAULT 1,
      raised_at_ms INTEGER NOT NULL,
      last_seen_at_ms INTEGER NOT NULL,
      cleared_at_ms INTEGER,
      acknowledged_by_account_id TEXT,
      acknowledged_by_name TEXT,
      acknowledged_at_ms INTEGER,
      acknowledge_note TEXT
    ) STRICT;
    CREATE UNIQUE INDEX alerts_open_key ON alerts (alert_key) WHERE cleared_at_ms IS NULL;
    CREATE INDEX alerts_edge_raised ON alerts (edge_id, raised_at_ms);
    CREATE INDEX alerts_raised ON alerts (raised_at_ms);

    -- What ingest refused, by edge, topic kind and code ('-' when the topic matched no kind).
    CREATE TABLE ingest_rejections (
      edge_id TEXT NOT NULL,
      topic_kind TEXT NOT NULL,
      code TEXT NOT NULL,
      count INTEGER NOT NULL,
      first_at_ms INTEGER NOT NULL,
      last_at_ms INTEGER NOT NULL,
      last_reason TEXT NOT NULL,
      PRIMARY KEY (edge_id, topic_kind, code)
    ) STRICT;
  `)
}
