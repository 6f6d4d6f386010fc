import type BetterSqlite3 from 'better-sqlite3'
import { accessFailure, accessSuccess, type AccessOutcome } from '../../../domain/access/access-failure.js'
import { newId } from '../../../domain/new-id.js'
import { auditChange, rowExists, runAccessChange, type ChangeContext, type ListPage, type PageRequest } from './access-change.js'
import { SqlConditions, selectPage } from './sql-conditions.js'

export interface DoorGroupView {
  readonly id: string
  readonly name: string
  readonly createdAtMs: number
  readonly doorIds: readonly string[]
}

interface DoorGroupRow {
  readonly id: string
  readonly name: string
  readonly createdAtMs: number
  readonly doorIds: string | null
}

// Door ids are protocol identifiers (a-z, 0-9, "-"), so a comma separates them safely.
const COLUMNS = `g.id, g.name, g.created_at_ms AS createdAtMs,
  (SELECT group_concat(door_id, ',') FROM (SELECT door_id FROM door_group_members WHERE group_id = g.id ORDER BY door_id)) AS doorIds`

function viewOf(row: DoorGroupRow): DoorGroupView {
  return { id: row.id, name: row.name, createdAtMs: row.createdAtMs, doorIds: row.doorIds === null ? [] : row.doorIds.split(',') }
}

/** Named sets of doors ("all building 3 doors", "cleaners' doors") that access rules target. */
export class DoorGroupRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  get(groupId: string): DoorGroupView | null {
    const row = this.#connection.prepare(`SELECT ${COLUMNS} FROM door_groups g WHERE g.id = ?`).get(groupId) as DoorGroupRow | undefined
    return row === undefined ? null : viewOf(row)
  }

  list(filter: { readonly doorId?: string | undefined }, page: PageRequest): ListPage<DoorGroupView> {
    const conditions = new SqlConditions().addWhenGiven('g.id IN (SELECT group_id FROM door_group_members WHERE door_id = ?)', filter.doorId)
    return selectPage(this.#connection, { columns: COLUMNS, from: 'door_groups g', orderBy: 'g.name' }, conditions, page, viewOf)
  }

  create(input: { readonly name: string; readonly doorIds: readonly string[] }, context: ChangeContext): AccessOutcome<DoorGroupView> {
    return runAccessChange(this.#connection, () => {
      if (this.#nameTaken(input.name, null)) return accessFailure('NAME_TAKEN', `a door group named ${input.name} exists`)
      const id = newId('dgr')
      this.#connection.prepare('INSERT INTO door_groups (id, name, created_at_ms) VALUES (?, ?, ?)').run(id, input.name, context.atMs)
      const added = this.#addMembers(id, input.doorIds)
      if (!added.ok) return added
      auditChange(this.#connection, context, 'door-group.created', { kind: 'door-group', id }, { name: input.name, doorIds: input.doorIds })
      return accessSuccess(this.get(id)!)
    })
  }

  rename(groupId: string, name: string, context: ChangeContext): AccessOutcome<DoorGroupView> {
    return runAccessChange(this.#connection, () => {
      const current = this.get(groupId)
      if (current === null) return accessFailure('NOT_FOUND', `door group ${groupId} not found`)
      if (this.#nameTaken(name, groupId)) return accessFailure('NAME_TAKEN', `a door group named ${name} exists`)
      this.#connection.prepare('UPDATE door_groups SET name = ? WHERE id = ?').run(name, groupId)
      auditChange(this.#connection, context, 'door-group.renamed', { kind: 'door-group', id: groupId }, { from: current.name, to: name })
      return accessSuccess(this.get(groupId)!)
    })
  }

  /** Adds and removes members in one change; adding a member twice or removing a non-member is harmless. */
  changeMembers(groupId: string, change: { readonly add: readonly string[]; readonly remove: readonly string[] }, context: ChangeContext): AccessOutcome<DoorGroupView> {
    return runAccessChange(this.#connection, () => {
      if (this.get(groupId) === null) return accessFailure('NOT_FOUND', `door group ${groupId} not found`)
      const added = this.#addMembers(groupId, change.add)
      if (!added.ok) return added
      const remove = this.#connection.prepare('DELETE FROM door_group_members WHERE group_id = ? AND door_id = ?')
      for (const doorId of change.remove) remove.run(groupId, doorId)
      auditChange(this.#connection, context, 'door-group.members-changed', { kind: 'door-group', id: groupId }, { added: change.add, removed: change.remove })
      return accessSuccess(this.get(groupId)!)
    })
  }

  /** Refused IN_USE while an access rule targets the group. */
  delete(groupId: string, context: ChangeContext): AccessOutcome<{ id: string }> {
    return runAccessChange(this.#connection, () => {
      const group = this.get(groupId)
      if (group === null) return accessFailure('NOT_FOUND', `door group ${groupId} not found`)
      const rules = this.#connection.prepare(`SELECT COUNT(*) AS n FROM access_rules WHERE target_kind = 'door-group' AND target_id = ?`).get(groupId) as { n: number }
      if (rules.n > 0) return accessFailure('IN_USE', `${rules.n} access rule(s) name door group ${groupId}; remove them first`)
      this.#connection.prepare('DELETE FROM door_groups WHERE id = ?').run(groupId)
      auditChange(this.#connection, context, 'door-group.removed', { kind: 'door-group', id: groupId }, { name: group.name })
      return accessSuccess({ id: groupId })
    })
  }

  #addMembers(groupId: string, doorIds: readonly string[]): AccessOutcome<null> {
    const unknown = doorIds.filter((doorId) => !rowExists(this.#connection, 'doors', doorId))
    if (unknown.length > 0) return accessFailure('UNKNOWN_REFERENCE', `no such door: ${unknown.join(', ')}`)
    const insert = this.#connection.prepare('INSERT OR IGNORE INTO door_group_members (group_id, door_id) VALUES (?, ?)')
    for (const doorId of doorIds) insert.run(groupId, doorId)
    return accessSuccess(null)
  }

  #nameTaken(name: string, exceptId: string | null): boolean {
    const row = this.#connection.prepare('SELECT id FROM door_groups WHERE name = ?').get(name) as { id: string } | undefined
    return row !== undefined && row.id !== exceptId
  }
}
