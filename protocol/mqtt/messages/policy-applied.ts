import { Type, type Static } from '@sinclair/typebox'
import { edgeId, literalUnion, policyVersion, schemaVersion, sha256Hex, timestamp } from './field-schemas.js'

export const POLICY_FAILURE_CODES = [
  'BAD_SIGNATURE',
  'SHA256_MISMATCH',
  'FETCH_FAILED',
  'INVALID_SNAPSHOT',
  'APPLY_FAILED',
] as const

export type PolicyFailureCode = (typeof POLICY_FAILURE_CODES)[number]

/** Retained per edge: the policy version it decides with, and its last failed attempt if any. */
export const PolicyApplied = Type.Object(
  {
    v: schemaVersion(),
    edgeId: edgeId(),
    version: policyVersion(1, 'The policy version now in force on the edge.'),
    sha256: sha256Hex('The sha256 announced for that version.'),
    source: literalUnion(['delta', 'snapshot'], 'How the edge got it.'),
    appliedAt: timestamp('When the edge committed it.'),
    lastFailure: Type.Optional(
      Type.Object(
        {
          version: policyVersion(1, 'The version the edge failed to apply.'),
          code: literalUnion(POLICY_FAILURE_CODES, 'Why.'),
          at: timestamp('When it failed.'),
        },
        {
          additionalProperties: false,
          description: 'The most recent failed attempt at a newer version, if it has not succeeded since.',
        },
      ),
    ),
  },
  { additionalProperties: false, description: 'The policy version an edge has applied.' },
)

export type PolicyApplied = Static<typeof PolicyApplied>
