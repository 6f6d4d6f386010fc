/**
 * Which alerts an access event or an alarm raises or clears (pure; the caller stores them).
 * What a status means for alerts is in alerts-from-status.ts.
 */
import type { AccessEvent } from '../../../../protocol/mqtt/messages/access-event.js'
import type { Alarm, AlarmKind } from '../../../../protocol/mqtt/messages/alarm.js'
import type { DEVICE_KINDS } from '../../../../protocol/mqtt/messages/edge-status.js'
import { alertKey, clear, raise, type AlertIntent, type AlertKind } from './alert-intent.js'

type DeviceKind = (typeof DEVICE_KINDS)[number]

export interface RepeatedDenialRule {
  /** This many denials of one credential at one edge ... */
  readonly threshold: number
  /** ... within this window (event time) raise REPEATED_DENIALS. */
  readonly windowMs: number
}

export const DEFAULT_REPEATED_DENIAL_RULE: RepeatedDenialRule = { threshold: 3, windowMs: 5 * 60_000 }

/**
 * What "one credential" is for counting denials: the person when the edge knew them, else the
 * kind and masked reference (two unknown cards ending in the same four digits count together,
 * which errs on the side of an alert). Staff opening by hand are not a credential.
 */
export function credentialKeyOf(event: Pick<AccessEvent, 'personId' | 'credential'>): string {
  return event.personId === undefined ? `${event.credential.kind}:${event.credential.maskedReference}` : `person:${event.personId}`
}

export function isFeverEvent(event: Pick<AccessEvent, 'decision' | 'temperature'>): boolean {
  return event.decision.reason === 'FEVER' || event.temperature?.isFever === true
}

/**
 * FEVER for a fever reading or refusal; REPEATED_DENIALS once `recentDenials` (this denial
 * included, counted by the caller over the rule's window) reaches the threshold.
 */
export function alertsFromEvent(event: AccessEvent, occurredAtMs: number, recentDenials: number, rule: RepeatedDenialRule): AlertIntent[] {
  const intents: AlertIntent[] = []
  const subject = { edgeId: event.edgeId, doorId: event.doorId, personId: event.personId ?? null }
  const source = { kind: 'event', id: event.id } as const
  if (isFeverEvent(event)) {
    intents.push(raise('FEVER', alertKey('FEVER', event.edgeId, event.id), subject, source, `fever at door ${event.doorId}`, occurredAtMs))
  }
  if (!event.decision.granted && event.credential.kind !== 'manual' && recentDenials >= rule.threshold) {
    const minutes = Math.round(rule.windowMs / 60_000)
    const detail = `${recentDenials} denials of one ${event.credential.kind} within ${minutes} min, last ${event.decision.reason}`
    intents.push(raise('REPEATED_DENIALS', alertKey('REPEATED_DENIALS', event.edgeId, credentialKeyOf(event)), subject, source, detail, occurredAtMs))
  }
  return intents
}

// Alarm kinds are typed as plain strings by the schema, hence maps keyed by string.
const DEVICE_ALARMS: ReadonlyMap<string, DeviceKind> = new Map<AlarmKind, DeviceKind>([
  ['READER_OFFLINE', 'reader'],
  ['THERMOMETER_OFFLINE', 'thermometer'],
  ['QR_SCANNER_OFFLINE', 'qr-scanner'],
  ['DOOR_BOARD_OFFLINE', 'door-board'],
])

/** Alarms whose raise and clear open and close a stateful alert of one edge. */
const EDGE_CONDITIONS: ReadonlyMap<string, AlertKind> = new Map<AlarmKind, AlertKind>([
  ['POWER_FAILURE', 'POWER_FAILURE'],
  ['JOURNAL_BACKLOG_HIGH', 'JOURNAL_BACKLOG_GROWING'],
  ['JOURNAL_DEGRADED', 'JOURNAL_DEGRADED'],
  ['CLOCK_UNTRUSTED', 'CLOCK_UNTRUSTED'],
  ['POLICY_STALE', 'POLICY_STALE'],
])

export function alertsFromAlarm(alarm: Alarm, atMs: number): AlertIntent[] {
  const isRaised = alarm.state === 'raised'
  const subject = { edgeId: alarm.edgeId, doorId: alarm.doorId ?? null, deviceId: alarm.device ?? null }
  const source = { kind: 'alarm', id: alarm.id } as const
  const detail = alarm.detail ?? alarm.kind.toLowerCase().replace(/_/g, ' ')
  const deviceKind = DEVICE_ALARMS.get(alarm.kind)
  if (deviceKind !== undefined) {
    const deviceId = alarm.device ?? deviceKind
    const key = alertKey('DEVICE_OFFLINE', alarm.edgeId, deviceId)
    return [isRaised ? raise('DEVICE_OFFLINE', key, { ...subject, deviceId, deviceKind }, source, detail, atMs) : clear(key, atMs)]
  }
  const edgeCondition = EDGE_CONDITIONS.get(alarm.kind)
  if (edgeCondition !== undefined) {
    const key = alertKey(edgeCondition, alarm.edgeId)
    return [isRaised ? raise(edgeCondition, key, subject, source, detail, atMs) : clear(key, atMs)]
  }
  switch (alarm.kind) {
    case 'DOOR_HELD_OPEN': {
      const key = alertKey('DOOR_HELD_OPEN', alarm.edgeId, alarm.doorId ?? null)
      return [isRaised ? raise('DOOR_HELD_OPEN', key, subject, source, detail, atMs) : clear(key, atMs)]
    }
    case 'DOOR_FORCED':
    case 'TAMPER':
      // Something happened: the edge's clear (door shut, cover closed) does not undo it.
      return isRaised ? [raise(alarm.kind, alertKey(alarm.kind, alarm.edgeId, alarm.doorId ?? alarm.device ?? null), subject, source, detail, atMs)] : []
    case 'FEVER_CONFIRMED': {
      // Keyed by the event, so the fever refusal and its alarm make one alert.
      const key = alertKey('FEVER', alarm.edgeId, alarm.eventId ?? alarm.id)
      return isRaised ? [raise('FEVER', key, subject, source, detail, atMs)] : []
    }
    case 'TEMPERATURE_SKIPPED':
    case 'STAFF_CHECK_TIMED_OUT': {
      const key = alertKey('TEMPERATURE_SKIPPED', alarm.edgeId, alarm.doorId ?? null)
      return isRaised ? [raise('TEMPERATURE_SKIPPED', key, subject, source, detail, atMs)] : []
    }
    default:
      // FEVER_SUSPECTED: the kiosk is re-measuring or waiting for staff; the ledger keeps it.
      return []
  }
}
