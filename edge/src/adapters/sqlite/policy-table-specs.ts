/**
 * How each policy entity is laid out in the edge database (migration 3 in edge-migrations.ts):
 * one table per entity, one column per row field, named in snake_case. The lists here are the
 * single place that pairs a field with its column and its SQLite representation; a test checks
 * them against the tables the migration created.
 */
import type { PolicyEntityName, PolicyRowOf } from '../../../../protocol/policy/policy-entities.js'

/**
 * - text, integer, real: stored as is (null stays null).
 * - boolean: INTEGER 0/1 (SQLite has no boolean, better-sqlite3 binds none).
 * - json: a flat list (schedule windows and holidays) as JSON text.
 */
export type PolicyColumnKind = 'text' | 'integer' | 'real' | 'boolean' | 'json'

export interface PolicyColumnSpec {
  readonly field: string
  readonly column: string
  readonly kind: PolicyColumnKind
}

export interface PolicyTableSpec {
  readonly entity: PolicyEntityName
  readonly table: string
  /** `id` first, always. */
  readonly columns: readonly PolicyColumnSpec[]
  /**
   * How a range keeps snapshot order: `rowid` for rowid tables; `seq` for a WITHOUT ROWID table
   * with a `seq` column after the row's columns (the row's place in the snapshot); `none` for
   * a WITHOUT ROWID table read by point lookups only.
   */
  readonly order: 'rowid' | 'seq' | 'none'
  /** With order `seq`: the columns a row's place counts within (the primary key before seq). */
  readonly seqGroup: readonly string[]
}

function columnOf(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
}

function table(
  entity: PolicyEntityName,
  fields: Readonly<Record<string, PolicyColumnKind>>,
  order: PolicyTableSpec['order'] = 'rowid',
  seqGroup: readonly string[] = [],
): PolicyTableSpec {
  const columns = Object.entries(fields).map(([field, kind]) => ({ field, column: columnOf(field), kind }))
  return { entity, table: `policy_${entity.replace(/-/g, '_')}`, columns, order, seqGroup }
}

export const POLICY_TABLE_SPECS: Readonly<Record<PolicyEntityName, PolicyTableSpec>> = {
  site: table('site', {
    id: 'text',
    name: 'text',
    utcOffsetMinutes: 'integer',
    feverThresholdCelsius: 'real',
    lowReadingCelsius: 'real',
    calibrationOffsetCelsius: 'real',
    ambientReferenceCelsius: 'real',
    ambientCoefficient: 'real',
    maxAmbientCompensationCelsius: 'real',
    samplesPerMeasurement: 'integer',
    remeasureWaitMs: 'integer',
    maxRemeasures: 'integer',
  }),
  door: table('door', {
    id: 'text',
    name: 'text',
    kind: 'text',
    buildingId: 'text',
    antiPassback: 'text',
    antiPassbackGroupId: 'text',
    antiPassbackResetMs: 'integer',
    isTemperatureRequired: 'boolean',
    temperatureEnforcement: 'text',
    maxPolicyAgeMs: 'integer',
  }),
  person: table(
    'person',
    {
      id: 'text',
      displayName: 'text',
      role: 'text',
      householdId: 'text',
      buildingId: 'text',
      photoId: 'text',
    },
    'none',
  ),
  credential: table('credential', {
    id: 'text',
    personId: 'text',
    kind: 'text',
    lookupKey: 'text',
    status: 'text',
    validFromMs: 'integer',
    validUntilMs: 'integer',
    boundPhoneKeyId: 'text',
    hostPersonId: 'text',
    hostBuildingId: 'text',
  }),
  access: table(
    'access',
    {
      id: 'text',
      personId: 'text',
      doorId: 'text',
      scheduleId: 'text',
      isLockdownExempt: 'boolean',
    },
    'seq',
    ['person_id', 'door_id'],
  ),
  schedule: table('schedule', {
    id: 'text',
    name: 'text',
    windows: 'json',
    holidays: 'json',
    holidayWindows: 'json',
  }),
  observation: table('observation', {
    id: 'text',
    subjectKind: 'text',
    subjectId: 'text',
    startsAtMs: 'integer',
    endsAtMs: 'integer',
  }),
  'medical-exception': table('medical-exception', {
    id: 'text',
    personId: 'text',
    startsAtMs: 'integer',
    endsAtMs: 'integer',
    approvedBy: 'text',
  }),
  lockdown: table('lockdown', {
    id: 'text',
    buildingId: 'text',
    startsAtMs: 'integer',
    endsAtMs: 'integer',
  }),
  'phone-key': table('phone-key', {
    id: 'text',
    personId: 'text',
    publicKey: 'text',
    passCredentialId: 'text',
    status: 'text',
  }),
}

/** Column names, comma separated, in spec order (each after `alias.` if given): what every SELECT and INSERT lists. */
export function columnList(spec: PolicyTableSpec, alias?: string): string {
  return spec.columns.map((column) => (alias === undefined ? column.column : `${alias}.${column.column}`)).join(', ')
}

/** The values to bind for a row, in column order. */
export function sqlValuesOf(spec: PolicyTableSpec, row: object, into: unknown[] = [], offset = 0): unknown[] {
  const fields = row as Record<string, unknown>
  const { columns } = spec
  for (let index = 0; index < columns.length; index++) {
    const { field, kind } = columns[index]!
    const value = fields[field]
    into[offset + index] = value === null || value === undefined ? null : kind === 'boolean' ? (value ? 1 : 0) : kind === 'json' ? JSON.stringify(value) : value
  }
  return into
}

/** A domain row from the values a raw statement returned, in column order from `offset`. */
export function rowOf<E extends PolicyEntityName>(spec: PolicyTableSpec, values: readonly unknown[], offset = 0): PolicyRowOf<E> {
  const row: Record<string, unknown> = {}
  const { columns } = spec
  for (let index = 0; index < columns.length; index++) {
    const { field, kind } = columns[index]!
    const value = values[offset + index]
    row[field] = value === null ? null : kind === 'boolean' ? value === 1 : kind === 'json' ? JSON.parse(value as string) : value
  }
  return row as PolicyRowOf<E>
}
