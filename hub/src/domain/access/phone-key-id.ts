import { createHash } from 'node:crypto'
import { ED25519_PUBLIC_KEY_BASE64_PATTERN } from '../../../../protocol/policy/policy-phone-key.js'
import { accessFailure, accessSuccess, type AccessOutcome } from './access-failure.js'

/** RFC 8032 §5.1.5: an Ed25519 public key is 32 bytes. */
const ED25519_PUBLIC_KEY_BYTES = 32
const KEY_ID_HEX_DIGITS = 16

export interface PhoneKeyIdentity {
  /** "pk-" and the first 16 hex digits of SHA-256 of the raw key: the id the phone names in its QR codes. */
  readonly id: string
  /** The key as stored and compiled: standard padded base64 of the 32 raw bytes. */
  readonly publicKey: string
}

/**
 * Checks a phone's public key (raw 32-byte Ed25519, standard padded base64, as WebCrypto's
 * `exportKey('raw')` gives it) and derives its id from the key itself, so the same phone key
 * always has the same id and a second registration of it is found as a duplicate.
 */
export function phoneKeyIdentityOf(publicKeyBase64: string): AccessOutcome<PhoneKeyIdentity> {
  if (!new RegExp(ED25519_PUBLIC_KEY_BASE64_PATTERN).test(publicKeyBase64)) {
    return accessFailure('BAD_PUBLIC_KEY', 'a phone key is a raw 32-byte Ed25519 public key in standard base64 (44 characters)')
  }
  const raw = Buffer.from(publicKeyBase64, 'base64')
  if (raw.length !== ED25519_PUBLIC_KEY_BYTES || raw.toString('base64') !== publicKeyBase64) {
    return accessFailure('BAD_PUBLIC_KEY', 'the phone key is not canonical base64 of 32 bytes')
  }
  const digest = createHash('sha256').update(raw).digest('hex')
  return accessSuccess({ id: `pk-${digest.slice(0, KEY_ID_HEX_DIGITS)}`, publicKey: publicKeyBase64 })
}
