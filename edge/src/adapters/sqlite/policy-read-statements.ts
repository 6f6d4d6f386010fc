import type Database from 'better-sqlite3'
import type { PolicyEntityName } from '../../../../protocol/policy/policy-entities.js'
import { CREDENTIAL_WITH_HOLDER_SQL } from './credential-holder.js'
import { POLICY_TABLE_SPECS, columnList, type PolicyTableSpec } from './policy-table-specs.js'

/** The meta row as stored: the view's PolicyMeta plus what PolicyApplied reports. */
export interface StoredPolicyMeta {
  readonly edgeId: string
  readonly version: number
  readonly sha256: string
  readonly issuedAtMs: number
  readonly receivedAtMs: number
  readonly source: 'snapshot' | 'delta'
}

type Row = readonly unknown[]

/** The entities a view may hold in memory: rowid tables, read whole in snapshot order. */
export type InMemoryEntity = 'site' | 'door' | 'schedule' | 'lockdown' | 'observation' | 'medical-exception'

const IN_MEMORY_ENTITIES: readonly InMemoryEntity[] = ['site', 'door', 'schedule', 'lockdown', 'observation', 'medical-exception']
type RawStatement<P extends unknown[]> = Database.Statement<P, Row>

/** Every read of the policy cache, prepared once; each a point lookup or a small indexed range. */
export interface PolicyReadStatements {
  readonly meta: Database.Statement<[], StoredPolicyMeta>
  /** A credential and its holder: CREDENTIAL_WITH_HOLDER_SQL (credential-holder.ts). */
  readonly credentialWithHolder: RawStatement<[string]>
  readonly person: RawStatement<[string]>
  readonly accessFor: RawStatement<[string, string]>
  readonly observationsOf: RawStatement<[string, string]>
  readonly medicalExceptionsOf: RawStatement<[string]>
  readonly phoneKey: RawStatement<[string]>
  readonly antiPassbackState: RawStatement<[string, string]>
  /** Every row of an entity, in snapshot order: for the tables held in memory. */
  readonly allRows: (entity: InMemoryEntity) => Row[]
  readonly rowCount: (entity: PolicyEntityName) => number
}

function select(spec: PolicyTableSpec, where: string): string {
  return `SELECT ${columnList(spec)} FROM ${spec.table} WHERE ${where}`
}

export function preparePolicyReadStatements(connection: Database.Database): PolicyReadStatements {
  const specs = POLICY_TABLE_SPECS
  const raw = <P extends unknown[]>(sql: string): RawStatement<P> => connection.prepare<P, Row>(sql).raw(true)
  // `ORDER BY rowid` on an equality range of an index costs nothing: index entries with equal
  // keys are stored in rowid order, so no sort step is planned. Likewise `ORDER BY seq` on the
  // (person_id, door_id, seq) primary key of policy_access.
  const all = Object.fromEntries(
    IN_MEMORY_ENTITIES.map((entity) => [entity, raw<[]>(`SELECT ${columnList(specs[entity])} FROM ${specs[entity].table} ORDER BY rowid`)]),
  ) as Record<InMemoryEntity, RawStatement<[]>>
  const counts = Object.fromEntries(
    Object.values(specs).map((spec) => [spec.entity, connection.prepare<[], number>(`SELECT COUNT(*) FROM ${spec.table}`).pluck()]),
  ) as Record<PolicyEntityName, Database.Statement<[], number>>
  return {
    meta: connection.prepare<[], StoredPolicyMeta>(
      `SELECT edge_id AS edgeId, version, sha256, issued_at_ms AS issuedAtMs, received_at_ms AS receivedAtMs, source
       FROM policy_meta WHERE singleton = 1`,
    ),
    credentialWithHolder: raw(CREDENTIAL_WITH_HOLDER_SQL),
    person: raw(select(specs.person, 'id = ?')),
    accessFor: raw(`${select(specs.access, 'person_id = ? AND door_id = ?')} ORDER BY seq`),
    observationsOf: raw(`${select(specs.observation, 'subject_kind = ? AND subject_id = ?')} ORDER BY rowid`),
    medicalExceptionsOf: raw(`${select(specs['medical-exception'], 'person_id = ?')} ORDER BY rowid`),
    phoneKey: raw(select(specs['phone-key'], 'id = ?')),
    antiPassbackState: raw('SELECT direction, at_ms, door_id FROM anti_passback_state WHERE person_id = ? AND group_id = ?'),
    allRows: (entity) => all[entity].all(),
    rowCount: (entity) => counts[entity].get() ?? 0,
  }
}
