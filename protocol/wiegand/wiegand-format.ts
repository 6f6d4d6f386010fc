/**
 * Wiegand bit layouts (reference §2). Bits are numbered in the order they arrive on the wire,
 * bit 0 first. Every layout here has a leading even-parity bit and a trailing odd-parity bit,
 * each covering a range of data bits; sites differ in where facility and card sit, so the layout
 * is data, not code.
 */
export type WiegandBit = 0 | 1
export type WiegandBits = readonly WiegandBit[]

/** Inclusive range of bit positions, bit 0 being the first bit on the wire. */
export interface WiegandBitRange {
  readonly first: number
  readonly last: number
}

export interface WiegandFormat {
  readonly name: string
  readonly totalBits: number
  /** Bit 0 makes the count of ones over this range plus itself even. */
  readonly evenParityRange: WiegandBitRange
  /** The last bit makes the count of ones over this range plus itself odd. */
  readonly oddParityRange: WiegandBitRange
  /** null when the data is one raw number (a card UID) with no facility code. */
  readonly facilityRange: WiegandBitRange | null
  readonly cardRange: WiegandBitRange
}

export interface WiegandCredential {
  /** Omitted or null for a layout without a facility field. */
  readonly facility?: number | null
  readonly card: number
}

export type WiegandDecodeErrorCode = 'BAD_BIT' | 'BAD_LENGTH' | 'BAD_PARITY' | 'BAD_FORMAT'

export type WiegandDecodeResult =
  | { readonly ok: true; readonly format: WiegandFormat; readonly facility: number | null; readonly card: number }
  | { readonly ok: false; readonly code: WiegandDecodeErrorCode; readonly message: string }

/** HID H10301 26-bit: `P FFFFFFFF CCCCCCCCCCCCCCCC P` (rfideas proximity_card_formats). */
export const H10301: WiegandFormat = {
  name: 'H10301',
  totalBits: 26,
  evenParityRange: { first: 1, last: 12 },
  oddParityRange: { first: 13, last: 24 },
  facilityRange: { first: 1, last: 8 },
  cardRange: { first: 9, last: 24 },
}

/** 34-bit with a 16-bit facility and 16-bit card (Nitgen NAC-3000 manual). */
export const WIEGAND_34: WiegandFormat = {
  name: 'WIEGAND_34',
  totalBits: 34,
  evenParityRange: { first: 1, last: 16 },
  oddParityRange: { first: 17, last: 32 },
  facilityRange: { first: 1, last: 16 },
  cardRange: { first: 17, last: 32 },
}

/** 34-bit carrying a raw 32-bit card UID (CIVINTEC CN56 manual §6.4.5). */
export const WIEGAND_34_UID: WiegandFormat = {
  name: 'WIEGAND_34_UID',
  totalBits: 34,
  evenParityRange: { first: 1, last: 16 },
  oddParityRange: { first: 17, last: 32 },
  facilityRange: null,
  cardRange: { first: 1, last: 32 },
}

/** Fields wider than this would not fit a JavaScript number exactly. */
export const WIEGAND_MAX_FIELD_BITS = 48
/** OSDP osdp_RAW carries the bit count in two bytes; real formats stay far below this. */
export const WIEGAND_MAX_TOTAL_BITS = 256

/** Everything wrong with a layout, all at once (empty when the layout is usable). */
export function wiegandFormatViolations(format: WiegandFormat): string[] {
  const violations: string[] = []
  const { totalBits } = format
  if (!Number.isInteger(totalBits) || totalBits < 3 || totalBits > WIEGAND_MAX_TOTAL_BITS) {
    violations.push(`totalBits ${totalBits} is not an integer in 3…${WIEGAND_MAX_TOTAL_BITS}`)
    return violations
  }
  const ranges: [string, WiegandBitRange | null][] = [
    ['evenParityRange', format.evenParityRange],
    ['oddParityRange', format.oddParityRange],
    ['facilityRange', format.facilityRange],
    ['cardRange', format.cardRange],
  ]
  for (const [name, range] of ranges) {
    if (range === null) continue
    const { first, last } = range
    if (!Number.isInteger(first) || !Number.isInteger(last) || first < 1 || last > totalBits - 2 || first > last) {
      violations.push(`${name} ${first}…${last} is not within the data bits 1…${totalBits - 2}`)
    } else if ((name === 'facilityRange' || name === 'cardRange') && last - first + 1 > WIEGAND_MAX_FIELD_BITS) {
      violations.push(`${name} is wider than ${WIEGAND_MAX_FIELD_BITS} bits`)
    }
  }
  const { facilityRange, cardRange } = format
  if (facilityRange !== null && facilityRange.first <= cardRange.last && cardRange.first <= facilityRange.last) {
    violations.push('facilityRange and cardRange overlap')
  }
  return violations
}

/**
 * Lays a credential out as bits, parity included. Throws a coded error for a caller bug:
 * BAD_FORMAT, FACILITY_OUT_OF_RANGE or CARD_OUT_OF_RANGE.
 */
export function encodeWiegand(format: WiegandFormat, credential: WiegandCredential): WiegandBits {
  const violations = wiegandFormatViolations(format)
  if (violations.length > 0) throw codedError('BAD_FORMAT', `${format.name}: ${violations.join('; ')}`)
  const bits: WiegandBit[] = new Array<WiegandBit>(format.totalBits).fill(0)
  const facility = credential.facility ?? null
  if (format.facilityRange === null) {
    if (facility !== null && facility !== 0) {
      throw codedError('FACILITY_OUT_OF_RANGE', `${format.name} has no facility field`)
    }
  } else {
    if (facility === null || !fitsField(facility, format.facilityRange)) {
      throw codedError('FACILITY_OUT_OF_RANGE', `facility ${facility} does not fit ${format.name}`)
    }
    writeField(bits, format.facilityRange, facility)
  }
  if (!fitsField(credential.card, format.cardRange)) {
    throw codedError('CARD_OUT_OF_RANGE', `card ${credential.card} does not fit ${format.name}`)
  }
  writeField(bits, format.cardRange, credential.card)
  bits[0] = (countOnes(bits, format.evenParityRange) % 2) as WiegandBit
  bits[format.totalBits - 1] = (1 - (countOnes(bits, format.oddParityRange) % 2)) as WiegandBit
  return bits
}

/**
 * Decodes captured bits with the first layout (in the given order) whose length and both
 * parities match. Layouts of equal length and parity (WIEGAND_34 and WIEGAND_34_UID) cannot be
 * told apart on the wire: list the one the site uses. Never throws.
 */
export function decodeWiegand(bits: readonly number[], formats: readonly WiegandFormat[]): WiegandDecodeResult {
  const badBit = bits.findIndex((bit) => bit !== 0 && bit !== 1)
  if (badBit >= 0) return { ok: false, code: 'BAD_BIT', message: `bit ${badBit} is neither 0 nor 1` }
  const candidates = formats.filter((format) => format.totalBits === bits.length)
  if (candidates.length === 0) {
    return { ok: false, code: 'BAD_LENGTH', message: `no layout has ${bits.length} bits` }
  }
  for (const format of candidates) {
    if (wiegandFormatViolations(format).length > 0) {
      return { ok: false, code: 'BAD_FORMAT', message: `layout ${format.name} is invalid` }
    }
    const isEvenOk = (countOnes(bits, format.evenParityRange) + bits[0]!) % 2 === 0
    const isOddOk = (countOnes(bits, format.oddParityRange) + bits[bits.length - 1]!) % 2 === 1
    if (!isEvenOk || !isOddOk) continue
    const facility = format.facilityRange === null ? null : readField(bits, format.facilityRange)
    return { ok: true, format, facility, card: readField(bits, format.cardRange) }
  }
  const names = candidates.map((format) => format.name).join(', ')
  return { ok: false, code: 'BAD_PARITY', message: `${bits.length} bits fail the parity of ${names}` }
}

/** Number of ones over an inclusive range. */
function countOnes(bits: readonly number[], range: WiegandBitRange): number {
  let ones = 0
  for (let i = range.first; i <= range.last; i++) if (bits[i] === 1) ones++
  return ones
}

function fitsField(value: number, range: WiegandBitRange): boolean {
  return Number.isInteger(value) && value >= 0 && value < 2 ** (range.last - range.first + 1)
}

/** Most significant bit first, as the field is transmitted. */
function writeField(bits: WiegandBit[], range: WiegandBitRange, value: number): void {
  let rest = value
  for (let i = range.last; i >= range.first; i--) {
    bits[i] = (rest % 2) as WiegandBit
    rest = Math.floor(rest / 2)
  }
}

function readField(bits: readonly number[], range: WiegandBitRange): number {
  let value = 0
  for (let i = range.first; i <= range.last; i++) value = value * 2 + (bits[i] === 1 ? 1 : 0)
  return value
}

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code })
}
