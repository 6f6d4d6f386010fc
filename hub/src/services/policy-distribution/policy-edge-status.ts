import type { PolicyFailureCode } from '../../../../protocol/mqtt/messages/policy-applied.js'
import type { PolicyEdgeRecord, StoredPolicyVersion } from './policy-version-store.js'

/** One edge's policy as the dashboard shows it: the newest version, what the edge applied, the lag. */
export interface PolicyEdgeStatus {
  readonly edgeId: string
  readonly latestVersion: number | null
  readonly latestIssuedAt: string | null
  readonly latestSha256: string | null
  /** Size of the latest snapshot body, bytes (uncompressed). */
  readonly latestBodyBytes: number | null
  /** Changes in the latest announcement's delta; null when it carried none. */
  readonly latestDeltaChanges: number | null
  readonly appliedVersion: number | null
  readonly appliedSha256: string | null
  readonly appliedSource: 'delta' | 'snapshot' | null
  readonly appliedAt: string | null
  /** When the hub last heard from the edge about its policy. */
  readonly reportedAt: string | null
  /** Versions between the applied one and the latest; null before the edge ever reported. */
  readonly versionsBehind: number | null
  /** How long the edge has missed a newer version, whole seconds; 0 when current. */
  readonly secondsBehind: number
  readonly isCurrent: boolean
  readonly lastFailure: { readonly version: number; readonly code: PolicyFailureCode; readonly at: string } | null
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}

/**
 * The status of one edge from its stored record and latest version. An edge is current when it
 * reported the latest version with the latest sha256; while it is not, `secondsBehind` counts from
 * the first version it missed (or from the latest version's issue when it never reported).
 */
export function policyEdgeStatus(
  edgeId: string,
  record: PolicyEdgeRecord | undefined,
  latest: StoredPolicyVersion | undefined,
  nowMs: number,
): PolicyEdgeStatus {
  const appliedVersion = record?.appliedVersion ?? null
  const isCurrent = latest !== undefined && appliedVersion === latest.version && record?.appliedSha256 === latest.sha256
  const behindSinceMs = isCurrent || latest === undefined ? null : (record?.behindSinceMs ?? latest.issuedAtMs)
  return {
    edgeId,
    latestVersion: latest?.version ?? null,
    latestIssuedAt: iso(latest?.issuedAtMs ?? null),
    latestSha256: latest?.sha256 ?? null,
    latestBodyBytes: latest?.bodyBytes ?? null,
    latestDeltaChanges: latest?.deltaChanges ?? null,
    appliedVersion,
    appliedSha256: record?.appliedSha256 ?? null,
    appliedSource: record?.appliedSource ?? null,
    appliedAt: iso(record?.appliedAtMs ?? null),
    reportedAt: iso(record?.reportedAtMs ?? null),
    versionsBehind: appliedVersion === null || latest === undefined ? null : Math.max(0, latest.version - appliedVersion),
    secondsBehind: behindSinceMs === null ? 0 : Math.max(0, Math.floor((nowMs - behindSinceMs) / 1000)),
    isCurrent,
    lastFailure:
      record?.lastFailure === null || record?.lastFailure === undefined
        ? null
        : { version: record.lastFailure.version, code: record.lastFailure.code, at: new Date(record.lastFailure.atMs).toISOString() },
  }
}
