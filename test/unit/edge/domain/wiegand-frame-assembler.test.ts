import t from 'tap'
import { H10301, WIEGAND_34 } from '../../../../protocol/wiegand/wiegand-format.js'
import { decodeWiegandFrame } from '../../../../edge/src/domain/decode-wiegand-frame.js'
import { WiegandFrameAssembler, type WiegandBitFrame, type WiegandEdge } from '../../../../edge/src/domain/wiegand-frame-assembler.js'
import { bitsOf, edgesFor, H10301_FC212_CARD7041, W34_FC35284_CARD7041 } from '../../../fakes/wiegand-edges.js'

const FORMATS = [H10301, WIEGAND_34]

function assembler(): WiegandFrameAssembler {
  return new WiegandFrameAssembler({ frameGapMs: 30, maxBits: 64 })
}

/** Pushes all edges at once, then flushes: every frame they make. */
function framesOf(edges: readonly WiegandEdge[]): WiegandBitFrame[] {
  const subject = assembler()
  const frames = subject.push(edges)
  const last = subject.flush()
  return last === null ? frames : [...frames, last]
}

t.test('frames the H10301 reference card and decodes FC 212, card 7041', async (t) => {
  const frames = framesOf(edgesFor(bitsOf(H10301_FC212_CARD7041), 1000))
  t.equal(frames.length, 1)
  t.same(frames[0]!.bits, bitsOf(H10301_FC212_CARD7041))
  t.equal(frames[0]!.firstEdgeAtMs, 1000)
  t.equal(frames[0]!.lastEdgeAtMs, 1050)
  t.match(decodeWiegandFrame(frames[0]!, FORMATS), { ok: true, facility: 212, card: 7041, bitCount: 26, format: { name: 'H10301' } })
})

t.test('frames the 34-bit reference card and decodes FC 35284, card 7041', async (t) => {
  const [frame] = framesOf(edgesFor(bitsOf(W34_FC35284_CARD7041), 0, 1))
  t.match(decodeWiegandFrame(frame!, FORMATS), { ok: true, facility: 35284, card: 7041, bitCount: 34 })
})

t.test('splits back-to-back cards on a gap of frameGapMs between edges, not less', async (t) => {
  const first = edgesFor(bitsOf(H10301_FC212_CARD7041), 0)
  const second = edgesFor(bitsOf(H10301_FC212_CARD7041), 50 + 30)
  const subject = assembler()
  const completed = subject.push([...first, ...second])
  t.equal(completed.length, 1, 'the gap before the second card completes the first')
  t.equal(completed[0]!.bits.length, 26)
  t.equal(subject.pendingBits, 26)
  const merged = framesOf([...first, ...edgesFor(bitsOf(H10301_FC212_CARD7041), 50 + 29)])
  t.equal(merged.length, 1, 'a 29 ms gap does not end a frame')
  t.match(decodeWiegandFrame(merged[0]!, FORMATS), { ok: false, code: 'BAD_LENGTH', bitCount: 52 })
})

t.test('a spurious partial frame at start-up (onoff#191) is rejected and the next card still reads', async (t) => {
  const spurious = edgesFor([1, 0, 1, 1, 0, 1, 0], 0, 0.1)
  const card = edgesFor(bitsOf(H10301_FC212_CARD7041), 200)
  const results = framesOf([...spurious, ...card]).map((frame) => decodeWiegandFrame(frame, FORMATS))
  t.match(results, [
    { ok: false, code: 'BAD_LENGTH', bitCount: 7 },
    { ok: true, facility: 212, card: 7041 },
  ])
})

t.test('isolated noise edges become NOISE frames, apart from the card between them', async (t) => {
  const noise = (atMs: number): WiegandEdge => ({ line: 1, atMs })
  const edges = [noise(0), noise(100), ...edgesFor(bitsOf(H10301_FC212_CARD7041), 200), noise(400)]
  t.same(
    framesOf(edges).map((frame) => {
      const result = decodeWiegandFrame(frame, FORMATS)
      return result.ok ? `card ${result.card}` : result.code
    }),
    ['NOISE', 'NOISE', 'card 7041', 'NOISE'],
  )
})

t.test('a glitch inside a frame fails its parity or length, never yields a wrong card', async (t) => {
  const bits = bitsOf(H10301_FC212_CARD7041)
  const flipped = bits.map((bit, index) => (index === 5 ? 1 - bit : bit)) as (0 | 1)[]
  t.match(decodeWiegandFrame(framesOf(edgesFor(flipped, 0))[0]!, FORMATS), { ok: false, code: 'BAD_PARITY' })
  const extra = [...edgesFor(bits, 0), { line: 0 as const, atMs: 51 }]
  t.match(decodeWiegandFrame(framesOf(extra)[0]!, FORMATS), { ok: false, code: 'BAD_LENGTH', bitCount: 27 })
})

t.test('keeps at most maxBits and reports a longer burst as TOO_LONG', async (t) => {
  const subject = new WiegandFrameAssembler({ frameGapMs: 30, maxBits: 8 })
  subject.push(edgesFor(Array.from({ length: 1000 }, () => 1 as const), 0, 0.01))
  t.equal(subject.pendingBits, 1000)
  const frame = subject.flush()!
  t.equal(frame.bits.length, 8)
  t.equal(frame.droppedBits, 992)
  t.match(decodeWiegandFrame(frame, FORMATS), { ok: false, code: 'TOO_LONG', bitCount: 1000 })
  t.equal(subject.flush(), null)
})

t.test("frames on the edges' own timestamps, however they are batched", async (t) => {
  const edges = [...edgesFor(bitsOf(H10301_FC212_CARD7041), 0), ...edgesFor(bitsOf(W34_FC35284_CARD7041), 100)]
  const subject = assembler()
  const frames: WiegandBitFrame[] = []
  for (let index = 0; index < edges.length; index += 7) frames.push(...subject.push(edges.slice(index, index + 7)))
  frames.push(subject.flush()!)
  t.same(frames.map((frame) => frame.bits.length), [26, 34])
})

t.test('accounts for every edge in frames, dropped bits or pending bits (100,000 random edges)', async (t) => {
  let seed = 0x5eed
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
  const subject = new WiegandFrameAssembler({ frameGapMs: 30, maxBits: 40 })
  let atMs = 0
  let framed = 0
  let problems = 0
  for (let index = 0; index < 100_000; index++) {
    atMs += random() < 0.05 ? 30 + random() * 100 : random() * 5
    for (const frame of subject.push([{ line: random() < 0.5 ? 0 : 1, atMs }])) {
      framed += frame.bits.length + frame.droppedBits
      if (frame.bits.length > 40) problems++
      if (decodeWiegandFrame(frame, FORMATS).bitCount !== frame.bits.length + frame.droppedBits) problems++
    }
  }
  t.equal(framed + subject.pendingBits, 100_000)
  t.equal(problems, 0)
})
