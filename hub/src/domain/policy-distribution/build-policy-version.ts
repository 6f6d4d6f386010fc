/**
 * Decides and builds an edge's next policy version from a fresh compile (issue 4 §4): nothing
 * when the policy did not change; otherwise the next version number, the signed snapshot body
 * and its sha256, and the signed announcement, with a delta when the edge can use one.
 *
 * A delta (≤ `maxDeltaChanges` row changes, within the announcement's 64 KiB) is included only
 * when it applies to what the edge has: the edge's last report is the previous version (same
 * sha256), or is the version the previous announcement's own delta applied to (the edge is one
 * delta behind and receives both in order). Otherwise the edge fetches the snapshot over HTTP.
 *
 * New and changed rows are checked against their schema before they go out: one bad row must not
 * make an edge refuse its whole policy and keep an old one. A bad row that only grants (access,
 * person, credential …) is left out, which fails closed; a bad site, observation or lockdown row
 * fails the version, because leaving it out would open doors it keeps shut.
 */
import type { KeyObject } from 'node:crypto'
import { encodeMessage } from '../../../../protocol/mqtt/encode-message.js'
import { MESSAGE_CATALOG } from '../../../../protocol/mqtt/message-catalog.js'
import type { PolicyAnnouncement, PolicyDelta, UnsignedPolicyAnnouncement } from '../../../../protocol/mqtt/messages/policy-announcement.js'
import { signPolicyAnnouncement } from '../../../../protocol/mqtt/policy-announcement-signature.js'
import { POLICY_ENTITY_NAMES, type PolicyEntityName } from '../../../../protocol/policy/policy-entities.js'
import type { PolicyEntities } from '../../../../protocol/policy/policy-snapshot.js'
import { validatePolicyRow } from '../../../../protocol/policy/validate-policy-row.js'
import { comparePolicyEntities, type PolicyEntitiesComparison } from './compare-policy-entities.js'
import type { EncodedPolicySnapshot, SignedSnapshotEncoder } from './signed-snapshot-encoder.js'

/** PolicyDelta.changes holds at most this many. */
export const MAX_DELTA_CHANGES = 256

/** Rows whose absence would let someone through: a bad one fails the whole version. */
const RESTRICTIVE_ENTITIES: ReadonlySet<PolicyEntityName> = new Set(['site', 'observation', 'lockdown'])

export interface VersionRef {
  readonly version: number
  readonly sha256: string
}

export interface PreviousPolicyVersion extends VersionRef {
  readonly entitiesSha256: string
  /** Null when not in memory (after a hub restart): no delta can be computed then. */
  readonly entities: PolicyEntities | null
  /** The version the previous announcement's delta applied to, if it carried one. */
  readonly deltaBase: VersionRef | null
}

export interface PolicyVersionRequest {
  readonly edgeId: string
  readonly compiled: PolicyEntities
  readonly nowMs: number
  readonly previous: PreviousPolicyVersion | null
  /** What the edge last reported applying; null if it never did. */
  readonly applied: VersionRef | null
  /** Build a version even if nothing changed (the edge holds a version the hub does not know). */
  readonly isForced: boolean
  readonly privateKey: KeyObject
  readonly encoder: SignedSnapshotEncoder
  readonly maxDeltaChanges?: number
}

export interface DroppedRow {
  readonly entity: PolicyEntityName
  readonly id: string
  readonly problems: readonly string[]
}

export type PolicyVersionPlan =
  | { readonly kind: 'unchanged'; readonly entities: PolicyEntities }
  | { readonly kind: 'failed'; readonly code: 'INVALID_ROWS'; readonly dropped: readonly DroppedRow[] }
  | NewPolicyVersionPlan

export interface NewPolicyVersionPlan {
  readonly kind: 'new'
  readonly version: number
  readonly issuedAtMs: number
  /** The compiled entities, with rows unchanged since the previous version shared with it. */
  readonly entities: PolicyEntities
  readonly encoded: EncodedPolicySnapshot
  readonly announcement: PolicyAnnouncement
  /** The announcement as published (JSON, validated against its schema and size limit). */
  readonly payload: Buffer
  /** Changes carried in the delta; null without one. */
  readonly deltaChanges: number | null
  /** Changed rows against the previous version (all rows after a restart). */
  readonly changeCount: number
  readonly dropped: readonly DroppedRow[]
}

export function buildPolicyVersion(request: PolicyVersionRequest): PolicyVersionPlan {
  const { previous } = request
  const maxDeltaChanges = Math.min(request.maxDeltaChanges ?? MAX_DELTA_CHANGES, MAX_DELTA_CHANGES)
  let comparison = comparePolicyEntities(previous?.entities ?? null, request.compiled, maxDeltaChanges)
  const dropped = invalidRows(comparison)
  if (dropped.some((row) => RESTRICTIVE_ENTITIES.has(row.entity))) return { kind: 'failed', code: 'INVALID_ROWS', dropped }
  if (dropped.length > 0) comparison = comparePolicyEntities(previous?.entities ?? null, withoutRows(comparison.entities, dropped), maxDeltaChanges)
  const { entities } = comparison
  if (!request.isForced && previous !== null) {
    const isSame = previous.entities !== null ? comparison.isSame : request.encoder.entitiesSha256(entities, request.edgeId) === previous.entitiesSha256
    if (isSame) return { kind: 'unchanged', entities }
  }
  const version = Math.max(previous?.version ?? 0, request.applied?.version ?? 0) + 1
  const issuedAt = new Date(request.nowMs).toISOString()
  const encoded = request.encoder.encode({ edgeId: request.edgeId, version, issuedAt }, entities, request.privateKey)
  const delta = isDeltaUsable(request) && comparison.changes !== null && comparison.changes.length > 0
    ? { baseVersion: previous!.version, changes: comparison.changes }
    : undefined
  const unsigned: UnsignedPolicyAnnouncement = {
    v: 1,
    edgeId: request.edgeId,
    version,
    issuedAt,
    sha256: encoded.sha256,
    snapshotFormat: 'gatehouse-policy/1',
  }
  const signed = announce(request.privateKey, unsigned, delta)
  return {
    kind: 'new',
    version,
    issuedAtMs: request.nowMs,
    entities,
    encoded,
    ...signed,
    changeCount: comparison.changeCount,
    dropped,
  }
}

function isDeltaUsable({ previous, applied }: PolicyVersionRequest): boolean {
  if (previous === null || previous.entities === null || applied === null) return false
  const isCurrent = applied.version === previous.version && applied.sha256 === previous.sha256
  const isOneDeltaBehind = previous.deltaBase !== null && applied.version === previous.deltaBase.version && applied.sha256 === previous.deltaBase.sha256
  return isCurrent || isOneDeltaBehind
}

/** Signs and encodes the announcement; without the delta if it does not fit the size limit. */
function announce(privateKey: KeyObject, unsigned: UnsignedPolicyAnnouncement, delta: PolicyDelta | undefined) {
  const { schema, maxPayloadBytes } = MESSAGE_CATALOG.policy
  if (delta !== undefined) {
    const announcement = signPolicyAnnouncement(privateKey, { ...unsigned, delta })
    const payload = Buffer.from(JSON.stringify(announcement), 'utf8')
    if (payload.byteLength <= maxPayloadBytes) {
      return { announcement, payload: encodeMessage(schema, announcement, { maxBytes: maxPayloadBytes }), deltaChanges: delta.changes.length }
    }
  }
  const announcement = signPolicyAnnouncement(privateKey, unsigned)
  return { announcement, payload: encodeMessage(schema, announcement, { maxBytes: maxPayloadBytes }), deltaChanges: null }
}

function invalidRows(comparison: PolicyEntitiesComparison): DroppedRow[] {
  const dropped: DroppedRow[] = []
  for (const { entity, row } of comparison.newRows) {
    const result = validatePolicyRow(entity, row)
    if (!result.ok) {
      const id = (row as { id?: unknown }).id
      dropped.push({ entity, id: typeof id === 'string' ? id : '?', problems: result.violations.map((violation) => `${violation.path} ${violation.code}`) })
    }
  }
  return dropped
}

function withoutRows(entities: PolicyEntities, dropped: readonly DroppedRow[]): PolicyEntities {
  const droppedIds = new Map<PolicyEntityName, Set<string>>()
  for (const row of dropped) droppedIds.set(row.entity, (droppedIds.get(row.entity) ?? new Set()).add(row.id))
  const filtered = Object.fromEntries(
    POLICY_ENTITY_NAMES.map((entity) => {
      const ids = droppedIds.get(entity)
      const rows = entities[entity] as readonly { id: string }[]
      return [entity, ids === undefined ? rows : rows.filter((row) => !ids.has(row.id))]
    }),
  )
  return filtered as unknown as PolicyEntities
}
