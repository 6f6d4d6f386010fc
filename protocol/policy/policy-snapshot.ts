/**
 * A full policy for one edge, served by the hub over HTTP (`snapshotFormat: "gatehouse-policy/1"`
 * in the announcement) and applied by the edge in one transaction. Every entity is present, as an
 * array of rows (maybe empty); `site` holds exactly one row.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { ed25519Signature, edgeId, policyVersion, schemaVersion, timestamp } from '../mqtt/messages/field-schemas.js'
import {
  POLICY_ENTITY_MAX_ROWS,
  POLICY_ENTITY_NAMES,
  POLICY_ENTITY_SCHEMAS,
  type PolicyEntityName,
  type PolicyRowOf,
} from './policy-entities.js'

function entityArrays<S extends TSchema>(rowSchema: (entity: PolicyEntityName) => S) {
  const members = Object.fromEntries(
    POLICY_ENTITY_NAMES.map((entity) => [
      entity,
      Type.Array(rowSchema(entity), {
        minItems: entity === 'site' ? 1 : 0,
        maxItems: POLICY_ENTITY_MAX_ROWS[entity],
        description: `Every ${entity} row.`,
      }),
    ]),
  )
  return Type.Object(members, { additionalProperties: false, description: 'Every row of every entity.' })
}

export type PolicyEntities = { readonly [E in PolicyEntityName]: readonly PolicyRowOf<E>[] }

/** The entities with each row typed, for documentation and types. */
export const PolicyEntities = entityArrays((entity) => POLICY_ENTITY_SCHEMAS[entity])

/** The entities with rows left unchecked: validate-policy-snapshot.ts checks each row itself. */
export const PolicyEntitiesEnvelope = entityArrays(() => Type.Unknown())

const snapshotHeader = {
  v: schemaVersion(),
  edgeId: edgeId('The edge this policy is compiled for.'),
  version: policyVersion(1, 'Policy version; the announcement of the same version vouches for it.'),
  issuedAt: timestamp('When the hub compiled this version.'),
}

export const PolicySnapshot = Type.Object(
  {
    ...snapshotHeader,
    entities: PolicyEntities,
    signature: ed25519Signature('Ed25519 signature over the snapshot statement, base64 (policy-snapshot-signature.ts).'),
  },
  { additionalProperties: false, description: 'A full signed policy for one edge.' },
)

export interface PolicySnapshot {
  readonly v: 1
  readonly edgeId: string
  readonly version: number
  readonly issuedAt: string
  readonly entities: PolicyEntities
  readonly signature: string
}

export type UnsignedPolicySnapshot = Omit<PolicySnapshot, 'signature'>

/** The header and the row envelope, for validation before each row is checked. */
export const PolicySnapshotEnvelope = Type.Object(
  { ...snapshotHeader, entities: PolicyEntitiesEnvelope, signature: PolicySnapshot.properties.signature },
  { additionalProperties: false },
)

export type PolicySnapshotHeader = Static<typeof PolicySnapshotEnvelope>
