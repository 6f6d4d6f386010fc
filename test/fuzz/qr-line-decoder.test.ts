import t from 'tap'
import { QrLineDecoder } from '../../protocol/qr/qr-line-decoder.js'
import { encodeQrLine, type QrLineTerminator } from '../../protocol/qr/qr-line.js'
import type { ByteFuzzer } from './byte-fuzzer.js'
import { fuzzStreamDecoder, type StreamFuzzInput, type TimedChunk } from './fuzz-stream-decoder.js'

const CR = 0x0d
const LF = 0x0a
const MAX_LENGTH = 24
const TIMEOUT_MS = 50
const TERMINATORS: QrLineTerminator[] = ['\r', '\n', '\r\n']

function randomText(fuzzer: ByteFuzzer, maxLength: number): string {
  const length = 1 + fuzzer.int(maxLength)
  return Array.from({ length }, () => String.fromCharCode(0x20 + fuzzer.int(0x5f))).join('')
}

function randomLineByte(fuzzer: ByteFuzzer): number {
  const kind = fuzzer.int(10)
  if (kind < 6) return 0x20 + fuzzer.int(0x5f)
  if (kind < 8) return fuzzer.pick([CR, LF])
  return fuzzer.int(256)
}

function makeInput(fuzzer: ByteFuzzer): StreamFuzzInput<string> {
  const kind = fuzzer.int(10)
  if (kind < 2) return { bytes: fuzzer.bytes(fuzzer.int(60)) }
  if (kind < 4) return { bytes: Buffer.from(Array.from({ length: fuzzer.int(80) }, () => randomLineByte(fuzzer))) }
  const lines = Array.from({ length: 1 + fuzzer.int(4) }, () => randomText(fuzzer, MAX_LENGTH))
  const stream = Buffer.concat(lines.map((line) => encodeQrLine(line, fuzzer.pick(TERMINATORS))))
  if (kind < 6) return { bytes: stream, expectedFrames: lines }
  const overLong = fuzzer.chance(0.3) ? Buffer.from(`${randomText(fuzzer, 3 * MAX_LENGTH)}\r\n`) : Buffer.alloc(0)
  return { bytes: fuzzer.mutate(Buffer.concat([stream, overLong])) }
}

/**
 * Terminator bytes absorbed as the second half of a CR LF or LF CR pair: a CR or LF right after
 * the other one, when that one was not itself absorbed and no timeout passed in between.
 */
function absorbedTerminators(chunks: readonly TimedChunk[]): number {
  let absorbed = 0
  let pairable: number | null = null
  let lastAtMs = 0
  for (const { bytes, nowMs } of chunks) {
    if (nowMs - lastAtMs >= TIMEOUT_MS) pairable = null
    lastAtMs = nowMs
    for (const byte of bytes) {
      if (byte !== CR && byte !== LF) {
        pairable = null
      } else if (pairable !== null && pairable !== byte) {
        absorbed++
        pairable = null
      } else {
        pairable = byte
      }
    }
  }
  return absorbed
}

t.test('survives 100,000 random and mutated scanner streams without losing a byte', async (t) => {
  const report = fuzzStreamDecoder<string>({
    seed: 0x0d0a,
    inputs: 100_000,
    maxBufferedBytes: MAX_LENGTH,
    interByteTimeoutMs: TIMEOUT_MS,
    makeDecoder: () => new QrLineDecoder({ maxLength: MAX_LENGTH, interByteTimeoutMs: TIMEOUT_MS }),
    makeInput,
    // each line consumed its text and one terminator byte, plus any absorbed second half of a pair
    frameBytes: (frames, chunks) =>
      frames.reduce((total, line) => total + line.length + 1, 0) + absorbedTerminators(chunks),
    frameProblem: (line) =>
      line.length > 0 && line.length <= MAX_LENGTH && /^[\x20-\x7e]*$/.test(line) ? null : `bad line ${line}`,
  })
  t.same(report.failures, [])
  for (const code of ['EMPTY_LINE', 'LINE_TOO_LONG', 'NON_PRINTABLE', 'REJECTED_LINE_TAIL', 'PARTIAL_TIMEOUT']) {
    t.ok((report.errorsByCode[code] ?? 0) > 0, `exercised ${code}`)
  }
  t.ok(report.frames > 100_000, `decoded ${report.frames} lines`)
})
