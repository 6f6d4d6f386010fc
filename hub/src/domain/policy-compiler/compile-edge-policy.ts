/**
 * The policy compiler: the community model → one edge's `PolicyEntities`, holding only what that
 * edge's doors need (ARCHITECTURE.md §3 "Permission change"; issue 4 §4).
 *
 * - door, site: the edge's doors; the one site row.
 * - access: the access rules in force expanded to (person, door, schedule, exemption) rows for
 *   this edge's doors (expand-access-rules.ts). A rule's validity window is the hub's to enforce
 *   (rows carry none): a recompile runs when a rule starts or ends.
 * - person: everyone an access row names, and visitors whose pass opens a door here (a visitor
 *   pass opens every gate and the host building's doors, without access rows).
 * - credential, phone-key: theirs. Revoked ones stay for the retention period after their
 *   revocation, expired ones for the retention period after their end (policy-model-index.ts),
 *   so the gate answers REVOKED / EXPIRED rather than UNKNOWN_CREDENTIAL; then they are dropped
 *   (30 days by default; visitor passes, and so visitors, one day).
 * - schedule: those the access rows name, each with the community's holiday calendar.
 * - observation: orders not ended on those persons, their households and their buildings (future
 *   ones included: the edge checks the start). Ended orders are left out, because an edge whose
 *   clock is not trusted treats every order present as in force.
 * - medical-exception: not ended, of those persons. lockdown: not ended, of buildings with a door here.
 *
 * Every entity is in policy order (policy-row-order.ts: by id, access rows by what they say), so
 * the same model at the same instant gives the same entities, the same bytes and the same sha256. `nextChangeAtMs` is the next instant at which the result
 * would differ with the model unchanged: the distributor recompiles then.
 */
import type { PolicyEntityName, PolicyRowOf } from '../../../../protocol/policy/policy-entities.js'
import type { PolicyEntities } from '../../../../protocol/policy/policy-snapshot.js'
import { EarliestInstant } from './earliest-instant.js'
import { edgeDoorsOf, expandAccessRules, type EdgeDoors } from './expand-access-rules.js'
import {
  credentialKeptUntilMs,
  indexPolicyModel,
  phoneKeyKeptUntilMs,
  type PolicyCompileOptions,
  type PolicyModelIndex,
} from './policy-model-index.js'
import type { ModelCredential, ModelObservation, PolicyModel } from './policy-model.js'
import { policyRowOf } from './policy-row-of.js'

export type EdgePolicyCompileFailureCode = 'UNKNOWN_EDGE' | 'NO_SITE'

export type EdgePolicyCompilation =
  | { readonly ok: true; readonly entities: PolicyEntities; readonly nextChangeAtMs: number | null }
  | { readonly ok: false; readonly code: EdgePolicyCompileFailureCode; readonly message: string }

/** Indexes the model and compiles one edge; to compile several, index once and call `compileEdgePolicy`. */
export function compilePolicy(model: PolicyModel, edgeId: string, nowMs: number, options: PolicyCompileOptions = {}): EdgePolicyCompilation {
  return compileEdgePolicy(indexPolicyModel(model, nowMs, options), edgeId)
}

export function compileEdgePolicy(index: PolicyModelIndex, edgeId: string): EdgePolicyCompilation {
  if (!index.edgeIds.has(edgeId)) return { ok: false, code: 'UNKNOWN_EDGE', message: `no edge ${edgeId}` }
  if (index.site === null) return { ok: false, code: 'NO_SITE', message: 'the site is not set up' }
  const nextChange = new EarliestInstant(index.nowMs)
  const edge = edgeDoorsOf(index.doorsByEdge.get(edgeId) ?? [])
  const access = expandAccessRules(index, edge, nextChange)
  const personIds = withVisitors(index, edge, access.personIds)
  const people = compilePeople(index, edge, personIds, nextChange)
  const scheduleIds = new Set<string>()
  for (const row of access.rows) if (row.scheduleId !== null) scheduleIds.add(row.scheduleId)
  const entities: PolicyEntities = {
    site: [cached(index, index.site, () => policyRowOf.site(index.site!))],
    door: sortedById(edge.doors.map((door) => policyRowOf.door(door))),
    access: access.rows,
    ...people,
    schedule: compileSchedules(index, scheduleIds, nextChange),
    ...compileOrders(index, edge, personIds, nextChange),
  }
  return { ok: true, entities, nextChangeAtMs: nextChange.earliestMs }
}

/** The people the access rows name (sorted) and the visitors whose pass opens a door here, sorted. */
function withVisitors(index: PolicyModelIndex, edge: EdgeDoors, sortedPersonIds: string[]): string[] {
  const visitors = index.visitorPasses.filter((pass) => isVisitorPassInScope(pass, edge)).map((pass) => pass.personId)
  return visitors.length === 0 ? sortedPersonIds : [...new Set([...sortedPersonIds, ...visitors])].sort()
}

function isVisitorPassInScope(pass: ModelCredential, edge: EdgeDoors): boolean {
  return edge.gateDoorIds.length > 0 || (pass.hostBuildingId !== null && edge.doorIdsOfBuilding.has(pass.hostBuildingId))
}

function compilePeople(index: PolicyModelIndex, edge: EdgeDoors, personIds: readonly string[], nextChange: EarliestInstant) {
  const person: PolicyRowOf<'person'>[] = []
  const credential: PolicyRowOf<'credential'>[] = []
  const phoneKey: PolicyRowOf<'phone-key'>[] = []
  for (const personId of personIds) {
    const model = index.persons.get(personId)
    if (model === undefined) continue
    person.push(cached(index, model, () => policyRowOf.person(model, index.buildingOfPerson.get(personId) ?? null)))
    for (const held of index.credentialsOfPerson.get(personId) ?? []) {
      if (held.kind === 'visitor' && !isVisitorPassInScope(held, edge)) continue
      credential.push(cached(index, held, () => policyRowOf.credential(held)))
      nextChange.consider(credentialKeptUntilMs(held, index.retention))
    }
    for (const key of index.phoneKeysOfPerson.get(personId) ?? []) {
      phoneKey.push(cached(index, key, () => policyRowOf.phoneKey(key)))
      nextChange.consider(phoneKeyKeptUntilMs(key, index.retention.credentialMs))
    }
  }
  return { person, credential: sortedById(credential), 'phone-key': sortedById(phoneKey) }
}

function compileSchedules(index: PolicyModelIndex, scheduleIds: ReadonlySet<string>, nextChange: EarliestInstant) {
  const rows: PolicyRowOf<'schedule'>[] = []
  for (const scheduleId of scheduleIds) {
    const schedule = index.schedules.get(scheduleId)
    // A row naming a schedule that does not exist never opens at the edge (fails closed).
    if (schedule !== undefined) rows.push(cached(index, schedule, () => policyRowOf.schedule(schedule, index.holidaysAhead.dates)))
  }
  if (rows.length > 0) nextChange.consider(index.holidaysAhead.changesAtMs)
  return sortedById(rows)
}

function compileOrders(index: PolicyModelIndex, edge: EdgeDoors, personIds: readonly string[], nextChange: EarliestInstant) {
  const observations = new Map<string, PolicyRowOf<'observation'>>()
  const medicalExceptions: PolicyRowOf<'medical-exception'>[] = []
  const households = new Set<string>()
  const buildings = new Set<string>()
  const addObservations = (orders: readonly ModelObservation[] | undefined) => {
    for (const order of orders ?? []) {
      if (observations.has(order.id)) continue
      observations.set(order.id, cached(index, order, () => policyRowOf.observation(order)))
      nextChange.consider(order.endsAtMs)
    }
  }
  for (const personId of personIds) {
    addObservations(index.observationsOf.person.get(personId))
    const householdId = index.persons.get(personId)?.householdId ?? null
    if (householdId !== null) households.add(householdId)
    const buildingId = index.buildingOfPerson.get(personId)
    if (buildingId !== undefined) buildings.add(buildingId)
    for (const exception of index.medicalExceptionsOf.get(personId) ?? []) {
      medicalExceptions.push(cached(index, exception, () => policyRowOf.medicalException(exception)))
      nextChange.consider(exception.endsAtMs)
    }
  }
  for (const householdId of households) addObservations(index.observationsOf.household.get(householdId))
  for (const buildingId of buildings) addObservations(index.observationsOf.building.get(buildingId))
  const lockdowns: PolicyRowOf<'lockdown'>[] = []
  for (const buildingId of edge.doorIdsOfBuilding.keys()) {
    for (const lockdown of index.lockdownsOf.get(buildingId) ?? []) {
      lockdowns.push(cached(index, lockdown, () => policyRowOf.lockdown(lockdown)))
      nextChange.consider(lockdown.endsAtMs)
    }
  }
  return {
    observation: sortedById([...observations.values()]),
    'medical-exception': sortedById(medicalExceptions),
    lockdown: sortedById(lockdowns),
  }
}

/** The policy row built from `model` in this index, built once and shared by every edge. */
function cached<R extends object>(index: PolicyModelIndex, model: object, build: () => R): R {
  const existing = index.rowCache.get(model)
  if (existing !== undefined) return existing as R
  const row = build()
  index.rowCache.set(model, row)
  return row
}

/**
 * Rows in id order (UTF-16 code units, as RFC 8785 orders names). Sorting the ids alone with the
 * built-in string order and looking the rows up is several times faster than sorting rows with a
 * comparator; ids are unique within an entity (if not, the comparator sort keeps every row).
 */
function sortedById<R extends { readonly id: string }>(rows: R[]): R[] {
  if (rows.every((row, at) => at === 0 || rows[at - 1]!.id < row.id)) return rows
  const byId = new Map(rows.map((row) => [row.id, row]))
  if (byId.size !== rows.length) return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return [...byId.keys()].sort().map((id) => byId.get(id)!)
}

/** Row counts of each entity, for logs and the status route. */
export function policyRowCounts(entities: PolicyEntities): Record<PolicyEntityName, number> {
  return Object.fromEntries(Object.entries(entities).map(([name, rows]) => [name, rows.length])) as Record<PolicyEntityName, number>
}
