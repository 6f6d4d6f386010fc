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

/** Someone under home observation now, with the end of the longest order that holds them. */
export interface ObservedPersonRecord {
  readonly personId: string
  readonly personName: string
  readonly householdId: string | null
  readonly gridId: string | null
  readonly buildingName: string | null
  readonly unitName: string | null
  readonly room: string | null
  readonly observationEndsAtMs: number
}

/** Active people held by an order in force (on them, their household or their building): observation_orders is H-access's, read only. */
const OBSERVED_PEOPLE = `WITH orders AS (
    SELECT subject_kind, subject_id, ends_at_ms FROM observation_orders WHERE starts_at_ms <= @nowMs AND ends_at_ms > @nowMs),
  held AS (
    SELECT o.subject_id AS person_id, o.ends_at_ms FROM orders o WHERE o.subject_kind = 'person'
    UNION ALL SELECT p.id, o.ends_at_ms FROM orders o JOIN persons p ON p.household_id = o.subject_id WHERE o.subject_kind = 'household'
    UNION ALL SELECT p.id, o.ends_at_ms FROM orders o JOIN units u ON u.building_id = o.subject_id JOIN households hh ON hh.unit_id = u.id
      JOIN persons p ON p.household_id = hh.id WHERE o.subject_kind = 'building')
  SELECT p.id AS personId, p.display_name AS personName, p.household_id AS householdId, COALESCE(h.grid_id, b.grid_id) AS gridId,
    b.name AS buildingName, u.name AS unitName, h.room, MAX(held.ends_at_ms) AS observationEndsAtMs
  FROM held JOIN persons p ON p.id = held.person_id LEFT JOIN households h ON h.id = p.household_id
    LEFT JOIN units u ON u.id = h.unit_id LEFT JOIN buildings b ON b.id = u.building_id
  WHERE p.status = 'active' AND (@gridId IS NULL OR COALESCE(h.grid_id, b.grid_id) = @gridId)
    AND (@householdId IS NULL OR p.household_id = @householdId)
  GROUP BY p.id ORDER BY length(b.name), b.name, u.name, length(h.room), h.room, p.display_name`

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

  /** Everyone under home observation at `nowMs`, optionally within a grid or a household. */
  observedPeople(nowMs: number, scope: { gridId?: string | undefined; householdId?: string | undefined }): ObservedPersonRecord[] {
    return this.#connection.prepare(OBSERVED_PEOPLE).all({ nowMs, gridId: scope.gridId ?? null, householdId: scope.householdId ?? null }) as ObservedPersonRecord[]
  }

  /** Report instants at or after `sinceMs` of these people, by person. */
  reportTimesSince(personIds: readonly string[], sinceMs: number): Map<string, number[]> {
    const times = new Map<string, number[]>()
    const statement = this.#connection.prepare('SELECT reported_at_ms FROM temperature_reports WHERE person_id = ? AND reported_at_ms >= ?').pluck()
    for (const personId of personIds) times.set(personId, statement.all(personId, sinceMs) as number[])
    return times
  }
}
