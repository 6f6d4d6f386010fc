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
  {
    version: 3,
    description: 'policy cache and anti-passback state',
    up: (connection) => {
      // One table per policy entity (protocol/policy/policy-entities.ts), columns named after the
      // row fields in snake_case (policy-table-specs.ts maps them). Rowid tables keep snapshot
      // order, so a range comes back as the hub listed it (ORDER BY rowid). Their indexes are
      // named CREATE INDEXes, not column constraints, so a full snapshot apply can drop them,
      // bulk insert and rebuild them by sorting, inside its one transaction. No foreign keys
      // between policy tables: a row may name a row the hub left out, and decideAccess treats
      // that as absent.
      connection.exec(`
        CREATE TABLE policy_meta (
          singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
          edge_id TEXT NOT NULL,
          version INTEGER NOT NULL,
          sha256 TEXT NOT NULL,
          issued_at_ms INTEGER NOT NULL,
          received_at_ms INTEGER NOT NULL,
          source TEXT NOT NULL CHECK (source IN ('snapshot', 'delta'))
        ) STRICT;
        CREATE TABLE policy_site (
          id TEXT NOT NULL,
          name TEXT NOT NULL,
          utc_offset_minutes INTEGER NOT NULL,
          fever_threshold_celsius REAL NOT NULL,
          low_reading_celsius REAL NOT NULL,
          calibration_offset_celsius REAL NOT NULL,
          ambient_reference_celsius REAL NOT NULL,
          ambient_coefficient REAL NOT NULL,
          max_ambient_compensation_celsius REAL NOT NULL,
          samples_per_measurement INTEGER NOT NULL,
          remeasure_wait_ms INTEGER NOT NULL,
          max_remeasures INTEGER NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX policy_site_by_id ON policy_site (id);
        CREATE TABLE policy_door (
          id TEXT NOT NULL,
          name TEXT NOT NULL,
          kind TEXT NOT NULL,
          building_id TEXT,
          anti_passback TEXT NOT NULL,
          anti_passback_group_id TEXT NOT NULL,
          anti_passback_reset_ms INTEGER,
          is_temperature_required INTEGER NOT NULL,
          temperature_enforcement TEXT NOT NULL,
          max_policy_age_ms INTEGER
        ) STRICT;
        CREATE UNIQUE INDEX policy_door_by_id ON policy_door (id);
        -- WITHOUT ROWID: a decision finds the person in one b-tree descent, not index then table.
        CREATE TABLE policy_person (
          id TEXT NOT NULL PRIMARY KEY,
          display_name TEXT NOT NULL,
          role TEXT NOT NULL,
          household_id TEXT,
          building_id TEXT,
          photo_id TEXT
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE policy_credential (
          id TEXT NOT NULL,
          person_id TEXT NOT NULL,
          kind TEXT NOT NULL,
          lookup_key TEXT NOT NULL,
          status TEXT NOT NULL,
          valid_from_ms INTEGER,
          valid_until_ms INTEGER,
          bound_phone_key_id TEXT,
          host_person_id TEXT,
          host_building_id TEXT
        ) STRICT;
        CREATE UNIQUE INDEX policy_credential_by_id ON policy_credential (id);
        CREATE UNIQUE INDEX policy_credential_by_lookup_key ON policy_credential (lookup_key);
        -- Clustered by person and door, so a decision reads a person's rows in one descent. seq is
        -- the row's place in the snapshot (a delta's put goes after the rows already there): the
        -- rows of one person and door come back in that order, as the hub listed them.
        CREATE TABLE policy_access (
          id TEXT NOT NULL,
          person_id TEXT NOT NULL,
          door_id TEXT NOT NULL,
          schedule_id TEXT,
          is_lockdown_exempt INTEGER NOT NULL,
          seq INTEGER NOT NULL,
          PRIMARY KEY (person_id, door_id, seq)
        ) STRICT, WITHOUT ROWID;
        CREATE UNIQUE INDEX policy_access_by_id ON policy_access (id);
        CREATE TABLE policy_schedule (
          id TEXT NOT NULL,
          name TEXT NOT NULL,
          windows TEXT NOT NULL,
          holidays TEXT NOT NULL,
          holiday_windows TEXT NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX policy_schedule_by_id ON policy_schedule (id);
        CREATE TABLE policy_observation (
          id TEXT NOT NULL,
          subject_kind TEXT NOT NULL,
          subject_id TEXT NOT NULL,
          starts_at_ms INTEGER NOT NULL,
          ends_at_ms INTEGER NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX policy_observation_by_id ON policy_observation (id);
        CREATE INDEX policy_observation_by_subject ON policy_observation (subject_kind, subject_id);
        CREATE TABLE policy_medical_exception (
          id TEXT NOT NULL,
          person_id TEXT NOT NULL,
          starts_at_ms INTEGER NOT NULL,
          ends_at_ms INTEGER NOT NULL,
          approved_by TEXT NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX policy_medical_exception_by_id ON policy_medical_exception (id);
        CREATE INDEX policy_medical_exception_by_person ON policy_medical_exception (person_id);
        CREATE TABLE policy_lockdown (
          id TEXT NOT NULL,
          building_id TEXT NOT NULL,
          starts_at_ms INTEGER NOT NULL,
          ends_at_ms INTEGER NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX policy_lockdown_by_id ON policy_lockdown (id);
        CREATE INDEX policy_lockdown_by_building ON policy_lockdown (building_id);
        CREATE TABLE policy_phone_key (
          id TEXT NOT NULL,
          person_id TEXT NOT NULL,
          public_key TEXT NOT NULL,
          pass_credential_id TEXT,
          status TEXT NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX policy_phone_key_by_id ON policy_phone_key (id);
        -- Local state, not policy: a snapshot replaces the tables above and leaves this alone.
        CREATE TABLE anti_passback_state (
          person_id TEXT NOT NULL,
          group_id TEXT NOT NULL,
          direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
          at_ms INTEGER NOT NULL,
          door_id TEXT NOT NULL,
          PRIMARY KEY (person_id, group_id)
        ) STRICT, WITHOUT ROWID;
      `)
    },
  },
]
