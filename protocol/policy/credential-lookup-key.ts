/**
 * The normalised key a credential is found by, derived from what a device read. Hub and edge both
 * call `credentialLookupKey`, so a card enrolled at the hub and the same card read at a gate give
 * the same string. Formats (everything lowercase except pass numbers and visitor codes):
 *
 *   card:<format>:<facility>:<card>   Wiegand with a facility field   card:h10301:212:7041
 *   card:<format>:<card>              Wiegand without one (a raw UID)  card:wiegand-34-uid:2312378241
 *   pin:<digits>                      keypad PIN, 4–12 digits          pin:20200214
 *   pass:<number>                     entry pass (出入证) number         pass:A0123
 *   phone:<keyId>                     an enrolled phone's key id       phone:pk-3f9a0c
 *   visitor:<code>                    a visitor pass code              visitor:Q7dK2mXw9pL
 *
 * `<format>` is the Wiegand layout's name lowercased with `_` → `-` (H10301 → h10301,
 * WIEGAND_34 → wiegand-34); numbers are decimal without leading zeros. Pass numbers and PINs are
 * NFKC-normalised first (full-width digits typed on a Chinese keyboard become ASCII); pass numbers
 * drop spaces and hyphens and are upper-cased, so "a-0123" and "Ａ０１２３" are both "pass:A0123".
 */
import { EDGE_ID_PATTERN } from '../mqtt/topics.js'

export type CredentialRead =
  | { readonly kind: 'card'; readonly format: string; readonly facility: number | null; readonly card: number }
  | { readonly kind: 'pin'; readonly digits: string }
  | { readonly kind: 'entry-pass'; readonly passNumber: string }
  | { readonly kind: 'phone-key'; readonly keyId: string }
  | { readonly kind: 'visitor-code'; readonly code: string }

export type LookupKeyErrorCode =
  | 'BAD_CARD_FORMAT'
  | 'BAD_FACILITY'
  | 'BAD_CARD_NUMBER'
  | 'BAD_PIN'
  | 'BAD_PASS_NUMBER'
  | 'BAD_PHONE_KEY_ID'
  | 'BAD_VISITOR_CODE'
  | 'UNKNOWN_READ_KIND'

export type LookupKeyResult =
  | { readonly ok: true; readonly lookupKey: string }
  | { readonly ok: false; readonly code: LookupKeyErrorCode; readonly message: string }

/** Wiegand fields are at most 48 bits (protocol/wiegand/wiegand-format.ts). */
const MAX_FIELD_VALUE = 2 ** 48 - 1
const FORMAT_PATTERN = '[a-z0-9][a-z0-9-]{0,23}'
const NUMBER_PATTERN = '(0|[1-9][0-9]{0,14})'
const PHONE_KEY_ID_PATTERN = EDGE_ID_PATTERN.slice(1, -1)

/** Every well-formed lookup key matches this; the credential row's `lookupKey` is checked with it. */
export const LOOKUP_KEY_PATTERN =
  `^(card:${FORMAT_PATTERN}(:${NUMBER_PATTERN})?:${NUMBER_PATTERN}` +
  `|pin:[0-9]{4,12}|pass:[0-9A-Z]{1,32}|phone:${PHONE_KEY_ID_PATTERN}|visitor:[A-Za-z0-9_-]{8,64})$`

export const LOOKUP_KEY_MAX_LENGTH = 80

export type LookupKeyPrefix = 'card' | 'pin' | 'pass' | 'phone' | 'visitor'

export function credentialLookupKey(read: CredentialRead): LookupKeyResult {
  switch (read.kind) {
    case 'card':
      return cardKey(read.format, read.facility, read.card)
    case 'pin':
      return pinKey(read.digits)
    case 'entry-pass':
      return passKey(read.passNumber)
    case 'phone-key':
      return matches(read.keyId, new RegExp(EDGE_ID_PATTERN))
        ? { ok: true, lookupKey: `phone:${read.keyId}` }
        : failure('BAD_PHONE_KEY_ID', 'a phone key id is 1–63 of a-z, 0-9 and "-"')
    case 'visitor-code':
      return matches(read.code, /^[A-Za-z0-9_-]{8,64}$/)
        ? { ok: true, lookupKey: `visitor:${read.code}` }
        : failure('BAD_VISITOR_CODE', 'a visitor code is 8–64 of A-Z, a-z, 0-9, "_" and "-"')
    default:
      return failure('UNKNOWN_READ_KIND', 'not a credential read this system knows')
  }
}

/** The part before the first `:`, when it is one of the known prefixes. */
export function lookupKeyPrefix(lookupKey: string): LookupKeyPrefix | null {
  const prefix = lookupKey.slice(0, Math.max(0, lookupKey.indexOf(':')))
  return prefix === 'card' || prefix === 'pin' || prefix === 'pass' || prefix === 'phone' || prefix === 'visitor'
    ? prefix
    : null
}

function cardKey(format: unknown, facility: unknown, card: unknown): LookupKeyResult {
  const name = typeof format === 'string' ? format.toLowerCase().replace(/_/g, '-') : ''
  if (!new RegExp(`^${FORMAT_PATTERN}$`).test(name)) {
    return failure('BAD_CARD_FORMAT', 'the card format name is 1–24 of letters, digits, "_" and "-"')
  }
  if (facility !== null && !isFieldValue(facility)) {
    return failure('BAD_FACILITY', 'the facility code is a whole number below 2^48, or null')
  }
  if (!isFieldValue(card)) return failure('BAD_CARD_NUMBER', 'the card number is a whole number below 2^48')
  return { ok: true, lookupKey: facility === null ? `card:${name}:${card}` : `card:${name}:${facility}:${card}` }
}

function pinKey(digits: unknown): LookupKeyResult {
  const normalised = typeof digits === 'string' ? digits.normalize('NFKC') : ''
  return /^[0-9]{4,12}$/.test(normalised)
    ? { ok: true, lookupKey: `pin:${normalised}` }
    : failure('BAD_PIN', 'a PIN is 4–12 digits')
}

function passKey(passNumber: unknown): LookupKeyResult {
  const normalised =
    typeof passNumber === 'string' ? passNumber.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase() : ''
  return /^[0-9A-Z]{1,32}$/.test(normalised)
    ? { ok: true, lookupKey: `pass:${normalised}` }
    : failure('BAD_PASS_NUMBER', 'a pass number is 1–32 letters and digits (spaces and "-" are ignored)')
}

function isFieldValue(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_FIELD_VALUE
}

function matches(value: unknown, pattern: RegExp): value is string {
  return typeof value === 'string' && pattern.test(value)
}

function failure(code: LookupKeyErrorCode, message: string): LookupKeyResult {
  return { ok: false, code, message }
}
