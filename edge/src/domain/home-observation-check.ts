import type { ObservationSubjectKind, PolicyObservation } from '../../../protocol/policy/policy-observation.js'
import { denial, isInForce, type Denial, type Findings, type PersonSubject } from './access-check.js'

/**
 * Home observation (ARCHITECTURE.md story 3): a person observed on their own, through their
 * household or through their building may come in but not go out. An in-force medical exception
 * lets them out: the grant then carries MEDICAL_EXCEPTION and the exception's id. With an
 * untrusted clock an exception cannot be checked, so going out is refused with CLOCK_UNTRUSTED
 * (and without any exception, with QUARANTINED: every observation row present counts).
 */
export function checkHomeObservation(subject: PersonSubject, findings: Findings): Denial | null {
  if (subject.request.direction !== 'out') return null
  const order = observationInForce(subject)
  if (order === null) return null
  const exceptions = subject.policy.medicalExceptionsOf(subject.person.id)
  if (!subject.isClockTrusted) {
    return exceptions.length > 0
      ? denial('CLOCK_UNTRUSTED', 'medical-exception', exceptions[0]!.id)
      : denial('QUARANTINED', 'observation', order.id)
  }
  const exception = exceptions.find((row) => isInForce(row, subject.request.atMs, true))
  if (exception === undefined) return denial('QUARANTINED', 'observation', order.id)
  findings.grantReason = 'MEDICAL_EXCEPTION'
  findings.grantEvidence = { entity: 'medical-exception', key: exception.id }
  return null
}

function observationInForce(subject: PersonSubject): PolicyObservation | null {
  const { person, policy, request, isClockTrusted } = subject
  const subjects: [ObservationSubjectKind, string | null][] = [
    ['person', person.id],
    ['household', person.householdId],
    ['building', person.buildingId],
  ]
  for (const [kind, id] of subjects) {
    if (id === null) continue
    const order = policy.observationsOf(kind, id).find((row) => isInForce(row, request.atMs, isClockTrusted))
    if (order !== undefined) return order
  }
  return null
}
