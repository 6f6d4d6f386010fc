import { isScheduleOpen } from '../../../protocol/policy/schedule-evaluation.js'
import { denial, type Denial, type DoorSubject, type PersonDoorSubject } from './access-check.js'

/**
 * Whether this person may use this door now.
 *
 * Visitors (a `visitor` credential, or a person whose role is visitor) need no access rows: a
 * visitor opens every gate and the doors of the host's building, and nothing else (VISITOR_SCOPE;
 * ARCHITECTURE.md story 5). Their time window is the credential's validity, checked earlier.
 *
 * Everyone else needs an access row for the door (DOOR_NOT_PERMITTED); a row without a schedule
 * applies at any time, else one row's schedule must be open (OUTSIDE_SCHEDULE), which needs a
 * trusted clock (CLOCK_UNTRUSTED: a resident with an unrestricted row still passes).
 */
export function checkDoorPermission(subject: DoorSubject): Denial | null {
  const { credential, person, door } = subject
  if (credential.kind === 'visitor' || person.role === 'visitor') {
    const isInScope = door.kind === 'gate' || (door.buildingId !== null && door.buildingId === credential.hostBuildingId)
    return isInScope ? null : denial('VISITOR_SCOPE', 'door', door.id)
  }
  return checkScheduledAccess(subject)
}

/**
 * The non-visitor half of `checkDoorPermission`: an access row for the door whose schedule is open
 * now. It needs no credential, so `decidePersonAccess` applies it to a person on their own.
 */
export function checkScheduledAccess(subject: PersonDoorSubject): Denial | null {
  const { accessRows, door, policy, request, isClockTrusted } = subject
  if (accessRows.length === 0) return denial('DOOR_NOT_PERMITTED', 'door', door.id)
  if (accessRows.some((row) => row.scheduleId === null)) return null
  if (!isClockTrusted) return denial('CLOCK_UNTRUSTED', 'access', accessRows[0]!.id)
  const utcOffsetMinutes = policy.site()?.utcOffsetMinutes ?? 0
  const isOpen = accessRows.some((row) => {
    const schedule = row.scheduleId === null ? null : policy.schedule(row.scheduleId)
    return schedule !== null && isScheduleOpen(schedule, request.atMs, utcOffsetMinutes)
  })
  return isOpen ? null : denial('OUTSIDE_SCHEDULE', 'schedule', accessRows[0]!.scheduleId)
}
