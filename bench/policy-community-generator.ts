/**
 * A deterministic community policy of any size for the edge benchmarks: `residents` people in
 * buildings of 500 and households of about three, 2.5 credentials per resident (a card each,
 * PINs, entry passes, phones, visitor passes), one access row per resident for the gate, home
 * observation, medical exceptions and a lockdown. The same seed always gives the same bytes.
 * (The tests have their own row factories; bench code does not import test code.)
 */
import type { PolicyAccess } from '../protocol/policy/policy-access.js'
import type { PolicyCredential } from '../protocol/policy/policy-credential.js'
import type { PolicyDoor } from '../protocol/policy/policy-door.js'
import type { PolicyObservation } from '../protocol/policy/policy-observation.js'
import type { PolicyPerson } from '../protocol/policy/policy-person.js'
import type { PolicyPhoneKey } from '../protocol/policy/policy-phone-key.js'
import type { PolicyEntities, PolicySnapshot } from '../protocol/policy/policy-snapshot.js'
import { mulberry32 } from './mulberry32.js'

export interface CommunityPolicy {
  readonly snapshot: PolicySnapshot
  /** Lookup keys of every credential, for requests that find one. */
  readonly lookupKeys: readonly string[]
  readonly doorIds: readonly string[]
}

/** 2026-03-02 10:00 China Standard Time. */
export const COMMUNITY_NOW_MS = Date.UTC(2026, 2, 2, 2, 0, 0)
const DAY_MS = 86_400_000
const PEOPLE_PER_BUILDING = 500
/** Not checked on the HTTP path (the announcement's sha256 vouches for the body); shape only. */
const PLACEHOLDER_SIGNATURE = Buffer.alloc(64).toString('base64')

function pad(index: number): string {
  return String(index).padStart(6, '0')
}

function doors(buildings: number): PolicyDoor[] {
  const door = (id: string, overrides: Partial<PolicyDoor>): PolicyDoor => ({
    id,
    name: id,
    kind: 'gate',
    buildingId: null,
    antiPassback: 'hard',
    antiPassbackGroupId: 'compound',
    antiPassbackResetMs: DAY_MS,
    isTemperatureRequired: true,
    temperatureEnforcement: 'hard',
    maxPolicyAgeMs: 7 * DAY_MS,
    ...overrides,
  })
  return [
    door('north-gate', {}),
    door('north-gate-returnees', { antiPassback: 'soft', temperatureEnforcement: 'soft' }),
    ...Array.from({ length: Math.min(buildings, 4) }, (_, b) =>
      door(`b${pad(b)}-door`, { kind: 'building', buildingId: `b${pad(b)}`, antiPassback: 'off', isTemperatureRequired: false }),
    ),
  ]
}

interface Accumulator {
  readonly person: PolicyPerson[]
  readonly credential: PolicyCredential[]
  readonly access: PolicyAccess[]
  readonly phoneKey: PolicyPhoneKey[]
}

function credential(
  id: string,
  personId: string,
  kind: PolicyCredential['kind'],
  lookupKey: string,
  overrides: Partial<PolicyCredential> = {},
): PolicyCredential {
  return {
    id,
    personId,
    kind,
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

function addResident(into: Accumulator, index: number, random: () => number): void {
  const personId = `p${pad(index)}`
  const buildingId = `b${pad(Math.floor(index / PEOPLE_PER_BUILDING))}`
  const roll = random()
  into.person.push({
    id: personId,
    displayName: `住户 ${pad(index)}`,
    role: roll < 0.02 ? 'staff' : roll < 0.1 ? 'tenant' : 'resident',
    householdId: `h${pad(Math.floor(index / 3))}`,
    buildingId,
    photoId: `photo-${pad(index)}`,
  })
  into.credential.push(credential(`c${pad(index)}-card`, personId, 'card', `card:h10301:${index >> 16}:${index & 0xffff}`))
  into.access.push({ id: `a${pad(index)}-gate`, personId, doorId: 'north-gate', scheduleId: null, isLockdownExempt: false })
  // Half carry a phone; half of those carry their entry pass on it, the other half a paper pass.
  if (index % 2 === 0) {
    const keyId = `pk-${pad(index)}`
    const isDigitalPass = index % 4 === 0
    const passId = `c${pad(index)}-pass`
    into.credential.push(credential(`c${pad(index)}-phone`, personId, 'phone', `phone:${keyId}`))
    into.credential.push(credential(passId, personId, 'entry-pass', `pass:P${pad(index)}`, { boundPhoneKeyId: isDigitalPass ? keyId : null }))
    const publicKey = Buffer.alloc(32, index & 0xff).toString('base64')
    into.phoneKey.push({ id: keyId, personId, publicKey, passCredentialId: isDigitalPass ? passId : null, status: 'active' })
  }
  if (index % 5 < 2) {
    const validUntilMs = random() < 0.1 ? COMMUNITY_NOW_MS + Math.floor(random() * 90) * DAY_MS : null
    into.credential.push(credential(`c${pad(index)}-pin`, personId, 'pin', `pin:${10_000_000 + index}`, { validUntilMs }))
  }
}

function addVisitor(into: Accumulator, index: number, residents: number, random: () => number): void {
  const personId = `v${pad(index)}`
  const host = Math.floor(random() * residents)
  into.person.push({ id: personId, displayName: `访客 ${pad(index)}`, role: 'visitor', householdId: null, buildingId: null, photoId: null })
  into.credential.push(
    credential(`c${pad(index)}-visitor`, personId, 'visitor', `visitor:V${pad(index)}x${pad(host)}`, {
      validFromMs: COMMUNITY_NOW_MS - DAY_MS,
      validUntilMs: COMMUNITY_NOW_MS + DAY_MS,
      hostPersonId: `p${pad(host)}`,
      hostBuildingId: `b${pad(Math.floor(host / PEOPLE_PER_BUILDING))}`,
    }),
  )
}

function observations(residents: number, random: () => number): PolicyObservation[] {
  const rows: PolicyObservation[] = []
  const span = () => {
    const startsAtMs = COMMUNITY_NOW_MS - Math.floor(random() * 10) * DAY_MS
    return { startsAtMs, endsAtMs: startsAtMs + 14 * DAY_MS }
  }
  for (let i = 0; i < Math.ceil(residents / 100); i++) {
    rows.push({ id: `o-p-${pad(i)}`, subjectKind: 'person', subjectId: `p${pad(Math.floor(random() * residents))}`, ...span() })
  }
  for (let i = 0; i < Math.ceil(residents / 2000); i++) {
    rows.push({ id: `o-h-${pad(i)}`, subjectKind: 'household', subjectId: `h${pad(Math.floor((random() * residents) / 3))}`, ...span() })
  }
  rows.push({ id: 'o-b-000000', subjectKind: 'building', subjectId: 'b000007', ...span() })
  return rows
}

/** The policy of a community of `residents` (plus a tenth as many visitors) for edge `edgeId`. */
export function generateCommunityPolicy(residents: number, edgeId = 'gate-north', version = 1, seed = 20260302): CommunityPolicy {
  const random = mulberry32(seed)
  const buildings = Math.ceil(residents / PEOPLE_PER_BUILDING)
  const into: Accumulator = { person: [], credential: [], access: [], phoneKey: [] }
  for (let index = 0; index < residents; index++) addResident(into, index, random)
  for (let index = 0; index < Math.ceil(residents / 10); index++) addVisitor(into, index, residents, random)
  const doorRows = doors(buildings)
  const entities: PolicyEntities = {
    site: [
      {
        id: 'xiangyang',
        name: '向阳小区',
        utcOffsetMinutes: 480,
        feverThresholdCelsius: 37.3,
        lowReadingCelsius: 34,
        calibrationOffsetCelsius: 0.2,
        ambientReferenceCelsius: 25,
        ambientCoefficient: 0.05,
        maxAmbientCompensationCelsius: 1.5,
        samplesPerMeasurement: 5,
        remeasureWaitMs: 10_000,
        maxRemeasures: 2,
      },
    ],
    door: doorRows,
    person: into.person,
    credential: into.credential,
    access: into.access,
    schedule: [{ id: 'cleaners', name: 'Cleaners, weekdays', windows: ['mon-fri 07:00-19:00'], holidays: ['2026-10-01'], holidayWindows: [] }],
    observation: observations(residents, random),
    'medical-exception': Array.from({ length: Math.ceil(residents / 1000) }, (_, i) => ({
      id: `m-${pad(i)}`,
      personId: `p${pad(Math.floor(random() * residents))}`,
      startsAtMs: COMMUNITY_NOW_MS - DAY_MS,
      endsAtMs: COMMUNITY_NOW_MS + DAY_MS,
      approvedBy: '社区医生 刘',
    })),
    lockdown: [{ id: 'l-000001', buildingId: 'b000003', startsAtMs: COMMUNITY_NOW_MS - DAY_MS, endsAtMs: COMMUNITY_NOW_MS + DAY_MS }],
    'phone-key': into.phoneKey,
  }
  const snapshot: PolicySnapshot = {
    v: 1,
    edgeId,
    version,
    issuedAt: new Date(COMMUNITY_NOW_MS).toISOString(),
    entities,
    signature: PLACEHOLDER_SIGNATURE,
  }
  return { snapshot, lookupKeys: into.credential.map((row) => row.lookupKey), doorIds: doorRows.map((row) => row.id) }
}
