/**
 * Signing and checking policy announcements, exactly as commands are signed but under the domain
 * tag `gatehouse-policy-announcement/1`: the UTF-8 bytes of the tag, a line feed, then the RFC 8785
 * canonical JSON of the announcement without `signature`. The signed sha256 in turn vouches for
 * the snapshot fetched over HTTP, and the signature for a delta carried inline.
 */
import type { KeyObject } from 'node:crypto'
import type { PolicyAnnouncement, UnsignedPolicyAnnouncement } from './messages/policy-announcement.js'
import { domainSeparatedBytes, signDomainSeparated, verifyDomainSeparated } from './domain-separated-signature.js'

export const POLICY_ANNOUNCEMENT_SIGNATURE_DOMAIN = 'gatehouse-policy-announcement/1'

function withoutSignature(announcement: UnsignedPolicyAnnouncement | PolicyAnnouncement): UnsignedPolicyAnnouncement {
  const { signature: _signature, ...unsigned } = { signature: undefined, ...announcement }
  return unsigned
}

export function policyAnnouncementSigningBytes(announcement: UnsignedPolicyAnnouncement | PolicyAnnouncement): Buffer {
  return domainSeparatedBytes(POLICY_ANNOUNCEMENT_SIGNATURE_DOMAIN, withoutSignature(announcement))
}

export function signPolicyAnnouncement(
  privateKey: KeyObject,
  unsigned: UnsignedPolicyAnnouncement,
): PolicyAnnouncement {
  const fields = withoutSignature(unsigned)
  return { ...fields, signature: signDomainSeparated(privateKey, POLICY_ANNOUNCEMENT_SIGNATURE_DOMAIN, fields) }
}

export function verifyPolicyAnnouncementSignature(publicKey: KeyObject, announcement: PolicyAnnouncement): boolean {
  return verifyDomainSeparated(
    publicKey,
    POLICY_ANNOUNCEMENT_SIGNATURE_DOMAIN,
    withoutSignature(announcement),
    announcement.signature,
  )
}
