/**
 * What the hub's ledger, alert, report and audit routes answer (hub/src/adapters/http/routes/
 * ledger-schemas.ts, ledger-routes.ts, report-routes.ts, audit-routes.ts), as the monitoring
 * screens read it. The hub validates its answers against those schemas; where the hub has a
 * view type of its own (pure domain code), the page uses that very type.
 */
import type { AlertView } from '../../../src/domain/ledger/alert-view.js'
import type { DailyReport, DayCounts } from '../../../src/domain/ledger/daily-report.js'
import type { LedgerEventView } from '../../../src/domain/ledger/ledger-event-view.js'

export type { DayCounts, DailyReport }

/** An access event as the hub shows it to this reader (the hub's own view type). */
export type LedgerEvent = LedgerEventView

export interface EventsPage {
  readonly events: readonly LedgerEvent[]
  readonly nextBefore: number | null
}

export interface DeviceView {
  readonly id: string
  readonly kind: string
  readonly state: string
  readonly detail: string | null
}

export interface CheckpointDoor {
  readonly id: string
  readonly name: string
  readonly lane: string | null
  readonly today: DayCounts
  readonly lastEvent: LedgerEvent | null
}

export type CheckpointState = 'online' | 'offline' | 'never-seen'

export interface Checkpoint {
  readonly edgeId: string
  readonly name: string
  readonly state: CheckpointState
  readonly lastSeenAt: string | null
  readonly softwareVersion: string | null
  readonly policy: { readonly appliedVersion: number | null; readonly latestVersion: number | null; readonly lag: number | null }
  readonly journalBacklog: number | null
  readonly devices: readonly DeviceView[]
  readonly openAlerts: number
  readonly today: DayCounts
  readonly doors: readonly CheckpointDoor[]
}

export interface CheckpointsAnswer {
  readonly date: string
  readonly checkpoints: readonly Checkpoint[]
}

/** An alert as the hub shows it to this reader (the hub's own view type). */
export type Alert = AlertView

export interface AlertsPage {
  readonly alerts: readonly Alert[]
  readonly nextBefore: number | null
}

/** GET /api/live `alert` data. */
export interface AlertChange {
  readonly change: 'raised' | 'repeated' | 'cleared' | 'acknowledged'
  readonly alert: Alert
}

/** GET /api/live `status` data. */
export interface StatusChange {
  readonly edgeId: string
  readonly state: 'online' | 'offline'
  readonly policyVersion: number
  readonly journalBacklog: number
  readonly at: string
}

export interface HourlyReport {
  readonly date: string
  readonly edges: readonly { readonly edgeId: string; readonly name: string; readonly hours: readonly (DayCounts & { readonly hour: number })[] }[]
}

export interface DaysReport {
  readonly from: string
  readonly to: string
  readonly days: readonly (DayCounts & { readonly date: string })[]
}


export interface TemperatureReport {
  readonly id: string
  readonly personId: string
  readonly personName: string
  readonly celsius: number
  readonly source: string
  readonly reportedAtMs: number
  readonly isFever: boolean
}

export interface TemperatureReportsPage {
  readonly items: readonly TemperatureReport[]
  readonly total: number
  readonly limit: number
  readonly offset: number
}

export interface AuditEntry {
  readonly seq: number
  readonly atMs: number
  readonly actor: { readonly kind: string; readonly id: string; readonly name: string }
  readonly action: string
  readonly subjectKind: string
  readonly subjectId: string | null
  readonly detail: Readonly<Record<string, unknown>>
}

export interface AuditPage {
  readonly entries: readonly AuditEntry[]
  readonly nextBeforeSeq: number | null
}
