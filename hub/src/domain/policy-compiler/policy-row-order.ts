import type { PolicyEntityName } from '../../../../protocol/policy/policy-entities.js'

type Row = { readonly id: string } & Record<string, unknown>
export type PolicyRowComparator = (a: Row, b: Row) => number

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

const byId: PolicyRowComparator = (a, b) => byString(a.id, b.id)

/**
 * Access rows by what they say: person, door, schedule (none first), exemption. Their id is a
 * hash of exactly those fields, so this is a total order, and the compiler produces it grouped
 * by person without sorting a million random ids.
 */
const byAccessFields: PolicyRowComparator = (a, b) =>
  byString(a.personId as string, b.personId as string) ||
  byString(a.doorId as string, b.doorId as string) ||
  byString((a.scheduleId as string | null) ?? '', (b.scheduleId as string | null) ?? '') ||
  Number(a.isLockdownExempt) - Number(b.isLockdownExempt)

/**
 * The order rows of each entity have in a compiled policy (and so in the snapshot body): by id,
 * except access rows (byAccessFields). Deterministic, so the same model gives the same bytes;
 * `comparePolicyEntities` walks two policies in this order.
 */
export function policyRowOrder(entity: PolicyEntityName): PolicyRowComparator {
  return entity === 'access' ? byAccessFields : byId
}
