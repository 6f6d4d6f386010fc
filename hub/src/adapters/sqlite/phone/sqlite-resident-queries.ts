import type BetterSqlite3 from 'better-sqlite3'
import type { EdgePolicySource } from '../../../ports/edge-policy-source.js'

export interface MyDoor {
  readonly doorId: string
  readonly name: string
  readonly kind: 'gate' | 'building'
  readonly edgeId: string
}

export interface MyEntry {
  readonly id: string
  readonly doorId: string
  readonly doorName: string | null
  readonly occurredAtMs: number
  readonly direction: 'in' | 'out'
  readonly isGranted: boolean
  readonly reason: string
}

/**
 * What the phone app shows a resident about themself: the doors their person may use, as the hub
 * compiled each edge's policy (the same rows the edge decides on), and their own recent entries.
 */
export class SqliteResidentQueries {
  readonly #connection: BetterSqlite3.Database
  readonly #policies: EdgePolicySource

  constructor(connection: BetterSqlite3.Database, policies: EdgePolicySource) {
    this.#connection = connection
    this.#policies = policies
  }

  /** Doors with an access row for the person in their edge's current compiled policy, gates first. */
  doorsOf(personId: string): MyDoor[] {
    const edges = this.#connection.prepare('SELECT id FROM edges ORDER BY name, id').all() as { id: string }[]
    const doors: MyDoor[] = []
    for (const { id: edgeId } of edges) {
      const entities = this.#policies.currentEntities(edgeId)
      if (entities === null) continue
      const permitted = new Set(entities.access.filter((row) => row.personId === personId).map((row) => row.doorId))
      for (const door of entities.door) if (permitted.has(door.id)) doors.push({ doorId: door.id, name: door.name, kind: door.kind, edgeId })
    }
    return doors.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'gate' ? -1 : 1))
  }

  entriesOf(personId: string, limit: number): MyEntry[] {
    const rows = this.#connection
      .prepare(
        `SELECT e.id, e.door_id AS doorId, d.name AS doorName, e.occurred_at_ms AS occurredAtMs, e.direction, e.is_granted AS isGranted, e.reason
         FROM access_events e LEFT JOIN doors d ON d.id = e.door_id
         WHERE e.person_id = ? ORDER BY e.occurred_at_ms DESC, e.feed_seq DESC LIMIT ?`,
      )
      .all(personId, limit) as (Omit<MyEntry, 'isGranted'> & { isGranted: number })[]
    return rows.map((row) => ({ ...row, isGranted: row.isGranted === 1 }))
  }
}
