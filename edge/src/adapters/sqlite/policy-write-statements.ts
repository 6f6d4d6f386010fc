import type Database from 'better-sqlite3'
import { POLICY_ENTITY_NAMES, type PolicyEntityName } from '../../../../protocol/policy/policy-entities.js'
import type { PolicyEntities } from '../../../../protocol/policy/policy-snapshot.js'
import type { ValidPolicyChange } from '../../../../protocol/policy/validate-policy-row.js'
import type { StoredPolicyMeta } from './policy-read-statements.js'
import { POLICY_TABLE_SPECS, columnList, sqlValuesOf, type PolicyTableSpec } from './policy-table-specs.js'

/**
 * Rows per multi-row INSERT in a bulk load: one call into SQLite per 128 rows instead of per row
 * (each call crosses from JavaScript to native code and binds), well under SQLite's limit of
 * 32,766 bound parameters.
 */
const ROWS_PER_INSERT = 128

interface EntityWrites {
  readonly spec: PolicyTableSpec
  /** Values per row: the row's columns, then its place for a `seq` table. */
  readonly width: number
  readonly insertOne: Database.Statement<unknown[], void>
  readonly insertMany: Database.Statement<unknown[], void>
  readonly put: (row: object) => void
  readonly deleteById: Database.Statement<[string], void>
  readonly deleteAll: Database.Statement<[], void>
}

/** An index of a policy table as the migration created it: dropped and rebuilt around a bulk load. */
interface IndexDefinition {
  readonly name: string
  readonly sql: string
}

/** Every write to the policy cache, prepared once. None opens a transaction: the caller does. */
export interface PolicyWriteStatements {
  /** Deletes every policy row and inserts the snapshot's; returns the rows written. */
  replaceAllRows(entities: PolicyEntities): number
  /** One delta change: a put inserts or replaces by id (preparePut), a delete removes the id if present. */
  applyChange(change: ValidPolicyChange): void
  rowCount(entity: PolicyEntityName): number
  writeMeta(meta: StoredPolicyMeta): void
  recordPassage(personId: string, groupId: string, direction: 'in' | 'out', atMs: number, doorId: string): void
  /** Forgets the anti-passback state of people no longer in the policy. */
  pruneAntiPassback(): number
}

function placeholders(count: number): string {
  return `(${Array.from({ length: count }, () => '?').join(', ')})`
}

/**
 * A put by id. Rowid and point-lookup tables upsert, keeping a replaced row's place; a `seq` table
 * deletes the row and inserts it after the rows already in its group (its place is part of the
 * primary key, so it cannot be kept when the row moves to another person or door).
 */
function preparePut(connection: Database.Database, spec: PolicyTableSpec): (row: object) => void {
  const columns = columnList(spec)
  if (spec.order !== 'seq') {
    const updates = spec.columns
      .filter((column) => column.field !== 'id')
      .map((column) => `${column.column} = excluded.${column.column}`)
      .join(', ')
    const upsert = connection.prepare<unknown[], void>(
      `INSERT INTO ${spec.table} (${columns}) VALUES ${placeholders(spec.columns.length)} ON CONFLICT (id) DO UPDATE SET ${updates}`,
    )
    return (row) => upsert.run(sqlValuesOf(spec, row))
  }
  const deleteById = connection.prepare<[string], void>(`DELETE FROM ${spec.table} WHERE id = ?`)
  const groupColumns = spec.seqGroup.map((column) => `${column} = ?`).join(' AND ')
  const groupFields = spec.seqGroup.map((column) => spec.columns.findIndex((candidate) => candidate.column === column))
  const insertAtEnd = connection.prepare<unknown[], void>(
    `INSERT INTO ${spec.table} (${columns}, seq) VALUES (${spec.columns.map(() => '?').join(', ')},
       (SELECT COALESCE(MAX(seq), -1) + 1 FROM ${spec.table} WHERE ${groupColumns}))`,
  )
  return (row) => {
    const values = sqlValuesOf(spec, row)
    deleteById.run(values[0] as string)
    insertAtEnd.run([...values, ...groupFields.map((index) => values[index])])
  }
}

function prepareEntity(connection: Database.Database, spec: PolicyTableSpec): EntityWrites {
  const isSequenced = spec.order === 'seq'
  const width = spec.columns.length + (isSequenced ? 1 : 0)
  const insert = `INSERT INTO ${spec.table} (${columnList(spec)}${isSequenced ? ', seq' : ''}) VALUES `
  return {
    spec,
    width,
    insertOne: connection.prepare(insert + placeholders(width)),
    insertMany: connection.prepare(insert + Array.from({ length: ROWS_PER_INSERT }, () => placeholders(width)).join(', ')),
    put: preparePut(connection, spec),
    deleteById: connection.prepare(`DELETE FROM ${spec.table} WHERE id = ?`),
    deleteAll: connection.prepare(`DELETE FROM ${spec.table}`),
  }
}

/** Inserts a snapshot's rows; a `seq` table gets each row's index as its place. */
function insertRows(writes: EntityWrites, rows: readonly object[]): void {
  const { spec, width } = writes
  const isSequenced = spec.order === 'seq'
  const valuesOf = (index: number, into: unknown[], offset: number) => {
    sqlValuesOf(spec, rows[index]!, into, offset)
    if (isSequenced) into[offset + width - 1] = index
  }
  const batch: unknown[] = new Array(width * ROWS_PER_INSERT)
  let index = 0
  for (; index + ROWS_PER_INSERT <= rows.length; index += ROWS_PER_INSERT) {
    for (let offset = 0; offset < ROWS_PER_INSERT; offset++) valuesOf(index + offset, batch, offset * width)
    writes.insertMany.run(batch)
  }
  const one: unknown[] = new Array(width)
  for (; index < rows.length; index++) {
    valuesOf(index, one, 0)
    writes.insertOne.run(one)
  }
}

function policyIndexes(connection: Database.Database): IndexDefinition[] {
  const tables = POLICY_ENTITY_NAMES.map((entity) => POLICY_TABLE_SPECS[entity].table)
  return connection
    .prepare<string[], IndexDefinition>(
      `SELECT name, sql FROM sqlite_schema
       WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(', ')})`,
    )
    .all(...tables)
}

export function preparePolicyWriteStatements(connection: Database.Database): PolicyWriteStatements {
  const entities = Object.fromEntries(
    POLICY_ENTITY_NAMES.map((entity) => [entity, prepareEntity(connection, POLICY_TABLE_SPECS[entity])]),
  ) as Record<PolicyEntityName, EntityWrites>
  const indexes = policyIndexes(connection)
  const counts = Object.fromEntries(
    POLICY_ENTITY_NAMES.map((entity) => [
      entity,
      connection.prepare<[], number>(`SELECT COUNT(*) FROM ${POLICY_TABLE_SPECS[entity].table}`).pluck(),
    ]),
  ) as Record<PolicyEntityName, Database.Statement<[], number>>
  const writeMeta = connection.prepare<[string, number, string, number, number, string], void>(
    `INSERT OR REPLACE INTO policy_meta (singleton, edge_id, version, sha256, issued_at_ms, received_at_ms, source)
     VALUES (1, ?, ?, ?, ?, ?, ?)`,
  )
  const recordPassage = connection.prepare<[string, string, string, number, string], void>(
    `INSERT INTO anti_passback_state (person_id, group_id, direction, at_ms, door_id) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (person_id, group_id) DO UPDATE SET direction = excluded.direction, at_ms = excluded.at_ms, door_id = excluded.door_id`,
  )
  const pruneAntiPassback = connection.prepare<[], void>(
    'DELETE FROM anti_passback_state WHERE person_id NOT IN (SELECT id FROM policy_person)',
  )
  return {
    replaceAllRows: (snapshotEntities) => {
      // Rebuilding an index by sorting once is several times faster than updating it row by row
      // for 250,000 random lookup keys; the DDL is inside the caller's transaction like the rows.
      for (const { name } of indexes) connection.exec(`DROP INDEX ${name}`)
      let written = 0
      for (const entity of POLICY_ENTITY_NAMES) {
        entities[entity].deleteAll.run()
        insertRows(entities[entity], snapshotEntities[entity])
        written += snapshotEntities[entity].length
      }
      for (const { sql } of indexes) connection.exec(sql)
      return written
    },
    applyChange: (change) => {
      const writes = entities[change.entity]
      if (change.op === 'delete') writes.deleteById.run(change.key)
      else writes.put(change.row)
    },
    rowCount: (entity) => counts[entity].get() ?? 0,
    writeMeta: (meta) => {
      writeMeta.run(meta.edgeId, meta.version, meta.sha256, meta.issuedAtMs, meta.receivedAtMs, meta.source)
    },
    recordPassage: (personId, groupId, direction, atMs, doorId) => {
      recordPassage.run(personId, groupId, direction, atMs, doorId)
    },
    pruneAntiPassback: () => pruneAntiPassback.run().changes,
  }
}
