/**
 * Checks a parsed phone QR code (protocol/policy/phone-qr-code.ts) against the phone key in the
 * cached policy, offline, and turns it into what `decideAccess` takes. Pure: the time comes in.
 *
 * Order, first failure wins:
 *
 *   UNKNOWN_KEY      no enrolled phone key with this id.
 *   BAD_FORMAT       the code names a key id or pass number no lookup key can be made of.
 *   BAD_SIGNATURE    not signed by that key (or the enrolled key is unusable). Checked before
 *                    anything else is said about the code, so a forged code learns nothing about
 *                    the key's state or the edge's clock.
 *   KEY_REVOKED      the phone was reported lost.
 *   CLOCK_UNTRUSTED  the edge's own clock is not synchronised: a code valid "for seconds" cannot
 *                    be judged, so it fails closed like every time-restricted credential.
 *   NOT_YET_VALID / EXPIRED   acceptable while issuedAt − window ≤ now < issuedAt + window
 *                    (window ±30 s by default: the phone's clock drifts, and the person needs a
 *                    moment to hold the phone to the scanner).
 *
 * What this does not decide: whether the person may pass (decideAccess, including the pass
 * binding of a digital entry pass), and whether the code was seen before (the caller's
 * ReplayCache with `replayId`, remembered until `replayExpiresAtMs`).
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import { verifyDomainSeparated } from '../../../protocol/mqtt/domain-separated-signature.js'
import { credentialLookupKey } from '../../../protocol/policy/credential-lookup-key.js'
import { PHONE_QR_SIGNATURE_DOMAIN, phoneQrSignedValue, type PhoneQrCode } from '../../../protocol/policy/phone-qr-code.js'
import type { PolicyPhoneKey } from '../../../protocol/policy/policy-phone-key.js'
import type { PresentedCredential } from './access-request.js'

export const DEFAULT_PHONE_QR_FRESHNESS_MS = 30_000

/** RFC 8032 §5.1.5: a raw Ed25519 public key is 32 bytes. */
const ED25519_PUBLIC_KEY_BYTES = 32

export type PhoneQrRefusalCode =
  | 'BAD_FORMAT'
  | 'UNKNOWN_KEY'
  | 'KEY_REVOKED'
  | 'BAD_SIGNATURE'
  | 'CLOCK_UNTRUSTED'
  | 'NOT_YET_VALID'
  | 'EXPIRED'

export interface PhoneQrCheck {
  readonly code: PhoneQrCode
  /** `policy.phoneKey(code.keyId)`. */
  readonly phoneKey: PolicyPhoneKey | null
  /** When the code was scanned, by the edge clock. */
  readonly nowMs: number
  /** DecisionContext.isClockTrusted. */
  readonly isClockTrusted: boolean
  /** How far either side of its issue time a code is accepted; DEFAULT_PHONE_QR_FRESHNESS_MS when omitted. */
  readonly freshnessWindowMs?: number
}

export type PhoneQrVerdict =
  | {
      readonly ok: true
      readonly credential: PresentedCredential
      /** The code's single-use id for the ReplayCache (namespace 'qr-code'). */
      readonly replayId: string
      /** From then on the code is EXPIRED anyway, so the cache may forget it. */
      readonly replayExpiresAtMs: number
    }
  | { readonly ok: false; readonly code: PhoneQrRefusalCode; readonly message: string }

export function verifyPhoneQr(check: PhoneQrCheck): PhoneQrVerdict {
  const { code, phoneKey, nowMs } = check
  if (phoneKey === null || phoneKey.id !== code.keyId) return refusal('UNKNOWN_KEY', 'no enrolled phone key with this id')
  const lookup =
    code.passNumber === null
      ? credentialLookupKey({ kind: 'phone-key', keyId: code.keyId })
      : credentialLookupKey({ kind: 'entry-pass', passNumber: code.passNumber })
  if (!lookup.ok) return refusal('BAD_FORMAT', lookup.message)
  const publicKey = ed25519PublicKey(phoneKey.publicKey)
  if (publicKey === null) return refusal('BAD_SIGNATURE', 'the enrolled public key is not a usable Ed25519 key')
  if (!verifyDomainSeparated(publicKey, PHONE_QR_SIGNATURE_DOMAIN, phoneQrSignedValue(code), code.signature.toString('base64'))) {
    return refusal('BAD_SIGNATURE', 'not signed by the enrolled phone key')
  }
  if (phoneKey.status === 'revoked') return refusal('KEY_REVOKED', 'the phone key is revoked')
  if (!check.isClockTrusted) return refusal('CLOCK_UNTRUSTED', "the edge's clock is not trusted")
  const windowMs = check.freshnessWindowMs ?? DEFAULT_PHONE_QR_FRESHNESS_MS
  // Written so that a NaN anywhere refuses the code rather than accepts it.
  if (!(nowMs >= code.issuedAtMs - windowMs)) return refusal('NOT_YET_VALID', 'issued later than the edge clock allows')
  if (!(nowMs < code.issuedAtMs + windowMs)) return refusal('EXPIRED', 'issued too long ago')
  return {
    ok: true,
    credential: { presentedAs: 'qr', lookupKey: lookup.lookupKey, phoneKeyId: code.keyId },
    replayId: `${code.keyId}/${code.nonce}`,
    replayExpiresAtMs: code.issuedAtMs + windowMs,
  }
}

/** The policy's standard base64 of the raw key, as a KeyObject; null if it is not 32 bytes or not a key. */
function ed25519PublicKey(base64: string): KeyObject | null {
  const raw = Buffer.from(base64, 'base64')
  if (raw.length !== ED25519_PUBLIC_KEY_BYTES) return null
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' })
  } catch {
    return null
  }
}

function refusal(code: PhoneQrRefusalCode, message: string): PhoneQrVerdict {
  return { ok: false, code, message }
}
