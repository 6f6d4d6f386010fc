import type { PolicyChange } from '../../../../protocol/mqtt/messages/policy-announcement.js'
import { POLICY_ENTITY_NAMES, type PolicyEntityName } from '../../../../protocol/policy/policy-entities.js'
import type { PolicyEntities } from '../../../../protocol/policy/policy-snapshot.js'
import { policyRowOrder } from '../policy-compiler/policy-row-order.js'

export interface PolicyEntitiesComparison {
  /** `next` with every unchanged row replaced by the previous row object (shared, already serialised). */
  readonly entities: PolicyEntities
  readonly isSame: boolean
  /** Rows put (new or changed) and deleted. */
  readonly changeCount: number
  /**
   * The changes from `previous` to `next`, deletes first (a card issued again frees its lookup
   * key before the new row takes it), then puts, each in entity and id order; null when there
   * are more than `maxChanges`.
   */
  readonly changes: PolicyChange[] | null
  /** Rows of `next` that are new or changed: what the caller still has to check. */
  readonly newRows: readonly { readonly entity: PolicyEntityName; readonly row: object }[]
}

type Row = { readonly id: string } & Record<string, unknown>

/**
 * Compares two compiled policies of one edge, both in policy order (policy-row-order.ts, as
 * `compileEdgePolicy` returns them), in one merge pass per entity.
 */
export function comparePolicyEntities(previous: PolicyEntities | null, next: PolicyEntities, maxChanges: number): PolicyEntitiesComparison {
  const deletes: PolicyChange[] = []
  const puts: PolicyChange[] = []
  const newRows: { entity: PolicyEntityName; row: object }[] = []
  let changeCount = 0
  const merged: Partial<Record<PolicyEntityName, readonly Row[]>> = {}
  for (const entity of POLICY_ENTITY_NAMES) {
    const before = (previous?.[entity] ?? []) as readonly Row[]
    const after = next[entity] as readonly Row[]
    const order = policyRowOrder(entity)
    const result: Row[] = new Array<Row>(after.length)
    let i = 0
    let j = 0
    const put = (row: Row) => {
      changeCount++
      newRows.push({ entity, row })
      if (changeCount <= maxChanges) puts.push({ op: 'put', entity, key: row.id, row: asChangeRow(row) })
    }
    while (j < after.length) {
      const old = before[i]
      const row = after[j]!
      const place = old === undefined ? 1 : order(old, row)
      if (place < 0) {
        changeCount++
        if (changeCount <= maxChanges) deletes.push({ op: 'delete', entity, key: old!.id })
        i++
      } else if (place === 0 && old !== undefined) {
        const isEqual = old === row || areRowsEqual(old, row)
        if (!isEqual) put(row)
        result[j] = isEqual ? old : row
        i++
        j++
      } else {
        put(row)
        result[j] = row
        j++
      }
    }
    for (; i < before.length; i++) {
      changeCount++
      if (changeCount <= maxChanges) deletes.push({ op: 'delete', entity, key: before[i]!.id })
    }
    merged[entity] = result
  }
  return {
    entities: merged as unknown as PolicyEntities,
    isSame: changeCount === 0,
    changeCount,
    changes: changeCount <= maxChanges ? [...deletes, ...puts] : null,
    newRows,
  }
}

type ChangeRow = Extract<PolicyChange, { op: 'put' }>['row']

/**
 * Policy rows are flat (scalars and lists of strings or numbers), which is what a change's `row`
 * allows; the row schemas (protocol/policy/*) guarantee it, so this only restates the type.
 */
function asChangeRow(row: Row): ChangeRow {
  return row as ChangeRow
}

/** Flat rows: scalars, and lists of scalars (schedule windows and holidays). */
function areRowsEqual(a: Row, b: Row): boolean {
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  for (const key of keys) {
    const x = a[key]
    const y = b[key]
    if (x === y) continue
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false
    for (let index = 0; index < x.length; index++) if (x[index] !== y[index]) return false
  }
  return true
}
