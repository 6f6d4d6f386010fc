import { dayNumberOf, localDateOf, localTimeOf } from '../../../../protocol/policy/local-time.js'
import type {
  ModelAccessRule,
  ModelCredential,
  ModelDoor,
  ModelLockdown,
  ModelMedicalException,
  ModelObservation,
  ModelPerson,
  ModelPhoneKey,
  ModelSchedule,
  ModelSite,
  PolicyModel,
} from './policy-model.js'

/** How long a revoked or expired credential (or a revoked phone key) stays in edge policies. */
export const DEFAULT_CREDENTIAL_RETENTION_MS = 30 * 86_400_000

/**
 * A visitor pass (and so the visitor's name) stays on the gates only a day past its end or
 * revocation: long enough to tell a visitor who comes back that their pass EXPIRED, short enough
 * that visitors do not pile up on every gate.
 */
export const DEFAULT_VISITOR_PASS_RETENTION_MS = 86_400_000

export interface CredentialRetention {
  readonly credentialMs: number
  readonly visitorPassMs: number
}

export interface PolicyCompileOptions {
  /**
   * A revoked credential stays in the policies for this long after its revocation, and an
   * expired one after its `validUntil`, so the gate answers REVOKED or EXPIRED (and staff know
   * why) rather than UNKNOWN_CREDENTIAL; after that it is dropped to keep policies small.
   */
  readonly credentialRetentionMs?: number
  /** The same for visitor passes (default one day). */
  readonly visitorPassRetentionMs?: number
}

/**
 * The model at one instant, indexed for compiling many edges: people by every kind of access-rule
 * subject, credentials and phone keys by holder (only those still kept, one per lookup key),
 * orders that have not ended by subject. Built once per recompile; each edge's compile then
 * touches only what concerns its doors.
 */
export interface PolicyModelIndex {
  readonly nowMs: number
  readonly retention: CredentialRetention
  readonly site: ModelSite | null
  readonly edgeIds: ReadonlySet<string>
  readonly doorsByEdge: ReadonlyMap<string, readonly ModelDoor[]>
  readonly doorsOfGroup: ReadonlyMap<string, readonly string[]>
  readonly schedules: ReadonlyMap<string, ModelSchedule>
  /** Sorted, without duplicates. */
  readonly holidays: readonly string[]
  readonly accessRules: readonly ModelAccessRule[]
  readonly persons: ReadonlyMap<string, ModelPerson>
  /** Persons that access rules can name: active and not visitors. */
  readonly eligibleBy: {
    readonly person: ReadonlyMap<string, readonly ModelPerson[]>
    readonly household: ReadonlyMap<string, readonly ModelPerson[]>
    readonly unit: ReadonlyMap<string, readonly ModelPerson[]>
    readonly building: ReadonlyMap<string, readonly ModelPerson[]>
    readonly grid: ReadonlyMap<string, readonly ModelPerson[]>
    readonly role: ReadonlyMap<string, readonly ModelPerson[]>
  }
  /** personId → the building they live in (household → unit → building), for active persons. */
  readonly buildingOfPerson: ReadonlyMap<string, string>
  /** Kept credentials (see retention) of active persons, by holder. */
  readonly credentialsOfPerson: ReadonlyMap<string, readonly ModelCredential[]>
  /** Kept visitor passes of active persons. */
  readonly visitorPasses: readonly ModelCredential[]
  readonly phoneKeysOfPerson: ReadonlyMap<string, readonly ModelPhoneKey[]>
  readonly observationsOf: {
    readonly person: ReadonlyMap<string, readonly ModelObservation[]>
    readonly household: ReadonlyMap<string, readonly ModelObservation[]>
    readonly building: ReadonlyMap<string, readonly ModelObservation[]>
  }
  readonly medicalExceptionsOf: ReadonlyMap<string, readonly ModelMedicalException[]>
  readonly lockdownsOf: ReadonlyMap<string, readonly ModelLockdown[]>
  /** The holidays every compiled schedule carries, and when that list next changes. */
  readonly holidaysAhead: HolidaysAhead
  /**
   * Policy rows already built from model rows in this index (model row → policy row), so edges
   * compiled from one index share their person and credential rows rather than copy them.
   */
  readonly rowCache: Map<object, object>
}

export interface HolidaysAhead {
  /** From yesterday on (a window that starts on a holiday may run past midnight), at most 64. */
  readonly dates: readonly string[]
  /** When the first of them falls out of the list; null without holidays. */
  readonly changesAtMs: number | null
}

/** PolicySchedule.holidays holds at most this many dates. */
export const MAX_SCHEDULE_HOLIDAYS = 64
const MS_PER_DAY = 86_400_000
const MS_PER_MINUTE = 60_000

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list === undefined) map.set(key, [value])
  else list.push(value)
}

/** The instant a credential stops being kept, or null while it is kept without end. */
export function credentialKeptUntilMs(credential: ModelCredential, retention: CredentialRetention): number | null {
  const retentionMs = credential.kind === 'visitor' ? retention.visitorPassMs : retention.credentialMs
  if (credential.status === 'revoked') return (credential.revokedAtMs ?? credential.issuedAtMs) + retentionMs
  return credential.validUntilMs === null ? null : credential.validUntilMs + retentionMs
}

export function phoneKeyKeptUntilMs(key: ModelPhoneKey, retentionMs: number): number | null {
  return key.status === 'revoked' ? (key.revokedAtMs ?? key.enrolledAtMs) + retentionMs : null
}

export function indexPolicyModel(model: PolicyModel, nowMs: number, options: PolicyCompileOptions = {}): PolicyModelIndex {
  const retention: CredentialRetention = {
    credentialMs: options.credentialRetentionMs ?? DEFAULT_CREDENTIAL_RETENTION_MS,
    visitorPassMs: options.visitorPassRetentionMs ?? DEFAULT_VISITOR_PASS_RETENTION_MS,
  }
  const persons = new Map(model.persons.map((person) => [person.id, person]))
  const holidays = [...new Set(model.holidays)].sort()
  const people = indexPeople(model, persons)
  const isActive = (personId: string) => persons.get(personId)?.status === 'active'
  const credentialsOfPerson = new Map<string, ModelCredential[]>()
  const visitorPasses: ModelCredential[] = []
  for (const credential of keptCredentials(model.credentials, isActive, nowMs, retention)) {
    push(credentialsOfPerson, credential.personId, credential)
    if (credential.kind === 'visitor') visitorPasses.push(credential)
  }
  const phoneKeysOfPerson = new Map<string, ModelPhoneKey[]>()
  for (const key of model.phoneKeys) {
    const keptUntil = phoneKeyKeptUntilMs(key, retention.credentialMs)
    if (isActive(key.personId) && (keptUntil === null || keptUntil > nowMs)) push(phoneKeysOfPerson, key.personId, key)
  }
  return {
    nowMs,
    retention,
    site: model.site,
    edgeIds: new Set(model.edgeIds),
    ...indexDoors(model),
    schedules: new Map(model.schedules.map((schedule) => [schedule.id, schedule])),
    holidays,
    accessRules: model.accessRules,
    persons,
    ...people,
    credentialsOfPerson,
    visitorPasses,
    phoneKeysOfPerson,
    ...indexOrders(model, nowMs),
    holidaysAhead: holidaysAheadOf(holidays, nowMs, model.site?.utcOffsetMinutes ?? 0),
    rowCache: new Map(),
  }
}

function holidaysAheadOf(sortedHolidays: readonly string[], nowMs: number, utcOffsetMinutes: number): HolidaysAhead {
  const yesterday = localDateOf(localTimeOf(nowMs, utcOffsetMinutes).dayNumber - 1)
  const dates = sortedHolidays.filter((date) => date >= yesterday && dayNumberOf(date) !== null).slice(0, MAX_SCHEDULE_HOLIDAYS)
  const first = dates[0] === undefined ? null : dayNumberOf(dates[0])
  // The first date leaves the list when "yesterday" passes it: at local midnight two days after it.
  const changesAtMs = first === null ? null : (first + 2) * MS_PER_DAY - utcOffsetMinutes * MS_PER_MINUTE
  return { dates, changesAtMs }
}

function indexDoors(model: PolicyModel) {
  const doorsByEdge = new Map<string, ModelDoor[]>()
  for (const door of model.doors) push(doorsByEdge, door.edgeId, door)
  const doorsOfGroup = new Map<string, string[]>()
  for (const member of model.doorGroupMembers) push(doorsOfGroup, member.groupId, member.doorId)
  return { doorsByEdge, doorsOfGroup }
}

function indexPeople(model: PolicyModel, persons: ReadonlyMap<string, ModelPerson>) {
  const households = new Map(model.households.map((household) => [household.id, household]))
  const units = new Map(model.units.map((unit) => [unit.id, unit]))
  const buildings = new Map(model.buildings.map((building) => [building.id, building]))
  const eligibleBy = {
    person: new Map<string, ModelPerson[]>(),
    household: new Map<string, ModelPerson[]>(),
    unit: new Map<string, ModelPerson[]>(),
    building: new Map<string, ModelPerson[]>(),
    grid: new Map<string, ModelPerson[]>(),
    role: new Map<string, ModelPerson[]>(),
  }
  const buildingOfPerson = new Map<string, string>()
  for (const person of persons.values()) {
    if (person.status !== 'active') continue
    const household = person.householdId === null ? undefined : households.get(person.householdId)
    const unit = household === undefined ? undefined : units.get(household.unitId)
    if (unit !== undefined) buildingOfPerson.set(person.id, unit.buildingId)
    if (person.role === 'visitor') continue
    eligibleBy.person.set(person.id, [person])
    push(eligibleBy.role, person.role, person)
    if (household === undefined) continue
    push(eligibleBy.household, household.id, person)
    push(eligibleBy.unit, household.unitId, person)
    if (unit !== undefined) push(eligibleBy.building, unit.buildingId, person)
    // A household's own grid wins; otherwise the grid of its building.
    const gridId = household.gridId ?? (unit === undefined ? null : (buildings.get(unit.buildingId)?.gridId ?? null))
    if (gridId !== null) push(eligibleBy.grid, gridId, person)
  }
  return { eligibleBy, buildingOfPerson }
}

/**
 * Credentials of active persons still kept at `nowMs`, one per lookup key (a snapshot's lookup keys are unique): an
 * active credential wins, then the most recently revoked: a revoked card that was issued again to
 * someone else is dropped.
 */
function keptCredentials(
  credentials: readonly ModelCredential[],
  isActive: (personId: string) => boolean,
  nowMs: number,
  retention: CredentialRetention,
): ModelCredential[] {
  const byLookupKey = new Map<string, ModelCredential>()
  for (const credential of credentials) {
    if (!isActive(credential.personId)) continue
    const keptUntil = credentialKeptUntilMs(credential, retention)
    if (keptUntil !== null && keptUntil <= nowMs) continue
    const holder = byLookupKey.get(credential.lookupKey)
    if (holder === undefined || isPreferred(credential, holder)) byLookupKey.set(credential.lookupKey, credential)
  }
  return [...byLookupKey.values()]
}

function isPreferred(candidate: ModelCredential, holder: ModelCredential): boolean {
  if (candidate.status !== holder.status) return candidate.status === 'active'
  if (candidate.status === 'revoked') {
    const a = candidate.revokedAtMs ?? candidate.issuedAtMs
    const b = holder.revokedAtMs ?? holder.issuedAtMs
    if (a !== b) return a > b
  }
  return candidate.id < holder.id
}

function indexOrders(model: PolicyModel, nowMs: number) {
  const observationsOf = {
    person: new Map<string, ModelObservation[]>(),
    household: new Map<string, ModelObservation[]>(),
    building: new Map<string, ModelObservation[]>(),
  }
  for (const order of model.observations) if (order.endsAtMs > nowMs) push(observationsOf[order.subjectKind], order.subjectId, order)
  const medicalExceptionsOf = new Map<string, ModelMedicalException[]>()
  for (const exception of model.medicalExceptions) if (exception.endsAtMs > nowMs) push(medicalExceptionsOf, exception.personId, exception)
  const lockdownsOf = new Map<string, ModelLockdown[]>()
  for (const lockdown of model.lockdowns) if (lockdown.endsAtMs > nowMs) push(lockdownsOf, lockdown.buildingId, lockdown)
  return { observationsOf, medicalExceptionsOf, lockdownsOf }
}
