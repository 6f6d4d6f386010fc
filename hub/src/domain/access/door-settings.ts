import type { AntiPassbackMode, DoorKind, TemperatureEnforcement } from '../../../../protocol/policy/policy-door.js'
import { accessFailure, accessSuccess, type AccessOutcome } from './access-failure.js'

export const DOOR_LANES = ['residents', 'returnees', 'assisted'] as const
export type DoorLane = (typeof DOOR_LANES)[number]

export const FAIL_MODES = ['fail-safe', 'fail-secure'] as const
export type FailMode = (typeof FAIL_MODES)[number]

/** Everything about a door but its identity and edge (the `doors` row of m003). */
export interface DoorSettings {
  readonly name: string
  readonly kind: DoorKind
  readonly buildingId: string | null
  readonly lane: DoorLane | null
  readonly failMode: FailMode
  readonly antiPassback: AntiPassbackMode
  readonly antiPassbackGroupId: string
  readonly antiPassbackResetMs: number | null
  readonly isTemperatureRequired: boolean
  readonly temperatureEnforcement: TemperatureEnforcement
  readonly maxPolicyAgeMs: number | null
}

/** A new door's settings, or a change to some of them; absent fields keep their value or default. */
export type DoorSettingsInput = { readonly [K in keyof DoorSettings]?: DoorSettings[K] }

/**
 * All gates share one anti-passback area by default (in by the north gate, out by the south gate
 * is one visit); a building's doors share the building's.
 */
export const COMPOUND_ANTI_PASSBACK_GROUP = 'compound'

/**
 * A new door's settings (`current` null) or a door after `input` changes it, with the defaults a
 * community expects (fail-secure, anti-passback off, no temperature), or every violation:
 * a building door names its building, a gate names none.
 */
export function resolveDoorSettings(input: DoorSettingsInput, current: DoorSettings | null): AccessOutcome<DoorSettings> {
  const kind = input.kind ?? current?.kind
  const name = input.name ?? current?.name
  const violations: string[] = []
  if (kind === undefined) violations.push('/kind: a new door is a "gate" or a "building" door')
  if (name === undefined) violations.push('/name: a new door needs a name')
  const buildingId = input.buildingId !== undefined ? input.buildingId : (current?.buildingId ?? null)
  if (kind === 'building' && buildingId === null) violations.push('/buildingId: a building door names its building')
  if (kind === 'gate' && buildingId !== null) violations.push('/buildingId: a gate belongs to no building (set it to null)')
  if (violations.length > 0 || kind === undefined || name === undefined) {
    return accessFailure('BAD_DOOR', 'the door settings do not fit together', violations)
  }
  return accessSuccess({
    name,
    kind,
    buildingId,
    lane: pick(input.lane, current?.lane, null),
    failMode: pick(input.failMode, current?.failMode, 'fail-secure'),
    antiPassback: pick(input.antiPassback, current?.antiPassback, 'off'),
    antiPassbackGroupId: pick(input.antiPassbackGroupId, current?.antiPassbackGroupId, buildingId ?? COMPOUND_ANTI_PASSBACK_GROUP),
    antiPassbackResetMs: pick(input.antiPassbackResetMs, current?.antiPassbackResetMs, null),
    isTemperatureRequired: pick(input.isTemperatureRequired, current?.isTemperatureRequired, false),
    temperatureEnforcement: pick(input.temperatureEnforcement, current?.temperatureEnforcement, 'hard'),
    maxPolicyAgeMs: pick(input.maxPolicyAgeMs, current?.maxPolicyAgeMs, null),
  })
}

function pick<T>(given: T | undefined, current: T | undefined, fallback: T): T {
  if (given !== undefined) return given
  return current !== undefined ? current : fallback
}
