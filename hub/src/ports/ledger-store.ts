import type { AccessEvent } from '../../../protocol/mqtt/messages/access-event.js'
import type { Alarm } from '../../../protocol/mqtt/messages/alarm.js'

/** An access event as ingest stores it: the validated message and what the hub derived from it. */
export interface NewLedgerEvent {
  readonly event: AccessEvent
  readonly occurredAtMs: number
  /** The payload as the edge published it (already validated). */
  readonly payload: string
  readonly receivedAtMs: number
  /** See credentialKeyOf (domain/ledger/alerts-from-reports.ts). */
  readonly credentialKey: string
  /** The site-local date of `occurredAtMs`, "YYYY-MM-DD", for the per-door daily counts. */
  readonly localDate: string
}

export interface NewLedgerAlarm {
  readonly alarm: Alarm
  readonly atMs: number
  readonly payload: string
  readonly receivedAtMs: number
}

/**
 * stored: new; duplicate: this id was stored before with the same payload (a QoS 1 resend);
 * conflict: this id was stored before with another payload or from another edge (never merged).
 */
export type LedgerInsert =
  | { readonly status: 'stored'; readonly feedSeq: number }
  | { readonly status: 'duplicate' }
  | { readonly status: 'conflict' }

export interface IngestRejection {
  readonly edgeId: string
  /** The topic kind, or '-' when the topic matched none. */
  readonly topicKind: string
  readonly code: string
  readonly reason: string
  readonly atMs: number
}

/** The ledger's write side. Every method runs inside the caller's `transaction` if there is one. */
export interface LedgerStore {
  /** Runs `work` in one transaction (a savepoint when nested); commits when it returns. */
  transaction<T>(work: () => T): T
  insertEvent(row: NewLedgerEvent): LedgerInsert
  insertAlarm(row: NewLedgerAlarm): LedgerInsert
  /** Denials at `edgeId` of one credential with `fromMs <= occurredAt <= toMs`. */
  countDenials(edgeId: string, credentialKey: string, fromMs: number, toMs: number): number
  /** Highest journal seq received from the edge minus entries stored (≤ 0: nothing missing). */
  missingEntries(edgeId: string): number
  countRejection(rejection: IngestRejection): void
  /** The site's UTC offset, for local dates. */
  siteUtcOffsetMinutes(): number
}
