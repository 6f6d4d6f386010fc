/**
 * The port `decideAccess` reads the cached policy through. Synchronous, because a decision is one
 * pass of pure code: the SQLite store implements it with prepared statements, the tests with an
 * in-memory fake (test/fakes/in-memory-policy-view.ts).
 *
 * Every method is a point lookup or a small indexed range, so a cache of 250,000 credentials
 * answers as fast as a few: index credential.lookupKey (unique), access (personId, doorId),
 * observation (subjectKind, subjectId), lockdown (buildingId), medical-exception (personId).
 * The ranges return every row for the subject whatever its time window: `decideAccess` decides
 * which rows are in force at the request's time, because with an untrusted clock it must treat
 * every row present as in force (see decide-access.ts).
 *
 * A view shows one applied policy version: a store swaps versions atomically between decisions,
 * never in the middle of one.
 */
import type { ObservationSubjectKind, PolicyObservation } from '../../../protocol/policy/policy-observation.js'
import type { PolicyAccess } from '../../../protocol/policy/policy-access.js'
import type { PolicyCredential } from '../../../protocol/policy/policy-credential.js'
import type { PolicyDoor } from '../../../protocol/policy/policy-door.js'
import type { PolicyLockdown } from '../../../protocol/policy/policy-lockdown.js'
import type { PolicyMedicalException } from '../../../protocol/policy/policy-medical-exception.js'
import type { PolicyPerson } from '../../../protocol/policy/policy-person.js'
import type { PolicyPhoneKey } from '../../../protocol/policy/policy-phone-key.js'
import type { PolicySchedule } from '../../../protocol/policy/policy-schedule.js'
import type { PolicySite } from '../../../protocol/policy/policy-site.js'

export interface PolicyMeta {
  readonly edgeId: string
  readonly version: number
  /** The snapshot's or delta's `issuedAt`, as epoch milliseconds. */
  readonly issuedAtMs: number
  /** When this edge applied it, by the edge clock. */
  readonly receivedAtMs: number
}

/** The last granted passage of a person through a door of an anti-passback group. */
export interface AntiPassbackState {
  readonly direction: 'in' | 'out'
  readonly atMs: number
  readonly doorId: string
}

export interface PolicyView {
  /** null before the first policy has been applied. */
  meta(): PolicyMeta | null
  site(): PolicySite | null
  credentialByLookupKey(lookupKey: string): PolicyCredential | null
  person(personId: string): PolicyPerson | null
  door(doorId: string): PolicyDoor | null
  /** Every access row for this person and door (usually 0 or 1). */
  accessFor(personId: string, doorId: string): readonly PolicyAccess[]
  schedule(scheduleId: string): PolicySchedule | null
  /** Every observation order of one person, household or building, in force or not. */
  observationsOf(subjectKind: ObservationSubjectKind, subjectId: string): readonly PolicyObservation[]
  /** Every lockdown of one building, in force or not. */
  lockdownsOf(buildingId: string): readonly PolicyLockdown[]
  /** Every medical exception of one person, in force or not. */
  medicalExceptionsOf(personId: string): readonly PolicyMedicalException[]
  phoneKey(keyId: string): PolicyPhoneKey | null
  /** Local state, not policy: the last granted direction of a person in a group, or null. */
  antiPassbackState(personId: string, groupId: string): AntiPassbackState | null
}
