import type { AlertKind, AlertSeverity, AlertSourceKind } from './alert-intent.js'

export interface AlertAcknowledgement {
  readonly accountId: string
  readonly name: string
  readonly atMs: number
  readonly note: string | null
}

export interface AlertRecord {
  /** Arrival order; the live feed's resume cursor for alerts. */
  readonly seq: number
  readonly id: string
  readonly kind: AlertKind
  readonly severity: AlertSeverity
  readonly key: string
  readonly isStateful: boolean
  readonly edgeId: string
  readonly doorId: string | null
  readonly deviceId: string | null
  readonly deviceKind: string | null
  readonly personId: string | null
  readonly sourceKind: AlertSourceKind
  readonly sourceId: string | null
  readonly detail: string
  readonly occurrences: number
  readonly raisedAtMs: number
  readonly lastSeenAtMs: number
  readonly clearedAtMs: number | null
  readonly acknowledged: AlertAcknowledgement | null
}
