import t from 'tap'
import { GPIOMON_MAX_LINE_BYTES, GpiomonEventDecoder } from '../../edge/src/adapters/gpio/gpiomon-event-decoder.js'
import type { WiegandEdge } from '../../edge/src/domain/wiegand-frame-assembler.js'
import type { ByteFuzzer } from './byte-fuzzer.js'
import { fuzzStreamDecoder, type StreamFuzzInput } from './fuzz-stream-decoder.js'

const OFFSETS = { d0: 14, d1: 15 }
const TIMEOUT_MS = 1000

/** A valid event line as gpiomon 1.6 (unpadded ns) or 2 (padded) prints it, and its edge. */
function eventLine(fuzzer: ByteFuzzer): { text: string; edge: WiegandEdge } {
  const line = fuzzer.int(2) as 0 | 1
  const seconds = fuzzer.int(10_000_000)
  const nanoseconds = fuzzer.int(1_000_000_000)
  const fraction = fuzzer.chance(0.5) ? String(nanoseconds) : String(nanoseconds).padStart(9, '0')
  return { text: `${line === 0 ? OFFSETS.d0 : OFFSETS.d1} ${seconds}.${fraction}\n`, edge: { line, atMs: seconds * 1000 + nanoseconds / 1e6 } }
}

function makeInput(fuzzer: ByteFuzzer): StreamFuzzInput<WiegandEdge> {
  const kind = fuzzer.int(10)
  if (kind < 2) return { bytes: fuzzer.bytes(fuzzer.int(80)) }
  const events = Array.from({ length: 1 + fuzzer.int(6) }, () => eventLine(fuzzer))
  const stream = Buffer.from(events.map((event) => event.text).join(''), 'latin1')
  if (kind < 5) return { bytes: stream, expectedFrames: events.map((event) => event.edge) }
  const overLong = fuzzer.chance(0.3) ? Buffer.from(`${'9'.repeat(GPIOMON_MAX_LINE_BYTES + fuzzer.int(40))}\n`) : Buffer.alloc(0)
  return { bytes: fuzzer.mutate(Buffer.concat([stream, overLong])) }
}

t.test('GpiomonEventDecoder: 100,000 random, valid and mutated outputs lose nothing and never throw', async (t) => {
  let decoder: GpiomonEventDecoder | undefined
  const report = fuzzStreamDecoder<WiegandEdge>({
    seed: 0x69706d,
    inputs: 100_000,
    maxBufferedBytes: GPIOMON_MAX_LINE_BYTES,
    interByteTimeoutMs: TIMEOUT_MS,
    makeDecoder: () => (decoder = new GpiomonEventDecoder(OFFSETS, TIMEOUT_MS)),
    makeInput,
    frameBytes: () => decoder!.acceptedBytes,
    frameProblem: (edge) =>
      (edge.line === 0 || edge.line === 1) && Number.isFinite(edge.atMs) && edge.atMs >= 0 ? null : `impossible edge ${JSON.stringify(edge)}`,
  })
  t.same(report.failures, [])
  t.ok(report.frames > 100_000, `${report.frames} edges decoded`)
  for (const code of ['BAD_LINE', 'LINE_TOO_LONG', 'PARTIAL_TIMEOUT']) t.ok((report.errorsByCode[code] ?? 0) > 0, `${code} seen`)
})
