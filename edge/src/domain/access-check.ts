/** The shapes the individual rules of decide-access.ts share. */
import type { DenyReason, GrantReason } from '../../../protocol/mqtt/messages/access-event.js'
import type { PolicyAccess } from '../../../protocol/policy/policy-access.js'
import type { PolicyCredential } from '../../../protocol/policy/policy-credential.js'
import type { PolicyDoor } from '../../../protocol/policy/policy-door.js'
import type { PolicyEntityName } from '../../../protocol/policy/policy-entities.js'
import type { PolicyPerson } from '../../../protocol/policy/policy-person.js'
import type { AccessRequest, DecisionContext } from './access-request.js'
import type { PolicyEvidence } from './access-outcome.js'
import type { PolicyView } from './policy-view.js'

/** What the person-level rules read of a request: which door, which way, when, how warm. */
export type Passage = Pick<AccessRequest, 'doorId' | 'direction' | 'atMs' | 'temperature'>

/**
 * A person found in the policy, whatever identified them: the subject of the rules about people
 * (home observation, lockdown, permissions), shared by `decideAccess` and `decidePersonAccess`.
 */
export interface PersonSubject {
  readonly request: Passage
  readonly policy: PolicyView
  readonly context: DecisionContext
  /** The context says so and the request's time is an instant a Date can hold. */
  readonly isClockTrusted: boolean
  readonly person: PolicyPerson
}

/** ... at a door that was found, with the person's access rows for it. */
export interface PersonDoorSubject extends PersonSubject {
  readonly door: PolicyDoor
  readonly accessRows: readonly PolicyAccess[]
}

/** A request whose credential and person were found. */
export interface CheckSubject extends PersonSubject {
  readonly request: AccessRequest
  readonly credential: PolicyCredential
}

/** ... and whose door was found, with the person's access rows for it. */
export interface DoorSubject extends CheckSubject, PersonDoorSubject {
  readonly request: AccessRequest
}

export interface Denial {
  readonly reason: DenyReason
  readonly evidence: PolicyEvidence | null
}

/** What the rules that do not deny leave behind for the grant. */
export interface Findings {
  readonly flags: DenyReason[]
  grantReason: GrantReason
  grantEvidence: PolicyEvidence | null
}

export function denial(reason: DenyReason, entity?: PolicyEntityName, key?: string | null): Denial {
  return { reason, evidence: entity === undefined || key == null ? null : { entity, key } }
}

/**
 * Whether a time-boxed row (observation, lockdown, medical exception) is in force. With an
 * untrusted clock every row present counts: the hub deletes rows that have ended, and a Pi that
 * booted with last week's time must not let an observed resident out.
 */
export function isInForce(row: { readonly startsAtMs: number; readonly endsAtMs: number }, atMs: number, isClockTrusted: boolean): boolean {
  return !isClockTrusted || (atMs >= row.startsAtMs && atMs < row.endsAtMs)
}
