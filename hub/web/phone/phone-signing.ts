/**
 * What the phone signs, byte for byte as the hub and the edge check it, written for the browser
 * (protocol/ uses Node's Buffer and node:crypto, so the page cannot import it; the tests prove
 * both sides agree): RFC 8785 canonical JSON behind a domain tag, the GH1 QR line of
 * protocol/policy/phone-qr-code.ts, and the signed open request of
 * hub/src/domain/phone/phone-open-proof.ts. Needs only TextEncoder, btoa and getRandomValues.
 */
import { PHONE_OPEN_SIGNATURE_DOMAIN, phoneOpenSignedValue } from '../../src/domain/phone/phone-open-proof.js'

/** protocol/policy/phone-qr-code.ts: PHONE_QR_TAG and PHONE_QR_SIGNATURE_DOMAIN. */
export const PHONE_QR_TAG = 'GH1'
export const PHONE_QR_SIGNATURE_DOMAIN = 'gatehouse-phone-qr/1'

/** Signs bytes with the phone's key (WebCrypto Ed25519): the raw 64-byte signature. */
export type PhoneSigner = (bytes: Uint8Array) => Promise<Uint8Array>

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json }

/** RFC 8785 for plain JSON values: members sorted by UTF-16 code units, ECMAScript serialisation of strings and numbers. */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map((item: Json) => canonicalJson(item)).join(',')}]`
  const object = value as { readonly [key: string]: Json }
  const keys = Object.keys(object).sort()
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key]!)}`).join(',')}}`
}

/** The domain tag, a line feed and the canonical JSON, UTF-8 (protocol/mqtt/domain-separated-signature.ts). */
export function domainSeparatedBytes(domain: string, value: Json): Uint8Array {
  return new TextEncoder().encode(`${domain}\n${canonicalJson(value)}`)
}

export function base64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

export function base64url(bytes: Uint8Array): string {
  return base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** 128 random bits, base64url (22 characters). */
export function randomNonce(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(16)))
}

/** The GH1 line a kiosk's scanner reads: the phone's key id, this second, a fresh nonce, signed. */
export async function phoneQrLine(keyId: string, nowMs: number, sign: PhoneSigner, nonce = randomNonce()): Promise<string> {
  const issuedAtSec = Math.floor(nowMs / 1000)
  const signature = await sign(domainSeparatedBytes(PHONE_QR_SIGNATURE_DOMAIN, { issuedAtSec, keyId, nonce, pass: null }))
  return [PHONE_QR_TAG, keyId, String(issuedAtSec), nonce, base64url(signature)].join('.')
}

export interface SignedPhoneProof {
  readonly keyId: string
  readonly nonce: string
  readonly issuedAtMs: number
  readonly signature: string
}

/** The `phoneProof` of POST /api/doors/:doorId/open. */
export async function phoneOpenProof(keyId: string, doorId: string, action: string, nowMs: number, sign: PhoneSigner, nonce = randomNonce()): Promise<SignedPhoneProof> {
  const fields = { keyId, nonce, issuedAtMs: Math.floor(nowMs) }
  const signature = await sign(domainSeparatedBytes(PHONE_OPEN_SIGNATURE_DOMAIN, phoneOpenSignedValue(doorId, action, fields)))
  return { ...fields, signature: base64(signature) }
}
