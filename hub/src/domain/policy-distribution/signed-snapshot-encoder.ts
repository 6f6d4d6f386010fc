/**
 * Signs and encodes one policy version: the snapshot body the hub serves over HTTP (the RFC 8785
 * canonical JSON of the signed snapshot, exactly what `encodePolicySnapshot(signPolicySnapshot(…))`
 * gives), its sha256 for the announcement, and the signature (policy-snapshot-signature.ts).
 * Stateless: one encoder serves every edge.
 *
 * Built for 100,000-resident edges and frequent versions: the canonical form of `entities` is
 * produced once and serves both the signed statement's `entitiesSha256` and the body, and each
 * row's canonical JSON is remembered (on the row object), so a new version re-serialises only the
 * rows that changed (the distributor reuses unchanged row objects, compare-policy-entities.ts).
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

/** Each entity's fields in canonical order, with the JSON text that precedes each value. */
interface RowLayout {
  readonly fields: readonly string[]
  readonly prefixes: readonly string[]
}

const ROW_LAYOUT = new Map<PolicyEntityName, RowLayout>(
  POLICY_ENTITY_NAMES.map((entity) => {
    const fields = Object.keys(POLICY_ENTITY_SCHEMAS[entity].properties).sort()
    return [entity, { fields, prefixes: fields.map((field, index) => `${index === 0 ? '{' : ','}${JSON.stringify(field)}:`) }]
  }),
)

/** Rows per joined piece: long enough to be cheap, short enough to stay far from V8's string limit. */
const ROWS_PER_PIECE = 20_000

/**
 * Where a row remembers its canonical JSON: a symbol-keyed property, which JSON.stringify,
 * Object.keys and the schema checks do not see. (A WeakMap of a million rows costs far more:
 * ephemeron tables are slow to grow and to collect.) Compiled rows never change.
 */
const CANONICAL_JSON = Symbol('canonicalJson')

type RowWithJson = Record<string, unknown> & { [CANONICAL_JSON]?: string }

export class SignedSnapshotEncoder {
  /** The canonical JSON of the entities as UTF-8 pieces, in order. */
  encodeEntities(entities: PolicyEntities): Buffer[] {
    const pieces: Buffer[] = [Buffer.from('{', 'utf8')]
    ENTITY_ORDER.forEach((entity, index) => {
      const layout = ROW_LAYOUT.get(entity)!
      const rows = entities[entity] as readonly object[]
      pieces.push(Buffer.from(`${index === 0 ? '' : ','}${JSON.stringify(entity)}:[`, 'utf8'))
      for (let start = 0; start < rows.length; start += ROWS_PER_PIECE) {
        const texts: string[] = []
        for (let at = start; at < Math.min(rows.length, start + ROWS_PER_PIECE); at++) texts.push(this.#jsonOf(rows[at]!, layout))
        pieces.push(Buffer.from(`${start === 0 ? '' : ','}${texts.join(',')}`, 'utf8'))
      }
      pieces.push(Buffer.from(']', 'utf8'))
    })
    pieces.push(Buffer.from('}', 'utf8'))
    return pieces
  }

  /** `policyEntitiesSha256(entities)`, from the remembered row JSON. */
  entitiesSha256(entities: PolicyEntities): string {
    return sha256Of(this.encodeEntities(entities))
  }

  encode(header: PolicySnapshotHeader, entities: PolicyEntities, privateKey: KeyObject): EncodedPolicySnapshot {
    const entityPieces = this.encodeEntities(entities)
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

  /**
   * A row's canonical JSON: its schema's fields in canonical order, each value as JSON.stringify
   * writes it (RFC 8785 §3.2.2 serialises strings and numbers exactly so). Rows hold exactly their
   * schema's fields, scalars or flat lists, as compiled; a few times faster than a replacer list.
   */
  #jsonOf(row: object, layout: RowLayout): string {
    const values = row as RowWithJson
    let json = values[CANONICAL_JSON]
    if (json === undefined) {
      json = ''
      for (let index = 0; index < layout.fields.length; index++) json += layout.prefixes[index]! + JSON.stringify(values[layout.fields[index]!])
      json += '}'
      values[CANONICAL_JSON] = json
    }
    return json
  }
}

function sha256Of(pieces: readonly Buffer[]): string {
  const hash = createHash('sha256')
  for (const piece of pieces) hash.update(piece)
  return hash.digest('hex')
}
