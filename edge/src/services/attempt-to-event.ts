import { randomUUID } from 'node:crypto'
import type { AccessEvent } from '../../../protocol/mqtt/messages/access-event.js'
import type { KioskAttempt } from '../domain/kiosk-types.js'
import { maskCredentialKey } from '../domain/masking.js'

/**
 * The journal's form of a kiosk attempt: an AccessEvent without its sequence. Credential numbers
 * are masked here, once; a temperature that was never a plausible body reading is left out.
 */
export function attemptToEvent(attempt: KioskAttempt, edgeId: string, policyVersion: number): Omit<AccessEvent, 'seq'> {
  const { outcome, temperature } = attempt
  const staff = attempt.actor ?? attempt.staffCheck?.staff ?? null
  const credential = attempt.credential
    ? { kind: attempt.credential.presentedAs, maskedReference: maskCredentialKey(attempt.credential.lookupKey) }
    : { kind: 'manual' as const, maskedReference: '****' }
  const event: Omit<AccessEvent, 'seq'> = {
    v: 1,
    id: randomUUID(),
    edgeId,
    occurredAt: new Date(attempt.occurredAtMs).toISOString(),
    doorId: attempt.doorId,
    direction: attempt.direction,
    lane: attempt.lane,
    credential,
    decision: outcome.granted ? { granted: true, reason: outcome.reason } : { granted: false, reason: outcome.reason },
    policyVersion,
    ...(outcome.person && { personId: outcome.person.id }),
    // Staff acts are logged with the staff member: an opening by hand, or a contact-thermometer check.
    ...(staff && { actor: { kind: 'staff' as const, id: staff.id, name: staff.name } }),
  } as Omit<AccessEvent, 'seq'>
  const measured = temperature.status === 'normal' || temperature.status === 'fever' ? temperature : null
  const note = [attempt.note, attempt.staffCheck ? `staff check ${attempt.staffCheck.celsius.toFixed(1)} °C ${attempt.staffCheck.outcome}` : null]
    .filter((part): part is string => part !== null && part.length > 0)
    .join('; ')
    .slice(0, 160)
  return {
    ...event,
    ...(measured !== null &&
      measured.celsius >= 20 &&
      measured.celsius <= 50 && {
        temperature: {
          celsius: Math.round(measured.celsius * 10) / 10,
          isFever: measured.status === 'fever',
          remeasured: measured.isRemeasured,
        },
      }),
    ...(note.length > 0 && { note }),
  }
}
