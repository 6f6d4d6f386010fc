/**
 * The alerts the hub derives from what edges report (issue 4 §5). Each names a condition with an
 * `alert key`; at most one alert per key is open at a time, and a repeat of an open condition
 * bumps its occurrences instead of opening another.
 *
 * Stateful alerts describe a condition the edge reports the end of (an edge back online, a
 * reader back, a door closed again): the next report clears them. One-off alerts describe
 * something that happened (a fever, a forced door, repeated denials): they stay open until
 * staff acknowledge them.
 */
export const ALERT_KINDS = [
  'FEVER',
  'DOOR_FORCED',
  'DOOR_HELD_OPEN',
  'TAMPER',
  'REPEATED_DENIALS',
  'EDGE_OFFLINE',
  'DEVICE_OFFLINE',
  'POWER_FAILURE',
  'JOURNAL_BACKLOG_GROWING',
  'JOURNAL_DEGRADED',
  'JOURNAL_GAP',
  'TEMPERATURE_SKIPPED',
  'CLOCK_UNTRUSTED',
  'POLICY_STALE',
] as const

export type AlertKind = (typeof ALERT_KINDS)[number]

export type AlertSeverity = 'critical' | 'warning'

export type AlertSourceKind = 'event' | 'alarm' | 'status'

const SEVERITY: Record<AlertKind, AlertSeverity> = {
  FEVER: 'critical',
  DOOR_FORCED: 'critical',
  DOOR_HELD_OPEN: 'warning',
  TAMPER: 'critical',
  REPEATED_DENIALS: 'warning',
  EDGE_OFFLINE: 'critical',
  DEVICE_OFFLINE: 'warning',
  POWER_FAILURE: 'critical',
  JOURNAL_BACKLOG_GROWING: 'warning',
  JOURNAL_DEGRADED: 'critical',
  JOURNAL_GAP: 'critical',
  TEMPERATURE_SKIPPED: 'warning',
  CLOCK_UNTRUSTED: 'warning',
  POLICY_STALE: 'warning',
}

const STATEFUL: ReadonlySet<AlertKind> = new Set<AlertKind>([
  'DOOR_HELD_OPEN',
  'EDGE_OFFLINE',
  'DEVICE_OFFLINE',
  'POWER_FAILURE',
  'JOURNAL_BACKLOG_GROWING',
  'JOURNAL_DEGRADED',
  'JOURNAL_GAP',
  'CLOCK_UNTRUSTED',
  'POLICY_STALE',
])

export function severityOf(kind: AlertKind): AlertSeverity {
  return SEVERITY[kind]
}

export function isStatefulAlert(kind: AlertKind): boolean {
  return STATEFUL.has(kind)
}

export interface AlertSubject {
  readonly edgeId: string
  readonly doorId?: string | null
  readonly deviceId?: string | null
  readonly deviceKind?: string | null
  readonly personId?: string | null
}

/** Open the alert for `key`, or count one more occurrence of it if it is open already. */
export interface RaiseAlert extends AlertSubject {
  readonly action: 'raise'
  readonly kind: AlertKind
  readonly key: string
  readonly sourceKind: AlertSourceKind
  readonly sourceId: string | null
  /** Short, for people; never personal data. */
  readonly detail: string
  readonly atMs: number
}

/** Close the open alert for `key`, if there is one. */
export interface ClearAlert {
  readonly action: 'clear'
  readonly key: string
  readonly atMs: number
}

export type AlertIntent = RaiseAlert | ClearAlert

/** `<KIND>:<edge>[:<part>]` — parts are protocol identifiers or UUIDs, so `:` cannot occur in them. */
export function alertKey(kind: AlertKind, edgeId: string, part?: string | null): string {
  return part === undefined || part === null ? `${kind}:${edgeId}` : `${kind}:${edgeId}:${part}`
}

export function raise(kind: AlertKind, key: string, subject: AlertSubject, source: { kind: AlertSourceKind; id: string | null }, detail: string, atMs: number): RaiseAlert {
  return { action: 'raise', kind, key, ...subject, sourceKind: source.kind, sourceId: source.id, detail, atMs }
}

export function clear(key: string, atMs: number): ClearAlert {
  return { action: 'clear', key, atMs }
}
