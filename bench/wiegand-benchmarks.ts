import { encodeWiegand, H10301, WIEGAND_34 } from '../protocol/wiegand/wiegand-format.js'
import { GpiomonEventDecoder } from '../edge/src/adapters/gpio/gpiomon-event-decoder.js'
import { decodeWiegandFrame } from '../edge/src/domain/decode-wiegand-frame.js'
import { WiegandFrameAssembler, type WiegandEdge } from '../edge/src/domain/wiegand-frame-assembler.js'
import { measureRate } from './measure-rate.js'

/** Reference §2: the fastest legal Wiegand signalling needs at most ~5,000 edges/s per reader. */
const WORST_CASE_EDGES_PER_S = 5000
const CARDS = 100

/** 100 H10301 cards as gpiomon 1.6 prints them: 2 ms between bits, 100 ms between cards. */
function gpiomonOutput(): Buffer {
  const lines: string[] = []
  for (let card = 0; card < CARDS; card++) {
    const bits = encodeWiegand(H10301, { facility: card % 256, card: 7000 + card })
    bits.forEach((bit, index) => {
      const ns = 1_000_000_000_000 + card * 100_000_000 + index * 2_000_000
      lines.push(`${bit === 0 ? 14 : 15} ${Math.floor(ns / 1e9)}.${ns % 1e9}\n`)
    })
  }
  return Buffer.from(lines.join(''))
}

function chunked(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = []
  for (let offset = 0; offset < bytes.length; offset += size) chunks.push(bytes.subarray(offset, offset + size))
  return chunks
}

/**
 * The software half of the Wiegand path, which is all this machine can measure (no GPIO here):
 * parsing gpiomon's output and framing + decoding edges. Real edge capture on a Pi is measured by
 * hand as described in docs/wiegand-on-gpio.md.
 */
export function wiegandBenchmarks(durationMs: number, isQuick: boolean): Record<string, number> {
  const runMs = isQuick ? Math.min(durationMs, 500) : durationMs
  const output = gpiomonOutput()
  const chunks = chunked(output, 4096)
  const edgesPerPass = CARDS * 26
  let parsed = 0
  const gpiomonEdgesPerS = measureRate(
    () => {
      const decoder = new GpiomonEventDecoder({ d0: 14, d1: 15 })
      for (const chunk of chunks) parsed += decoder.push(chunk, 0).frames.length
    },
    edgesPerPass,
    runMs,
  )
  const edges: WiegandEdge[] = []
  const decoder = new GpiomonEventDecoder({ d0: 14, d1: 15 })
  for (const chunk of chunks) edges.push(...decoder.push(chunk, 0).frames)
  let cards = 0
  const framesPerS = measureRate(
    () => {
      const assembler = new WiegandFrameAssembler({ frameGapMs: 30, maxBits: 64 })
      const frames = assembler.push(edges)
      const last = assembler.flush()
      if (last !== null) frames.push(last)
      for (const frame of frames) if (decodeWiegandFrame(frame, [H10301, WIEGAND_34]).ok) cards++
    },
    CARDS,
    runMs,
  )
  if (parsed === 0 || cards === 0) throw new Error('the Wiegand benchmark decoded nothing')
  return {
    'edge.wiegand.gpiomon_edges_per_s': Math.round(gpiomonEdgesPerS),
    'edge.wiegand.gpiomon_headroom_x': Math.round(gpiomonEdgesPerS / WORST_CASE_EDGES_PER_S),
    'edge.wiegand.frames_decoded_per_s': Math.round(framesPerS),
  }
}
