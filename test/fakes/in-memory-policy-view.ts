import type { ObservationSubjectKind, PolicyObservation } from '../../protocol/policy/policy-observation.js'
import type { PolicyAccess } from '../../protocol/policy/policy-access.js'
import type { PolicyCredential } from '../../protocol/policy/policy-credential.js'
import type { PolicyDoor } from '../../protocol/policy/policy-door.js'
import type { PolicyLockdown } from '../../protocol/policy/policy-lockdown.js'
import type { PolicyMedicalException } from '../../protocol/policy/policy-medical-exception.js'
import type { PolicyPerson } from '../../protocol/policy/policy-person.js'
import type { PolicyPhoneKey } from '../../protocol/policy/policy-phone-key.js'
import type { PolicySchedule } from '../../protocol/policy/policy-schedule.js'
import type { PolicySite } from '../../protocol/policy/policy-site.js'
import type { PolicyEntities, PolicySnapshot } from '../../protocol/policy/policy-snapshot.js'
import { timestampMs } from '../../protocol/mqtt/timestamp-ms.js'
import type { AntiPassbackState, PolicyMeta, PolicyView } from '../../edge/src/domain/policy-view.js'
import { byId, groupBy } from '../../edge/src/domain/group-by.js'

interface Indexes {
  readonly site: PolicySite | null
  readonly credentialsByLookupKey: ReadonlyMap<string, PolicyCredential>
  readonly people: ReadonlyMap<string, PolicyPerson>
  readonly doors: ReadonlyMap<string, PolicyDoor>
  readonly access: ReadonlyMap<string, readonly PolicyAccess[]>
  readonly schedules: ReadonlyMap<string, PolicySchedule>
  readonly observations: ReadonlyMap<string, readonly PolicyObservation[]>
  readonly lockdowns: ReadonlyMap<string, readonly PolicyLockdown[]>
  readonly exceptions: ReadonlyMap<string, readonly PolicyMedicalException[]>
  readonly phoneKeys: ReadonlyMap<string, PolicyPhoneKey>
}

const NONE: readonly never[] = []

/** A PolicyView over plain arrays of rows, for tests; anti-passback state is set by hand. */
export class InMemoryPolicyView implements PolicyView {
  readonly #indexes: Indexes
  readonly #meta: PolicyMeta | null
  readonly #antiPassback = new Map<string, AntiPassbackState>()

  constructor(indexes: Indexes, meta: PolicyMeta | null) {
    this.#indexes = indexes
    this.#meta = meta
  }

  static fromEntities(entities: PolicyEntities, meta: PolicyMeta | null = null): InMemoryPolicyView {
    return new InMemoryPolicyView(
      {
        site: entities.site[0] ?? null,
        credentialsByLookupKey: new Map(entities.credential.map((row) => [row.lookupKey, row])),
        people: byId(entities.person),
        doors: byId(entities.door),
        access: groupBy(entities.access, (row) => pairKey(row.personId, row.doorId)),
        schedules: byId(entities.schedule),
        observations: groupBy(entities.observation, (row) => pairKey(row.subjectKind, row.subjectId)),
        lockdowns: groupBy(entities.lockdown, (row) => row.buildingId),
        exceptions: groupBy(entities['medical-exception'], (row) => row.personId),
        phoneKeys: byId(entities['phone-key']),
      },
      meta,
    )
  }

  static fromSnapshot(snapshot: PolicySnapshot, receivedAtMs: number): InMemoryPolicyView {
    const meta = { edgeId: snapshot.edgeId, version: snapshot.version, issuedAtMs: timestampMs(snapshot.issuedAt) ?? 0, receivedAtMs }
    return InMemoryPolicyView.fromEntities(snapshot.entities, meta)
  }

  setAntiPassbackState(personId: string, groupId: string, state: AntiPassbackState | null): void {
    if (state === null) this.#antiPassback.delete(pairKey(personId, groupId))
    else this.#antiPassback.set(pairKey(personId, groupId), state)
  }

  meta(): PolicyMeta | null {
    return this.#meta
  }

  site(): PolicySite | null {
    return this.#indexes.site
  }

  credentialByLookupKey(lookupKey: string): PolicyCredential | null {
    return this.#indexes.credentialsByLookupKey.get(lookupKey) ?? null
  }

  person(personId: string): PolicyPerson | null {
    return this.#indexes.people.get(personId) ?? null
  }

  door(doorId: string): PolicyDoor | null {
    return this.#indexes.doors.get(doorId) ?? null
  }

  accessFor(personId: string, doorId: string): readonly PolicyAccess[] {
    return this.#indexes.access.get(pairKey(personId, doorId)) ?? NONE
  }

  schedule(scheduleId: string): PolicySchedule | null {
    return this.#indexes.schedules.get(scheduleId) ?? null
  }

  observationsOf(subjectKind: ObservationSubjectKind, subjectId: string): readonly PolicyObservation[] {
    return this.#indexes.observations.get(pairKey(subjectKind, subjectId)) ?? NONE
  }

  lockdownsOf(buildingId: string): readonly PolicyLockdown[] {
    return this.#indexes.lockdowns.get(buildingId) ?? NONE
  }

  medicalExceptionsOf(personId: string): readonly PolicyMedicalException[] {
    return this.#indexes.exceptions.get(personId) ?? NONE
  }

  phoneKey(keyId: string): PolicyPhoneKey | null {
    return this.#indexes.phoneKeys.get(keyId) ?? null
  }

  antiPassbackState(personId: string, groupId: string): AntiPassbackState | null {
    return this.#antiPassback.get(pairKey(personId, groupId)) ?? null
  }
}

function pairKey(a: string, b: string): string {
  return `${a}\u0000${b}`
}
