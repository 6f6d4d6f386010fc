/**
 * What a phone signs to open a door through the hub (docs/phone-app.md, ARCHITECTURE.md §3 "Phone
 * opens a door"): the door, the action, the enrolled key, a fresh nonce and the phone's clock, so a
 * session cookie copied off the phone opens nothing without the phone's own key, and a captured
 * request is good once and only for seconds. Pure and free of Node: the phone app imports it too.
 *
 * Signed bytes: the domain tag, a line feed and the RFC 8785 canonical JSON of
 * `{action, doorId, issuedAtMs, keyId, nonce}` (protocol/mqtt/domain-separated-signature.ts).
 */
export const PHONE_OPEN_SIGNATURE_DOMAIN = 'gatehouse-phone-open/1'

/** How far from the hub's clock a phone's `issuedAtMs` may be (phone clocks drift). */
export const PHONE_OPEN_FRESHNESS_MS = 60_000

/** At least 96 random bits, base64url. */
export const PHONE_OPEN_NONCE_PATTERN = '^[A-Za-z0-9_-]{16,43}$'

export interface PhoneOpenProofFields {
  readonly keyId: string
  readonly nonce: string
  readonly issuedAtMs: number
}

export function phoneOpenSignedValue(doorId: string, action: string, proof: PhoneOpenProofFields): {
  action: string
  doorId: string
  issuedAtMs: number
  keyId: string
  nonce: string
} {
  return { action, doorId, issuedAtMs: proof.issuedAtMs, keyId: proof.keyId, nonce: proof.nonce }
}

/** Whether the proof's time is within the window of `nowMs` (NaN-safe: fails closed). */
export function isPhoneProofFresh(issuedAtMs: number, nowMs: number, windowMs = PHONE_OPEN_FRESHNESS_MS): boolean {
  return Math.abs(nowMs - issuedAtMs) <= windowMs
}
