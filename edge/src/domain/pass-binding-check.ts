import type { PolicyPhoneKey } from '../../../protocol/policy/policy-phone-key.js'
import { denial, type CheckSubject, type Denial } from './access-check.js'

const PHONE_PREFIX = 'phone:'

/**
 * The lent pass (ARCHITECTURE.md story 2): pass number, holder and registered phone must agree.
 *
 * - A claimed holder must be the credential's person.
 * - A phone credential needs its phone key, active (REVOKED otherwise: a lost phone is revoked).
 * - A QR signed by a phone key: the key must be enrolled, active, and the same person's.
 * - A digital entry pass (`boundPhoneKeyId`) must come from exactly that phone, and that phone's
 *   key must name this pass: both sides of the binding agree.
 */
export function checkPassBinding(subject: CheckSubject): Denial | null {
  const { credential, request, policy } = subject
  const presented = request.credential
  if (presented.holderId != null && presented.holderId !== credential.personId) {
    return denial('PASS_HOLDER_MISMATCH', 'credential', credential.id)
  }
  if (credential.kind === 'phone') {
    const keyId = credential.lookupKey.startsWith(PHONE_PREFIX) ? credential.lookupKey.slice(PHONE_PREFIX.length) : ''
    const keyDenial = phoneKeyDenial(policy.phoneKey(keyId), keyId, credential.personId, 'REVOKED')
    if (keyDenial !== null) return keyDenial
  }
  if (presented.phoneKeyId != null) {
    const keyDenial = phoneKeyDenial(policy.phoneKey(presented.phoneKeyId), presented.phoneKeyId, credential.personId, 'PASS_HOLDER_MISMATCH')
    if (keyDenial !== null) return keyDenial
  }
  return credential.boundPhoneKeyId === null ? null : boundPassDenial(subject, credential.boundPhoneKeyId)
}

function phoneKeyDenial(
  key: PolicyPhoneKey | null,
  keyId: string,
  personId: string,
  whenMissing: 'REVOKED' | 'PASS_HOLDER_MISMATCH',
): Denial | null {
  if (key === null) return denial(whenMissing, 'phone-key', keyId || null)
  if (key.status === 'revoked') return denial('REVOKED', 'phone-key', key.id)
  return key.personId === personId ? null : denial('PASS_HOLDER_MISMATCH', 'phone-key', key.id)
}

function boundPassDenial(subject: CheckSubject, boundPhoneKeyId: string): Denial | null {
  const { credential, request, policy } = subject
  if (request.credential.phoneKeyId !== boundPhoneKeyId) return denial('PASS_HOLDER_MISMATCH', 'credential', credential.id)
  const key = policy.phoneKey(boundPhoneKeyId)
  if (key === null || key.passCredentialId !== credential.id) return denial('PASS_HOLDER_MISMATCH', 'phone-key', boundPhoneKeyId)
  return null
}
