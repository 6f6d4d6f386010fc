import type { DecodeResult, StreamDecoder } from '../../protocol/decode-result.js'
import { ByteFuzzer } from './byte-fuzzer.js'

/** One chunk as the decoder saw it, with the time it was pushed. */
export interface TimedChunk {
  readonly bytes: Buffer
  readonly nowMs: number
}

export interface StreamFuzzInput<F> {
  readonly bytes: Buffer
  /** Frames the decoder must return when the input reaches it whole and without pauses. */
  readonly expectedFrames?: readonly F[]
}

export interface StreamFuzzOptions<F> {
  readonly seed: number
  readonly inputs: number
  readonly maxBufferedBytes: number
  readonly interByteTimeoutMs: number
  makeDecoder(): StreamDecoder<F>
  makeInput(fuzzer: ByteFuzzer): StreamFuzzInput<F>
  /** Input bytes that ended up in `frames` (a line decoder strips terminators, for one). */
  frameBytes(frames: readonly F[], chunks: readonly TimedChunk[]): number
  /** Why a decoded frame is impossible, or null when it is fine. */
  frameProblem(frame: F): string | null
}

export interface StreamFuzzReport {
  readonly inputs: number
  readonly bytes: number
  readonly frames: number
  readonly errorsByCode: Record<string, number>
  /** The first few broken invariants, each with the input index to replay it. */
  readonly failures: string[]
}

/**
 * Feeds every input to a fresh decoder in random chunks at random times (a few gaps exceed the
 * inter-byte timeout, expire() is called in between), then checks: no throw, bounded buffer, no
 * impossible frame, nothing lost (input bytes == frame bytes + discarded bytes once the last
 * partial frame has expired) and, for inputs that carry them, the expected frames.
 */
export function fuzzStreamDecoder<F>(options: StreamFuzzOptions<F>): StreamFuzzReport {
  const fuzzer = new ByteFuzzer(options.seed)
  const failures: string[] = []
  const errorsByCode: Record<string, number> = {}
  let bytes = 0
  let frameCount = 0
  const fail = (index: number, problem: string): void => {
    if (failures.length < 10) failures.push(`input ${index}: ${problem}`)
  }
  for (let index = 0; index < options.inputs; index++) {
    const input = options.makeInput(fuzzer)
    const decoder = options.makeDecoder()
    const frames: F[] = []
    let discarded = 0
    const collect = (result: DecodeResult<F>): void => {
      frames.push(...result.frames)
      for (const error of result.errors) {
        discarded += error.discarded.length
        errorsByCode[error.code] = (errorsByCode[error.code] ?? 0) + 1
      }
    }
    const isWhole = input.expectedFrames !== undefined
    const chunks: TimedChunk[] = []
    let nowMs = 0
    try {
      for (const chunk of fuzzer.chunks(input.bytes)) {
        nowMs += !isWhole && fuzzer.chance(0.05) ? options.interByteTimeoutMs + fuzzer.int(50) : fuzzer.int(3)
        if (fuzzer.chance(0.1)) collect(decoder.expire(nowMs))
        chunks.push({ bytes: chunk, nowMs })
        collect(decoder.push(chunk, nowMs))
        if (decoder.bufferedBytes > options.maxBufferedBytes) fail(index, `holds ${decoder.bufferedBytes} bytes`)
      }
      collect(decoder.expire(nowMs + options.interByteTimeoutMs))
    } catch (error) {
      fail(index, `threw ${String(error)}`)
      continue
    }
    if (decoder.bufferedBytes !== 0) fail(index, `still holds ${decoder.bufferedBytes} bytes after expiry`)
    const accounted = options.frameBytes(frames, chunks) + discarded
    if (accounted !== input.bytes.length) {
      fail(index, `${input.bytes.length} bytes in, ${accounted} accounted for: ${input.bytes.toString('hex')}`)
    }
    for (const frame of frames) {
      const problem = options.frameProblem(frame)
      if (problem !== null) fail(index, problem)
    }
    if (isWhole && JSON.stringify(frames) !== JSON.stringify(input.expectedFrames)) {
      fail(index, `expected ${JSON.stringify(input.expectedFrames)}, got ${JSON.stringify(frames)}`)
    }
    bytes += input.bytes.length
    frameCount += frames.length
  }
  return { inputs: options.inputs, bytes, frames: frameCount, errorsByCode, failures }
}
