import type BetterSqlite3 from 'better-sqlite3'

/**
 * Hub schema step 3: what decides who passes where. The policy compiler turns these tables into
 * each edge's policy (protocol/policy/*): rows here are the hub's truth, rows there a compiled view.
 *
 * access_rules: `subject_kind`/`subject_id` say who (a person, every person of a household, unit,
 * building or grid, or every person with a role: subject_id = 'resident' | 'tenant' | 'staff');
 * `target_kind`/`target_id` say where: one door, a door group, every gate ('gates', target_id
 * NULL), every door of a building ('building'), or the doors of each subject's own building
 * ('own-building', target_id NULL). `schedule_id` NULL means at any time.
 */
export function accessModelUp(connection: BetterSqlite3.Database): void {
  connection.exec(`
    CREATE TABLE edges (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      created_at_ms INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE doors (
      id TEXT PRIMARY KEY,
      edge_id TEXT NOT NULL REFERENCES edges (id),
      name TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('gate', 'building')),
      building_id TEXT REFERENCES buildings (id),
      lane TEXT CHECK (lane IN ('residents', 'returnees', 'assisted')),
      fail_mode TEXT NOT NULL CHECK (fail_mode IN ('fail-safe', 'fail-secure')),
      anti_passback TEXT NOT NULL DEFAULT 'off' CHECK (anti_passback IN ('off', 'soft', 'hard')),
      anti_passback_group_id TEXT NOT NULL,
      anti_passback_reset_ms INTEGER,
      is_temperature_required INTEGER NOT NULL DEFAULT 0 CHECK (is_temperature_required IN (0, 1)),
      temperature_enforcement TEXT NOT NULL DEFAULT 'hard' CHECK (temperature_enforcement IN ('hard', 'soft')),
      max_policy_age_ms INTEGER,
      created_at_ms INTEGER NOT NULL,
      CHECK ((kind = 'building') = (building_id IS NOT NULL))
    ) STRICT;
    CREATE INDEX doors_edge ON doors (edge_id);

    CREATE TABLE door_groups (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      created_at_ms INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE door_group_members (
      group_id TEXT NOT NULL REFERENCES door_groups (id) ON DELETE CASCADE,
      door_id TEXT NOT NULL REFERENCES doors (id) ON DELETE CASCADE,
      PRIMARY KEY (group_id, door_id)
    ) STRICT;

    -- windows / holiday_windows: JSON arrays of "mon-fri 07:00-22:00" (protocol/policy/policy-schedule.ts).
    CREATE TABLE schedules (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      windows TEXT NOT NULL DEFAULT '[]',
      holiday_windows TEXT NOT NULL DEFAULT '[]',
      created_at_ms INTEGER NOT NULL
    ) STRICT;

    -- The community's holiday calendar; every schedule's holidays.
    CREATE TABLE holidays (
      local_date TEXT PRIMARY KEY,
      name TEXT NOT NULL
    ) STRICT;

    CREATE TABLE access_rules (
      id TEXT PRIMARY KEY,
      subject_kind TEXT NOT NULL CHECK (subject_kind IN ('person', 'household', 'unit', 'building', 'grid', 'role')),
      subject_id TEXT NOT NULL,
      target_kind TEXT NOT NULL CHECK (target_kind IN ('door', 'door-group', 'gates', 'building', 'own-building')),
      target_id TEXT,
      schedule_id TEXT REFERENCES schedules (id),
      is_lockdown_exempt INTEGER NOT NULL DEFAULT 0 CHECK (is_lockdown_exempt IN (0, 1)),
      valid_from_ms INTEGER,
      valid_until_ms INTEGER,
      created_at_ms INTEGER NOT NULL,
      CHECK ((target_kind IN ('gates', 'own-building')) = (target_id IS NULL))
    ) STRICT;
    CREATE INDEX access_rules_subject ON access_rules (subject_kind, subject_id);

    CREATE TABLE phone_keys (
      id TEXT PRIMARY KEY,
      person_id TEXT NOT NULL REFERENCES persons (id),
      public_key TEXT NOT NULL UNIQUE,
      pass_credential_id TEXT,
      status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
      label TEXT,
      enrolled_at_ms INTEGER NOT NULL,
      revoked_at_ms INTEGER
    ) STRICT;
    CREATE INDEX phone_keys_person ON phone_keys (person_id);

    -- lookup_key: protocol/policy/credential-lookup-key.ts. At most one active credential per key.
    -- A visitor pass is a credential of kind 'visitor' held by a person of role 'visitor'.
    CREATE TABLE credentials (
      id TEXT PRIMARY KEY,
      person_id TEXT NOT NULL REFERENCES persons (id),
      kind TEXT NOT NULL CHECK (kind IN ('card', 'pin', 'entry-pass', 'phone', 'visitor')),
      lookup_key TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
      valid_from_ms INTEGER,
      valid_until_ms INTEGER,
      bound_phone_key_id TEXT REFERENCES phone_keys (id),
      host_person_id TEXT REFERENCES persons (id),
      host_building_id TEXT REFERENCES buildings (id),
      issued_at_ms INTEGER NOT NULL,
      issued_by_account_id TEXT,
      revoked_at_ms INTEGER,
      revoked_by_account_id TEXT,
      last_used_at_ms INTEGER,
      last_used_door_id TEXT,
      CHECK ((kind = 'visitor') = (host_person_id IS NOT NULL AND host_building_id IS NOT NULL AND valid_until_ms IS NOT NULL))
    ) STRICT;
    CREATE UNIQUE INDEX credentials_active_lookup_key ON credentials (lookup_key) WHERE status = 'active';
    CREATE INDEX credentials_person ON credentials (person_id);

    -- ends_at_ms is the release date; early release and extension move it (audited).
    CREATE TABLE observation_orders (
      id TEXT PRIMARY KEY,
      subject_kind TEXT NOT NULL CHECK (subject_kind IN ('person', 'household', 'building')),
      subject_id TEXT NOT NULL,
      starts_at_ms INTEGER NOT NULL,
      ends_at_ms INTEGER NOT NULL,
      reason TEXT NOT NULL DEFAULT '',
      created_by_account_id TEXT NOT NULL,
      created_at_ms INTEGER NOT NULL,
      released_early_at_ms INTEGER,
      CHECK (ends_at_ms > starts_at_ms)
    ) STRICT;
    CREATE INDEX observation_orders_ends ON observation_orders (ends_at_ms);

    CREATE TABLE medical_exceptions (
      id TEXT PRIMARY KEY,
      person_id TEXT NOT NULL REFERENCES persons (id),
      starts_at_ms INTEGER NOT NULL,
      ends_at_ms INTEGER NOT NULL,
      approved_by TEXT NOT NULL,
      reason TEXT NOT NULL DEFAULT '',
      created_at_ms INTEGER NOT NULL,
      CHECK (ends_at_ms > starts_at_ms)
    ) STRICT;

    CREATE TABLE lockdowns (
      id TEXT PRIMARY KEY,
      building_id TEXT NOT NULL REFERENCES buildings (id),
      starts_at_ms INTEGER NOT NULL,
      ends_at_ms INTEGER NOT NULL,
      reason TEXT NOT NULL DEFAULT '',
      created_by_account_id TEXT NOT NULL,
      created_at_ms INTEGER NOT NULL,
      lifted_early_at_ms INTEGER,
      CHECK (ends_at_ms > starts_at_ms)
    ) STRICT;

    -- Visitor passes by host (a grid manager's list: passes whose host lives in the grid).
    CREATE INDEX credentials_host ON credentials (host_person_id) WHERE host_person_id IS NOT NULL;
  `)
}
