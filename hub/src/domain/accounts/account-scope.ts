import type { HubRole } from '../caller.js'

/** The records an account's role is bound to; each role needs exactly its own. */
export interface AccountScope {
  readonly gridId: string | null
  readonly checkpointEdgeId: string | null
  readonly landlordId: string | null
  /** Any role may also be a resident (staff living in the community). */
  readonly personId: string | null
}

const REQUIRED_FIELD: Readonly<Record<HubRole, keyof AccountScope | null>> = {
  admin: null,
  'grid-manager': 'gridId',
  'gate-staff': 'checkpointEdgeId',
  landlord: 'landlordId',
  resident: 'personId',
}

const ROLE_BOUND_FIELDS: readonly (keyof AccountScope)[] = ['gridId', 'checkpointEdgeId', 'landlordId']

/**
 * What is wrong with `scope` for `role`, as sentences (empty when consistent): a grid manager
 * needs a grid, gate staff a checkpoint, a landlord a landlord record, a resident a person; a
 * grid, checkpoint or landlord set for a role that does not use it is refused rather than
 * silently kept (it would widen the account's reach if its role changed later).
 */
export function accountScopeViolations(role: HubRole, scope: AccountScope): string[] {
  const violations: string[] = []
  const required = REQUIRED_FIELD[role]
  if (required !== null && scope[required] === null) violations.push(`role ${role} needs ${required}`)
  for (const field of ROLE_BOUND_FIELDS) {
    if (field !== required && scope[field] !== null) violations.push(`role ${role} must not have ${field}`)
  }
  return violations
}
