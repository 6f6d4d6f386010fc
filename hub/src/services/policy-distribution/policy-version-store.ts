import type { PolicyFailureCode } from '../../../../protocol/mqtt/messages/policy-applied.js'
import type { PolicyEntityName } from '../../../../protocol/policy/policy-entities.js'

/** A stored policy version, without its body. */
export interface StoredPolicyVersion {
  readonly edgeId: string
  readonly version: number
  readonly issuedAtMs: number
  /** Of the uncompressed snapshot body, as announced. */
  readonly sha256: string
  readonly entitiesSha256: string
  readonly bodyBytes: number
  /** The signed PolicyAnnouncement as published (JSON). */
  readonly announcement: string
  /** Changes in the announcement's delta; null when it carried none. */
  readonly deltaChanges: number | null
}

export interface NewPolicyVersion extends StoredPolicyVersion {
  readonly bodyGzip: Buffer
  readonly rowCounts: Readonly<Record<PolicyEntityName, number>>
}

export interface PolicyEdgeRecord {
  readonly edgeId: string
  readonly latestVersion: number
  readonly appliedVersion: number | null
  readonly appliedSha256: string | null
  readonly appliedSource: 'delta' | 'snapshot' | null
  /** When the edge says it committed the version. */
  readonly appliedAtMs: number | null
  /** When the hub received the report. */
  readonly reportedAtMs: number | null
  /** Since when the edge has missed a newer version than the one it applied; null while current. */
  readonly behindSinceMs: number | null
  readonly lastFailure: { readonly version: number; readonly code: PolicyFailureCode; readonly atMs: number } | null
}

/** A PolicyApplied report, as the distributor records it. */
export interface AppliedReport {
  readonly edgeId: string
  readonly version: number
  readonly sha256: string
  readonly source: 'delta' | 'snapshot'
  readonly appliedAtMs: number
  readonly reportedAtMs: number
  readonly lastFailure: PolicyEdgeRecord['lastFailure']
}

export type StoredSnapshotBody =
  | { readonly status: 'found'; readonly version: number; readonly sha256: string; readonly bodyBytes: number; readonly bodyGzip: Buffer }
  /** The version existed but its body was pruned. */
  | { readonly status: 'gone'; readonly version: number }
  | { readonly status: 'unknown' }

/** Where policy versions and applied reports live (SqlitePolicyVersionStore). */
export interface PolicyVersionStore {
  /** The newest version of every edge that has one. */
  latestVersions(): StoredPolicyVersion[]
  edgeRecords(): PolicyEdgeRecord[]
  /**
   * Stores new versions (at most one per edge, each the edge's newest) in one transaction, and
   * drops the bodies of all but the newest `keepBodies` versions of those edges.
   */
  addVersions(versions: readonly NewPolicyVersion[], keepBodies: number): void
  hasEdge(edgeId: string): boolean
  /** Records reports in one transaction; a report of an edge that no longer exists is skipped. */
  recordApplied(reports: readonly AppliedReport[]): void
  snapshotBody(edgeId: string, version: number | 'latest'): StoredSnapshotBody
}
