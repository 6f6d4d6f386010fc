import type { AlertIntent, AlertKind } from '../domain/ledger/alert-intent.js'
import type { AlertAcknowledgement, AlertRecord } from '../domain/ledger/alert-record.js'

export type { AlertAcknowledgement, AlertRecord } from '../domain/ledger/alert-record.js'

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
