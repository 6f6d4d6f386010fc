import { TypeCompiler } from '@sinclair/typebox/compiler'
import { timestampMs } from '../mqtt/timestamp-ms.js'
import { POLICY_ENTITY_NAMES, type PolicyEntityName } from './policy-entities.js'
import type { PolicyRowViolation, PolicyRowViolationCode } from './policy-row-violation.js'
import { PolicySnapshotEnvelope, type PolicySnapshot } from './policy-snapshot.js'
import { validatePolicyRow } from './validate-policy-row.js'

export type PolicySnapshotViolationCode =
  | PolicyRowViolationCode
  | 'NOT_JSON'
  | 'TOO_LARGE'
  | 'INVALID_ENVELOPE'
  | 'DUPLICATE_KEY'
  | 'DUPLICATE_LOOKUP_KEY'

export interface PolicySnapshotViolation {
  /** JSON pointer into the snapshot, e.g. "/entities/credential/17/validUntilMs". */
  readonly path: string
  readonly code: PolicySnapshotViolationCode
  readonly message: string
}

export type PolicySnapshotResult =
  | { readonly ok: true; readonly snapshot: PolicySnapshot }
  | { readonly ok: false; readonly violations: readonly PolicySnapshotViolation[] }

/** A bad snapshot may be wrong in every row; listing the first hundred is enough to fix it. */
export const MAX_SNAPSHOT_VIOLATIONS = 100

const ENVELOPE = TypeCompiler.Compile(PolicySnapshotEnvelope)

/**
 * Checks a parsed snapshot: header and entity arrays against the schema, every row against its
 * entity (policy-row-rules.ts too), unique row ids per entity and unique credential lookup keys.
 * The signature is checked separately (policy-snapshot-signature.ts).
 */
export function validatePolicySnapshot(value: unknown): PolicySnapshotResult {
  if (!ENVELOPE.Check(value)) {
    const violations = [...limited(ENVELOPE.Errors(value), MAX_SNAPSHOT_VIOLATIONS)].map(
      (error): PolicySnapshotViolation => ({ path: error.path, code: 'INVALID_ENVELOPE', message: error.message }),
    )
    return { ok: false, violations }
  }
  const violations: PolicySnapshotViolation[] = []
  if (timestampMs(value.issuedAt) === null) {
    violations.push({ path: '/issuedAt', code: 'INVALID_ENVELOPE', message: 'issuedAt is not a calendar instant' })
  }
  for (const entity of POLICY_ENTITY_NAMES) {
    rowViolations(entity, value.entities[entity] as readonly unknown[], violations)
    if (violations.length >= MAX_SNAPSHOT_VIOLATIONS) break
  }
  if (violations.length > 0) return { ok: false, violations: violations.slice(0, MAX_SNAPSHOT_VIOLATIONS) }
  return { ok: true, snapshot: value as unknown as PolicySnapshot }
}

function rowViolations(entity: PolicyEntityName, rows: readonly unknown[], out: PolicySnapshotViolation[]): void {
  const ids = new Set<string>()
  const lookupKeys = new Set<string>()
  for (let index = 0; index < rows.length && out.length < MAX_SNAPSHOT_VIOLATIONS; index++) {
    const base = `/entities/${entity}/${index}`
    const result = validatePolicyRow(entity, rows[index])
    if (!result.ok) {
      out.push(...result.violations.map((v: PolicyRowViolation) => ({ ...v, path: base + v.path })))
      continue
    }
    if (ids.has(result.row.id)) out.push({ path: `${base}/id`, code: 'DUPLICATE_KEY', message: `id ${result.row.id} appears twice` })
    ids.add(result.row.id)
    if ('lookupKey' in result.row) {
      const key = result.row.lookupKey
      if (lookupKeys.has(key)) out.push({ path: `${base}/lookupKey`, code: 'DUPLICATE_LOOKUP_KEY', message: 'two credentials share a lookup key' })
      lookupKeys.add(key)
    }
  }
}

function* limited<T>(items: Iterable<T>, max: number): Iterable<T> {
  let count = 0
  for (const item of items) {
    if (count++ >= max) return
    yield item
  }
}
