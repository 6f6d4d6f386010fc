import t from 'tap'
import { fromLeftJustifiedBytes, toLeftJustifiedBytes } from '../../protocol/wiegand/wiegand-bits.js'
import {
  H10301,
  WIEGAND_34,
  WIEGAND_34_UID,
  decodeWiegand,
  encodeWiegand,
  type WiegandBitRange,
  type WiegandFormat,
} from '../../protocol/wiegand/wiegand-format.js'
import { ByteFuzzer } from './byte-fuzzer.js'

const INPUTS = 100_000
const FORMAT_LISTS: WiegandFormat[][] = [[H10301, WIEGAND_34], [H10301, WIEGAND_34_UID], [WIEGAND_34], []]

function randomBits(fuzzer: ByteFuzzer): number[] {
  const length = fuzzer.chance(0.7) ? fuzzer.pick([26, 34]) : fuzzer.int(40)
  return Array.from({ length }, () => (fuzzer.chance(0.001) ? fuzzer.pick([2, -1, 0.5]) : fuzzer.int(2)))
}

const fieldSize = (range: WiegandBitRange): number => 2 ** (range.last - range.first + 1)

function randomValidBits(fuzzer: ByteFuzzer): { format: WiegandFormat; bits: number[] } {
  const format = fuzzer.pick([H10301, WIEGAND_34, WIEGAND_34_UID])
  const facility = format.facilityRange === null ? null : fuzzer.int(fieldSize(format.facilityRange))
  const card = fuzzer.int(fieldSize(format.cardRange))
  return { format, bits: [...encodeWiegand(format, { facility, card })] }
}

t.test('decodeWiegand never throws on 100,000 random and corrupted bit strings', async (t) => {
  const fuzzer = new ByteFuzzer(0x26)
  const failures: string[] = []
  const outcomes: Record<string, number> = {}
  for (let index = 0; index < INPUTS && failures.length < 10; index++) {
    const formats = fuzzer.pick(FORMAT_LISTS)
    let bits: number[]
    let isSingleFlip = false
    if (fuzzer.chance(0.5)) {
      bits = randomBits(fuzzer)
    } else {
      bits = randomValidBits(fuzzer).bits
      const flips = fuzzer.int(3)
      isSingleFlip = flips === 1
      for (let i = 0; i < flips; i++) {
        const at = fuzzer.int(bits.length)
        bits[at] = 1 - bits[at]!
      }
    }
    try {
      const result = decodeWiegand(bits, formats)
      const outcome = result.ok ? 'ok' : result.code
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
      if (result.ok) {
        const again = encodeWiegand(result.format, { facility: result.facility, card: result.card })
        if (!formats.includes(result.format)) failures.push(`input ${index}: format not offered`)
        if (again.join('') !== bits.join('')) failures.push(`input ${index}: ${bits.join('')} decoded inconsistently`)
      }
      if (isSingleFlip && formats.some((format) => format.totalBits === bits.length) && result.ok) {
        failures.push(`input ${index}: single flipped bit not caught in ${bits.join('')}`)
      }
    } catch (error) {
      failures.push(`input ${index}: threw ${String(error)}`)
    }
  }
  t.same(failures, [])
  for (const outcome of ['ok', 'BAD_LENGTH', 'BAD_PARITY', 'BAD_BIT']) t.ok((outcomes[outcome] ?? 0) > 0, outcome)
})

t.test('round-trips 100,000 valid credentials through bits and left-justified bytes', async (t) => {
  const fuzzer = new ByteFuzzer(0x34)
  const failures: string[] = []
  for (let index = 0; index < INPUTS && failures.length < 10; index++) {
    const { format, bits } = randomValidBits(fuzzer)
    const unpacked = fromLeftJustifiedBytes(toLeftJustifiedBytes(bits as (0 | 1)[]), bits.length)
    const result = unpacked.ok ? decodeWiegand(unpacked.bits, [format]) : unpacked
    if (!result.ok) failures.push(`input ${index}: ${result.code} for ${bits.join('')}`)
  }
  t.same(failures, [])
})

t.test('fromLeftJustifiedBytes never throws on 100,000 random byte strings and bit counts', async (t) => {
  const fuzzer = new ByteFuzzer(0x05d9)
  const failures: string[] = []
  const outcomes: Record<string, number> = {}
  for (let index = 0; index < INPUTS && failures.length < 10; index++) {
    const data = fuzzer.bytes(fuzzer.int(9))
    const bitCount = fuzzer.chance(0.02) ? fuzzer.pick([-1, 2.5, Number.NaN, 1e9]) : fuzzer.int(80)
    try {
      const result = fromLeftJustifiedBytes(data, bitCount)
      const outcome = result.ok ? 'ok' : result.code
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
      if (!result.ok) continue
      if (result.bits.length !== bitCount) failures.push(`input ${index}: ${result.bits.length} bits of ${bitCount}`)
      const repacked = toLeftJustifiedBytes(result.bits)
      const original = Buffer.from(data.subarray(0, repacked.length))
      if (bitCount % 8 !== 0) original[original.length - 1]! &= (0xff << (8 - (bitCount % 8))) & 0xff
      if (!repacked.equals(original)) failures.push(`input ${index}: ${data.toString('hex')}/${bitCount} repacked`)
    } catch (error) {
      failures.push(`input ${index}: threw ${String(error)}`)
    }
  }
  t.same(failures, [])
  for (const outcome of ['ok', 'DATA_TOO_SHORT', 'BAD_BIT_COUNT']) t.ok((outcomes[outcome] ?? 0) > 0, outcome)
})
