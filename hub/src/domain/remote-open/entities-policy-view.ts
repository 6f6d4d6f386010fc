import type { AntiPassbackState, PolicyMeta, PolicyView } from '../../../../edge/src/domain/policy-view.js'
import type { PolicyAccess } from '../../../../protocol/policy/policy-access.js'
import type { PolicyCredential } from '../../../../protocol/policy/policy-credential.js'
import type { PolicyDoor } from '../../../../protocol/policy/policy-door.js'
import type { PolicyLockdown } from '../../../../protocol/policy/policy-lockdown.js'
import type { PolicyMedicalException } from '../../../../protocol/policy/policy-medical-exception.js'
import type { ObservationSubjectKind, PolicyObservation } from '../../../../protocol/policy/policy-observation.js'
import type { PolicyPerson } from '../../../../protocol/policy/policy-person.js'
import type { PolicyPhoneKey } from '../../../../protocol/policy/policy-phone-key.js'
import type { PolicySchedule } from '../../../../protocol/policy/policy-schedule.js'
import type { PolicySite } from '../../../../protocol/policy/policy-site.js'
import type { PolicyEntities } from '../../../../protocol/policy/policy-snapshot.js'

const NONE: readonly never[] = []

function pairKey(first: string, second: string): string {
  return `${first}\u0000${second}`
}

function indexBy<R>(rows: readonly R[], keyOf: (row: R) => string): Map<string, R[]> {
  const index = new Map<string, R[]>()
  for (const row of rows) {
    const key = keyOf(row)
    const group = index.get(key)
    if (group === undefined) index.set(key, [row])
    else group.push(row)
  }
  return index
}

/**
 * The edge's PolicyView over one edge's compiled entities, so the hub asks the edge's own
 * decision functions (decidePersonAccess) and reaches the edge's answer. Indexes are built on
 * first use of each lookup. The hub keeps no anti-passback state (a remote open does not check
 * it), so there is none.
 */
export class EntitiesPolicyView implements PolicyView {
  readonly #entities: PolicyEntities
  readonly #meta: PolicyMeta | null
  readonly #indexes = new Map<string, Map<string, readonly unknown[]>>()

  constructor(entities: PolicyEntities, meta: PolicyMeta | null) {
    this.#entities = entities
    this.#meta = meta
  }

  meta(): PolicyMeta | null {
    return this.#meta
  }

  site(): PolicySite | null {
    return this.#entities.site[0] ?? null
  }

  credentialByLookupKey(lookupKey: string): PolicyCredential | null {
    return this.#first('credential', this.#entities.credential, (row) => row.lookupKey, lookupKey)
  }

  person(personId: string): PolicyPerson | null {
    return this.#first('person', this.#entities.person, (row) => row.id, personId)
  }

  door(doorId: string): PolicyDoor | null {
    return this.#first('door', this.#entities.door, (row) => row.id, doorId)
  }

  accessFor(personId: string, doorId: string): readonly PolicyAccess[] {
    return this.#all('access', this.#entities.access, (row) => pairKey(row.personId, row.doorId), pairKey(personId, doorId))
  }

  schedule(scheduleId: string): PolicySchedule | null {
    return this.#first('schedule', this.#entities.schedule, (row) => row.id, scheduleId)
  }

  observationsOf(subjectKind: ObservationSubjectKind, subjectId: string): readonly PolicyObservation[] {
    return this.#all('observation', this.#entities.observation, (row) => pairKey(row.subjectKind, row.subjectId), pairKey(subjectKind, subjectId))
  }

  lockdownsOf(buildingId: string): readonly PolicyLockdown[] {
    return this.#all('lockdown', this.#entities.lockdown, (row) => row.buildingId, buildingId)
  }

  medicalExceptionsOf(personId: string): readonly PolicyMedicalException[] {
    return this.#all('medical-exception', this.#entities['medical-exception'], (row) => row.personId, personId)
  }

  phoneKey(keyId: string): PolicyPhoneKey | null {
    return this.#first('phone-key', this.#entities['phone-key'], (row) => row.id, keyId)
  }

  antiPassbackState(): AntiPassbackState | null {
    return null
  }

  #all<R>(name: string, rows: readonly R[], keyOf: (row: R) => string, key: string): readonly R[] {
    let index = this.#indexes.get(name)
    if (index === undefined) {
      index = indexBy(rows, keyOf)
      this.#indexes.set(name, index)
    }
    // Each index is built from `rows` of type R under this name only.
    return (index.get(key) as readonly R[] | undefined) ?? NONE
  }

  #first<R>(name: string, rows: readonly R[], keyOf: (row: R) => string, key: string): R | null {
    return this.#all(name, rows, keyOf, key)[0] ?? null
  }
}
