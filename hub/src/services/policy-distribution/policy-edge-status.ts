import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { POLICY_FAILURE_CODES } from '../../../../protocol/mqtt/messages/policy-applied.js'
import type { PolicyEdgeRecord, StoredPolicyVersion } from './policy-version-store.js'

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const instant = (description: string) => nullable(Type.String({ format: 'date-time', description }))
const version = (description: string) => nullable(Type.Integer({ minimum: 1, description }))

/** One edge's policy as the dashboard shows it: the newest version, what the edge applied, the lag. */
export const PolicyEdgeStatus = Type.Object(
  {
    edgeId: Type.String(),
    latestVersion: version('The newest version issued for the edge.'),
    latestIssuedAt: instant('When it was issued.'),
    latestSha256: nullable(Type.String({ description: 'sha256 of its snapshot body.' })),
    latestBodyBytes: nullable(Type.Integer({ minimum: 0, description: 'Size of its snapshot body, uncompressed.' })),
    latestDeltaChanges: nullable(Type.Integer({ minimum: 1, description: 'Row changes in its announcement’s delta; null without one.' })),
    appliedVersion: version('The version the edge last reported applying.'),
    appliedSha256: nullable(Type.String()),
    appliedSource: nullable(Type.Union([Type.Literal('delta'), Type.Literal('snapshot')])),
    appliedAt: instant('When the edge applied it, by its clock.'),
    reportedAt: instant('When the hub received the report.'),
    versionsBehind: nullable(Type.Integer({ minimum: 0, description: 'Latest minus applied; null before the first report.' })),
    secondsBehind: Type.Integer({ minimum: 0, description: 'How long the edge has missed a newer version; 0 when current.' }),
    isCurrent: Type.Boolean({ description: 'The edge applied the latest version (same sha256).' }),
    lastFailure: nullable(
      Type.Object(
        {
          version: Type.Integer({ minimum: 1 }),
          code: Type.Union(POLICY_FAILURE_CODES.map((code) => Type.Literal(code))),
          at: Type.String({ format: 'date-time' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)

export type PolicyEdgeStatus = Static<typeof PolicyEdgeStatus>

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
