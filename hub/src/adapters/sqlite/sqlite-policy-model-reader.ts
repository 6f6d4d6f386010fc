import type BetterSqlite3 from 'better-sqlite3'
import type {
  ModelAccessRule,
  ModelCredential,
  ModelDoor,
  ModelDoorGroupMember,
  ModelLockdown,
  ModelMedicalException,
  ModelObservation,
  ModelPerson,
  ModelPhoneKey,
  ModelSchedule,
  ModelSite,
  PolicyModel,
} from '../../domain/policy-compiler/policy-model.js'
import type { PolicyModelSource } from '../../services/policy-distribution/policy-model-source.js'

type Statement<R> = BetterSqlite3.Statement<unknown[], R>

interface Statements {
  readonly site: Statement<ModelSite>
  readonly edges: Statement<{ id: string }>
  readonly doors: Statement<Omit<ModelDoor, 'isTemperatureRequired'> & { isTemperatureRequired: number }>
  readonly doorGroupMembers: Statement<ModelDoorGroupMember>
  readonly schedules: Statement<{ id: string; name: string; windows: string; holidayWindows: string }>
  readonly holidays: Statement<{ localDate: string }>
  readonly accessRules: Statement<Omit<ModelAccessRule, 'isLockdownExempt'> & { isLockdownExempt: number }>
  readonly persons: Statement<ModelPerson>
  readonly households: Statement<{ id: string; unitId: string; gridId: string | null }>
  readonly units: Statement<{ id: string; buildingId: string }>
  readonly buildings: Statement<{ id: string; gridId: string | null }>
  readonly credentials: Statement<ModelCredential>
  readonly phoneKeys: Statement<ModelPhoneKey>
  readonly observations: Statement<ModelObservation>
  readonly medicalExceptions: Statement<ModelMedicalException>
  readonly lockdowns: Statement<ModelLockdown>
}

/**
 * Reads the community model the policy compiler needs (m002, m003) in one read transaction, one
 * set-based statement per table (prepared once), leaving out what can no longer reach a policy:
 * people who are not active, credentials and phone keys past their retention, orders that have
 * ended. Instants are compared in SQL; the compiler applies the same rules again.
 */
export class SqlitePolicyModelReader implements PolicyModelSource {
  readonly #connection: BetterSqlite3.Database
  #statements: Statements | undefined
  #read: ((nowMs: number, retentionMs: number) => PolicyModel) | undefined

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  /** Prepares the statements (the first read does it otherwise). */
  start(): void {
    if (this.#statements !== undefined) return
    const statements = prepare(this.#connection)
    this.#statements = statements
    this.#read = this.#connection.transaction((nowMs: number, retentionMs: number) => readModel(statements, nowMs, retentionMs))
  }

  /** Forgets the statements; the connection belongs to the HubDatabase. */
  stop(): void {
    this.#statements = undefined
    this.#read = undefined
  }

  read(nowMs: number, retentionMs: number): PolicyModel {
    this.start()
    return this.#read!(nowMs, retentionMs)
  }
}

function prepare(connection: BetterSqlite3.Database): Statements {
  const statement = <R>(sql: string) => connection.prepare<unknown[], R>(sql)
  return {
    site: statement(
      `SELECT id, name, utc_offset_minutes AS utcOffsetMinutes, fever_threshold_celsius AS feverThresholdCelsius,
         low_reading_celsius AS lowReadingCelsius, calibration_offset_celsius AS calibrationOffsetCelsius,
         ambient_reference_celsius AS ambientReferenceCelsius, ambient_coefficient AS ambientCoefficient,
         max_ambient_compensation_celsius AS maxAmbientCompensationCelsius, samples_per_measurement AS samplesPerMeasurement,
         remeasure_wait_ms AS remeasureWaitMs, max_remeasures AS maxRemeasures
       FROM sites ORDER BY id LIMIT 1`,
    ),
    edges: statement(`SELECT id FROM edges ORDER BY id`),
    doors: statement(
      `SELECT id, edge_id AS edgeId, name, kind, building_id AS buildingId, anti_passback AS antiPassback,
         anti_passback_group_id AS antiPassbackGroupId, anti_passback_reset_ms AS antiPassbackResetMs,
         is_temperature_required AS isTemperatureRequired, temperature_enforcement AS temperatureEnforcement,
         max_policy_age_ms AS maxPolicyAgeMs
       FROM doors ORDER BY id`,
    ),
    doorGroupMembers: statement(`SELECT group_id AS groupId, door_id AS doorId FROM door_group_members ORDER BY group_id, door_id`),
    schedules: statement(`SELECT id, name, windows, holiday_windows AS holidayWindows FROM schedules ORDER BY id`),
    holidays: statement(`SELECT local_date AS localDate FROM holidays ORDER BY local_date`),
    accessRules: statement(
      `SELECT id, subject_kind AS subjectKind, subject_id AS subjectId, target_kind AS targetKind, target_id AS targetId,
         schedule_id AS scheduleId, is_lockdown_exempt AS isLockdownExempt, valid_from_ms AS validFromMs, valid_until_ms AS validUntilMs
       FROM access_rules WHERE valid_until_ms IS NULL OR valid_until_ms > @nowMs ORDER BY id`,
    ),
    persons: statement(
      `SELECT id, display_name AS displayName, role, status, household_id AS householdId, photo_id AS photoId
       FROM persons WHERE status = 'active' ORDER BY id`,
    ),
    households: statement(`SELECT id, unit_id AS unitId, grid_id AS gridId FROM households ORDER BY id`),
    units: statement(`SELECT id, building_id AS buildingId FROM units ORDER BY id`),
    buildings: statement(`SELECT id, grid_id AS gridId FROM buildings ORDER BY id`),
    credentials: statement(
      `SELECT c.id, c.person_id AS personId, c.kind, c.lookup_key AS lookupKey, c.status, c.valid_from_ms AS validFromMs,
         c.valid_until_ms AS validUntilMs, c.bound_phone_key_id AS boundPhoneKeyId, c.host_person_id AS hostPersonId,
         c.host_building_id AS hostBuildingId, c.issued_at_ms AS issuedAtMs, c.revoked_at_ms AS revokedAtMs
       FROM credentials c JOIN persons p ON p.id = c.person_id AND p.status = 'active'
       WHERE (c.status = 'active' AND (c.valid_until_ms IS NULL OR c.valid_until_ms + @retentionMs > @nowMs))
          OR (c.status = 'revoked' AND COALESCE(c.revoked_at_ms, c.issued_at_ms) + @retentionMs > @nowMs)
       ORDER BY c.id`,
    ),
    phoneKeys: statement(
      `SELECT k.id, k.person_id AS personId, k.public_key AS publicKey, k.pass_credential_id AS passCredentialId, k.status,
         k.enrolled_at_ms AS enrolledAtMs, k.revoked_at_ms AS revokedAtMs
       FROM phone_keys k JOIN persons p ON p.id = k.person_id AND p.status = 'active'
       WHERE k.status = 'active' OR COALESCE(k.revoked_at_ms, k.enrolled_at_ms) + @retentionMs > @nowMs
       ORDER BY k.id`,
    ),
    // Early release and lifting move the end: the effective end is the earlier of the two.
    observations: statement(
      `SELECT id, subject_kind AS subjectKind, subject_id AS subjectId, starts_at_ms AS startsAtMs,
         MIN(ends_at_ms, COALESCE(released_early_at_ms, ends_at_ms)) AS endsAtMs
       FROM observation_orders
       WHERE MIN(ends_at_ms, COALESCE(released_early_at_ms, ends_at_ms)) > MAX(@nowMs, starts_at_ms)
       ORDER BY id`,
    ),
    medicalExceptions: statement(
      `SELECT id, person_id AS personId, starts_at_ms AS startsAtMs, ends_at_ms AS endsAtMs, approved_by AS approvedBy
       FROM medical_exceptions WHERE ends_at_ms > @nowMs ORDER BY id`,
    ),
    lockdowns: statement(
      `SELECT id, building_id AS buildingId, starts_at_ms AS startsAtMs,
         MIN(ends_at_ms, COALESCE(lifted_early_at_ms, ends_at_ms)) AS endsAtMs
       FROM lockdowns
       WHERE MIN(ends_at_ms, COALESCE(lifted_early_at_ms, ends_at_ms)) > MAX(@nowMs, starts_at_ms)
       ORDER BY id`,
    ),
  }
}

function readModel(statements: Statements, nowMs: number, retentionMs: number): PolicyModel {
  const now = { nowMs }
  const nowAndRetention = { nowMs, retentionMs }
  return {
    site: statements.site.get() ?? null,
    edgeIds: statements.edges.all().map((edge) => edge.id),
    doors: statements.doors.all().map((door) => ({ ...door, isTemperatureRequired: door.isTemperatureRequired === 1 })),
    doorGroupMembers: statements.doorGroupMembers.all(),
    schedules: statements.schedules.all().map(
      (row): ModelSchedule => ({ id: row.id, name: row.name, windows: windowList(row.windows), holidayWindows: windowList(row.holidayWindows) }),
    ),
    holidays: statements.holidays.all().map((row) => row.localDate),
    accessRules: statements.accessRules.all(now).map((rule) => ({ ...rule, isLockdownExempt: rule.isLockdownExempt === 1 })),
    persons: statements.persons.all(),
    households: statements.households.all(),
    units: statements.units.all(),
    buildings: statements.buildings.all(),
    credentials: statements.credentials.all(nowAndRetention),
    phoneKeys: statements.phoneKeys.all(nowAndRetention),
    observations: statements.observations.all(now),
    medicalExceptions: statements.medicalExceptions.all(now),
    lockdowns: statements.lockdowns.all(now),
  }
}

/**
 * A schedule's windows column: a JSON list of strings (m003). Anything else reads as no window at
 * all, which never opens (fails closed); the schedule routes validate what they store.
 */
function windowList(json: string): string[] {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return []
  }
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : []
}
