import { ALARM_KINDS, type AlarmKind } from '../../../protocol/mqtt/messages/alarm.js'
import type { DoorInputEvent } from './door-events.js'

/**
 * Door supervision as a pure state machine: door inputs, grants and time go in, alarm changes
 * come out as values. DOOR_FORCED and DOOR_HELD_OPEN are worked out here; device conditions
 * (tamper, reader or thermometer offline, …) are raised and cleared by the caller and only
 * de-duplicated here, so each raise is paired with exactly one clear.
 */
export interface DoorSupervisionConfig {
  readonly doorId: string
  /** An opening this long after an exit request is an exit, not a forced door. */
  readonly exitWindowMs: number
  /** An opening this long after the lock re-engaged still counts as granted (a slow push). */
  readonly grantGraceMs: number
  /** The door may stay open this long after it opened or the lock re-engaged, whichever is later. */
  readonly heldOpenLimitMs: number
}

/** The lock was released for a grant until `untilMs` (Infinity while held open by staff). */
export interface AccessGranted {
  readonly kind: 'AccessGranted'
  readonly doorId: string
  readonly atMs: number
  readonly untilMs: number
}

/** The lock re-engaged early (a hold-open ended, a pulse was cut short). */
export interface LockReengaged {
  readonly kind: 'LockReengaged'
  readonly doorId: string
  readonly atMs: number
}

export interface SupervisionTick {
  readonly kind: 'Tick'
  readonly atMs: number
}

/** Alarm kinds the caller reports; the door alarms are computed here. */
export type DeviceAlarmKind = Exclude<AlarmKind, 'DOOR_FORCED' | 'DOOR_HELD_OPEN'>

/** Checked at run time too: an input from outside the type system must not raise a door alarm. */
const DEVICE_ALARM_KINDS: readonly string[] = ALARM_KINDS.filter((kind) => kind !== 'DOOR_FORCED' && kind !== 'DOOR_HELD_OPEN')

export interface DeviceConditionChanged {
  readonly kind: 'ConditionRaised' | 'ConditionCleared'
  readonly alarm: DeviceAlarmKind
  /** The device concerned (a key of EdgeStatus.devices), if any. */
  readonly device?: string
  readonly atMs: number
  readonly detail?: string
}

export type DoorSupervisionInput =
  | DoorInputEvent
  | AccessGranted
  | LockReengaged
  | SupervisionTick
  | DeviceConditionChanged

/** An alarm raised or cleared; the caller journals it as a protocol `Alarm` with id and seq. */
export interface AlarmChange {
  readonly kind: AlarmKind
  readonly state: 'raised' | 'cleared'
  readonly doorId: string
  readonly device?: string
  readonly atMs: number
  readonly detail?: string
}

export type OpenCause = 'granted' | 'exit' | 'forced' | 'unknown'

export interface DoorSupervisionState {
  readonly isDoorOpen: boolean
  readonly openedAtMs: number | null
  readonly openCause: OpenCause | null
  /** When the latest grant's lock re-engages (-Infinity: never granted). */
  readonly grantUntilMs: number
  readonly exitRequestedAtMs: number
  /** Keys of raised alarms: the kind, and `kind:device` for a device's condition. */
  readonly activeAlarms: readonly string[]
}

export interface DoorSupervisionStep {
  readonly state: DoorSupervisionState
  readonly alarms: readonly AlarmChange[]
}

export function initialDoorSupervisionState(): DoorSupervisionState {
  return {
    isDoorOpen: false,
    openedAtMs: null,
    openCause: null,
    grantUntilMs: Number.NEGATIVE_INFINITY,
    exitRequestedAtMs: Number.NEGATIVE_INFINITY,
    activeAlarms: [],
  }
}

/** Applies one input. Time checks (held open) run first, at the input's time. Never throws. */
export function superviseDoor(
  state: DoorSupervisionState,
  input: DoorSupervisionInput,
  config: DoorSupervisionConfig,
): DoorSupervisionStep {
  const alarms: AlarmChange[] = []
  let next = checkHeldOpen(state, input.atMs, config, alarms)
  if ('doorId' in input && input.doorId !== config.doorId) return { state: next, alarms }
  switch (input.kind) {
    case 'DoorOpened':
      next = doorOpened(next, input.atMs, input.isAtStart === true, config, alarms)
      break
    case 'DoorClosed':
      next = doorClosed(next, input.atMs, config, alarms)
      break
    case 'ExitRequested':
      next = { ...next, exitRequestedAtMs: input.atMs }
      break
    case 'AccessGranted':
      next = { ...next, grantUntilMs: Math.max(next.grantUntilMs, input.untilMs) }
      break
    case 'LockReengaged':
      next = { ...next, grantUntilMs: Math.min(next.grantUntilMs, input.atMs) }
      break
    case 'ConditionRaised':
    case 'ConditionCleared':
      next = deviceCondition(next, input, config, alarms)
      break
    case 'Tick':
      break
  }
  return { state: next, alarms }
}

/** When the machine next needs a Tick to raise an alarm on time; null when nothing is pending. */
export function nextSupervisionDueMs(state: DoorSupervisionState, config: DoorSupervisionConfig): number | null {
  const dueMs = heldOpenDueMs(state, config)
  return dueMs === null || state.activeAlarms.includes('DOOR_HELD_OPEN') ? null : dueMs
}

function heldOpenDueMs(state: DoorSupervisionState, config: DoorSupervisionConfig): number | null {
  if (!state.isDoorOpen || state.openedAtMs === null || state.openCause === 'forced') return null
  const lockEngagedAtMs = state.openCause === 'granted' ? state.grantUntilMs : Number.NEGATIVE_INFINITY
  const dueMs = Math.max(state.openedAtMs, lockEngagedAtMs) + config.heldOpenLimitMs
  return Number.isFinite(dueMs) ? dueMs : null
}

function checkHeldOpen(
  state: DoorSupervisionState,
  nowMs: number,
  config: DoorSupervisionConfig,
  alarms: AlarmChange[],
): DoorSupervisionState {
  const dueMs = nextSupervisionDueMs(state, config)
  if (dueMs === null || nowMs < dueMs) return state
  const detail = `open longer than ${Math.round(config.heldOpenLimitMs / 1000)} s`
  return raise(state, 'DOOR_HELD_OPEN', undefined, dueMs, config, alarms, detail)
}

function doorOpened(
  state: DoorSupervisionState,
  atMs: number,
  isAtStart: boolean,
  config: DoorSupervisionConfig,
  alarms: AlarmChange[],
): DoorSupervisionState {
  if (state.isDoorOpen) return state
  const cause = openCause(state, atMs, isAtStart, config)
  const opened: DoorSupervisionState = { ...state, isDoorOpen: true, openedAtMs: atMs, openCause: cause }
  if (cause !== 'forced') return opened
  return raise(opened, 'DOOR_FORCED', undefined, atMs, config, alarms, 'opened without a grant or exit request')
}

function openCause(state: DoorSupervisionState, atMs: number, isAtStart: boolean, config: DoorSupervisionConfig): OpenCause {
  if (isAtStart) return 'unknown'
  if (atMs <= state.grantUntilMs + config.grantGraceMs) return 'granted'
  if (atMs - state.exitRequestedAtMs <= config.exitWindowMs) return 'exit'
  return 'forced'
}

function doorClosed(
  state: DoorSupervisionState,
  atMs: number,
  config: DoorSupervisionConfig,
  alarms: AlarmChange[],
): DoorSupervisionState {
  if (!state.isDoorOpen) return state
  let next: DoorSupervisionState = { ...state, isDoorOpen: false, openedAtMs: null, openCause: null }
  next = clear(next, 'DOOR_FORCED', undefined, atMs, config, alarms)
  return clear(next, 'DOOR_HELD_OPEN', undefined, atMs, config, alarms)
}

function deviceCondition(
  state: DoorSupervisionState,
  input: DeviceConditionChanged,
  config: DoorSupervisionConfig,
  alarms: AlarmChange[],
): DoorSupervisionState {
  if (!DEVICE_ALARM_KINDS.includes(input.alarm)) return state
  if (input.kind === 'ConditionRaised') {
    return raise(state, input.alarm, input.device, input.atMs, config, alarms, input.detail)
  }
  return clear(state, input.alarm, input.device, input.atMs, config, alarms)
}

function alarmKey(kind: AlarmKind, device: string | undefined): string {
  return device === undefined ? kind : `${kind}:${device}`
}

function raise(
  state: DoorSupervisionState,
  kind: AlarmKind,
  device: string | undefined,
  atMs: number,
  config: DoorSupervisionConfig,
  alarms: AlarmChange[],
  detail: string | undefined,
): DoorSupervisionState {
  const key = alarmKey(kind, device)
  if (state.activeAlarms.includes(key)) return state
  alarms.push(alarmChange(kind, 'raised', device, atMs, config, detail))
  return { ...state, activeAlarms: [...state.activeAlarms, key] }
}

function clear(
  state: DoorSupervisionState,
  kind: AlarmKind,
  device: string | undefined,
  atMs: number,
  config: DoorSupervisionConfig,
  alarms: AlarmChange[],
): DoorSupervisionState {
  const key = alarmKey(kind, device)
  if (!state.activeAlarms.includes(key)) return state
  alarms.push(alarmChange(kind, 'cleared', device, atMs, config, undefined))
  return { ...state, activeAlarms: state.activeAlarms.filter((active) => active !== key) }
}

function alarmChange(
  kind: AlarmKind,
  state: 'raised' | 'cleared',
  device: string | undefined,
  atMs: number,
  config: DoorSupervisionConfig,
  detail: string | undefined,
): AlarmChange {
  return {
    kind,
    state,
    doorId: config.doorId,
    atMs,
    ...(device === undefined ? {} : { device }),
    ...(detail === undefined ? {} : { detail }),
  }
}
