import { join } from 'node:path'
import type { Test } from 'tap'
import type { Caller } from '../../hub/src/domain/caller.js'
import { auditActorOf } from '../../hub/src/adapters/sqlite/append-audit.js'
import { openHubDatabase, type HubDatabase } from '../../hub/src/adapters/sqlite/open-hub-database.js'

export const T0 = 1_700_000_000_000
export const DAY_MS = 86_400_000
export const HOUR_MS = 3_600_000

/**
 * A small community for the access tests, inserted straight into the m002 tables: two grids, a
 * building in each, one household per building, residents 张 (grid 1) and 李 (grid 2), staff 王.
 */
export const COMMUNITY = {
  grid1: 'grid-1',
  grid2: 'grid-2',
  building1: 'bld-1',
  building2: 'bld-2',
  household1: 'hh-1',
  household2: 'hh-2',
  zhang: 'per-zhang',
  zhangWife: 'per-zhang-wife',
  li: 'per-li',
  wang: 'per-wang',
} as const

export function openAccessTestDatabase(t: Test): HubDatabase {
  const database = openHubDatabase({ path: join(t.testdir(), 'hub.db') })
  t.teardown(() => database.close())
  seedSmallCommunity(database)
  return database
}

function seedSmallCommunity(database: HubDatabase): void {
  const c = COMMUNITY
  database.connection.exec(`
    INSERT INTO sites (id, name, updated_at_ms) VALUES ('site', '幸福小区', ${T0});
    INSERT INTO grids (id, name, created_at_ms) VALUES ('${c.grid1}', '第一网格', ${T0}), ('${c.grid2}', '第二网格', ${T0});
    INSERT INTO buildings (id, name, grid_id, created_at_ms) VALUES ('${c.building1}', '1栋', '${c.grid1}', ${T0}), ('${c.building2}', '2栋', '${c.grid2}', ${T0});
    INSERT INTO units (id, building_id, name, created_at_ms) VALUES ('unit-1', '${c.building1}', '1单元', ${T0}), ('unit-2', '${c.building2}', '1单元', ${T0});
    INSERT INTO households (id, unit_id, room, grid_id, created_at_ms) VALUES ('${c.household1}', 'unit-1', '101', NULL, ${T0}), ('${c.household2}', 'unit-2', '202', NULL, ${T0});
    INSERT INTO persons (id, display_name, role, relation, household_id, created_at_ms, updated_at_ms) VALUES
      ('${c.zhang}', '张建国', 'resident', 'owner', '${c.household1}', ${T0}, ${T0}),
      ('${c.zhangWife}', '刘芳', 'resident', 'family', '${c.household1}', ${T0}, ${T0}),
      ('${c.li}', '李明', 'tenant', 'tenant', '${c.household2}', ${T0}, ${T0}),
      ('${c.wang}', '王师傅', 'staff', NULL, NULL, ${T0}, ${T0});
  `)
}

export function caller(role: Caller['role'], overrides: Partial<Caller> = {}): Caller {
  return {
    accountId: `acc-${role}`,
    displayName: `${role} account`,
    role,
    gridId: null,
    checkpointEdgeId: null,
    landlordId: null,
    personId: null,
    ...overrides,
  }
}

export const ADMIN = caller('admin')
export const GRID1_MANAGER = caller('grid-manager', { accountId: 'acc-gm1', gridId: COMMUNITY.grid1 })
export const ZHANG = caller('resident', { accountId: 'acc-zhang', personId: COMMUNITY.zhang })
export const LI = caller('resident', { accountId: 'acc-li', personId: COMMUNITY.li })

export function contextOf(who: Caller, atMs = T0) {
  return { actor: auditActorOf(who), atMs, accountId: who.accountId }
}

export interface AuditRow {
  readonly action: string
  readonly subjectKind: string
  readonly subjectId: string | null
  readonly actorId: string
  readonly detail: string
}

export function auditRows(database: HubDatabase): AuditRow[] {
  return database.connection
    .prepare('SELECT action, subject_kind AS subjectKind, subject_id AS subjectId, actor_id AS actorId, detail FROM audit_log ORDER BY seq')
    .all() as AuditRow[]
}

/** A valid Ed25519 public key (raw 32 bytes, base64) from a seed byte, without generating a pair. */
export function fakePublicKey(seed: number): string {
  return Buffer.alloc(32, seed).toString('base64')
}
