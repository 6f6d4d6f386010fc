/**
 * A kiosk holding a suspected fever for a gate staff member's contact-thermometer reading
 * (soft temperature enforcement, docs/mqtt-contract.md "Staff acts"): its FEVER_SUSPECTED alarm
 * reached the hub and nothing has settled it yet.
 */
export interface PendingStaffCheck {
  /** The FEVER_SUSPECTED alarm's id. */
  readonly alarmId: string
  readonly edgeId: string
  readonly doorId: string
  /** The door's name as the hub knows it; null for a door it does not know. */
  readonly doorName: string | null
  /** When the kiosk raised it (edge clock). */
  readonly raisedAtMs: number
  /** The kiosk's own reading as the alarm states it, e.g. "38.4 °C"; null when it gave none. */
  readonly kioskReading: string | null
}

export interface StaffCheckQueries {
  /**
   * Suspected fevers raised at or after `sinceMs` (at `edgeId`, or every edge when null) that
   * nothing has settled: no later decision at that door, no later staff-check timeout or new
   * suspicion there, and no confirm or clear the gate carried out since. Newest first.
   */
  pending(edgeId: string | null, sinceMs: number, limit: number): PendingStaffCheck[]
}
