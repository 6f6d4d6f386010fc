import type { ObservationSubjectKind, PolicyObservation } from '../../../../protocol/policy/policy-observation.js'
import type { PolicyAccess } from '../../../../protocol/policy/policy-access.js'
import type { PolicyCredential } from '../../../../protocol/policy/policy-credential.js'
import type { PolicyDoor } from '../../../../protocol/policy/policy-door.js'
import type { PolicyEntityName, PolicyRowOf } from '../../../../protocol/policy/policy-entities.js'
import type { PolicyLockdown } from '../../../../protocol/policy/policy-lockdown.js'
import type { PolicyMedicalException } from '../../../../protocol/policy/policy-medical-exception.js'
import type { PolicyPerson } from '../../../../protocol/policy/policy-person.js'
import type { PolicyPhoneKey } from '../../../../protocol/policy/policy-phone-key.js'
import type { PolicySchedule } from '../../../../protocol/policy/policy-schedule.js'
import type { PolicySite } from '../../../../protocol/policy/policy-site.js'
import type { AntiPassbackState, PolicyMeta, PolicyView } from '../../domain/policy-view.js'
import { CredentialHolder } from './credential-holder.js'
import type { InMemoryEntity, PolicyReadStatements, StoredPolicyMeta } from './policy-read-statements.js'
import { POLICY_TABLE_SPECS, rowOf } from './policy-table-specs.js'
import { byId, groupBy } from '../../domain/group-by.js'

const NONE: readonly never[] = []

/**
 * Observation orders and medical exceptions are held in memory while their tables are at most
 * this long (a few MB), else read per decision. A community has tens or hundreds of each; the
 * snapshot schema allows 500,000 and 100,000, which stay on disk.
 */
export const DEFAULT_IN_MEMORY_RANGE_MAX_ROWS = 10_000

/** Tables read once per applied version and kept in memory. */
interface InMemoryTables {
  readonly site: PolicySite | null
  readonly doors: ReadonlyMap<string, PolicyDoor>
  readonly schedules: ReadonlyMap<string, PolicySchedule>
  readonly lockdowns: ReadonlyMap<string, readonly PolicyLockdown[]>
  /** null: too many rows, read from SQLite. */
  readonly observations: ReadonlyMap<string, readonly PolicyObservation[]> | null
  readonly medicalExceptions: ReadonlyMap<string, readonly PolicyMedicalException[]> | null
}

const EMPTY_TABLES: InMemoryTables = {
  site: null,
  doors: new Map(),
  schedules: new Map(),
  lockdowns: new Map(),
  observations: new Map(),
  medicalExceptions: new Map(),
}

/**
 * The PolicyView over the edge database.
 *
 * - Credentials, people, access rows, phone keys and anti-passback state (up to hundreds of
 *   thousands of rows) are read with prepared statements, each a point lookup or an indexed
 *   range, and mapped back to the domain types. A credential is read in one statement with what
 *   decideAccess asks about its holder next (credential-holder.ts): the following `person`,
 *   `accessFor`, `phoneKey` and `antiPassbackState` calls for that holder are answered from it,
 *   any other person's from their own statements.
 * - Site, doors, schedules and lockdowns (at most 1,024 rows each, policy-entities.ts), and
 *   observation orders and medical exceptions while there are at most `inMemoryRangeMaxRows`,
 *   are read once per applied version and kept in memory: most decisions find no order for the
 *   person, and answering that from memory spares three statements per exit.
 *
 * `reload()` runs after every commit, in the same synchronous turn, and drops everything held,
 * so no decision ever mixes two versions; `forgetHolder()` runs after every recorded passage.
 */
export class SqlitePolicyView implements PolicyView {
  readonly #reads: PolicyReadStatements
  readonly #inMemoryRangeMaxRows: number
  #meta: StoredPolicyMeta | null = null
  #tables: InMemoryTables = EMPTY_TABLES
  #holder: CredentialHolder | null = null

  constructor(reads: PolicyReadStatements, inMemoryRangeMaxRows = DEFAULT_IN_MEMORY_RANGE_MAX_ROWS) {
    this.#reads = reads
    this.#inMemoryRangeMaxRows = inMemoryRangeMaxRows
  }

  /** Re-reads the meta row and the in-memory tables: after a commit, and once at start. */
  reload(): void {
    const reads = this.#reads
    this.#holder = null
    this.#meta = reads.meta.get() ?? null
    const all = <E extends InMemoryEntity>(entity: E) =>
      reads.allRows(entity).map((values) => rowOf<E>(POLICY_TABLE_SPECS[entity], values))
    const ifSmall = <E extends 'observation' | 'medical-exception'>(entity: E, keyOf: (row: PolicyRowOf<E>) => string) =>
      reads.rowCount(entity) <= this.#inMemoryRangeMaxRows ? groupBy(all(entity), keyOf) : null
    this.#tables = {
      site: all('site')[0] ?? null,
      doors: byId(all('door')),
      schedules: byId(all('schedule')),
      lockdowns: groupBy(all('lockdown'), (row) => row.buildingId),
      observations: ifSmall('observation', (row) => subjectKey(row.subjectKind, row.subjectId)),
      medicalExceptions: ifSmall('medical-exception', (row) => row.personId),
    }
  }

  /** The stored meta row, with the sha256 and source PolicyApplied reports. */
  storedMeta(): StoredPolicyMeta | null {
    return this.#meta
  }

  meta(): PolicyMeta | null {
    const meta = this.#meta
    if (meta === null) return null
    return { edgeId: meta.edgeId, version: meta.version, issuedAtMs: meta.issuedAtMs, receivedAtMs: meta.receivedAtMs }
  }

  site(): PolicySite | null {
    return this.#tables.site
  }

  /** Drops what was fetched with the last credential: after a commit or a recorded passage. */
  forgetHolder(): void {
    this.#holder = null
  }

  credentialByLookupKey(lookupKey: string): PolicyCredential | null {
    const values = this.#reads.credentialWithHolder.get(lookupKey)
    if (values === undefined) return null
    const { credential, holder } = CredentialHolder.read(values)
    this.#holder = holder
    return credential
  }

  person(personId: string): PolicyPerson | null {
    const holder = this.#holderOf(personId)
    return holder !== null ? holder.person : this.#one('person', this.#reads.person.get(personId))
  }

  door(doorId: string): PolicyDoor | null {
    return this.#tables.doors.get(doorId) ?? null
  }

  accessFor(personId: string, doorId: string): readonly PolicyAccess[] {
    const holder = this.#holderOf(personId)
    return holder !== null ? holder.accessFor(doorId) : this.#many('access', this.#reads.accessFor.all(personId, doorId))
  }

  schedule(scheduleId: string): PolicySchedule | null {
    return this.#tables.schedules.get(scheduleId) ?? null
  }

  observationsOf(subjectKind: ObservationSubjectKind, subjectId: string): readonly PolicyObservation[] {
    const held = this.#tables.observations
    if (held !== null) return held.get(subjectKey(subjectKind, subjectId)) ?? NONE
    return this.#many('observation', this.#reads.observationsOf.all(subjectKind, subjectId))
  }

  lockdownsOf(buildingId: string): readonly PolicyLockdown[] {
    return this.#tables.lockdowns.get(buildingId) ?? NONE
  }

  medicalExceptionsOf(personId: string): readonly PolicyMedicalException[] {
    const held = this.#tables.medicalExceptions
    if (held !== null) return held.get(personId) ?? NONE
    return this.#many('medical-exception', this.#reads.medicalExceptionsOf.all(personId))
  }

  phoneKey(keyId: string): PolicyPhoneKey | null {
    const prefetched = this.#holder?.phoneKey(keyId)
    return prefetched !== undefined ? prefetched : this.#one('phone-key', this.#reads.phoneKey.get(keyId))
  }

  antiPassbackState(personId: string, groupId: string): AntiPassbackState | null {
    const holder = this.#holderOf(personId)
    if (holder !== null) return holder.antiPassbackState(groupId)
    const values = this.#reads.antiPassbackState.get(personId, groupId)
    if (values === undefined) return null
    return { direction: values[0] as AntiPassbackState['direction'], atMs: values[1] as number, doorId: values[2] as string }
  }

  #holderOf(personId: string): CredentialHolder | null {
    const holder = this.#holder
    return holder !== null && holder.personId === personId ? holder : null
  }

  #one<E extends PolicyEntityName>(entity: E, values: readonly unknown[] | undefined): PolicyRowOf<E> | null {
    return values === undefined ? null : rowOf<E>(POLICY_TABLE_SPECS[entity], values)
  }

  #many<E extends PolicyEntityName>(entity: E, rows: readonly (readonly unknown[])[]): readonly PolicyRowOf<E>[] {
    return rows.length === 0 ? NONE : rows.map((values) => rowOf<E>(POLICY_TABLE_SPECS[entity], values))
  }
}

function subjectKey(kind: string, id: string): string {
  return `${kind}\u0000${id}`
}
