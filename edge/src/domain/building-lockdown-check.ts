import { denial, isInForce, type Denial, type PersonDoorSubject } from './access-check.js'

/**
 * A sealed building (ARCHITECTURE.md story 3): its doors refuse both directions. The one way
 * through is a staff member whose access row for this door is marked `isLockdownExempt` (doctors,
 * volunteers delivering food); that row must still apply (schedule) in the permission check.
 * Gates have no building and are not sealed by a building's lockdown.
 */
export function checkBuildingLockdown(subject: PersonDoorSubject): Denial | null {
  const { door, person, policy, request, accessRows, isClockTrusted } = subject
  if (door.buildingId === null) return null
  const lockdown = policy.lockdownsOf(door.buildingId).find((row) => isInForce(row, request.atMs, isClockTrusted))
  if (lockdown === undefined) return null
  const isExempt = person.role === 'staff' && accessRows.some((row) => row.isLockdownExempt)
  return isExempt ? null : denial('BUILDING_LOCKDOWN', 'lockdown', lockdown.id)
}
