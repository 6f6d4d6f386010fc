/** The hub's access-model answers as these screens read them (hub/src/adapters/http/access/access-view-schemas.ts). */

export type CredentialKind = 'card' | 'pin' | 'entry-pass' | 'phone' | 'visitor'

export interface CredentialView {
  readonly id: string
  readonly personId: string
  readonly personName: string
  readonly kind: CredentialKind
  readonly maskedReference: string
  readonly lookupKey: string | null
  readonly status: 'active' | 'revoked'
  readonly validFromMs: number | null
  readonly validUntilMs: number | null
  readonly boundPhoneKeyId: string | null
  readonly hostPersonId: string | null
  readonly issuedAtMs: number
  readonly revokedAtMs: number | null
  readonly lastUsedAtMs: number | null
  readonly lastUsedDoorId: string | null
  readonly lastUsedDoorName: string | null
}

export interface PhoneKeyView {
  readonly id: string
  readonly personId: string
  readonly passCredentialId: string | null
  readonly status: 'active' | 'revoked'
  readonly label: string | null
  readonly enrolledAtMs: number
}

export type DoorKind = 'gate' | 'building'
export type DoorLane = 'residents' | 'returnees' | 'assisted'

export interface DoorView {
  readonly id: string
  readonly edgeId: string
  readonly name: string
  readonly kind: DoorKind
  readonly buildingId: string | null
  readonly lane: DoorLane | null
  readonly failMode: 'fail-safe' | 'fail-secure'
  readonly antiPassback: 'off' | 'soft' | 'hard'
  readonly antiPassbackGroupId: string
  readonly antiPassbackResetMs: number | null
  readonly isTemperatureRequired: boolean
  readonly temperatureEnforcement: 'hard' | 'soft'
  readonly maxPolicyAgeMs: number | null
}

export interface EdgeView {
  readonly id: string
  readonly name: string
  readonly createdAtMs: number
  readonly doors: readonly DoorView[]
}

export interface DoorGroupView {
  readonly id: string
  readonly name: string
  readonly doorIds: readonly string[]
}

export interface ScheduleView {
  readonly id: string
  readonly name: string
  readonly windows: readonly string[]
  readonly holidayWindows: readonly string[]
}

export interface HolidayView {
  readonly localDate: string
  readonly name: string
}

export type RuleSubjectKind = 'person' | 'household' | 'unit' | 'building' | 'grid' | 'role'
export type RuleTargetKind = 'door' | 'door-group' | 'gates' | 'building' | 'own-building'

export interface AccessRuleView {
  readonly id: string
  readonly subjectKind: RuleSubjectKind
  readonly subjectId: string
  readonly targetKind: RuleTargetKind
  readonly targetId: string | null
  readonly scheduleId: string | null
  readonly isLockdownExempt: boolean
  readonly validFromMs: number | null
  readonly validUntilMs: number | null
}

export const DAY_MS = 86_400_000
