import type { AlertIntent, AlertKind, AlertSeverity, AlertSourceKind } from '../domain/ledger/alert-intent.js'

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

export type AlertChangeKind = 'raised' | 'repeated' | 'cleared' | 'acknowledged'

export interface AlertChange {
  readonly change: AlertChangeKind
  readonly alert: AlertRecord
}

export interface AlertQuery {
  readonly state: 'open' | 'all'
  readonly edgeId?: string
  readonly kind?: AlertKind
  /** Only alerts with seq below this (paging, newest first). */
  readonly beforeSeq?: number
  readonly limit: number
}

export interface AlertStore {
  /** Applies one intent; null when it changed nothing (a clear with nothing open). */
  apply(intent: AlertIntent): AlertChange | null
  /** Device ids of this edge with an open DEVICE_OFFLINE alert. */
  openOfflineDevices(edgeId: string): string[]
  list(query: AlertQuery): AlertRecord[]
  /** Alerts raised after `afterSeq`, oldest first, at most `limit` (live feed resume). */
  raisedAfter(afterSeq: number, limit: number): AlertRecord[]
  get(id: string): AlertRecord | null
  /** Records who acknowledged; one-off alerts are closed by it. Null when no such alert. */
  acknowledge(id: string, by: AlertAcknowledgement): AlertRecord | null
  /** Open alerts per edge, for the checkpoint page. */
  openCountsByEdge(): Map<string, number>
}
