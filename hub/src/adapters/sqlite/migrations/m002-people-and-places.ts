import type BetterSqlite3 from 'better-sqlite3'

/**
 * Hub schema step 2: the community's places and people. Ids are text (`newId('bld')` ...), valid
 * protocol identifiers, so they travel unchanged into edge policies. Instants are integer
 * milliseconds since the epoch (`…_ms`); local dates are `YYYY-MM-DD` text.
 *
 * Full ID numbers and phones are stored (the street office needs them) but every read path masks
 * them for roles that need not see them; temperatures are purged on a schedule.
 */
export function peopleAndPlacesUp(connection: BetterSqlite3.Database): void {
  connection.exec(`
    CREATE TABLE sites (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      utc_offset_minutes INTEGER NOT NULL DEFAULT 480,
      fever_threshold_celsius REAL NOT NULL DEFAULT 37.3,
      low_reading_celsius REAL NOT NULL DEFAULT 34.0,
      calibration_offset_celsius REAL NOT NULL DEFAULT 0,
      ambient_reference_celsius REAL NOT NULL DEFAULT 25,
      ambient_coefficient REAL NOT NULL DEFAULT 0,
      max_ambient_compensation_celsius REAL NOT NULL DEFAULT 1.5,
      samples_per_measurement INTEGER NOT NULL DEFAULT 5,
      remeasure_wait_ms INTEGER NOT NULL DEFAULT 3000,
      max_remeasures INTEGER NOT NULL DEFAULT 2,
      temperature_retention_days INTEGER NOT NULL DEFAULT 28,
      observation_default_days INTEGER NOT NULL DEFAULT 14,
      updated_at_ms INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE grids (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      manager_account_id TEXT,
      created_at_ms INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE buildings (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      grid_id TEXT REFERENCES grids (id),
      created_at_ms INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE units (
      id TEXT PRIMARY KEY,
      building_id TEXT NOT NULL REFERENCES buildings (id),
      name TEXT NOT NULL,
      created_at_ms INTEGER NOT NULL,
      UNIQUE (building_id, name)
    ) STRICT;

    CREATE TABLE households (
      id TEXT PRIMARY KEY,
      unit_id TEXT NOT NULL REFERENCES units (id),
      room TEXT NOT NULL,
      grid_id TEXT REFERENCES grids (id),
      created_at_ms INTEGER NOT NULL,
      UNIQUE (unit_id, room)
    ) STRICT;

    CREATE TABLE landlords (
      id TEXT PRIMARY KEY,
      display_name TEXT NOT NULL,
      phone TEXT,
      id_number TEXT,
      person_id TEXT,
      created_at_ms INTEGER NOT NULL
    ) STRICT;

    -- role: what a gate treats them as (protocol PERSON_ROLES); relation: their tie to the household.
    CREATE TABLE persons (
      id TEXT PRIMARY KEY,
      display_name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('resident', 'tenant', 'staff', 'visitor')),
      relation TEXT CHECK (relation IN ('owner', 'tenant', 'family')),
      household_id TEXT REFERENCES households (id),
      landlord_id TEXT REFERENCES landlords (id),
      phone TEXT,
      id_number TEXT,
      photo_id TEXT,
      status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending', 'moved-out')),
      created_at_ms INTEGER NOT NULL,
      updated_at_ms INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX persons_household ON persons (household_id);
    CREATE INDEX persons_name ON persons (display_name);

    CREATE TABLE photos (
      id TEXT PRIMARY KEY,
      person_id TEXT NOT NULL REFERENCES persons (id),
      content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
      bytes BLOB NOT NULL,
      created_at_ms INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE tenant_declarations (
      id TEXT PRIMARY KEY,
      landlord_id TEXT NOT NULL REFERENCES landlords (id),
      person_id TEXT NOT NULL REFERENCES persons (id),
      household_id TEXT NOT NULL REFERENCES households (id),
      declared_at_ms INTEGER NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'verified', 'rejected', 'ended')),
      decided_by_account_id TEXT,
      decided_at_ms INTEGER,
      note TEXT
    ) STRICT;

    -- The four questions (四问四登记): where from, when, by what transport, health.
    CREATE TABLE returnees (
      id TEXT PRIMARY KEY,
      person_id TEXT NOT NULL REFERENCES persons (id),
      came_from TEXT NOT NULL,
      arrived_on TEXT NOT NULL,
      transport TEXT NOT NULL,
      health TEXT NOT NULL,
      registered_by_account_id TEXT NOT NULL,
      registered_at_ms INTEGER NOT NULL,
      observation_id TEXT
    ) STRICT;

    -- Twice-daily reports of people under home observation, and contact-thermometer readings:
    -- personal health data, purged after sites.temperature_retention_days.
    CREATE TABLE temperature_reports (
      id TEXT PRIMARY KEY,
      person_id TEXT NOT NULL REFERENCES persons (id),
      celsius REAL NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('phone', 'contact-thermometer', 'kiosk')),
      reported_at_ms INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX temperature_reports_at ON temperature_reports (reported_at_ms);
    CREATE INDEX temperature_reports_person ON temperature_reports (person_id, reported_at_ms);
  `)
}
