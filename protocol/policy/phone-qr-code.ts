/**
 * The dynamic QR code a phone shows when it has no signal (ARCHITECTURE.md §3 "Phone without
 * signal"): the phone signs its key id, the current second and a fresh nonce with its enrolled
 * Ed25519 key; the kiosk's serial QR scanner reads it as one ASCII line; the edge checks it
 * against the phone key in its cached policy (`phone-key` rows), offline.
 *
 * Line format, fields separated by "." (no field can contain one):
 *
 *   GH1.<keyId>.<issuedAtSec>.<nonce>.<signature>               the phone's own credential
 *   GH1.<keyId>.<issuedAtSec>.<nonce>.<passNumber>.<signature>  a digital entry pass it carries
 *
 *   GH1          format tag and version.
 *   keyId        the phone key's row id (1–63 of a-z, 0-9, "-"); the credential `phone:<keyId>`.
 *   issuedAtSec  the phone's clock in whole seconds since the epoch, decimal, no leading zeros.
 *   nonce        16–43 base64url characters (at least 96 random bits), fresh for every code.
 *   passNumber   the entry pass (出入证) number in its lookup-key form (1–32 of 0-9, A-Z), when the
 *                code presents a pass bound to this phone: the edge then decides on `pass:<number>`
 *                and checks the binding (edge/src/domain/pass-binding-check.ts).
 *   signature    the 64-byte Ed25519 signature (RFC 8032), base64url without padding (86 chars).
 *
 * Signed bytes: `domainSeparatedBytes('gatehouse-phone-qr/1', {issuedAtSec, keyId, nonce, pass})`
 * (protocol/mqtt/domain-separated-signature.ts): the tag, a line feed and the RFC 8785 canonical
 * JSON, `pass` being null for the phone's own credential. The tag keeps a hub command or policy
 * signature from ever being a valid QR code, and the other way round.
 *
 * At most 3+63+12+43+32+86 characters and 5 dots = 244, well under the scanner's 512-character
 * line (protocol/qr/qr-line.ts) and small enough for a version-10 QR code at level L; printable
 * ASCII only, so the scanner's ASCII output mode carries it unchanged.
 */
import { QR_LINE_MAX_LENGTH } from '../qr/qr-line.js'
import { domainSeparatedBytes } from '../mqtt/domain-separated-signature.js'
import { EDGE_ID_PATTERN } from '../mqtt/topics.js'

export const PHONE_QR_TAG = 'GH1'
export const PHONE_QR_SIGNATURE_DOMAIN = 'gatehouse-phone-qr/1'

/** RFC 8032 §5.1.6: 64 bytes, i.e. 86 base64url characters without padding. */
export const PHONE_QR_SIGNATURE_BYTES = 64

const KEY_ID = new RegExp(EDGE_ID_PATTERN)
const ISSUED_AT_SEC = /^(0|[1-9][0-9]{0,11})$/
const NONCE = /^[A-Za-z0-9_-]{16,43}$/
const PASS_NUMBER = /^[0-9A-Z]{1,32}$/
const SIGNATURE = /^[A-Za-z0-9_-]{86}$/
const OTHER_VERSION_TAG = /^GH[0-9]{1,3}$/
/** Twelve digits: past the year 33000, and `issuedAtSec * 1000` stays a safe integer. */
const MAX_ISSUED_AT_SEC = 999_999_999_999

/** What the phone signs. `issuedAtMs` is cut to whole seconds on the line. */
export interface PhoneQrFields {
  readonly keyId: string
  readonly issuedAtMs: number
  readonly nonce: string
  /** The entry pass number the code presents (lookup-key form), or null for the phone itself. */
  readonly passNumber?: string | null
}

/** A parsed code: well-formed, signature not yet checked (edge/src/domain/verify-phone-qr.ts does). */
export interface PhoneQrCode {
  readonly keyId: string
  /** Whole seconds, as milliseconds. */
  readonly issuedAtMs: number
  readonly nonce: string
  readonly passNumber: string | null
  /** The raw 64-byte Ed25519 signature. */
  readonly signature: Buffer
}

export type PhoneQrParseErrorCode =
  /** Not a Gatehouse phone code at all (another QR code, a barcode): not ours to refuse. */
  | 'NOT_PHONE_QR'
  /** A Gatehouse phone code of a version this edge does not read (GH2, ...). */
  | 'UNSUPPORTED_VERSION'
  | 'LINE_TOO_LONG'
  | 'BAD_FIELD_COUNT'
  | 'BAD_KEY_ID'
  | 'BAD_ISSUED_AT'
  | 'BAD_NONCE'
  | 'BAD_PASS_NUMBER'
  | 'BAD_SIGNATURE_ENCODING'

export type PhoneQrParseResult =
  | { readonly ok: true; readonly value: PhoneQrCode }
  | { readonly ok: false; readonly code: PhoneQrParseErrorCode; readonly message: string }

export interface PhoneQrEncodeError extends Error {
  readonly code: 'BAD_KEY_ID' | 'BAD_ISSUED_AT' | 'BAD_NONCE' | 'BAD_PASS_NUMBER' | 'BAD_SIGNATURE_LENGTH'
}

/** The value under the signature; `verifyDomainSeparated` takes it with the domain above. */
export function phoneQrSignedValue(fields: PhoneQrFields): { issuedAtSec: number; keyId: string; nonce: string; pass: string | null } {
  return { issuedAtSec: Math.floor(fields.issuedAtMs / 1000), keyId: fields.keyId, nonce: fields.nonce, pass: fields.passNumber ?? null }
}

/** The exact bytes the phone signs and the edge verifies. */
export function phoneQrSigningBytes(fields: PhoneQrFields): Buffer {
  return domainSeparatedBytes(PHONE_QR_SIGNATURE_DOMAIN, phoneQrSignedValue(fields))
}

/**
 * Builds the line a phone shows. `sign` returns the raw Ed25519 signature of the bytes it is given
 * (node:crypto `sign(null, bytes, privateKey)`, or the phone's keystore). Throws a coded error on
 * fields the line cannot carry: a bug in the caller, not input noise.
 */
export function encodePhoneQrCode(fields: PhoneQrFields, sign: (bytes: Buffer) => Uint8Array): string {
  const passNumber = fields.passNumber ?? null
  if (!KEY_ID.test(fields.keyId)) throw encodeError('BAD_KEY_ID', 'a key id is 1–63 of a-z, 0-9 and "-"')
  const issuedAtSec = Math.floor(fields.issuedAtMs / 1000)
  if (!Number.isSafeInteger(issuedAtSec) || issuedAtSec < 0 || issuedAtSec > MAX_ISSUED_AT_SEC) {
    throw encodeError('BAD_ISSUED_AT', 'issuedAtMs must be an instant at or after the epoch')
  }
  if (!NONCE.test(fields.nonce)) throw encodeError('BAD_NONCE', 'a nonce is 16–43 base64url characters')
  if (passNumber !== null && !PASS_NUMBER.test(passNumber)) {
    throw encodeError('BAD_PASS_NUMBER', 'a pass number is 1–32 of 0-9 and A-Z (its lookup-key form)')
  }
  const signature = Buffer.from(sign(phoneQrSigningBytes(fields)))
  if (signature.length !== PHONE_QR_SIGNATURE_BYTES) {
    throw encodeError('BAD_SIGNATURE_LENGTH', `an Ed25519 signature is 64 bytes, got ${signature.length}`)
  }
  const middle = passNumber === null ? [] : [passNumber]
  return [PHONE_QR_TAG, fields.keyId, String(issuedAtSec), fields.nonce, ...middle, signature.toString('base64url')].join('.')
}

/** Reads one scanned line. Never throws; every malformed line is an error value with a code. */
export function parsePhoneQrCode(line: string): PhoneQrParseResult {
  if (typeof line !== 'string') return failure('NOT_PHONE_QR', 'not a line of text')
  if (line.length > QR_LINE_MAX_LENGTH) return failure('LINE_TOO_LONG', `line of ${line.length} > ${QR_LINE_MAX_LENGTH} characters`)
  const fields = line.split('.')
  const tag = fields[0] ?? ''
  if (tag !== PHONE_QR_TAG) {
    return OTHER_VERSION_TAG.test(tag) && fields.length > 1
      ? failure('UNSUPPORTED_VERSION', `phone code version ${tag.slice(2)} is not read here`)
      : failure('NOT_PHONE_QR', 'not a Gatehouse phone code')
  }
  if (fields.length !== 5 && fields.length !== 6) {
    return failure('BAD_FIELD_COUNT', `a phone code has 5 or 6 "."-separated fields, got ${fields.length}`)
  }
  const [, keyId = '', issuedAt = '', nonce = ''] = fields
  const passNumber = fields.length === 6 ? fields[4]! : null
  const signatureText = fields[fields.length - 1]!
  if (!KEY_ID.test(keyId)) return failure('BAD_KEY_ID', 'the key id is 1–63 of a-z, 0-9 and "-"')
  if (!ISSUED_AT_SEC.test(issuedAt)) {
    return failure('BAD_ISSUED_AT', 'issued-at is whole seconds since the epoch, no leading zeros')
  }
  if (!NONCE.test(nonce)) return failure('BAD_NONCE', 'the nonce is 16–43 base64url characters')
  if (passNumber !== null && !PASS_NUMBER.test(passNumber)) {
    return failure('BAD_PASS_NUMBER', 'the pass number is 1–32 of 0-9 and A-Z')
  }
  const signature = SIGNATURE.test(signatureText) ? Buffer.from(signatureText, 'base64url') : null
  // Canonical encoding only: the spare low bits of the last character must be zero.
  if (signature === null || signature.length !== PHONE_QR_SIGNATURE_BYTES || signature.toString('base64url') !== signatureText) {
    return failure('BAD_SIGNATURE_ENCODING', 'the signature is 64 bytes in canonical base64url without padding')
  }
  return { ok: true, value: { keyId, issuedAtMs: Number(issuedAt) * 1000, nonce, passNumber, signature } }
}

function failure(code: PhoneQrParseErrorCode, message: string): PhoneQrParseResult {
  return { ok: false, code, message }
}

function encodeError(code: PhoneQrEncodeError['code'], message: string): PhoneQrEncodeError {
  return Object.assign(new Error(message), { code })
}
