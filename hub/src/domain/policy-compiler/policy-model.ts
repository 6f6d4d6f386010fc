/**
 * The community model as the policy compiler reads it: plain rows of the hub tables (m002, m003),
 * already parsed by the adapter (JSON windows decoded, 0/1 turned into booleans, instants as
 * integer milliseconds). Only what a compiled policy can depend on; names are the tables' own.
 */
import type { PolicySite } from '../../../../protocol/policy/policy-site.js'

export type ModelPersonRole = 'resident' | 'tenant' | 'staff' | 'visitor'
export type ModelPersonStatus = 'active' | 'pending' | 'moved-out'
export type ModelSubjectKind = 'person' | 'household' | 'unit' | 'building' | 'grid' | 'role'
export type ModelTargetKind = 'door' | 'door-group' | 'gates' | 'building' | 'own-building'
export type ModelCredentialKind = 'card' | 'pin' | 'entry-pass' | 'phone' | 'visitor'
export type ModelStatus = 'active' | 'revoked'

/** The site's settings are the policy's site row, field for field (m002 `sites`). */
export type ModelSite = PolicySite

export interface ModelDoor {
  readonly id: string
  readonly edgeId: string
  readonly name: string
  readonly kind: 'gate' | 'building'
  readonly buildingId: string | null
  readonly antiPassback: 'off' | 'soft' | 'hard'
  readonly antiPassbackGroupId: string
  readonly antiPassbackResetMs: number | null
  readonly isTemperatureRequired: boolean
  readonly temperatureEnforcement: 'hard' | 'soft'
  readonly maxPolicyAgeMs: number | null
}

export interface ModelDoorGroupMember {
  readonly groupId: string
  readonly doorId: string
}

export interface ModelSchedule {
  readonly id: string
  readonly name: string
  readonly windows: readonly string[]
  readonly holidayWindows: readonly string[]
}

/** m003's comment defines the kinds; `subjectId` of a role rule is the role's name. */
export interface ModelAccessRule {
  readonly id: string
  readonly subjectKind: ModelSubjectKind
  readonly subjectId: string
  readonly targetKind: ModelTargetKind
  readonly targetId: string | null
  readonly scheduleId: string | null
  readonly isLockdownExempt: boolean
  readonly validFromMs: number | null
  readonly validUntilMs: number | null
}

export interface ModelPerson {
  readonly id: string
  readonly displayName: string
  readonly role: ModelPersonRole
  readonly status: ModelPersonStatus
  readonly householdId: string | null
  readonly photoId: string | null
}

export interface ModelHousehold {
  readonly id: string
  readonly unitId: string
  readonly gridId: string | null
}

export interface ModelUnit {
  readonly id: string
  readonly buildingId: string
}

export interface ModelBuilding {
  readonly id: string
  readonly gridId: string | null
}

export interface ModelCredential {
  readonly id: string
  readonly personId: string
  readonly kind: ModelCredentialKind
  readonly lookupKey: string
  readonly status: ModelStatus
  readonly validFromMs: number | null
  readonly validUntilMs: number | null
  readonly boundPhoneKeyId: string | null
  readonly hostPersonId: string | null
  readonly hostBuildingId: string | null
  readonly issuedAtMs: number
  readonly revokedAtMs: number | null
}

export interface ModelPhoneKey {
  readonly id: string
  readonly personId: string
  readonly publicKey: string
  readonly passCredentialId: string | null
  readonly status: ModelStatus
  readonly enrolledAtMs: number
  readonly revokedAtMs: number | null
}

/** `endsAtMs` is already the effective end: the earlier of the release date and an early release. */
export interface ModelObservation {
  readonly id: string
  readonly subjectKind: 'person' | 'household' | 'building'
  readonly subjectId: string
  readonly startsAtMs: number
  readonly endsAtMs: number
}

export interface ModelMedicalException {
  readonly id: string
  readonly personId: string
  readonly startsAtMs: number
  readonly endsAtMs: number
  readonly approvedBy: string
}

/** `endsAtMs` is already the effective end: the earlier of the planned end and an early lifting. */
export interface ModelLockdown {
  readonly id: string
  readonly buildingId: string
  readonly startsAtMs: number
  readonly endsAtMs: number
}

/**
 * Everything the compiler needs, for every edge at once: a recompile reads the model once and
 * compiles each edge from it. The adapter may leave out rows that can no longer matter (ended
 * orders, credentials past their retention), the compiler filters them anyway.
 */
export interface PolicyModel {
  readonly site: ModelSite | null
  readonly edgeIds: readonly string[]
  readonly doors: readonly ModelDoor[]
  readonly doorGroupMembers: readonly ModelDoorGroupMember[]
  readonly schedules: readonly ModelSchedule[]
  /** The holiday calendar: local dates `YYYY-MM-DD`. */
  readonly holidays: readonly string[]
  readonly accessRules: readonly ModelAccessRule[]
  readonly persons: readonly ModelPerson[]
  readonly households: readonly ModelHousehold[]
  readonly units: readonly ModelUnit[]
  readonly buildings: readonly ModelBuilding[]
  readonly credentials: readonly ModelCredential[]
  readonly phoneKeys: readonly ModelPhoneKey[]
  readonly observations: readonly ModelObservation[]
  readonly medicalExceptions: readonly ModelMedicalException[]
  readonly lockdowns: readonly ModelLockdown[]
}

/** An empty model, to build test models from. */
export const EMPTY_POLICY_MODEL: PolicyModel = {
  site: null,
  edgeIds: [],
  doors: [],
  doorGroupMembers: [],
  schedules: [],
  holidays: [],
  accessRules: [],
  persons: [],
  households: [],
  units: [],
  buildings: [],
  credentials: [],
  phoneKeys: [],
  observations: [],
  medicalExceptions: [],
  lockdowns: [],
}
