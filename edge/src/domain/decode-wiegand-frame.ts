import {
  decodeWiegand,
  type WiegandDecodeErrorCode,
  type WiegandFormat,
} from '../../../protocol/wiegand/wiegand-format.js'
import type { WiegandBitFrame } from './wiegand-frame-assembler.js'

/**
 * NOISE: fewer bits than any card sends (a glitch, a spurious partial frame at start-up as in
 * fivdi/onoff#191); TOO_LONG: more bits than the assembler keeps; the rest come from
 * `decodeWiegand` (BAD_LENGTH, BAD_PARITY, BAD_FORMAT, BAD_BIT).
 */
export type WiegandFrameErrorCode = 'NOISE' | 'TOO_LONG' | WiegandDecodeErrorCode

export type WiegandFrameResult =
  | {
      readonly ok: true
      readonly format: WiegandFormat
      readonly facility: number | null
      readonly card: number
      readonly bitCount: number
    }
  | { readonly ok: false; readonly code: WiegandFrameErrorCode; readonly message: string; readonly bitCount: number }

/** Below this a frame is noise rather than a card with the wrong length. */
export const DEFAULT_MIN_FRAME_BITS = 4

/** Classifies one captured frame: a card by the first matching format, or why not. Never throws. */
export function decodeWiegandFrame(
  frame: WiegandBitFrame,
  formats: readonly WiegandFormat[],
  minFrameBits: number = DEFAULT_MIN_FRAME_BITS,
): WiegandFrameResult {
  const bitCount = frame.bits.length + frame.droppedBits
  if (frame.droppedBits > 0) {
    return { ok: false, code: 'TOO_LONG', message: `${bitCount} bits is longer than any card format`, bitCount }
  }
  if (bitCount < minFrameBits) {
    return { ok: false, code: 'NOISE', message: `${bitCount} stray bit(s), fewer than ${minFrameBits}`, bitCount }
  }
  const result = decodeWiegand(frame.bits, formats)
  if (!result.ok) return { ok: false, code: result.code, message: result.message, bitCount }
  return { ok: true, format: result.format, facility: result.facility, card: result.card, bitCount }
}
