import { createPublicKey, type KeyObject } from 'node:crypto'
import { verifyDomainSeparated } from '../../../../protocol/mqtt/domain-separated-signature.js'
import { isPhoneProofFresh, PHONE_OPEN_FRESHNESS_MS, PHONE_OPEN_SIGNATURE_DOMAIN, phoneOpenSignedValue, type PhoneOpenProofFields } from '../../domain/phone/phone-open-proof.js'
import type { SessionPhoneKey } from '../../adapters/sqlite/phone/sqlite-phone-enrollment-store.js'
import type { Clock } from '../../ports/clock.js'
import type { Logger } from '../../ports/logger.js'

/** A signed open request as the phone sends it: the proof fields and the Ed25519 signature (standard base64). */
export interface PhoneOpenProof extends PhoneOpenProofFields {
  readonly signature: string
}

export interface PhoneProofStore {
  sessionPhoneKey(sessionSha256: string): SessionPhoneKey | null
  acceptNonce(keyId: string, nonce: string, atMs: number, forgetBeforeMs: number): boolean
}

export type PhoneProofCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly httpStatus: number; readonly code: PhoneProofRefusalCode; readonly message: string }

export type PhoneProofRefusalCode = 'PHONE_PROOF_REQUIRED' | 'PHONE_REVOKED' | 'PHONE_PROOF_INVALID' | 'PHONE_PROOF_STALE' | 'PHONE_PROOF_REPLAYED'

/**
 * The open route's check for sessions opened by phone enrolment: the request must be signed by
 * the session's own phone key, now (± PHONE_OPEN_FRESHNESS_MS), with a nonce not seen before.
 * Sessions not opened by a phone (a password sign-in) need no proof: they have no phone key.
 */
export class PhoneOpenProofs {
  readonly #store: PhoneProofStore
  readonly #clock: Clock
  readonly #log: Logger

  constructor(store: PhoneProofStore, clock: Clock, log: Logger) {
    this.#store = store
    this.#clock = clock
    this.#log = log
  }

  check(sessionSha256: string | null, doorId: string, action: string, proof: PhoneOpenProof | undefined): PhoneProofCheck {
    const key = sessionSha256 === null ? null : this.#store.sessionPhoneKey(sessionSha256)
    if (key === null) return { ok: true }
    if (proof === undefined) return refuse(401, 'PHONE_PROOF_REQUIRED', 'a phone session opens doors only with a request signed by the phone’s key')
    if (key.status !== 'active') return refuse(403, 'PHONE_REVOKED', 'this phone was revoked; enrol it again')
    const publicKey = ed25519PublicKey(key.publicKey)
    const value = phoneOpenSignedValue(doorId, action, proof)
    if (proof.keyId !== key.keyId || publicKey === null || !verifyDomainSeparated(publicKey, PHONE_OPEN_SIGNATURE_DOMAIN, value, proof.signature)) {
      this.#log.warn({ keyId: key.keyId, doorId }, 'phone open refused: bad signature')
      return refuse(403, 'PHONE_PROOF_INVALID', 'the request is not signed by this phone’s key')
    }
    const nowMs = this.#clock.now()
    if (!isPhoneProofFresh(proof.issuedAtMs, nowMs)) return refuse(403, 'PHONE_PROOF_STALE', 'the phone’s clock is too far from the hub’s (or the request is old)')
    if (!this.#store.acceptNonce(key.keyId, proof.nonce, nowMs, nowMs - 2 * PHONE_OPEN_FRESHNESS_MS)) {
      this.#log.warn({ keyId: key.keyId, doorId }, 'phone open refused: replayed request')
      return refuse(409, 'PHONE_PROOF_REPLAYED', 'this signed request was used already')
    }
    return { ok: true }
  }
}

function refuse(httpStatus: number, code: PhoneProofRefusalCode, message: string): PhoneProofCheck {
  return { ok: false, httpStatus, code, message }
}

function ed25519PublicKey(base64: string): KeyObject | null {
  const raw = Buffer.from(base64, 'base64')
  if (raw.length !== 32) return null
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' })
  } catch {
    return null
  }
}
