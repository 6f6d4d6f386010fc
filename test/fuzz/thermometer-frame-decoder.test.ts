import t from 'tap'
import {
  encodeThermometerFrame,
  isThermometerReadingInRange,
  type ThermometerReading,
} from '../../protocol/thermometer/thermometer-frame.js'
import { ThermometerFrameDecoder } from '../../protocol/thermometer/thermometer-frame-decoder.js'
import type { ByteFuzzer } from './byte-fuzzer.js'
import { fuzzStreamDecoder, type StreamFuzzInput } from './fuzz-stream-decoder.js'

const HEADER = 0x5a
/** Bytes that steer random input into the header, type and length checks. */
const FRAME_ALPHABET = [0x5a, 0x5a, 0x5a, 0x45, 0x04]

function randomReading(fuzzer: ByteFuzzer): ThermometerReading {
  return {
    objectCelsius: (fuzzer.int(39_768) - 7000) / 100,
    ambientCelsius: (fuzzer.int(16_501) - 4000) / 100,
  }
}

/** A well-formed frame whose readings may lie outside the sensor's range. */
function rawFrame(fuzzer: ByteFuzzer): Buffer {
  const frame = Buffer.concat([Buffer.from([0x5a, 0x5a, 0x45, 0x04]), fuzzer.bytes(4), Buffer.alloc(1)])
  frame[8] = frame.subarray(0, 8).reduce((sum, byte) => sum + byte, 0) & 0xff
  return frame
}

/** Garbage without the header byte, so it cannot start a frame of its own. */
function headerFreeGarbage(fuzzer: ByteFuzzer): Buffer {
  const garbage = fuzzer.bytes(fuzzer.int(6))
  for (let i = 0; i < garbage.length; i++) if (garbage[i] === HEADER) garbage[i] = 0x00
  return garbage
}

function makeInput(fuzzer: ByteFuzzer): StreamFuzzInput<ThermometerReading> {
  const kind = fuzzer.int(10)
  if (kind < 3) return { bytes: fuzzer.bytes(fuzzer.int(40)) }
  if (kind < 5) {
    const length = fuzzer.int(40)
    const bytes = Buffer.alloc(length)
    for (let i = 0; i < length; i++) bytes[i] = fuzzer.chance(0.6) ? fuzzer.pick(FRAME_ALPHABET) : fuzzer.int(256)
    return { bytes }
  }
  const readings = Array.from({ length: 1 + fuzzer.int(5) }, () => randomReading(fuzzer))
  const parts = readings.flatMap((reading) => [headerFreeGarbage(fuzzer), encodeThermometerFrame(reading)])
  const stream = Buffer.concat(parts)
  if (kind < 7) return { bytes: stream, expectedFrames: readings }
  const withRaw = fuzzer.chance(0.3) ? Buffer.concat([stream, rawFrame(fuzzer)]) : stream
  return { bytes: fuzzer.mutate(withRaw) }
}

t.test('survives 100,000 random and mutated streams without losing a byte', async (t) => {
  const report = fuzzStreamDecoder<ThermometerReading>({
    seed: 0x90614,
    inputs: 100_000,
    maxBufferedBytes: 8,
    interByteTimeoutMs: 50,
    makeDecoder: () => new ThermometerFrameDecoder(),
    makeInput,
    frameBytes: (frames) => frames.length * 9,
    frameProblem: (reading) =>
      isThermometerReadingInRange(reading) ? null : `out of range ${JSON.stringify(reading)}`,
  })
  t.same(report.failures, [])
  t.equal(report.inputs, 100_000)
  for (const code of ['GARBAGE', 'BAD_CHECKSUM', 'BAD_TYPE', 'BAD_LENGTH', 'OUT_OF_RANGE', 'PARTIAL_TIMEOUT']) {
    t.ok((report.errorsByCode[code] ?? 0) > 0, `exercised ${code}`)
  }
  t.ok(report.frames > 100_000, `decoded ${report.frames} frames`)
})
