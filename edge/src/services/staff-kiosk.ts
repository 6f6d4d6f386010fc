import type { StaffReadingRefusal, StaffVerdict } from '../domain/staff-reading-check.js'
import type { StaffMember } from '../domain/temperature-result.js'

/**
 * Why a staff act at a kiosk did not happen. NOT_ALLOWED: the lane is not opened by hand, or the
 * reason is not printable text. JOURNAL_FAILED: the attempt could not be journalled, so the door
 * stayed shut. STOPPED: the kiosk is not running.
 */
export type StaffActRefusal = StaffReadingRefusal | 'NOT_ALLOWED' | 'JOURNAL_FAILED' | 'STOPPED'

export type StaffActOutcome = { readonly ok: true } | { readonly ok: false; readonly code: StaffActRefusal; readonly detail: string }

/**
 * A lane's kiosk as staff reach it from the staff app through hub commands: open by hand with a
 * reason (the assisted lane), or decide a suspected fever with a contact-thermometer reading.
 * Both are taken in turn with the kiosk's other events and answer with a value.
 */
export interface StaffKiosk {
  readonly isManualOpenAllowed: boolean
  openByHand(staff: StaffMember, reason: string): Promise<StaffActOutcome>
  checkByStaff(staff: StaffMember, celsius: number, verdict: StaffVerdict): Promise<StaffActOutcome>
}
