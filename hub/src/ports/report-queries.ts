import type { DayCounts, DoorDayRow } from '../domain/ledger/daily-report.js'
import type { DayWindow } from '../domain/ledger/report-days.js'

export interface HourCounts extends DayCounts {
  readonly edgeId: string
  /** Site-local hour of the day, 0 … 23. */
  readonly hour: number
}

export interface DateCounts extends DayCounts {
  readonly localDate: string
}

/** One grid's figures for a day before naming (`gridId` null: people of no grid, or unknown). */
export interface GridDayCounts extends DayCounts {
  readonly gridId: string | null
  readonly feverReports: number
  readonly returnees: number
  readonly underObservation: number
}

export interface NamedRow {
  readonly id: string
  readonly name: string
}

/** Figures for the reports and charts, computed in SQL over the ledger and the community model. */
export interface ReportQueries {
  /** Edges by name; `edgeId` limits to one. */
  edges(edgeId: string | null): NamedRow[]
  grids(): NamedRow[]
  /** Passes, denials and fevers per edge and site-local hour of the day (hours without events left out). */
  hourlyCounts(day: DayWindow, utcOffsetMinutes: number, edgeId: string | null): HourCounts[]
  /** Passes, denials and fevers per site-local date from `fromDate` to `toDate` (both included; dates without events left out). */
  dailyTotals(fromDate: string, toDate: string, edgeId: string | null): DateCounts[]
  /** Every door with its counts on `localDate` (zeros when none), ordered by edge then door. */
  doorDayRows(localDate: string): DoorDayRow[]
  /** Per grid of the people concerned: passes, denials, fevers, fever reports, returnees, people under observation. */
  gridDayCounts(day: DayWindow, feverThresholdCelsius: number): GridDayCounts[]
}
