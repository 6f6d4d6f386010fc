import type BetterSqlite3 from 'better-sqlite3'
import { accessFailure, accessSuccess, type AccessOutcome } from '../../../domain/access/access-failure.js'
import { resolveDoorSettings, type DoorSettings, type DoorSettingsInput } from '../../../domain/access/door-settings.js'
import { newId } from '../../../domain/new-id.js'
import { auditChange, rowExists, runAccessChange, type ChangeContext, type ListPage, type PageRequest } from './access-change.js'
import { SqlConditions, selectPage } from './sql-conditions.js'

export interface DoorView extends DoorSettings {
  readonly id: string
  readonly edgeId: string
  readonly createdAtMs: number
}

export interface DoorFilter {
  readonly edgeId?: string | undefined
  readonly buildingId?: string | undefined
  readonly kind?: DoorSettings['kind'] | undefined
  readonly lane?: NonNullable<DoorSettings['lane']> | undefined
}

interface DoorRow extends Omit<DoorView, 'isTemperatureRequired'> {
  readonly isTemperatureRequired: number
}

export const DOOR_COLUMNS = `d.id, d.edge_id AS edgeId, d.name, d.kind, d.building_id AS buildingId, d.lane, d.fail_mode AS failMode,
  d.anti_passback AS antiPassback, d.anti_passback_group_id AS antiPassbackGroupId, d.anti_passback_reset_ms AS antiPassbackResetMs,
  d.is_temperature_required AS isTemperatureRequired, d.temperature_enforcement AS temperatureEnforcement,
  d.max_policy_age_ms AS maxPolicyAgeMs, d.created_at_ms AS createdAtMs`

export function doorViewOf(row: DoorRow): DoorView {
  return { ...row, isTemperatureRequired: row.isTemperatureRequired === 1 }
}

/** Doors (and lanes) of the edges: created on an edge, changed, removed when no rule needs them. */
export class DoorRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  get(doorId: string): DoorView | null {
    const row = this.#connection.prepare(`SELECT ${DOOR_COLUMNS} FROM doors d WHERE d.id = ?`).get(doorId) as DoorRow | undefined
    return row === undefined ? null : doorViewOf(row)
  }

  list(filter: DoorFilter, page: PageRequest): ListPage<DoorView> {
    const conditions = new SqlConditions()
      .addWhenGiven('d.edge_id = ?', filter.edgeId)
      .addWhenGiven('d.building_id = ?', filter.buildingId)
      .addWhenGiven('d.kind = ?', filter.kind)
      .addWhenGiven('d.lane = ?', filter.lane)
    return selectPage(this.#connection, { columns: DOOR_COLUMNS, from: 'doors d', orderBy: 'd.edge_id, d.name, d.id' }, conditions, page, doorViewOf)
  }

  create(edgeId: string, input: DoorSettingsInput & { readonly id?: string | undefined }, context: ChangeContext): AccessOutcome<DoorView> {
    return runAccessChange(this.#connection, () => {
      if (!rowExists(this.#connection, 'edges', edgeId)) return accessFailure('NOT_FOUND', `edge ${edgeId} not found`)
      const settings = resolveDoorSettings(input, null)
      if (!settings.ok) return settings
      const reference = this.#checkBuilding(settings.value.buildingId)
      if (!reference.ok) return reference
      const id = input.id ?? newId('door')
      if (rowExists(this.#connection, 'doors', id)) return accessFailure('DOOR_EXISTS', `a door with id ${id} exists`)
      this.#write('INSERT', id, edgeId, settings.value, context.atMs)
      auditChange(this.#connection, context, 'door.created', { kind: 'door', id }, { edgeId, ...settings.value })
      return accessSuccess(this.get(id)!)
    })
  }

  update(doorId: string, input: DoorSettingsInput, context: ChangeContext): AccessOutcome<DoorView> {
    return runAccessChange(this.#connection, () => {
      const current = this.get(doorId)
      if (current === null) return accessFailure('NOT_FOUND', `door ${doorId} not found`)
      const settings = resolveDoorSettings(input, current)
      if (!settings.ok) return settings
      const reference = this.#checkBuilding(settings.value.buildingId)
      if (!reference.ok) return reference
      this.#write('UPDATE', doorId, current.edgeId, settings.value, current.createdAtMs)
      auditChange(this.#connection, context, 'door.changed', { kind: 'door', id: doorId }, { changes: input })
      return accessSuccess(this.get(doorId)!)
    })
  }

  /** Refused IN_USE while an access rule targets the door; its group memberships go with it. */
  delete(doorId: string, context: ChangeContext): AccessOutcome<{ id: string }> {
    return runAccessChange(this.#connection, () => {
      const door = this.get(doorId)
      if (door === null) return accessFailure('NOT_FOUND', `door ${doorId} not found`)
      const rules = this.#connection.prepare(`SELECT COUNT(*) AS n FROM access_rules WHERE target_kind = 'door' AND target_id = ?`).get(doorId) as { n: number }
      if (rules.n > 0) return accessFailure('IN_USE', `${rules.n} access rule(s) name door ${doorId}; remove them first`)
      this.#connection.prepare('DELETE FROM doors WHERE id = ?').run(doorId)
      auditChange(this.#connection, context, 'door.removed', { kind: 'door', id: doorId }, { edgeId: door.edgeId, name: door.name })
      return accessSuccess({ id: doorId })
    })
  }

  #checkBuilding(buildingId: string | null): AccessOutcome<null> {
    if (buildingId === null || rowExists(this.#connection, 'buildings', buildingId)) return accessSuccess(null)
    return accessFailure('UNKNOWN_REFERENCE', `building ${buildingId} not found`)
  }

  #write(mode: 'INSERT' | 'UPDATE', id: string, edgeId: string, settings: DoorSettings, createdAtMs: number): void {
    const values = {
      id,
      edgeId,
      createdAtMs,
      ...settings,
      isTemperatureRequired: settings.isTemperatureRequired ? 1 : 0,
    }
    const sql =
      mode === 'INSERT'
        ? `INSERT INTO doors (id, edge_id, name, kind, building_id, lane, fail_mode, anti_passback, anti_passback_group_id,
             anti_passback_reset_ms, is_temperature_required, temperature_enforcement, max_policy_age_ms, created_at_ms)
           VALUES (@id, @edgeId, @name, @kind, @buildingId, @lane, @failMode, @antiPassback, @antiPassbackGroupId,
             @antiPassbackResetMs, @isTemperatureRequired, @temperatureEnforcement, @maxPolicyAgeMs, @createdAtMs)`
        : `UPDATE doors SET name = @name, kind = @kind, building_id = @buildingId, lane = @lane, fail_mode = @failMode,
             anti_passback = @antiPassback, anti_passback_group_id = @antiPassbackGroupId, anti_passback_reset_ms = @antiPassbackResetMs,
             is_temperature_required = @isTemperatureRequired, temperature_enforcement = @temperatureEnforcement,
             max_policy_age_ms = @maxPolicyAgeMs WHERE id = @id AND edge_id = @edgeId AND created_at_ms = @createdAtMs`
    this.#connection.prepare(sql).run(values)
  }
}
