/**
 * What the hub's ledger, alert, report and audit routes answer (hub/src/adapters/http/routes/
 * ledger-schemas.ts, ledger-routes.ts, report-routes.ts, audit-routes.ts), as the monitoring
 * screens read it. The hub validates its answers against those schemas.
 */

export interface DayCounts {
  readonly passes: number
  readonly denials: number
  readonly fevers: number
}

export interface LedgerEvent {
  readonly feedSeq: number
  readonly id: string
  readonly edgeId: string
  readonly doorId: string
  readonly occurredAt: string
  readonly direction: string
  readonly lane: string
  readonly granted: boolean
  readonly reason: string
  readonly credential: { readonly kind: string; readonly maskedReference: string }
  readonly personId: string | null
  readonly personName: string | null
  readonly isPersonHidden: boolean
  readonly temperature: { readonly celsius: number | null; readonly isFever: boolean } | null
  readonly actor: { readonly kind: string; readonly id: string | null; readonly name: string | null } | null
  readonly note: string | null
}

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

export interface Alert {
  readonly id: string
  readonly seq: number
  readonly kind: string
  readonly severity: 'critical' | 'warning'
  readonly isStateful: boolean
  readonly edgeId: string
  readonly doorId: string | null
  readonly deviceId: string | null
  readonly deviceKind: string | null
  readonly personId: string | null
  readonly personName: string | null
  readonly detail: string
  readonly occurrences: number
  readonly raisedAt: string
  readonly lastSeenAt: string
  readonly clearedAt: string | null
  readonly acknowledged: { readonly name: string; readonly at: string; readonly note: string | null } | null
}

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

export interface DailyReport {
  readonly date: string
  readonly feverThresholdCelsius: number
  readonly gates: readonly (DayCounts & {
    readonly edgeId: string
    readonly name: string
    readonly doors: readonly (DayCounts & { readonly doorId: string; readonly name: string; readonly lane: string | null })[]
  })[]
  readonly grids: readonly (DayCounts & {
    readonly gridId: string | null
    readonly name: string | null
    readonly feverReports: number
    readonly returnees: number
    readonly underObservation: number
  })[]
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
