import { Type, type Static } from '@sinclair/typebox'
import {
  ed25519Signature,
  edgeId,
  identifier,
  literalUnion,
  policyVersion,
  schemaVersion,
  sha256Hex,
  timestamp,
} from './field-schemas.js'

/** Column names of a policy row. */
const ROW_FIELD_PATTERN = '^[a-z][A-Za-z0-9_]{0,63}$'

/** Scalars of a policy row, and flat lists of them (schedules, door lists). Depth is at most 2. */
const RowScalar = Type.Union([
  Type.String({ maxLength: 1024 }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
])

const RowValue = Type.Union(
  [RowScalar, Type.Array(Type.Union([Type.String({ maxLength: 256 }), Type.Number()]), { maxItems: 64 })],
  { description: 'One column: a scalar, or a flat list of strings and numbers.' },
)

const PolicyRow = Type.Record(Type.String({ pattern: ROW_FIELD_PATTERN, maxLength: 64 }), RowValue, {
  maxProperties: 64,
  additionalProperties: false,
  description: 'The whole row after the change; validated against the entity schema by the edge.',
})

const entity = () =>
  Type.String({
    pattern: '^[a-z][a-z0-9-]{0,31}$',
    maxLength: 32,
    description: 'Which policy table, e.g. "credential", "person", "door-rule", "quarantine".',
  })

export const PolicyChange = Type.Union(
  [
    Type.Object(
      {
        op: Type.Literal('put', { description: 'Insert or replace the row.' }),
        entity: entity(),
        key: identifier('Key of the row within the entity.'),
        row: PolicyRow,
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        op: Type.Literal('delete', { description: 'Delete the row if present.' }),
        entity: entity(),
        key: identifier('Key of the row within the entity.'),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'One row change.' },
)

export type PolicyChange = Static<typeof PolicyChange>

export const PolicyDelta = Type.Object(
  {
    baseVersion: policyVersion(0, 'The delta applies only to exactly this version.'),
    changes: Type.Array(PolicyChange, {
      minItems: 1,
      maxItems: 256,
      description: 'Row changes, applied in order, in one transaction.',
    }),
  },
  { additionalProperties: false, description: 'Small change from baseVersion to version.' },
)

export type PolicyDelta = Static<typeof PolicyDelta>

const announcementFields = {
  v: schemaVersion(),
  edgeId: edgeId('The edge this policy is compiled for.'),
  version: policyVersion(1, 'The newest policy version for this edge.'),
  issuedAt: timestamp('When the hub compiled this version.'),
  sha256: sha256Hex('SHA-256 (hex) of the snapshot body the hub serves over HTTP for this version.'),
  snapshotFormat: literalUnion(['gatehouse-policy/1'], 'Format of the snapshot served over HTTP.'),
  delta: Type.Optional(PolicyDelta),
}

/** An announcement before signing: what `policyAnnouncementSigningBytes` covers. */
export const UnsignedPolicyAnnouncement = Type.Object(announcementFields, {
  additionalProperties: false,
  description: 'A policy announcement without its signature.',
})

export type UnsignedPolicyAnnouncement = Static<typeof UnsignedPolicyAnnouncement>

/** Retained per edge: "your newest policy is version N", signed with the hub's Ed25519 key. */
export const PolicyAnnouncement = Type.Object(
  {
    ...announcementFields,
    signature: ed25519Signature('Ed25519 signature of the canonical form of every other field, base64.'),
  },
  { additionalProperties: false, description: 'The newest policy version for one edge.' },
)

export type PolicyAnnouncement = Static<typeof PolicyAnnouncement>
