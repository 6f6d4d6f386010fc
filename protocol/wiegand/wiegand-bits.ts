import type { WiegandBit, WiegandBits } from './wiegand-format.js'

export type WiegandBitsResult =
  | { readonly ok: true; readonly bits: WiegandBits }
  | { readonly ok: false; readonly code: 'BAD_BIT_COUNT' | 'DATA_TOO_SHORT'; readonly message: string }

/**
 * Packs bits as OSDP osdp_RAW carries them: first bit in the most significant bit of the first
 * byte, the last byte padded with zeros. Throws BAD_BIT (a caller bug) for a value not 0 or 1.
 */
export function toLeftJustifiedBytes(bits: WiegandBits): Buffer {
  const bytes = Buffer.alloc(Math.ceil(bits.length / 8))
  bits.forEach((bit, index) => {
    if (bit !== 0 && bit !== 1) {
      throw Object.assign(new Error(`bit ${index} is neither 0 nor 1`), { code: 'BAD_BIT' })
    }
    if (bit === 1) bytes[index >> 3]! |= 0x80 >> (index & 7)
  })
  return bytes
}

/**
 * Unpacks the first `bitCount` bits of left-justified data. Padding bits and bytes beyond
 * ceil(bitCount / 8) are ignored, as readers differ in what they put there. Never throws.
 */
export function fromLeftJustifiedBytes(data: Uint8Array, bitCount: number): WiegandBitsResult {
  if (!Number.isInteger(bitCount) || bitCount < 0) {
    return { ok: false, code: 'BAD_BIT_COUNT', message: `bit count ${bitCount} is not a whole number` }
  }
  const neededBytes = Math.ceil(bitCount / 8)
  if (data.length < neededBytes) {
    const message = `${bitCount} bits need ${neededBytes} bytes, got ${data.length}`
    return { ok: false, code: 'DATA_TOO_SHORT', message }
  }
  const bits: WiegandBit[] = []
  for (let index = 0; index < bitCount; index++) {
    bits.push(((data[index >> 3]! >> (7 - (index & 7))) & 1) as WiegandBit)
  }
  return { ok: true, bits }
}
