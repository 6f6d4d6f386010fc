import { denial, type Denial, type PersonDoorSubject } from './access-check.js'

/**
 * FEVER and TEMPERATURE_REQUIRED. Only entering is screened: a fever is never a reason to keep
 * someone from leaving.
 */
export function checkTemperature({ door, request }: PersonDoorSubject): Denial | null {
  if (request.direction !== 'in') return null
  const { temperature } = request
  if (temperature.status === 'fever') return denial('FEVER', 'door', door.id)
  if (!door.isTemperatureRequired || temperature.status === 'normal') return null
  return denial('TEMPERATURE_REQUIRED', 'door', door.id)
}
