/**
 * Whether a staff member's contact-thermometer reading, sent as CONFIRM_FEVER or CLEAR_FEVER from
 * the staff app, can act on a kiosk now, and whether it says what the staff member meant. Pure;
 * the kiosk flow then applies the reading (`applyStaffCheck`) as it does at the kiosk itself.
 */
import type { KioskState } from './kiosk-types.js'
import type { ScreeningSettings } from './screening-settings.js'
import { applyStaffCheck } from './temperature-screening.js'
import type { StaffMember } from './temperature-result.js'

export type StaffVerdict = 'confirmed' | 'cleared'

export type StaffReadingRefusal = 'NO_STAFF_CHECK_PENDING' | 'IMPLAUSIBLE_READING' | 'READING_CONTRADICTS_ACTION'

export type StaffReadingCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: StaffReadingRefusal; readonly detail: string }

/**
 * A staff check is pending while the kiosk waits on one — a soft lane's staff check — and while
 * a concluded suspicion can still be decided again: a temperature-first reading that was high or
 * implausible and waits for the credential, or a FEVER denial still on screen (kiosk-flow.ts).
 */
export function isAwaitingStaffCheck(state: KioskState): boolean {
  switch (state.phase) {
    case 'staff-check':
      return true
    case 'measured':
      return state.cycle.temperature.status === 'fever' || state.cycle.temperature.status === 'bad-reading'
    case 'feedback':
      return state.cycle !== null && state.cycle.credential !== null && state.outcome?.reason === 'FEVER'
    default:
      return false
  }
}

export function checkStaffReading(
  state: KioskState,
  celsius: number,
  verdict: StaffVerdict,
  staff: StaffMember,
  settings: ScreeningSettings,
): StaffReadingCheck {
  if (!isAwaitingStaffCheck(state)) {
    return { ok: false, code: 'NO_STAFF_CHECK_PENDING', detail: `the kiosk is ${state.phase}, not waiting for a staff check` }
  }
  const applied = applyStaffCheck(celsius, staff, null, settings)
  if (!applied.ok) return { ok: false, code: applied.code, detail: applied.message }
  if (applied.check.outcome !== verdict) {
    // No temperature in the detail: it travels back to the hub and into logs.
    const side = verdict === 'confirmed' ? 'below' : 'at or above'
    return { ok: false, code: 'READING_CONTRADICTS_ACTION', detail: `the reading is ${side} the fever threshold` }
  }
  return { ok: true }
}
