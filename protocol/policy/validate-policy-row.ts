import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler'
import type { TSchema } from '@sinclair/typebox'
import type { PolicyChange } from '../mqtt/messages/policy-announcement.js'
import {
  POLICY_ENTITY_SCHEMAS,
  isPolicyEntityName,
  type PolicyEntityName,
  type PolicyRowOf,
} from './policy-entities.js'
import { policyRowRuleViolations } from './policy-row-rules.js'
import { MAX_VIOLATIONS_PER_ROW, type PolicyRowViolation } from './policy-row-violation.js'

export type PolicyRowResult<E extends PolicyEntityName = PolicyEntityName> =
  | { readonly ok: true; readonly entity: E; readonly row: PolicyRowOf<E> }
  | { readonly ok: false; readonly violations: readonly PolicyRowViolation[] }

export type ValidPolicyChange =
  | { readonly op: 'put'; readonly entity: PolicyEntityName; readonly key: string; readonly row: PolicyRowOf<PolicyEntityName> }
  | { readonly op: 'delete'; readonly entity: PolicyEntityName; readonly key: string }

export type PolicyChangeResult =
  | { readonly ok: true; readonly change: ValidPolicyChange }
  | { readonly ok: false; readonly violations: readonly PolicyRowViolation[] }

/** Compiled once: snapshot apply validates hundreds of thousands of rows. */
const CHECKS = Object.fromEntries(
  Object.entries(POLICY_ENTITY_SCHEMAS).map(([name, schema]) => [name, TypeCompiler.Compile(schema as TSchema)]),
) as Record<PolicyEntityName, TypeCheck<TSchema>>

/** Checks a row against its entity's schema and cross-column rules, listing every violation. */
export function validatePolicyRow<E extends PolicyEntityName>(entity: E, row: unknown): PolicyRowResult<E>
export function validatePolicyRow(entity: string, row: unknown): PolicyRowResult
export function validatePolicyRow(entity: string, row: unknown): PolicyRowResult {
  if (!isPolicyEntityName(entity)) {
    return { ok: false, violations: [{ path: '', code: 'UNKNOWN_ENTITY', message: `no policy entity "${entity.slice(0, 32)}"` }] }
  }
  const check = CHECKS[entity]
  if (!check.Check(row)) {
    const violations: PolicyRowViolation[] = []
    for (const error of check.Errors(row)) {
      violations.push({ path: error.path, code: 'INVALID_FIELD', message: error.message })
      if (violations.length >= MAX_VIOLATIONS_PER_ROW) break
    }
    return { ok: false, violations }
  }
  const typed = row as PolicyRowOf<typeof entity>
  const violations = policyRowRuleViolations(entity, typed).slice(0, MAX_VIOLATIONS_PER_ROW)
  return violations.length === 0 ? { ok: true, entity, row: typed } : { ok: false, violations }
}

/**
 * A change from a `PolicyDelta` (already valid against the announcement schema): the entity must
 * be known, a put's row valid, and the row's `id` equal to the change's key.
 */
export function validatePolicyChange(change: PolicyChange): PolicyChangeResult {
  if (!isPolicyEntityName(change.entity)) {
    return { ok: false, violations: [{ path: '/entity', code: 'UNKNOWN_ENTITY', message: `no policy entity "${change.entity}"` }] }
  }
  if (change.op === 'delete') return { ok: true, change: { op: 'delete', entity: change.entity, key: change.key } }
  const result = validatePolicyRow(change.entity, change.row)
  if (!result.ok) return result
  if (result.row.id !== change.key) {
    return { ok: false, violations: [{ path: '/row/id', code: 'KEY_MISMATCH', message: 'the row id differs from the key' }] }
  }
  return { ok: true, change: { op: 'put', entity: change.entity, key: change.key, row: result.row } }
}
