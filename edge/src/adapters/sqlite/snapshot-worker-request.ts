import { Type, type Static } from '@sinclair/typebox'

/**
 * What the policy store hands the snapshot worker (as workerData), and what the worker answers.
 * Both cross a thread boundary as structured clones, so both are checked where they arrive.
 */
export const SnapshotWorkerRequest = Type.Object(
  {
    path: Type.String({ minLength: 1, description: 'The edge database file; the worker opens its own connection to it.' }),
    busyTimeoutMs: Type.Integer({ minimum: 0, maximum: 600_000 }),
    edgeId: Type.String({ minLength: 1, maxLength: 63 }),
    /** The hub's Ed25519 public key, SubjectPublicKeyInfo DER. */
    hubPublicKeyDer: Type.Uint8Array({ minByteLength: 1, maxByteLength: 256 }),
    body: Type.Uint8Array(),
    vouch: Type.Union([
      Type.Object({ kind: Type.Literal('announced'), expectedSha256: Type.String(), announcedVersion: Type.Integer({ minimum: 0 }) }),
      Type.Object({ kind: Type.Literal('signed') }),
    ]),
    receivedAtMs: Type.Number(),
  },
  { additionalProperties: false },
)

export type SnapshotWorkerRequest = Static<typeof SnapshotWorkerRequest>

const Timings = Type.Object({ verify: Type.Number(), decode: Type.Number(), write: Type.Number() })

export const SnapshotWorkerReply = Type.Union([
  Type.Object({ ok: Type.Literal(true), version: Type.Integer({ minimum: 1 }), rowsWritten: Type.Integer({ minimum: 0 }), timingsMs: Timings }),
  Type.Object({ ok: Type.Literal(false), code: Type.String(), refusal: Type.String(), detail: Type.String() }),
])
