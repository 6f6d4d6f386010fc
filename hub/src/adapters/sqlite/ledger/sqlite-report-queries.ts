import type BetterSqlite3 from 'better-sqlite3'
import type { DoorDayRow } from '../../../domain/ledger/daily-report.js'
import type { DayWindow } from '../../../domain/ledger/report-days.js'
import type { DateCounts, GridDayCounts, HourCounts, NamedRow, ReportQueries } from '../../../ports/report-queries.js'

const MS_PER_HOUR = 3_600_000

/** The grid of a person: their household's, else their building's (as SqliteLedgerQueries.gridOfPerson). */
const PERSON_GRID = `LEFT JOIN households h ON h.id = p.household_id LEFT JOIN units u ON u.id = h.unit_id LEFT JOIN buildings b ON b.id = u.building_id`

/**
 * People under a home observation order at any time in [?start, ?end): the order's subject
 * (a person, every active member of a household, every active resident of a building).
 */
const OBSERVED_PEOPLE = `
  WITH active AS (
    SELECT subject_kind, subject_id FROM observation_orders
    WHERE starts_at_ms < @end AND MIN(ends_at_ms, COALESCE(released_early_at_ms, ends_at_ms)) > @start
  )
  SELECT subject_id AS person_id FROM active WHERE subject_kind = 'person'
  UNION
  SELECT p.id FROM active a JOIN persons p ON a.subject_kind = 'household' AND p.household_id = a.subject_id WHERE p.status = 'active'
  UNION
  SELECT p.id FROM active a JOIN units u ON a.subject_kind = 'building' AND u.building_id = a.subject_id
    JOIN households h ON h.unit_id = u.id JOIN persons p ON p.household_id = h.id WHERE p.status = 'active'`

interface CountRow {
  grid_id: string | null
  count: number
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** The figures behind the reports and charts (ReportQueries), over m002, m003 and m006. */
export class SqliteReportQueries implements ReportQueries {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  edges(edgeId: string | null): NamedRow[] {
    return this.#connection
      .prepare<string[], NamedRow>(`SELECT id, name FROM edges ${edgeId === null ? '' : 'WHERE id = ?'} ORDER BY name, id`)
      .all(...(edgeId === null ? [] : [edgeId]))
  }

  grids(): NamedRow[] {
    return this.#connection.prepare<[], NamedRow>('SELECT id, name FROM grids ORDER BY name, id').all()
  }

  hourlyCounts(day: DayWindow, utcOffsetMinutes: number, edgeId: string | null): HourCounts[] {
    const byEdge = edgeId === null ? '' : 'AND edge_id = @edgeId'
    return this.#connection
      .prepare<Record<string, number | string>, { edge_id: string; hour: number; passes: number; denials: number; fevers: number }>(
        `SELECT edge_id, ((occurred_at_ms + @offsetMs) / ${MS_PER_HOUR}) % 24 AS hour,
           SUM(is_granted) AS passes, SUM(1 - is_granted) AS denials, SUM(is_fever) AS fevers
         FROM access_events WHERE occurred_at_ms >= @start AND occurred_at_ms < @end ${byEdge}
         GROUP BY edge_id, hour ORDER BY edge_id, hour`,
      )
      .all({ start: day.startMs, end: day.endMs, offsetMs: utcOffsetMinutes * 60_000, ...(edgeId !== null && { edgeId }) })
      .map((row) => ({ edgeId: row.edge_id, hour: row.hour, passes: row.passes, denials: row.denials, fevers: row.fevers }))
  }

  dailyTotals(fromDate: string, toDate: string, edgeId: string | null): DateCounts[] {
    const byEdge = edgeId === null ? '' : 'AND edge_id = ?'
    return this.#connection
      .prepare<string[], { local_date: string; passes: number; denials: number; fevers: number }>(
        `SELECT local_date, SUM(passes) AS passes, SUM(denials) AS denials, SUM(fevers) AS fevers FROM door_daily_counts
         WHERE local_date >= ? AND local_date <= ? ${byEdge} GROUP BY local_date ORDER BY local_date`,
      )
      .all(fromDate, toDate, ...(edgeId === null ? [] : [edgeId]))
      .map((row) => ({ localDate: row.local_date, passes: row.passes, denials: row.denials, fevers: row.fevers }))
  }

  doorDayRows(localDate: string): DoorDayRow[] {
    return this.#connection
      .prepare<[string], { edge_id: string; edge_name: string; door_id: string; door_name: string; lane: string | null; passes: number | null; denials: number | null; fevers: number | null }>(
        `SELECT e.id AS edge_id, e.name AS edge_name, d.id AS door_id, d.name AS door_name, d.lane, c.passes, c.denials, c.fevers
         FROM doors d JOIN edges e ON e.id = d.edge_id
         LEFT JOIN door_daily_counts c ON c.door_id = d.id AND c.local_date = ?
         ORDER BY e.name, e.id, d.name, d.id`,
      )
      .all(localDate)
      .map((row) => ({
        edgeId: row.edge_id,
        edgeName: row.edge_name,
        doorId: row.door_id,
        doorName: row.door_name,
        lane: row.lane,
        passes: row.passes ?? 0,
        denials: row.denials ?? 0,
        fevers: row.fevers ?? 0,
      }))
  }

  gridDayCounts(day: DayWindow, feverThresholdCelsius: number): GridDayCounts[] {
    const window = { start: day.startMs, end: day.endMs }
    const grids = new Map<string | null, Mutable<GridDayCounts>>()
    const gridOf = (gridId: string | null) => {
      let counts = grids.get(gridId)
      if (counts === undefined) {
        counts = { gridId, passes: 0, denials: 0, fevers: 0, feverReports: 0, returnees: 0, underObservation: 0 }
        grids.set(gridId, counts)
      }
      return counts
    }
    const events = this.#connection
      .prepare<typeof window, { grid_id: string | null; passes: number; denials: number; fevers: number }>(
        `SELECT COALESCE(h.grid_id, b.grid_id) AS grid_id, SUM(e.is_granted) AS passes, SUM(1 - e.is_granted) AS denials, SUM(e.is_fever) AS fevers
         FROM access_events e LEFT JOIN persons p ON p.id = e.person_id ${PERSON_GRID}
         WHERE e.occurred_at_ms >= @start AND e.occurred_at_ms < @end GROUP BY 1`,
      )
      .all(window)
    for (const row of events) Object.assign(gridOf(row.grid_id), { passes: row.passes, denials: row.denials, fevers: row.fevers })
    const count = (sql: string, parameters: Record<string, number>, field: 'feverReports' | 'returnees' | 'underObservation') => {
      const rows = this.#connection.prepare<Record<string, number>, CountRow>(sql).all(parameters)
      for (const row of rows) gridOf(row.grid_id)[field] = row.count
    }
    count(
      `SELECT COALESCE(h.grid_id, b.grid_id) AS grid_id, COUNT(*) AS count FROM temperature_reports t JOIN persons p ON p.id = t.person_id ${PERSON_GRID}
       WHERE t.reported_at_ms >= @start AND t.reported_at_ms < @end AND t.celsius >= @threshold GROUP BY 1`,
      { ...window, threshold: feverThresholdCelsius },
      'feverReports',
    )
    count(
      `SELECT COALESCE(h.grid_id, b.grid_id) AS grid_id, COUNT(*) AS count FROM returnees r JOIN persons p ON p.id = r.person_id ${PERSON_GRID}
       WHERE r.registered_at_ms >= @start AND r.registered_at_ms < @end GROUP BY 1`,
      window,
      'returnees',
    )
    count(
      `WITH observed AS (${OBSERVED_PEOPLE})
       SELECT COALESCE(h.grid_id, b.grid_id) AS grid_id, COUNT(*) AS count FROM observed o JOIN persons p ON p.id = o.person_id ${PERSON_GRID} GROUP BY 1`,
      window,
      'underObservation',
    )
    return [...grids.values()]
  }
}
