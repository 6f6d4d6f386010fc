/**
 * `decidePersonAccess`: may this person pass this door now, when nothing was presented at the
 * door — a resident opening it from the phone through the hub (docs/mqtt-contract.md, command
 * step 10: "the edge's own cached policy allows it"). Pure and total like `decideAccess`, and made
 * of the same rule functions, so a remote open can never get further than the person's own card
 * would (ARCHITECTURE.md §3 "Phone opens a door").
 *
 * The rules, in decideAccess's order, first denial wins:
 *
 *   UNKNOWN_CREDENTIAL   the person is not in this edge's policy.
 *   DOOR_NOT_PERMITTED   the door is not in this edge's policy.
 *   DOOR_LOCKED_BY_COMMAND  staff locked the door with the LOCK command.
 *   POLICY_STALE         as decideAccess (policy-fresh-check.ts).
 *   BUILDING_LOCKDOWN    the door's building is sealed (exempt staff pass).
 *   QUARANTINED          going out under home observation (a medical exception grants
 *                        MEDICAL_EXCEPTION).
 *   VISITOR_SCOPE        the person is a visitor: a visitor's scope and time window live in the
 *                        visitor pass, which a remote open does not present, so none is assumed.
 *   DOOR_NOT_PERMITTED, CLOCK_UNTRUSTED, OUTSIDE_SCHEDULE   an access row whose schedule is open.
 *   TEMPERATURE_REQUIRED entering a door that screens temperature: nobody was measured, and
 *                        story 1 says everyone entering is (staff can still open by hand).
 *
 * Left out, because they are about a presented credential or a passage the edge can observe:
 * REPLAYED (the hub command's nonce is checked by the receiver), REVOKED, PASS_HOLDER_MISMATCH,
 * the credential's own validity window, and ANTI_PASSBACK — the resident may be opening for
 * someone else, and no passage of theirs is recorded for it.
 */
import { MAX_EPOCH_MS } from '../../../protocol/policy/policy-field-schemas.js'
import { denial, type Denial, type Findings, type PersonDoorSubject } from './access-check.js'
import { NO_DETAILS, deny, grant, personSummary, type AccessOutcome } from './access-outcome.js'
import type { DecisionContext, Direction } from './access-request.js'
import { checkBuildingLockdown } from './building-lockdown-check.js'
import { checkDoorLockedByCommand } from './door-locked-check.js'
import { checkScheduledAccess } from './door-permission-check.js'
import { checkHomeObservation } from './home-observation-check.js'
import { checkPolicyFresh } from './policy-fresh-check.js'
import type { PolicyView } from './policy-view.js'
import { checkTemperature } from './temperature-check.js'
import { NO_TEMPERATURE } from './temperature-result.js'

export interface PersonAccessRequest {
  readonly personId: string
  readonly doorId: string
  readonly direction: Direction
  /** When the opening was asked for, by the edge clock. */
  readonly atMs: number
}

type PersonCheck = (subject: PersonDoorSubject, findings: Findings) => Denial | null

const PERSON_DOOR_CHECKS: readonly PersonCheck[] = [
  checkDoorLockedByCommand,
  checkPolicyFresh,
  checkBuildingLockdown,
  checkHomeObservation,
  checkNotVisitor,
  checkScheduledAccess,
  checkTemperature,
]

export function decidePersonAccess(request: PersonAccessRequest, policy: PolicyView, context: DecisionContext): AccessOutcome {
  const person = policy.person(request.personId)
  if (person === null) return deny('UNKNOWN_CREDENTIAL', NO_DETAILS)
  const findings: Findings = { flags: [], grantReason: 'GRANTED', grantEvidence: null }
  const details = (evidence: Denial['evidence']) => ({ person: personSummary(person), credentialId: null, flags: findings.flags, evidence })
  const door = policy.door(request.doorId)
  if (door === null) return deny('DOOR_NOT_PERMITTED', details(null))
  const subject: PersonDoorSubject = {
    request: { doorId: door.id, direction: request.direction, atMs: request.atMs, temperature: NO_TEMPERATURE },
    policy,
    context,
    isClockTrusted: context.isClockTrusted && Math.abs(request.atMs) <= MAX_EPOCH_MS,
    person,
    door,
    accessRows: policy.accessFor(person.id, door.id),
  }
  for (const check of PERSON_DOOR_CHECKS) {
    const found = check(subject, findings)
    if (found !== null) return deny(found.reason, details(found.evidence))
  }
  return grant(findings.grantReason, details(findings.grantEvidence))
}

function checkNotVisitor({ person, door }: PersonDoorSubject): Denial | null {
  return person.role === 'visitor' ? denial('VISITOR_SCOPE', 'door', door.id) : null
}
