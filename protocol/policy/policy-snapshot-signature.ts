/**
 * Signing and checking policy snapshots, under the domain tag `gatehouse-policy-snapshot/1`.
 *
 * The signature covers a short statement rather than the whole snapshot: the UTF-8 bytes of the
 * tag, a line feed, then the RFC 8785 canonical JSON of
 *
 *   {"edgeId":…,"entitiesSha256":…,"issuedAt":…,"v":1,"version":…}
 *
 * where `entitiesSha256` is the lowercase hex SHA-256 of the UTF-8 RFC 8785 canonical JSON of
 * `entities`. It vouches for exactly the same content as signing the snapshot itself would, but
 * the canonical form of 100,000s of rows is built once, by the fast `canonicalJsonOfData`, and
 * the Ed25519 step signs a hundred bytes. Any RFC 8785 library and SHA-256 can check it.
 */
import { createHash, type KeyObject } from 'node:crypto'
import { domainSeparatedBytes, signDomainSeparated, verifyDomainSeparated } from '../mqtt/domain-separated-signature.js'
import { canonicalJsonOfData } from './canonical-json-of-data.js'
import type { PolicyEntities, PolicySnapshot, UnsignedPolicySnapshot } from './policy-snapshot.js'

export const POLICY_SNAPSHOT_SIGNATURE_DOMAIN = 'gatehouse-policy-snapshot/1'

export interface PolicySnapshotStatement {
  readonly v: 1
  readonly edgeId: string
  readonly version: number
  readonly issuedAt: string
  readonly entitiesSha256: string
}

export function policyEntitiesSha256(entities: PolicyEntities): string {
  return createHash('sha256').update(canonicalJsonOfData(entities), 'utf8').digest('hex')
}

export function policySnapshotStatement(snapshot: UnsignedPolicySnapshot | PolicySnapshot): PolicySnapshotStatement {
  const { v, edgeId, version, issuedAt, entities } = snapshot
  return { v, edgeId, version, issuedAt, entitiesSha256: policyEntitiesSha256(entities) }
}

/** The exact bytes the hub signs and the edge verifies. */
export function policySnapshotSigningBytes(snapshot: UnsignedPolicySnapshot | PolicySnapshot): Buffer {
  return domainSeparatedBytes(POLICY_SNAPSHOT_SIGNATURE_DOMAIN, policySnapshotStatement(snapshot))
}

/** Signs with the hub's Ed25519 private key. Throws `NOT_ED25519_KEY` for another key type. */
export function signPolicySnapshot(privateKey: KeyObject, unsigned: UnsignedPolicySnapshot): PolicySnapshot {
  const { v, edgeId, version, issuedAt, entities } = unsigned
  const statement = policySnapshotStatement(unsigned)
  const signature = signDomainSeparated(privateKey, POLICY_SNAPSHOT_SIGNATURE_DOMAIN, statement)
  return { v, edgeId, version, issuedAt, entities, signature }
}

/** Whether the snapshot's signature is the hub's over its statement. */
export function verifyPolicySnapshotSignature(publicKey: KeyObject, snapshot: PolicySnapshot): boolean {
  return verifyDomainSeparated(
    publicKey,
    POLICY_SNAPSHOT_SIGNATURE_DOMAIN,
    policySnapshotStatement(snapshot),
    snapshot.signature,
  )
}
