/**
 * `decideAccess`: who may pass this door now, decided from the cached policy alone. Total and
 * pure: time and the edge's condition come in as arguments, every outcome is a value with a
 * reason code from protocol/mqtt/messages/access-event.ts, and no request makes it throw (only a
 * PolicyView that itself throws, e.g. on a disk error, would).
 *
 * ORDER OF CHECKS. When several rules apply, the first in this list gives the reason:
 *
 *   1. REPLAYED            the QR code or nonce was seen before: nothing in it can be trusted.
 *   2. UNKNOWN_CREDENTIAL  no credential with this lookup key, or its person is missing.
 *   3. REVOKED             the credential is revoked.
 *   4. PASS_HOLDER_MISMATCH / REVOKED   holder, pass and phone disagree, or the phone key is
 *                          revoked (pass-binding-check.ts). A lent pass is reported as such even
 *                          when other rules would also refuse it: it is what staff must act on.
 *   5. DOOR_NOT_PERMITTED  the door is not in this edge's policy.
 *      DOOR_LOCKED_BY_COMMAND  staff locked the door with the hub's LOCK command (until RELEASE).
 *   6. POLICY_STALE        the hub is unreachable and the policy is older than the door allows:
 *                          from here on the cache is not trusted to say yes.
 *   7. CLOCK_UNTRUSTED, NOT_YET_VALID, EXPIRED   the credential's own validity window.
 *   8. BUILDING_LOCKDOWN   the door's building is sealed (both directions, exempt staff pass).
 *   9. QUARANTINED         going out under home observation; an in-force medical exception turns
 *                          the eventual grant into MEDICAL_EXCEPTION (CLOCK_UNTRUSTED when the
 *                          exception cannot be checked).
 *  10. VISITOR_SCOPE, DOOR_NOT_PERMITTED, CLOCK_UNTRUSTED, OUTSIDE_SCHEDULE   may this person
 *                          use this door now (door-permission-check.ts).
 *  11. ANTI_PASSBACK       "hard" denies; "soft" grants with the flag.
 *  12. FEVER, TEMPERATURE_REQUIRED   entering only, checked last.
 *
 * Rationale: first what makes the presentation itself worthless (1–4), then the edge's own fitness
 * to decide (5–6), then the credential's dates (7), then the states of building and person that
 * override every permission (8–9), then permissions (10–11), and temperature last. Temperature is
 * last so that the kiosk can ask first with no measurement: any reason but TEMPERATURE_REQUIRED
 * is final without measuring anyone, and TEMPERATURE_REQUIRED means "measure, then ask again".
 *
 * CLOCK_UNTRUSTED takes the place of the time check it prevents (7, 9 and 10): a resident with an
 * open-ended credential and an unscheduled access row still passes on a clock that cannot be
 * trusted, a visitor, a scheduled cleaner or a dated card does not.
 */
import type { PolicyCredential } from '../../../protocol/policy/policy-credential.js'
import { MAX_EPOCH_MS } from '../../../protocol/policy/policy-field-schemas.js'
import { checkAntiPassback } from './anti-passback-check.js'
import { denial, type CheckSubject, type Denial, type DoorSubject, type Findings } from './access-check.js'
import { NO_DETAILS, deny, grant, personSummary, type AccessOutcome } from './access-outcome.js'
import type { AccessRequest, DecisionContext } from './access-request.js'
import { checkBuildingLockdown } from './building-lockdown-check.js'
import { checkDoorLockedByCommand } from './door-locked-check.js'
import { checkDoorPermission } from './door-permission-check.js'
import { checkHomeObservation } from './home-observation-check.js'
import { checkPassBinding } from './pass-binding-check.js'
import { checkPolicyFresh } from './policy-fresh-check.js'
import type { PolicyView } from './policy-view.js'
import { checkTemperature } from './temperature-check.js'

type Check<S> = (subject: S, findings: Findings) => Denial | null

const CREDENTIAL_CHECKS: readonly Check<CheckSubject>[] = [checkRevoked, checkPassBinding]

const DOOR_CHECKS: readonly Check<DoorSubject>[] = [
  checkDoorLockedByCommand,
  checkPolicyFresh,
  checkValidityWindow,
  checkBuildingLockdown,
  checkHomeObservation,
  checkDoorPermission,
  checkAntiPassback,
  checkTemperature,
]

export function decideAccess(request: AccessRequest, policy: PolicyView, context: DecisionContext): AccessOutcome {
  if (request.isReplay) return deny('REPLAYED', NO_DETAILS)
  const credential = policy.credentialByLookupKey(request.credential.lookupKey)
  const person = credential === null ? null : policy.person(credential.personId)
  if (credential === null || person === null) {
    return deny('UNKNOWN_CREDENTIAL', { ...NO_DETAILS, credentialId: credential?.id ?? null })
  }
  const isClockTrusted = context.isClockTrusted && Math.abs(request.atMs) <= MAX_EPOCH_MS
  const subject: CheckSubject = { request, policy, context, isClockTrusted, credential, person }
  const findings: Findings = { flags: [], grantReason: 'GRANTED', grantEvidence: null }
  const details = (evidence: Denial['evidence']) => ({
    person: personSummary(person),
    credentialId: credential.id,
    flags: findings.flags,
    evidence,
  })
  const found = firstDenial(subject, findings)
  return found === null ? grant(findings.grantReason, details(findings.grantEvidence)) : deny(found.reason, details(found.evidence))
}

function firstDenial(subject: CheckSubject, findings: Findings): Denial | null {
  for (const check of CREDENTIAL_CHECKS) {
    const found = check(subject, findings)
    if (found !== null) return found
  }
  const door = subject.policy.door(subject.request.doorId)
  if (door === null) return denial('DOOR_NOT_PERMITTED')
  const accessRows = subject.policy.accessFor(subject.person.id, door.id)
  const doorSubject: DoorSubject = { ...subject, door, accessRows }
  for (const check of DOOR_CHECKS) {
    const found = check(doorSubject, findings)
    if (found !== null) return found
  }
  return null
}

function checkRevoked({ credential }: CheckSubject): Denial | null {
  return credential.status === 'revoked' ? denial('REVOKED', 'credential', credential.id) : null
}

function checkValidityWindow({ credential, request, isClockTrusted }: DoorSubject): Denial | null {
  if (!isTimeRestricted(credential)) return null
  if (!isClockTrusted) return denial('CLOCK_UNTRUSTED', 'credential', credential.id)
  if (credential.validFromMs !== null && request.atMs < credential.validFromMs) {
    return denial('NOT_YET_VALID', 'credential', credential.id)
  }
  if (credential.validUntilMs !== null && request.atMs >= credential.validUntilMs) {
    return denial('EXPIRED', 'credential', credential.id)
  }
  return null
}

function isTimeRestricted(credential: PolicyCredential): boolean {
  return credential.validFromMs !== null || credential.validUntilMs !== null
}
