import { denial, type Denial, type PersonDoorSubject } from './access-check.js'

/**
 * DOOR_LOCKED_BY_COMMAND: staff locked this door from the hub (command LOCK) until RELEASE. Every
 * credential is refused here, whoever presents it; staff who must get through open by hand.
 */
export function checkDoorLockedByCommand({ door, context }: PersonDoorSubject): Denial | null {
  return context.doorsLockedByCommand?.has(door.id) === true ? denial('DOOR_LOCKED_BY_COMMAND', 'door', door.id) : null
}
