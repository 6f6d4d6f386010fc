import { denial, type Denial, type PersonDoorSubject } from './access-check.js'

/**
 * POLICY_STALE: with the hub unreachable, a door that sets `maxPolicyAgeMs` stops trusting the
 * cache to say yes once the policy is older than that. While connected the policy is current.
 */
export function checkPolicyFresh({ door, context }: PersonDoorSubject): Denial | null {
  if (door.maxPolicyAgeMs === null || context.isHubConnected) return null
  return context.policyAgeMs <= door.maxPolicyAgeMs ? null : denial('POLICY_STALE', 'door', door.id)
}
