import type BetterSqlite3 from 'better-sqlite3'
import { accessFailure, accessSuccess, type AccessOutcome } from '../../../domain/access/access-failure.js'
import { newId } from '../../../domain/new-id.js'
import { auditChange, rowExists, runAccessChange, type ChangeContext, type ListPage, type PageRequest } from './access-change.js'
import { DOOR_COLUMNS, doorViewOf, type DoorView } from './door-repository.js'
import { SqlConditions, selectPage } from './sql-conditions.js'

export interface EdgeView {
  readonly id: string
  readonly name: string
  readonly createdAtMs: number
  readonly doors: readonly DoorView[]
}

type EdgeRow = Omit<EdgeView, 'doors'>

/**
 * The edges (one Pi at a gate or building door each). The id is the edge's MQTT identity
 * (`gatehouse-edge-<id>`), so the admin may choose it; enrollment (m004) is another area's.
 */
export class EdgeRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  get(edgeId: string): EdgeView | null {
    const row = this.#connection.prepare('SELECT id, name, created_at_ms AS createdAtMs FROM edges WHERE id = ?').get(edgeId) as EdgeRow | undefined
    return row === undefined ? null : this.#withDoors([row])[0]!
  }

  /** `onlyEdgeId` confines the list to one edge (gate staff see their checkpoint). */
  list(filter: { readonly onlyEdgeId?: string | undefined; readonly nameContains?: string | undefined }, page: PageRequest): ListPage<EdgeView> {
    const conditions = new SqlConditions()
      .addWhenGiven('e.id = ?', filter.onlyEdgeId)
      .addWhenGiven(`e.name LIKE '%' || ? || '%'`, filter.nameContains)
    const edges = selectPage<EdgeRow, EdgeRow>(
      this.#connection,
      { columns: 'e.id, e.name, e.created_at_ms AS createdAtMs', from: 'edges e', orderBy: 'e.name, e.id' },
      conditions,
      page,
      (row) => row,
    )
    return { items: this.#withDoors(edges.items), total: edges.total }
  }

  create(input: { readonly id?: string | undefined; readonly name: string }, context: ChangeContext): AccessOutcome<EdgeView> {
    return runAccessChange(this.#connection, () => {
      const id = input.id ?? newId('edge')
      if (rowExists(this.#connection, 'edges', id)) return accessFailure('EDGE_EXISTS', `an edge with id ${id} exists`)
      this.#connection.prepare('INSERT INTO edges (id, name, created_at_ms) VALUES (?, ?, ?)').run(id, input.name, context.atMs)
      auditChange(this.#connection, context, 'edge.created', { kind: 'edge', id }, { name: input.name })
      return accessSuccess(this.get(id)!)
    })
  }

  rename(edgeId: string, name: string, context: ChangeContext): AccessOutcome<EdgeView> {
    return runAccessChange(this.#connection, () => {
      const current = this.get(edgeId)
      if (current === null) return accessFailure('NOT_FOUND', `edge ${edgeId} not found`)
      this.#connection.prepare('UPDATE edges SET name = ? WHERE id = ?').run(name, edgeId)
      auditChange(this.#connection, context, 'edge.renamed', { kind: 'edge', id: edgeId }, { from: current.name, to: name })
      return accessSuccess(this.get(edgeId)!)
    })
  }

  #withDoors(edges: readonly EdgeRow[]): EdgeView[] {
    if (edges.length === 0) return []
    const placeholders = edges.map(() => '?').join(', ')
    const doors = (
      this.#connection
        .prepare(`SELECT ${DOOR_COLUMNS} FROM doors d WHERE d.edge_id IN (${placeholders}) ORDER BY d.name, d.id`)
        .all(...edges.map((edge) => edge.id)) as Parameters<typeof doorViewOf>[0][]
    ).map(doorViewOf)
    return edges.map((edge) => ({ ...edge, doors: doors.filter((door) => door.edgeId === edge.id) }))
  }
}
