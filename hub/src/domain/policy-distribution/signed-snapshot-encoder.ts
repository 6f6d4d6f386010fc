/**
 * Signs and encodes one policy version: the snapshot body the hub serves over HTTP (the RFC 8785
 * canonical JSON of the signed snapshot, exactly what `encodePolicySnapshot(signPolicySnapshot(…))`
 * gives), its sha256 for the announcement, and the signature (policy-snapshot-signature.ts).
 *
 * Built for 100,000-resident edges and frequent versions: the canonical form of `entities` is
 * produced once and serves both the signed statement's `entitiesSha256` and the body; each
 * entity is serialised by one JSON.stringify call (its schema's fields, sorted, as the property
 * list: RFC 8785 order, and strings and numbers as RFC 8785 §3.2.2 writes them); and an entity
 * whose rows are the very objects of the edge's previous encoding (the distributor shares
 * unchanged rows between versions, compare-policy-entities.ts) reuses its bytes. A revocation
 * re-serialises the credentials only.
 */
import { createHash, type KeyObject } from 'node:crypto'
import { signDomainSeparated } from '../../../../protocol/mqtt/domain-separated-signature.js'
import { POLICY_ENTITY_NAMES, POLICY_ENTITY_SCHEMAS, type PolicyEntityName } from '../../../../protocol/policy/policy-entities.js'
import { POLICY_SNAPSHOT_SIGNATURE_DOMAIN, type PolicySnapshotStatement } from '../../../../protocol/policy/policy-snapshot-signature.js'
import type { PolicyEntities } from '../../../../protocol/policy/policy-snapshot.js'

export interface PolicySnapshotHeader {
  readonly edgeId: string
  readonly version: number
  /** ISO-8601 UTC, as the snapshot and announcement carry it. */
  readonly issuedAt: string
}

export interface EncodedPolicySnapshot {
  /** The UTF-8 snapshot body; its sha256 is the announcement's. */
  readonly body: Buffer
  readonly sha256: string
  /** sha256 of the canonical JSON of the entities alone: equal entities, equal hash. */
  readonly entitiesSha256: string
  readonly signature: string
}

/** RFC 8785 §3.2.3 member order: by UTF-16 code units, which is what a plain sort compares. */
const ENTITY_ORDER: readonly PolicyEntityName[] = [...POLICY_ENTITY_NAMES].sort()

/** Each entity's fields in canonical order: JSON.stringify's property list. */
const FIELDS = new Map<PolicyEntityName, string[]>(POLICY_ENTITY_NAMES.map((entity) => [entity, Object.keys(POLICY_ENTITY_SCHEMAS[entity].properties).sort()]))

interface EncodedEntity {
  readonly rows: readonly object[]
  /** `"name":[…]`, preceded by a comma except for the first entity. */
  readonly bytes: Buffer
}

export class SignedSnapshotEncoder {
  /** Per edge and entity, the rows last encoded and their bytes. */
  readonly #previous = new Map<string, EncodedEntity>()

  /**
   * The canonical JSON of the entities as UTF-8 pieces, in order. With `edgeId`, entities whose
   * rows are unchanged since that edge's last encoding reuse their bytes.
   */
  encodeEntities(entities: PolicyEntities, edgeId: string | null = null): Buffer[] {
    const pieces: Buffer[] = [Buffer.from('{', 'utf8')]
    ENTITY_ORDER.forEach((entity, index) => {
      const rows = entities[entity] as readonly object[]
      const key = edgeId === null ? null : `${edgeId}\n${entity}`
      const previous = key === null ? undefined : this.#previous.get(key)
      if (previous !== undefined && haveSameRows(previous.rows, rows)) {
        pieces.push(previous.bytes)
        return
      }
      const bytes = Buffer.from(`${index === 0 ? '' : ','}${JSON.stringify(entity)}:${JSON.stringify(rows, FIELDS.get(entity))}`, 'utf8')
      if (key !== null) this.#previous.set(key, { rows, bytes })
      pieces.push(bytes)
    })
    pieces.push(Buffer.from('}', 'utf8'))
    return pieces
  }

  /** `policyEntitiesSha256(entities)`. */
  entitiesSha256(entities: PolicyEntities, edgeId: string | null = null): string {
    return sha256Of(this.encodeEntities(entities, edgeId))
  }

  encode(header: PolicySnapshotHeader, entities: PolicyEntities, privateKey: KeyObject): EncodedPolicySnapshot {
    const entityPieces = this.encodeEntities(entities, header.edgeId)
    const entitiesSha256 = sha256Of(entityPieces)
    const statement: PolicySnapshotStatement = { v: 1, edgeId: header.edgeId, version: header.version, issuedAt: header.issuedAt, entitiesSha256 }
    const signature = signDomainSeparated(privateKey, POLICY_SNAPSHOT_SIGNATURE_DOMAIN, statement)
    // The snapshot's members in canonical order: edgeId, entities, issuedAt, signature, v, version.
    const head = Buffer.from(`{"edgeId":${JSON.stringify(header.edgeId)},"entities":`, 'utf8')
    const tail = Buffer.from(
      `,"issuedAt":${JSON.stringify(header.issuedAt)},"signature":${JSON.stringify(signature)},"v":1,"version":${JSON.stringify(header.version)}}`,
      'utf8',
    )
    const body = Buffer.concat([head, ...entityPieces, tail])
    const sha256 = createHash('sha256').update(body).digest('hex')
    return { body, sha256, entitiesSha256, signature }
  }

  /** Forgets an edge's remembered bytes (the edge was removed). */
  forget(edgeId: string): void {
    for (const entity of POLICY_ENTITY_NAMES) this.#previous.delete(`${edgeId}\n${entity}`)
  }
}

/** Compiled rows are never changed in place, so the same objects in the same order are the same JSON. */
function haveSameRows(a: readonly object[], b: readonly object[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false
  return true
}

function sha256Of(pieces: readonly Buffer[]): string {
  const hash = createHash('sha256')
  for (const piece of pieces) hash.update(piece)
  return hash.digest('hex')
}
