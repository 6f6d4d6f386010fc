import { csvDocument, type CsvValue } from '../csv-document.js'

export interface DayCounts {
  readonly passes: number
  readonly denials: number
  readonly fevers: number
}

export interface DoorDayRow extends DayCounts {
  readonly edgeId: string
  readonly edgeName: string
  readonly doorId: string
  readonly doorName: string
  readonly lane: string | null
}

export interface GateDayReport extends DayCounts {
  readonly edgeId: string
  readonly name: string
  readonly doors: readonly (DayCounts & { readonly doorId: string; readonly name: string; readonly lane: string | null })[]
}

/** One grid's day; `gridId` null: people of no grid (staff, visitors, unknown). */
export interface GridDayReport extends DayCounts {
  readonly gridId: string | null
  readonly name: string | null
  /** Phone and contact-thermometer readings at or above the fever threshold. */
  readonly feverReports: number
  /** Returnees registered that day (the four questions). */
  readonly returnees: number
  /** Distinct people under a home observation order at any time that day. */
  readonly underObservation: number
}

export interface DailyReport {
  readonly date: string
  readonly feverThresholdCelsius: number
  readonly gates: readonly GateDayReport[]
  readonly grids: readonly GridDayReport[]
}

/** Door rows (ordered by edge) grouped into gates with their totals. */
export function gatesOfDoors(rows: readonly DoorDayRow[]): GateDayReport[] {
  const gates = new Map<string, { edgeId: string; name: string; doors: GateDayReport['doors'][number][] }>()
  for (const row of rows) {
    let gate = gates.get(row.edgeId)
    if (gate === undefined) {
      gate = { edgeId: row.edgeId, name: row.edgeName, doors: [] }
      gates.set(row.edgeId, gate)
    }
    gate.doors.push({ doorId: row.doorId, name: row.doorName, lane: row.lane, passes: row.passes, denials: row.denials, fevers: row.fevers })
  }
  return [...gates.values()].map((gate) => ({ ...gate, ...sumOf(gate.doors) }))
}

function sumOf(counts: readonly DayCounts[]): DayCounts {
  return counts.reduce((total, count) => ({ passes: total.passes + count.passes, denials: total.denials + count.denials, fevers: total.fevers + count.fevers }), { passes: 0, denials: 0, fevers: 0 })
}

const COLUMNS = ['date', 'section', 'id', 'name', 'passes', 'denials', 'fevers', 'feverReports', 'returnees', 'underObservation'] as const

/** The daily report as one CSV table: a row per gate, per door (section `door`) and per grid. */
export function dailyReportCsv(report: DailyReport): string {
  const rows: CsvValue[][] = []
  for (const gate of report.gates) {
    rows.push([report.date, 'gate', gate.edgeId, gate.name, gate.passes, gate.denials, gate.fevers, null, null, null])
    for (const door of gate.doors) rows.push([report.date, 'door', door.doorId, door.name, door.passes, door.denials, door.fevers, null, null, null])
  }
  for (const grid of report.grids) {
    rows.push([report.date, 'grid', grid.gridId, grid.name, grid.passes, grid.denials, grid.fevers, grid.feverReports, grid.returnees, grid.underObservation])
  }
  return csvDocument(COLUMNS, rows)
}
