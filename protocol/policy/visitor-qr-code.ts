/**
 * The QR code of a visitor pass (ARCHITECTURE.md story 5): what the visitor shows at the kiosk's
 * serial QR scanner (protocol/qr/qr-line.ts), read as one ASCII line, and looked up by the edge in
 * its cached policy, offline.
 *
 * Line format:
 *
 *   GHV1.<code>
 *
 *   GHV1   format tag and version ("Gatehouse visitor, 1"). Phone codes are "GH<digits>"
 *          (phone-qr-code.ts), so neither parser mistakes the other's lines.
 *   code   the visitor pass's code, 16–64 of A-Z, a-z, 0-9, "_" and "-" (base64url): the pass is
 *          the credential with lookup key `visitor:<code>` (credential-lookup-key.ts). The hub
 *          draws it from 96 random bits or more (hub/src/domain/access/visitor-pass-terms.ts).
 *
 * Why nothing else is on the line. Everything that limits what a photo of the code can do lives
 * in the pass's policy row on the edge, not in the code: `validFromMs`/`validUntilMs` (NOT_YET_VALID,
 * EXPIRED), `status` (REVOKED when the host cancels), `hostBuildingId` (gates and the host's
 * building only, VISITOR_SCOPE elsewhere). Dates or a building on the line would add nothing
 * unless signed, and the row the edge must read anyway already has them, kept current by policy
 * deltas: a pass the host revokes stops working at every gate without the code changing. So the
 * code only has to be unguessable (96 bits: a guess per second for a thousand years finds none)
 * and short (a version-2 QR code at level M, easy for a cheap scanner to read off a phone screen).
 * A pass is meant to be shown several times (gate, building door, leaving), so it is not single
 * use like a phone's code; the code is a bearer secret, masked in logs like a card number.
 */
import { QR_LINE_MAX_LENGTH } from '../qr/qr-line.js'

export const VISITOR_QR_TAG = 'GHV1'

const CODE = /^[A-Za-z0-9_-]{16,64}$/
const OTHER_VERSION_TAG = /^GHV[0-9]{1,3}$/
const VISITOR_LOOKUP_PREFIX = 'visitor:'

/** A parsed visitor code: well-formed; whether a pass has it is the edge's policy's to say. */
export interface VisitorQrCode {
  readonly code: string
  /** `visitor:<code>`, the credential lookup key the edge decides on. */
  readonly lookupKey: string
}

export type VisitorQrParseErrorCode =
  /** Not a Gatehouse visitor code at all (a phone code, another QR code): not ours to refuse. */
  | 'NOT_VISITOR_QR'
  /** A visitor code of a version this edge does not read (GHV2, ...). */
  | 'UNSUPPORTED_VERSION'
  | 'LINE_TOO_LONG'
  | 'BAD_FIELD_COUNT'
  | 'BAD_CODE'

export type VisitorQrParseResult =
  | { readonly ok: true; readonly value: VisitorQrCode }
  | { readonly ok: false; readonly code: VisitorQrParseErrorCode; readonly message: string }

/**
 * The line a visitor pass shows, from its lookup key; null when the key is not a QR-form visitor
 * code (a keypad pass is `pin:<digits>` and has no QR code).
 */
export function visitorQrTextOf(lookupKey: string): string | null {
  if (!lookupKey.startsWith(VISITOR_LOOKUP_PREFIX)) return null
  const code = lookupKey.slice(VISITOR_LOOKUP_PREFIX.length)
  return CODE.test(code) ? `${VISITOR_QR_TAG}.${code}` : null
}

/** Builds the line for a code. Throws a coded error (BAD_CODE) on a code the line cannot carry: a caller bug. */
export function encodeVisitorQrCode(code: string): string {
  if (!CODE.test(code)) throw Object.assign(new Error('a visitor code is 16–64 base64url characters'), { code: 'BAD_CODE' })
  return `${VISITOR_QR_TAG}.${code}`
}

/** Reads one scanned line. Never throws; every malformed line is an error value with a code. */
export function parseVisitorQrCode(line: string): VisitorQrParseResult {
  if (typeof line !== 'string') return failure('NOT_VISITOR_QR', 'not a line of text')
  if (line.length > QR_LINE_MAX_LENGTH) return failure('LINE_TOO_LONG', `line of ${line.length} > ${QR_LINE_MAX_LENGTH} characters`)
  const fields = line.split('.')
  const tag = fields[0] ?? ''
  if (tag !== VISITOR_QR_TAG) {
    return OTHER_VERSION_TAG.test(tag) && fields.length > 1
      ? failure('UNSUPPORTED_VERSION', `visitor code version ${tag.slice(3)} is not read here`)
      : failure('NOT_VISITOR_QR', 'not a Gatehouse visitor code')
  }
  if (fields.length !== 2) return failure('BAD_FIELD_COUNT', `a visitor code has 2 "."-separated fields, got ${fields.length}`)
  const code = fields[1] ?? ''
  if (!CODE.test(code)) return failure('BAD_CODE', 'the code is 16–64 of A-Z, a-z, 0-9, "_" and "-"')
  return { ok: true, value: { code, lookupKey: `${VISITOR_LOOKUP_PREFIX}${code}` } }
}

function failure(code: VisitorQrParseErrorCode, message: string): VisitorQrParseResult {
  return { ok: false, code, message }
}
