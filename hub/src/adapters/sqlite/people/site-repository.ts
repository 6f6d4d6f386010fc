import type BetterSqlite3 from 'better-sqlite3'

/** The one site row: the community's name, local time and screening settings. */
export interface SiteRecord {
  readonly id: string
  readonly name: string
  readonly utcOffsetMinutes: number
  readonly feverThresholdCelsius: number
  readonly lowReadingCelsius: number
  readonly calibrationOffsetCelsius: number
  readonly ambientReferenceCelsius: number
  readonly ambientCoefficient: number
  readonly maxAmbientCompensationCelsius: number
  readonly samplesPerMeasurement: number
  readonly remeasureWaitMs: number
  readonly maxRemeasures: number
  readonly temperatureRetentionDays: number
  readonly observationDefaultDays: number
  readonly updatedAtMs: number
}

export type SiteSettings = Partial<Omit<SiteRecord, 'id' | 'updatedAtMs'>>

/** camelCase field → column; fixed SQL, never input. */
const SITE_COLUMNS: Readonly<Record<keyof Omit<SiteRecord, 'id' | 'updatedAtMs'>, string>> = {
  name: 'name',
  utcOffsetMinutes: 'utc_offset_minutes',
  feverThresholdCelsius: 'fever_threshold_celsius',
  lowReadingCelsius: 'low_reading_celsius',
  calibrationOffsetCelsius: 'calibration_offset_celsius',
  ambientReferenceCelsius: 'ambient_reference_celsius',
  ambientCoefficient: 'ambient_coefficient',
  maxAmbientCompensationCelsius: 'max_ambient_compensation_celsius',
  samplesPerMeasurement: 'samples_per_measurement',
  remeasureWaitMs: 'remeasure_wait_ms',
  maxRemeasures: 'max_remeasures',
  temperatureRetentionDays: 'temperature_retention_days',
  observationDefaultDays: 'observation_default_days',
}

const SELECT_SITE = `SELECT id, ${Object.entries(SITE_COLUMNS)
  .map(([field, column]) => `${column} AS ${field}`)
  .join(', ')}, updated_at_ms AS updatedAtMs FROM sites ORDER BY id LIMIT 1`

/** Days temperatures are kept when no site row exists yet (the m002 column default). */
export const DEFAULT_TEMPERATURE_RETENTION_DAYS = 28

export class SiteRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  /** The site, or null before the admin has named the community. */
  get(): SiteRecord | null {
    return (this.#connection.prepare(SELECT_SITE).get() as SiteRecord | undefined) ?? null
  }

  /** Creates the site row (the first save needs a name); column defaults fill the rest. */
  create(id: string, settings: SiteSettings & { readonly name: string }, nowMs: number): SiteRecord {
    this.#connection.prepare('INSERT INTO sites (id, name, updated_at_ms) VALUES (?, ?, ?)').run(id, settings.name, nowMs)
    return this.update(settings, nowMs)
  }

  /** Changes the given settings; the others stay. */
  update(settings: SiteSettings, nowMs: number): SiteRecord {
    const entries = Object.entries(settings).filter(
      (entry): entry is [keyof typeof SITE_COLUMNS, string | number] => entry[1] !== undefined && entry[0] in SITE_COLUMNS,
    )
    const assignments = entries.map(([field]) => `${SITE_COLUMNS[field]} = ?`)
    this.#connection
      .prepare(`UPDATE sites SET ${[...assignments, 'updated_at_ms = ?'].join(', ')}`)
      .run(...entries.map((entry) => entry[1]), nowMs)
    const site = this.get()
    if (site === null) throw Object.assign(new Error('no site row to update'), { code: 'NO_SITE' as const })
    return site
  }

  temperatureRetentionDays(): number {
    return this.get()?.temperatureRetentionDays ?? DEFAULT_TEMPERATURE_RETENTION_DAYS
  }
}
