import type { DenyReason, GrantReason } from '../../../protocol/mqtt/messages/access-event.js'
import type { PolicyEntityName } from '../../../protocol/policy/policy-entities.js'
import type { PersonRole, PolicyPerson } from '../../../protocol/policy/policy-person.js'

/** What the kiosk screen shows about the person, for the staff's visual check. */
export interface PersonSummary {
  readonly id: string
  readonly displayName: string
  readonly role: PersonRole
  readonly photoId: string | null
}

/** The policy row that decided the outcome, for the journal and the logs. */
export interface PolicyEvidence {
  readonly entity: PolicyEntityName
  readonly key: string
}

interface OutcomeDetails {
  readonly person: PersonSummary | null
  readonly credentialId: string | null
  /** Rules broken under soft enforcement: granted anyway, but flagged (e.g. ANTI_PASSBACK). */
  readonly flags: readonly DenyReason[]
  readonly evidence: PolicyEvidence | null
}

export type AccessGranted = OutcomeDetails & { readonly granted: true; readonly reason: GrantReason }
export type AccessDenied = OutcomeDetails & { readonly granted: false; readonly reason: DenyReason }
export type AccessOutcome = AccessGranted | AccessDenied

export const NO_DETAILS: OutcomeDetails = { person: null, credentialId: null, flags: [], evidence: null }

export function grant(reason: GrantReason, details: OutcomeDetails): AccessGranted {
  return { granted: true, reason, ...details }
}

export function deny(reason: DenyReason, details: OutcomeDetails): AccessDenied {
  return { granted: false, reason, ...details }
}

export function personSummary(person: PolicyPerson): PersonSummary {
  return { id: person.id, displayName: person.displayName, role: person.role, photoId: person.photoId }
}
