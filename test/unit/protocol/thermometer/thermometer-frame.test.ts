import t from 'tap'
import { fromHex } from '../../../../protocol/hex.js'
import { encodeThermometerFrame } from '../../../../protocol/thermometer/thermometer-frame.js'
import { ThermometerFrameDecoder } from '../../../../protocol/thermometer/thermometer-frame-decoder.js'
import { fixture, loadHexFixtures } from '../../../fakes/hex-fixtures.js'

const GOLDEN = fixture(loadHexFixtures('thermometer/gy-mcu90614.hex'), 'frame-object-31.92-ambient-33.53')
const GOLDEN_READING = { objectCelsius: 31.92, ambientCelsius: 33.53 }

const codes = (errors: readonly { code: string }[]): string[] => errors.map((error) => error.code)

/** Appends the frame sum, computed here independently of the encoder. */
function withSum(hex: string): Buffer {
  const bytes = fromHex(hex)
  const sum = bytes.reduce((total, byte) => total + byte, 0) & 0xff
  return Buffer.concat([bytes, Buffer.from([sum])])
}

t.test('decodes the reference frame: object 31.92 °C, ambient 33.53 °C', async (t) => {
  const result = new ThermometerFrameDecoder().push(GOLDEN, 0)
  t.same(result, { frames: [GOLDEN_READING], errors: [] })
})

t.test('encodes 31.92 / 33.53 °C to the reference frame', async (t) => {
  t.same(encodeThermometerFrame(GOLDEN_READING), GOLDEN)
})

t.test('round-trips readings across both ranges, rounded to 0.01 °C', async (t) => {
  const readings = [
    { objectCelsius: 36.5, ambientCelsius: 22 },
    { objectCelsius: -12.34, ambientCelsius: -0.01 },
    { objectCelsius: -70, ambientCelsius: -40 },
    { objectCelsius: 327.67, ambientCelsius: 125 },
    { objectCelsius: 0, ambientCelsius: 0 },
  ]
  const decoder = new ThermometerFrameDecoder()
  for (const reading of readings) {
    t.same(decoder.push(encodeThermometerFrame(reading), 0), { frames: [reading], errors: [] })
  }
  const rounded = decoder.push(encodeThermometerFrame({ objectCelsius: 36.456, ambientCelsius: 21.994 }), 0)
  t.same(rounded.frames, [{ objectCelsius: 36.46, ambientCelsius: 21.99 }])
})

t.test('refuses to encode a temperature outside the sensor or wire range, with code OUT_OF_RANGE', async (t) => {
  const bad = [
    { objectCelsius: -70.01, ambientCelsius: 20 },
    { objectCelsius: 327.68, ambientCelsius: 20 },
    { objectCelsius: 380, ambientCelsius: 20 },
    { objectCelsius: Number.NaN, ambientCelsius: 20 },
    { objectCelsius: 36, ambientCelsius: 125.01 },
    { objectCelsius: 36, ambientCelsius: -40.01 },
    { objectCelsius: 36, ambientCelsius: Number.POSITIVE_INFINITY },
  ]
  for (const reading of bad) t.throws(() => encodeThermometerFrame(reading), { code: 'OUT_OF_RANGE' })
})

t.test('rejects a frame with a bad sum and resyncs on the next 5A 5A', async (t) => {
  const corrupt = Buffer.from(GOLDEN)
  corrupt[8] = 0x00
  const result = new ThermometerFrameDecoder().push(Buffer.concat([corrupt, GOLDEN]), 0)
  t.same(result.frames, [GOLDEN_READING])
  t.same(codes(result.errors), ['BAD_CHECKSUM', 'GARBAGE'])
  t.same(result.errors[0]!.discarded, fromHex('5A'))
  t.equal(result.errors[1]!.discarded.length, 8)
})

t.test('slides one byte, not nine, so a frame starting inside a corrupt one is found', async (t) => {
  const input = Buffer.concat([fromHex('5A 5A 45 04'), GOLDEN])
  const result = new ThermometerFrameDecoder().push(input, 0)
  t.same(result.frames, [GOLDEN_READING])
  t.same(codes(result.errors), ['BAD_CHECKSUM', 'GARBAGE'])
  t.same(result.errors[1]!.discarded, fromHex('5A 45 04'))
})

t.test('rejects a wrong type byte as BAD_TYPE and a wrong length byte as BAD_LENGTH', async (t) => {
  const decoder = new ThermometerFrameDecoder()
  const badType = decoder.push(Buffer.concat([withSum('5A 5A 46 04 0C 78 0D 19'), GOLDEN]), 0)
  t.same(codes(badType.errors), ['BAD_TYPE', 'GARBAGE'])
  t.same(badType.frames, [GOLDEN_READING])
  const badLength = decoder.push(Buffer.concat([withSum('5A 5A 45 05 0C 78 0D 19'), GOLDEN]), 0)
  t.same(codes(badLength.errors), ['BAD_LENGTH', 'GARBAGE'])
  t.same(badLength.frames, [GOLDEN_READING])
})

t.test('treats 5A 5A 5A 45 as a header after one stray 5A', async (t) => {
  const result = new ThermometerFrameDecoder().push(Buffer.concat([fromHex('5A'), GOLDEN]), 0)
  t.same(result.frames, [GOLDEN_READING])
  t.same(codes(result.errors), ['BAD_TYPE'])
})

t.test('reports an out-of-range reading as OUT_OF_RANGE and discards the frame', async (t) => {
  const decoder = new ThermometerFrameDecoder()
  // object −70.01 °C = −7001 = 0xE4A7; ambient 125.01 °C = 12501 = 0x30D5; −40.01 °C = 0xF05F
  for (const hex of ['5A 5A 45 04 E4 A7 0D 19', '5A 5A 45 04 0C 78 30 D5', '5A 5A 45 04 0C 78 F0 5F']) {
    const frame = withSum(hex)
    const result = decoder.push(frame, 0)
    t.same(result.frames, [])
    t.same(codes(result.errors), ['OUT_OF_RANGE'])
    t.same(result.errors[0]!.discarded, frame)
  }
  // the extremes of both ranges are fine: object −70.00 °C = 0xE4A8, ambient −40.00 °C = 0xF060
  t.same(decoder.push(withSum('5A 5A 45 04 E4 A8 F0 60'), 0).frames, [{ objectCelsius: -70, ambientCelsius: -40 }])
})

t.test('reports bytes outside any frame as GARBAGE', async (t) => {
  const result = new ThermometerFrameDecoder().push(Buffer.concat([fromHex('00 11 5A 22'), GOLDEN]), 0)
  t.same(result.frames, [GOLDEN_READING])
  t.same(codes(result.errors), ['GARBAGE'])
  t.same(result.errors[0]!.discarded, fromHex('00 11 5A 22'))
})

t.test('decodes frames fed byte by byte and holds at most eight bytes', async (t) => {
  const decoder = new ThermometerFrameDecoder()
  const frames = []
  for (const byte of Buffer.concat([GOLDEN, fromHex('33'), GOLDEN])) {
    const result = decoder.push(Buffer.from([byte]), 0)
    frames.push(...result.frames)
    t.ok(decoder.bufferedBytes <= 8)
  }
  t.same(frames, [GOLDEN_READING, GOLDEN_READING])
})

t.test('discards a partial frame after the default 50 ms inter-byte timeout', async (t) => {
  const decoder = new ThermometerFrameDecoder()
  decoder.push(GOLDEN.subarray(0, 5), 1000)
  t.equal(decoder.bufferedBytes, 5)
  t.same(decoder.expire(1049).errors, [])
  const expired = decoder.expire(1050)
  t.same(codes(expired.errors), ['PARTIAL_TIMEOUT'])
  t.same(expired.errors[0]!.discarded, GOLDEN.subarray(0, 5))
  t.equal(decoder.bufferedBytes, 0)
})

t.test('expires a stale partial frame before decoding a later chunk, with a configurable timeout', async (t) => {
  const decoder = new ThermometerFrameDecoder({ interByteTimeoutMs: 200 })
  decoder.push(GOLDEN.subarray(0, 5), 0)
  t.same(decoder.push(GOLDEN.subarray(5), 150).frames, [GOLDEN_READING])
  decoder.push(GOLDEN.subarray(0, 5), 1000)
  const late = decoder.push(Buffer.concat([GOLDEN.subarray(5), GOLDEN]), 1200)
  t.same(codes(late.errors), ['PARTIAL_TIMEOUT', 'GARBAGE'])
  t.same(late.frames, [GOLDEN_READING])
})
