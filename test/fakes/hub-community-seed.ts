/**
 * A deterministic community (向阳小区) inserted straight into the hub's m001/m002/m003 tables, for
 * tests and benchmarks. Same options → same rows (ids, names, phones, ID numbers, cards).
 *
 * Layout: `grids` grids; buildings split evenly over the grids (contiguous); each building has
 * `unitsPerBuilding` units; households spread round-robin over the units, rooms "101", "102" ...
 * (4 a floor). Every `rentedEvery`-th household (index % rentedEvery === rentedEvery - 1) is
 * rented: its people are tenants (role 'tenant', relation 'tenant') of a landlord (one landlord
 * per 3 rented households) with verified declarations; the others have an owner and family
 * (role 'resident'). The first rented household also has one PENDING tenant (status 'pending',
 * pending declaration, no card). Every active person gets a card (H10301, facility 1 + ⌊i/65535⌋,
 * card 1 + i mod 65535 over the order of creation); every owner of a household whose index is a
 * multiple of 4 also gets an entry pass "pass:P<index, 6 digits>". Staff persons (role 'staff')
 * have cards and no household.
 *
 * Doors: a gate edge `edge-gate` with three gate doors (lanes residents / returnees / assisted,
 * temperature required), and one edge per building (`edge-bld-<n>`) with its building door.
 * Rules: role resident and role tenant → 'gates' and 'own-building' (any time); role staff →
 * 'gates' and the door group of every building door, on the "staff hours" schedule.
 * Accounts (no passwords): one admin, a grid manager per grid, gate staff at the gate edge, an
 * account per landlord, and a resident account for the first owner.
 *
 * 100,000 people: `seedCommunity(connection, { households: 33_334 })` (3 a household), one
 * transaction with prepared statements, a few seconds.
 */
import type BetterSqlite3 from 'better-sqlite3'
import { credentialLookupKey } from '../../protocol/policy/credential-lookup-key.js'
import { residentIdCheckCharacter } from '../../hub/src/domain/people/resident-id-number.js'
import { mulberry32 } from '../../bench/mulberry32.js'
import { MONDAY_10AM_MS } from './policy-rows.js'

export interface SeedCommunityOptions {
  /** Households (default 12). */
  readonly households?: number
  /** People living in each household (default 3: owner + 2 family, or 3 tenants). */
  readonly peoplePerHousehold?: number
  /** Default: ⌈households / 4⌉, at most 200. */
  readonly buildings?: number
  /** Units per building (default 2). */
  readonly unitsPerBuilding?: number
  /** Default: max(2, ⌈households / 350⌉), never more than buildings. */
  readonly grids?: number
  /** Every n-th household is rented (default 5). */
  readonly rentedEvery?: number
  /** Staff persons (default 3). */
  readonly staff?: number
  /** Seeds names, phones and ID numbers (default 1). */
  readonly seed?: number
  /** created_at_ms of every row (default MONDAY_10AM_MS, 2026-03-02 10:00 CST). */
  readonly nowMs?: number
}

export interface SeededCard {
  readonly personId: string
  readonly credentialId: string
  readonly lookupKey: string
}

export interface SeededCommunity {
  readonly siteId: string
  readonly nowMs: number
  readonly gridIds: readonly string[]
  readonly buildingIds: readonly string[]
  /** buildingId → gridId. */
  readonly gridOfBuilding: ReadonlyMap<string, string>
  readonly unitIds: readonly string[]
  readonly householdIds: readonly string[]
  readonly rentedHouseholdIds: readonly string[]
  /** householdId → its active people (owner first). */
  readonly peopleOfHousehold: ReadonlyMap<string, readonly string[]>
  /** Active persons of role 'resident' (owners and family). */
  readonly residentIds: readonly string[]
  readonly ownerIds: readonly string[]
  /** Active persons of role 'tenant'. */
  readonly tenantIds: readonly string[]
  readonly pendingTenantIds: readonly string[]
  readonly staffIds: readonly string[]
  readonly landlordIds: readonly string[]
  /** Verified declarations, then pending ones. */
  readonly declarationIds: readonly string[]
  readonly pendingDeclarationIds: readonly string[]
  readonly cards: readonly SeededCard[]
  readonly entryPasses: readonly SeededCard[]
  readonly accounts: {
    readonly adminId: string
    /** One per grid, same order as gridIds. */
    readonly gridManagerIds: readonly string[]
    readonly gateStaffId: string
    /** One per landlord, same order as landlordIds. */
    readonly landlordAccountIds: readonly string[]
    /** Bound to ownerIds[0]. */
    readonly residentAccountId: string
  }
  readonly gateEdgeId: string
  readonly gateDoorIds: { readonly residents: string; readonly returnees: string; readonly assisted: string }
  readonly buildingEdgeIds: readonly string[]
  /** One per building, same order as buildingIds. */
  readonly buildingDoorIds: readonly string[]
  readonly buildingDoorGroupId: string
  readonly staffScheduleId: string
  readonly ruleIds: readonly string[]
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢'
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰文'
const ADDRESS_CODES = ['110105', '310104', '420106', '440305', '510107'] as const

export function seedCommunity(connection: BetterSqlite3.Database, options: SeedCommunityOptions = {}): SeededCommunity {
  const layout = layoutOf(options)
  const random = mulberry32(options.seed ?? 1)
  const nowMs = options.nowMs ?? MONDAY_10AM_MS
  const insert = prepareInserts(connection)
  let seeded: SeededCommunity | undefined
  connection.transaction(() => {
    seeded = insertCommunity(insert, layout, random, nowMs)
  })()
  return seeded!
}

interface Layout {
  readonly households: number
  readonly peoplePerHousehold: number
  readonly buildings: number
  readonly unitsPerBuilding: number
  readonly grids: number
  readonly rentedEvery: number
  readonly staff: number
}

function layoutOf(options: SeedCommunityOptions): Layout {
  const households = options.households ?? 12
  const buildings = options.buildings ?? Math.max(1, Math.min(200, Math.ceil(households / 4)))
  const grids = Math.min(buildings, options.grids ?? Math.max(2, Math.ceil(households / 350)))
  return {
    households,
    peoplePerHousehold: Math.max(1, options.peoplePerHousehold ?? 3),
    buildings,
    unitsPerBuilding: Math.max(1, options.unitsPerBuilding ?? 2),
    grids,
    rentedEvery: Math.max(1, options.rentedEvery ?? 5),
    staff: options.staff ?? 3,
  }
}

type Inserts = ReturnType<typeof prepareInserts>

function prepareInserts(connection: BetterSqlite3.Database) {
  const statement = (sql: string) => connection.prepare(sql)
  return {
    site: statement(`INSERT INTO sites (id, name, updated_at_ms) VALUES (?, ?, ?)`),
    grid: statement(`INSERT INTO grids (id, name, manager_account_id, created_at_ms) VALUES (?, ?, ?, ?)`),
    building: statement(`INSERT INTO buildings (id, name, grid_id, created_at_ms) VALUES (?, ?, ?, ?)`),
    unit: statement(`INSERT INTO units (id, building_id, name, created_at_ms) VALUES (?, ?, ?, ?)`),
    household: statement(`INSERT INTO households (id, unit_id, room, grid_id, created_at_ms) VALUES (?, ?, ?, ?, ?)`),
    landlord: statement(
      `INSERT INTO landlords (id, display_name, phone, id_number, person_id, created_at_ms) VALUES (?, ?, ?, ?, NULL, ?)`,
    ),
    person: statement(
      `INSERT INTO persons (id, display_name, role, relation, household_id, landlord_id, phone, id_number, photo_id, status, created_at_ms, updated_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
    ),
    declaration: statement(
      `INSERT INTO tenant_declarations (id, landlord_id, person_id, household_id, declared_at_ms, status, decided_by_account_id, decided_at_ms, note)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
    ),
    credential: statement(
      `INSERT INTO credentials (id, person_id, kind, lookup_key, status, issued_at_ms, issued_by_account_id) VALUES (?, ?, ?, ?, 'active', ?, ?)`,
    ),
    account: statement(
      `INSERT INTO accounts (id, username, display_name, role, password_hash, grid_id, checkpoint_edge_id, landlord_id, person_id, created_at_ms)
       VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)`,
    ),
    gridManager: statement(`UPDATE grids SET manager_account_id = ? WHERE id = ?`),
    edge: statement(`INSERT INTO edges (id, name, created_at_ms) VALUES (?, ?, ?)`),
    door: statement(
      `INSERT INTO doors (id, edge_id, name, kind, building_id, lane, fail_mode, anti_passback_group_id, is_temperature_required, created_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    doorGroup: statement(`INSERT INTO door_groups (id, name, created_at_ms) VALUES (?, ?, ?)`),
    doorGroupMember: statement(`INSERT INTO door_group_members (group_id, door_id) VALUES (?, ?)`),
    schedule: statement(`INSERT INTO schedules (id, name, windows, holiday_windows, created_at_ms) VALUES (?, ?, ?, ?, ?)`),
    holiday: statement(`INSERT INTO holidays (local_date, name) VALUES (?, ?)`),
    rule: statement(
      `INSERT INTO access_rules (id, subject_kind, subject_id, target_kind, target_id, schedule_id, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
  }
}

interface PersonFactory {
  readonly random: () => number
  readonly nowMs: number
  next: number
  cardIndex: number
  readonly cards: SeededCard[]
}

function insertCommunity(insert: Inserts, layout: Layout, random: () => number, nowMs: number): SeededCommunity {
  const siteId = 'xiangyang'
  insert.site.run(siteId, '向阳小区', nowMs)
  const places = insertPlaces(insert, layout, nowMs)
  const factory: PersonFactory = { random, nowMs, next: 0, cardIndex: 0, cards: [] }
  const people = insertPeople(insert, layout, places, factory)
  const doors = insertDoorsAndRules(insert, places.buildingIds, nowMs)
  const accounts = insertAccounts(insert, places.gridIds, people, doors.gateEdgeId, nowMs)
  return { siteId, nowMs, ...places, ...people, ...doors, accounts, cards: factory.cards }
}

function insertPlaces(insert: Inserts, layout: Layout, nowMs: number) {
  const gridIds = range(layout.grids).map((g) => `grid-${g + 1}`)
  for (const [index, id] of gridIds.entries()) insert.grid.run(id, `第${index + 1}网格`, null, nowMs)
  const buildingIds: string[] = []
  const gridOfBuilding = new Map<string, string>()
  const unitsOfBuilding: string[][] = []
  const unitIds: string[] = []
  for (let b = 0; b < layout.buildings; b += 1) {
    const id = `bld-${b + 1}`
    const gridId = gridIds[Math.floor((b * layout.grids) / layout.buildings)]!
    insert.building.run(id, `${b + 1}号楼`, gridId, nowMs)
    buildingIds.push(id)
    gridOfBuilding.set(id, gridId)
    const units = range(layout.unitsPerBuilding).map((u) => `unit-${b + 1}-${u + 1}`)
    for (const [u, unitId] of units.entries()) insert.unit.run(unitId, id, `${u + 1}单元`, nowMs)
    unitsOfBuilding.push(units)
    unitIds.push(...units)
  }
  const householdIds: string[] = []
  const householdsInUnit = new Map<string, number>()
  for (let h = 0; h < layout.households; h += 1) {
    const b = h % layout.buildings
    const units = unitsOfBuilding[b]!
    const unitId = units[Math.floor(h / layout.buildings) % units.length]!
    const k = householdsInUnit.get(unitId) ?? 0
    householdsInUnit.set(unitId, k + 1)
    const id = `hh-${h + 1}`
    insert.household.run(id, unitId, `${Math.floor(k / 4) + 1}0${(k % 4) + 1}`, gridOfBuilding.get(buildingIds[b]!)!, nowMs)
    householdIds.push(id)
  }
  return { gridIds, buildingIds, gridOfBuilding, unitIds, householdIds }
}

function insertPeople(
  insert: Inserts,
  layout: Layout,
  places: { readonly householdIds: readonly string[] },
  factory: PersonFactory,
) {
  const result = {
    rentedHouseholdIds: [] as string[],
    peopleOfHousehold: new Map<string, string[]>(),
    residentIds: [] as string[],
    ownerIds: [] as string[],
    tenantIds: [] as string[],
    pendingTenantIds: [] as string[],
    staffIds: [] as string[],
    landlordIds: [] as string[],
    declarationIds: [] as string[],
    pendingDeclarationIds: [] as string[],
    entryPasses: [] as SeededCard[],
  }
  const { nowMs } = factory
  for (const [h, householdId] of places.householdIds.entries()) {
    const people: string[] = []
    const isRented = h % layout.rentedEvery === layout.rentedEvery - 1
    if (isRented) {
      const rentedIndex = result.rentedHouseholdIds.length
      result.rentedHouseholdIds.push(householdId)
      if (rentedIndex % 3 === 0) {
        const landlordId = `ll-${result.landlordIds.length + 1}`
        insert.landlord.run(landlordId, randomName(factory.random), randomPhone(factory.random), randomIdNumber(factory.random), nowMs)
        result.landlordIds.push(landlordId)
      }
      const landlordId = result.landlordIds[result.landlordIds.length - 1]!
      for (let p = 0; p < layout.peoplePerHousehold; p += 1) {
        const personId = insertPerson(insert, factory, { role: 'tenant', relation: 'tenant', householdId, landlordId, status: 'active' })
        insertDeclaration(insert, result.declarationIds, landlordId, personId, householdId, 'verified', nowMs)
        people.push(personId)
        result.tenantIds.push(personId)
      }
      if (rentedIndex === 0) {
        const personId = insertPerson(insert, factory, { role: 'tenant', relation: 'tenant', householdId, landlordId, status: 'pending' })
        insertDeclaration(insert, result.pendingDeclarationIds, landlordId, personId, householdId, 'pending', nowMs)
        result.pendingTenantIds.push(personId)
      }
    } else {
      for (let p = 0; p < layout.peoplePerHousehold; p += 1) {
        const relation = p === 0 ? 'owner' : 'family'
        const personId = insertPerson(insert, factory, { role: 'resident', relation, householdId, landlordId: null, status: 'active' })
        people.push(personId)
        result.residentIds.push(personId)
        if (p === 0) result.ownerIds.push(personId)
        if (p === 0 && h % 4 === 0) {
          const lookupKey = lookupKeyOf(credentialLookupKey({ kind: 'entry-pass', passNumber: `P${String(h).padStart(6, '0')}` }))
          const credentialId = `pass-${h + 1}`
          insert.credential.run(credentialId, personId, 'entry-pass', lookupKey, nowMs, null)
          result.entryPasses.push({ personId, credentialId, lookupKey })
        }
      }
    }
    result.peopleOfHousehold.set(householdId, people)
  }
  for (let s = 0; s < layout.staff; s += 1) {
    result.staffIds.push(insertPerson(insert, factory, { role: 'staff', relation: null, householdId: null, landlordId: null, status: 'active' }))
  }
  return result
}

interface PersonRow {
  readonly role: 'resident' | 'tenant' | 'staff'
  readonly relation: 'owner' | 'family' | 'tenant' | null
  readonly householdId: string | null
  readonly landlordId: string | null
  readonly status: 'active' | 'pending'
}

function insertPerson(insert: Inserts, factory: PersonFactory, row: PersonRow): string {
  factory.next += 1
  const id = `per-${factory.next}`
  const { random, nowMs } = factory
  insert.person.run(id, randomName(random), row.role, row.relation, row.householdId, row.landlordId, randomPhone(random), randomIdNumber(random), row.status, nowMs, nowMs)
  if (row.status === 'active') {
    const i = factory.cardIndex
    factory.cardIndex += 1
    const lookupKey = lookupKeyOf(
      credentialLookupKey({ kind: 'card', format: 'H10301', facility: 1 + Math.floor(i / 65_535), card: 1 + (i % 65_535) }),
    )
    const credentialId = `card-${factory.next}`
    insert.credential.run(credentialId, id, 'card', lookupKey, nowMs, null)
    factory.cards.push({ personId: id, credentialId, lookupKey })
  }
  return id
}

function insertDeclaration(
  insert: Inserts,
  ids: string[],
  landlordId: string,
  personId: string,
  householdId: string,
  status: 'verified' | 'pending',
  nowMs: number,
): void {
  const id = `td-${personId.slice(4)}`
  insert.declaration.run(id, landlordId, personId, householdId, nowMs, status, status === 'verified' ? 'acc-grid-manager-1' : null, status === 'verified' ? nowMs : null)
  ids.push(id)
}

function insertDoorsAndRules(insert: Inserts, buildingIds: readonly string[], nowMs: number) {
  const gateEdgeId = 'edge-gate'
  insert.edge.run(gateEdgeId, '南门', nowMs)
  const gateDoorIds = { residents: 'door-gate-residents', returnees: 'door-gate-returnees', assisted: 'door-gate-assisted' }
  for (const [lane, doorId] of Object.entries(gateDoorIds)) {
    insert.door.run(doorId, gateEdgeId, `南门 ${lane}`, 'gate', null, lane, 'fail-secure', 'gate-south', 1, nowMs)
  }
  const buildingDoorGroupId = 'grp-building-doors'
  insert.doorGroup.run(buildingDoorGroupId, '所有楼门', nowMs)
  const buildingEdgeIds: string[] = []
  const buildingDoorIds: string[] = []
  for (const [b, buildingId] of buildingIds.entries()) {
    const edgeId = `edge-bld-${b + 1}`
    const doorId = `door-bld-${b + 1}`
    insert.edge.run(edgeId, `${b + 1}号楼门禁`, nowMs)
    insert.door.run(doorId, edgeId, `${b + 1}号楼 楼门`, 'building', buildingId, null, 'fail-safe', doorId, 0, nowMs)
    insert.doorGroupMember.run(buildingDoorGroupId, doorId)
    buildingEdgeIds.push(edgeId)
    buildingDoorIds.push(doorId)
  }
  const staffScheduleId = 'sch-staff-hours'
  insert.schedule.run(staffScheduleId, 'Staff hours', JSON.stringify(['daily 06:00-22:00']), JSON.stringify(['daily 08:00-18:00']), nowMs)
  insert.holiday.run('2026-04-05', '清明节')
  const rules: [string, string, string, string | null, string | null][] = [
    ['rule-resident-gates', 'resident', 'gates', null, null],
    ['rule-resident-own-building', 'resident', 'own-building', null, null],
    ['rule-tenant-gates', 'tenant', 'gates', null, null],
    ['rule-tenant-own-building', 'tenant', 'own-building', null, null],
    ['rule-staff-gates', 'staff', 'gates', null, staffScheduleId],
    ['rule-staff-buildings', 'staff', 'door-group', buildingDoorGroupId, staffScheduleId],
  ]
  for (const [id, role, targetKind, targetId, scheduleId] of rules) insert.rule.run(id, 'role', role, targetKind, targetId, scheduleId, nowMs)
  return { gateEdgeId, gateDoorIds, buildingEdgeIds, buildingDoorIds, buildingDoorGroupId, staffScheduleId, ruleIds: rules.map((rule) => rule[0]) }
}

function insertAccounts(
  insert: Inserts,
  gridIds: readonly string[],
  people: { readonly landlordIds: readonly string[]; readonly ownerIds: readonly string[] },
  gateEdgeId: string,
  nowMs: number,
) {
  const account = (id: string, name: string, role: string, scope: { grid?: string; edge?: string; landlord?: string; person?: string }) =>
    insert.account.run(id, id.slice(4), name, role, scope.grid ?? null, scope.edge ?? null, scope.landlord ?? null, scope.person ?? null, nowMs)
  account('acc-admin', '管理员', 'admin', {})
  const gridManagerIds = gridIds.map((gridId, index) => {
    const id = `acc-grid-manager-${index + 1}`
    account(id, `网格员${index + 1}`, 'grid-manager', { grid: gridId })
    insert.gridManager.run(id, gridId)
    return id
  })
  account('acc-gate-staff', '门岗', 'gate-staff', { edge: gateEdgeId })
  const landlordAccountIds = people.landlordIds.map((landlordId, index) => {
    const id = `acc-landlord-${index + 1}`
    account(id, `房东${index + 1}`, 'landlord', { landlord: landlordId })
    return id
  })
  const residentAccountId = 'acc-resident-1'
  account(residentAccountId, '业主', 'resident', { person: people.ownerIds[0] ?? undefined })
  return { adminId: 'acc-admin', gridManagerIds, gateStaffId: 'acc-gate-staff', landlordAccountIds, residentAccountId }
}

function randomName(random: () => number): string {
  const surname = SURNAMES[Math.floor(random() * SURNAMES.length)]!
  const given = GIVEN[Math.floor(random() * GIVEN.length)]!
  return random() < 0.5 ? surname + given : surname + given + GIVEN[Math.floor(random() * GIVEN.length)]!
}

function randomPhone(random: () => number): string {
  const second = '3578'[Math.floor(random() * 4)]!
  return `1${second}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`
}

function randomIdNumber(random: () => number): string {
  const address = ADDRESS_CODES[Math.floor(random() * ADDRESS_CODES.length)]!
  const birth = new Date(Date.UTC(1940, 0, 1) + Math.floor(random() * 60 * 365.25) * 86_400_000)
  const date = `${birth.getUTCFullYear()}${String(birth.getUTCMonth() + 1).padStart(2, '0')}${String(birth.getUTCDate()).padStart(2, '0')}`
  const first17 = `${address}${date}${String(Math.floor(random() * 1000)).padStart(3, '0')}`
  return first17 + residentIdCheckCharacter(first17)!
}

function lookupKeyOf(result: ReturnType<typeof credentialLookupKey>): string {
  if (!result.ok) throw new Error(`seed produced a bad credential: ${result.message}`)
  return result.lookupKey
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index)
}

