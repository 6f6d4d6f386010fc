import type { LedgerEventRecord } from '../domain/ledger/ledger-event-view.js'
import type { StoredEdgeStatus } from './edge-status-store.js'

export interface EventFilter {
  readonly edgeId?: string
  readonly doorId?: string
  readonly outcome?: 'granted' | 'denied'
  readonly reason?: string
  readonly personId?: string
  /** Only events with a temperature reading ('measured') or a fever ('fever'). */
  readonly temperature?: 'measured' | 'fever'
  /** occurredAt >= fromMs */
  readonly fromMs?: number
  /** occurredAt < toMs */
  readonly toMs?: number
  /** Paging, newest first: only events with feedSeq below this. */
  readonly beforeFeedSeq?: number
  readonly limit: number
}

export interface DoorDayCounts {
  readonly passes: number
  readonly denials: number
  readonly fevers: number
}

export interface CheckpointDoor {
  readonly id: string
  readonly name: string
  readonly lane: string | null
  readonly today: DoorDayCounts
  readonly lastEvent: LedgerEventRecord | null
}

export interface Checkpoint {
  readonly edgeId: string
  readonly name: string
  readonly status: StoredEdgeStatus | null
  /** From the policy distributor's table when present: the newest version and what the edge reported. */
  readonly policy: { readonly latestVersion: number; readonly appliedVersion: number | null; readonly behindSinceMs: number | null } | null
  readonly openAlerts: number
  readonly doors: readonly CheckpointDoor[]
}

export interface IngestRejectionCount {
  readonly edgeId: string
  readonly topicKind: string
  readonly code: string
  readonly count: number
  readonly firstAtMs: number
  readonly lastAtMs: number
  readonly lastReason: string
}

/** The ledger's read side, for the query routes and the live feed's resume. */
export interface LedgerQueries {
  /** Newest first. */
  events(filter: EventFilter): LedgerEventRecord[]
  /** Oldest first, feedSeq > afterFeedSeq; `edgeId` limits to one edge. */
  eventsAfter(afterFeedSeq: number, limit: number, edgeId: string | null): LedgerEventRecord[]
  /** The newest access event's feedSeq and the newest alert's seq (0 when none): where a live feed starts. */
  feedCursor(): { readonly eventSeq: number; readonly alertSeq: number }
  /** What ingest refused, by edge, topic kind and code, most recent first. */
  rejections(): IngestRejectionCount[]
  /** The grid of a person (household's, else building's), null when none. */
  gridOfPerson(personId: string): string | null
  /** A person's name, null when there is no such person. */
  personNameOf(personId: string): string | null
  /** Every edge with its doors, status, today's counts (site-local `localDate`) and last event; `edgeId` limits to one. */
  checkpoints(localDate: string, edgeId: string | null): Checkpoint[]
}
