/**
 * Policy rows for tests: one factory per entity with sensible defaults, and a small community
 * (向阳小区) to extend per test. Times are China Standard Time (UTC+8); MONDAY_10AM_MS is
 * 2026-03-02 10:00 local.
 */
import type { PolicyAccess } from '../../protocol/policy/policy-access.js'
import type { PolicyCredential } from '../../protocol/policy/policy-credential.js'
import type { PolicyDoor } from '../../protocol/policy/policy-door.js'
import type { PolicyLockdown } from '../../protocol/policy/policy-lockdown.js'
import type { PolicyMedicalException } from '../../protocol/policy/policy-medical-exception.js'
import type { PolicyObservation } from '../../protocol/policy/policy-observation.js'
import type { PolicyPerson } from '../../protocol/policy/policy-person.js'
import type { PolicyPhoneKey } from '../../protocol/policy/policy-phone-key.js'
import type { PolicySchedule } from '../../protocol/policy/policy-schedule.js'
import type { PolicySite } from '../../protocol/policy/policy-site.js'
import type { PolicyEntityName, PolicyRowOf } from '../../protocol/policy/policy-entities.js'

export const MONDAY_10AM_MS = Date.UTC(2026, 2, 2, 2, 0, 0)
export const HOUR_MS = 3_600_000
export const DAY_MS = 24 * HOUR_MS

export type MutableEntities = { [E in PolicyEntityName]: PolicyRowOf<E>[] }

export function makeSite(overrides: Partial<PolicySite> = {}): PolicySite {
  return {
    id: 'xiangyang',
    name: '向阳小区',
    utcOffsetMinutes: 480,
    feverThresholdCelsius: 37.3,
    lowReadingCelsius: 34,
    calibrationOffsetCelsius: 0,
    ambientReferenceCelsius: 25,
    ambientCoefficient: 0,
    maxAmbientCompensationCelsius: 1.5,
    samplesPerMeasurement: 5,
    remeasureWaitMs: 10_000,
    maxRemeasures: 2,
    ...overrides,
  }
}

export function makeDoor(id: string, overrides: Partial<PolicyDoor> = {}): PolicyDoor {
  return {
    id,
    name: id,
    kind: 'gate',
    buildingId: null,
    antiPassback: 'off',
    antiPassbackGroupId: id,
    antiPassbackResetMs: null,
    isTemperatureRequired: false,
    temperatureEnforcement: 'hard',
    maxPolicyAgeMs: null,
    ...overrides,
  }
}

export function makePerson(id: string, overrides: Partial<PolicyPerson> = {}): PolicyPerson {
  return { id, displayName: id, role: 'resident', householdId: null, buildingId: null, photoId: null, ...overrides }
}

export function makeCredential(id: string, personId: string, lookupKey: string, overrides: Partial<PolicyCredential> = {}): PolicyCredential {
  return {
    id,
    personId,
    kind: 'card',
    lookupKey,
    status: 'active',
    validFromMs: null,
    validUntilMs: null,
    boundPhoneKeyId: null,
    hostPersonId: null,
    hostBuildingId: null,
    ...overrides,
  }
}

export function makeAccess(personId: string, doorId: string, overrides: Partial<PolicyAccess> = {}): PolicyAccess {
  return { id: `a-${personId}-${doorId}`.slice(0, 63), personId, doorId, scheduleId: null, isLockdownExempt: false, ...overrides }
}

export function makeSchedule(id: string, windows: string[], overrides: Partial<PolicySchedule> = {}): PolicySchedule {
  return { id, name: id, windows, holidays: [], holidayWindows: [], ...overrides }
}

export function makeObservation(
  id: string,
  subjectKind: PolicyObservation['subjectKind'],
  subjectId: string,
  startsAtMs: number,
  endsAtMs: number,
): PolicyObservation {
  return { id, subjectKind, subjectId, startsAtMs, endsAtMs }
}

export function makeMedicalException(id: string, personId: string, startsAtMs: number, endsAtMs: number): PolicyMedicalException {
  return { id, personId, startsAtMs, endsAtMs, approvedBy: '社区医生 刘' }
}

export function makeLockdown(id: string, buildingId: string, startsAtMs: number, endsAtMs: number): PolicyLockdown {
  return { id, buildingId, startsAtMs, endsAtMs }
}

/** A valid-looking Ed25519 public key (32 zero bytes): shape only, nothing is verified with it. */
export function makePhoneKey(id: string, personId: string, overrides: Partial<PolicyPhoneKey> = {}): PolicyPhoneKey {
  return { id, personId, publicKey: Buffer.alloc(32).toString('base64'), passCredentialId: null, status: 'active', ...overrides }
}

/**
 * The community: a north gate (hard anti-passback, temperature required), an east gate, the doors
 * of buildings b1 and b2. Zhang (b1, household h-101) and Li (b2) are residents with cards and
 * unscheduled access to the gates and their own building.
 */
export function communityEntities(): MutableEntities {
  const doors = [
    makeDoor('north-gate', { antiPassback: 'hard', antiPassbackGroupId: 'compound', isTemperatureRequired: true }),
    makeDoor('east-gate', { antiPassback: 'soft', antiPassbackGroupId: 'compound' }),
    makeDoor('b1-door', { kind: 'building', buildingId: 'b1' }),
    makeDoor('b2-door', { kind: 'building', buildingId: 'b2' }),
  ]
  const people = [
    makePerson('p-zhang', { displayName: '张建国', householdId: 'h-101', buildingId: 'b1' }),
    makePerson('p-li', { displayName: '李秀英', householdId: 'h-201', buildingId: 'b2' }),
  ]
  return {
    site: [makeSite()],
    door: doors,
    person: people,
    credential: [
      makeCredential('c-zhang', 'p-zhang', 'card:h10301:212:7041'),
      makeCredential('c-li', 'p-li', 'card:h10301:212:7042'),
    ],
    access: [
      ...['north-gate', 'east-gate', 'b1-door'].map((door) => makeAccess('p-zhang', door)),
      ...['north-gate', 'east-gate', 'b2-door'].map((door) => makeAccess('p-li', door)),
    ],
    schedule: [],
    observation: [],
    'medical-exception': [],
    lockdown: [],
    'phone-key': [],
  }
}
