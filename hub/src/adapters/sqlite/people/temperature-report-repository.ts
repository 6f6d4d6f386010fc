import type BetterSqlite3 from 'better-sqlite3'
import { PeopleQuery, type Page, type PageRequest } from './people-query.js'

export const TEMPERATURE_SOURCES = ['phone', 'contact-thermometer', 'kiosk'] as const
export type TemperatureSource = (typeof TEMPERATURE_SOURCES)[number]

export interface TemperatureReportRecord {
  readonly id: string
  readonly personId: string
  readonly personName: string
  readonly householdId: string | null
  readonly gridId: string | null
  readonly celsius: number
  readonly source: TemperatureSource
  readonly reportedAtMs: number
}

export interface TemperatureReportFilter {
  readonly personId?: string | undefined
  readonly householdId?: string | undefined
  readonly gridId?: string | undefined
  readonly sinceMs?: number | undefined
  readonly untilMs?: number | undefined
  /** Only readings at or above this (the fever threshold). */
  readonly minCelsius?: number | undefined
}

const REPORT_FROM = `temperature_reports t JOIN persons p ON p.id = t.person_id LEFT JOIN households h ON h.id = p.household_id
  LEFT JOIN units u ON u.id = h.unit_id LEFT JOIN buildings b ON b.id = u.building_id`
const REPORT_COLUMNS = `t.id, t.person_id AS personId, p.display_name AS personName, p.household_id AS householdId,
  COALESCE(h.grid_id, b.grid_id) AS gridId, t.celsius, t.source, t.reported_at_ms AS reportedAtMs`

/** Temperatures reported from phones (twice daily under home observation) and contact thermometers. */
export class TemperatureReportRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  insert(row: { id: string; personId: string; celsius: number; source: TemperatureSource; reportedAtMs: number }): void {
    this.#connection
      .prepare('INSERT INTO temperature_reports (id, person_id, celsius, source, reported_at_ms) VALUES (?, ?, ?, ?, ?)')
      .run(row.id, row.personId, row.celsius, row.source, row.reportedAtMs)
  }

  list(filter: TemperatureReportFilter, page: PageRequest): Page<TemperatureReportRecord> {
    return new PeopleQuery()
      .whereGiven('t.person_id = ?', filter.personId)
      .whereGiven('p.household_id = ?', filter.householdId)
      .whereGiven('COALESCE(h.grid_id, b.grid_id) = ?', filter.gridId)
      .whereGiven('t.reported_at_ms >= ?', filter.sinceMs)
      .whereGiven('t.reported_at_ms < ?', filter.untilMs)
      .whereGiven('t.celsius >= ?', filter.minCelsius)
      .page<TemperatureReportRecord>(this.#connection, { columns: REPORT_COLUMNS, from: REPORT_FROM, orderBy: 't.reported_at_ms DESC, t.id' }, page)
  }

  /** Deletes every report older than `cutoffMs`; returns how many. */
  purgeOlderThan(cutoffMs: number): number {
    return this.#connection.prepare('DELETE FROM temperature_reports WHERE reported_at_ms < ?').run(cutoffMs).changes
  }
}
