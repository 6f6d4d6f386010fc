/**
 * The HTTP body of a snapshot: its RFC 8785 canonical JSON in UTF-8, so the hub's bytes, and so
 * the SHA-256 the signed announcement carries, are the same every time the version is encoded.
 */
import { createHash } from 'node:crypto'
import { canonicalJsonOfData } from './canonical-json-of-data.js'
import type { PolicySnapshot } from './policy-snapshot.js'
import { validatePolicySnapshot, type PolicySnapshotResult } from './validate-policy-snapshot.js'

/** Room for a 100,000-resident community with several credentials each (~75 MB at 250,000). */
export const MAX_POLICY_SNAPSHOT_BYTES = 256 * 1024 * 1024

export function encodePolicySnapshot(snapshot: PolicySnapshot): Buffer {
  return Buffer.from(canonicalJsonOfData(snapshot), 'utf8')
}

/** Parses and validates a snapshot body; never throws. The signature is checked separately. */
export function decodePolicySnapshot(body: Uint8Array): PolicySnapshotResult {
  if (body.byteLength > MAX_POLICY_SNAPSHOT_BYTES) {
    return { ok: false, violations: [{ path: '', code: 'TOO_LARGE', message: `body over ${MAX_POLICY_SNAPSHOT_BYTES} bytes` }] }
  }
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'))
  } catch {
    return { ok: false, violations: [{ path: '', code: 'NOT_JSON', message: 'the body is not JSON' }] }
  }
  return validatePolicySnapshot(value)
}

/** Lowercase hex SHA-256 of a snapshot body: the announcement's `sha256`. */
export function policySnapshotSha256(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex')
}
