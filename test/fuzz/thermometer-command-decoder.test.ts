import t from 'tap'
import {
  THERMOMETER_COMMAND_BYTES,
  encodeThermometerCommand,
  type ThermometerCommandName,
} from '../../protocol/thermometer/thermometer-command.js'
import { ThermometerCommandDecoder } from '../../protocol/thermometer/thermometer-command-decoder.js'
import type { ByteFuzzer } from './byte-fuzzer.js'
import { fuzzStreamDecoder, type StreamFuzzInput } from './fuzz-stream-decoder.js'

const HEADER = 0xa5
const NAMES = Object.keys(THERMOMETER_COMMAND_BYTES) as ThermometerCommandName[]
const COMMAND_ALPHABET = [0xa5, 0xa5, ...Object.values(THERMOMETER_COMMAND_BYTES), 0xea, 0xba, 0x53, 0x54, 0xf6, 0xf7]

function makeInput(fuzzer: ByteFuzzer): StreamFuzzInput<ThermometerCommandName> {
  const kind = fuzzer.int(10)
  if (kind < 3) return { bytes: fuzzer.bytes(fuzzer.int(24)) }
  if (kind < 5) {
    const length = fuzzer.int(24)
    const bytes = Buffer.alloc(length)
    for (let i = 0; i < length; i++) bytes[i] = fuzzer.chance(0.7) ? fuzzer.pick(COMMAND_ALPHABET) : fuzzer.int(256)
    return { bytes }
  }
  const names = Array.from({ length: 1 + fuzzer.int(5) }, () => fuzzer.pick(NAMES))
  const parts = names.flatMap((name) => {
    const garbage = fuzzer.bytes(fuzzer.int(4)).map((byte) => (byte === HEADER ? 0 : byte))
    return [garbage, encodeThermometerCommand(name)]
  })
  if (fuzzer.chance(0.3)) {
    const unknown = fuzzer.int(256)
    parts.push(Buffer.from([HEADER, unknown, (HEADER + unknown) & 0xff]))
  }
  const stream = Buffer.concat(parts)
  if (kind < 7 && parts.length === names.length * 2) return { bytes: stream, expectedFrames: names }
  return { bytes: fuzzer.mutate(stream) }
}

t.test('survives 100,000 random and mutated command streams without losing a byte', async (t) => {
  const report = fuzzStreamDecoder<ThermometerCommandName>({
    seed: 0xa545ea,
    inputs: 100_000,
    maxBufferedBytes: 2,
    interByteTimeoutMs: 50,
    makeDecoder: () => new ThermometerCommandDecoder(),
    makeInput,
    frameBytes: (frames) => frames.length * 3,
    frameProblem: (name) => (NAMES.includes(name) ? null : `unknown name ${name}`),
  })
  t.same(report.failures, [])
  for (const code of ['GARBAGE', 'BAD_CHECKSUM', 'UNKNOWN_COMMAND', 'PARTIAL_TIMEOUT']) {
    t.ok((report.errorsByCode[code] ?? 0) > 0, `exercised ${code}`)
  }
  t.ok(report.frames > 100_000, `decoded ${report.frames} commands`)
})
