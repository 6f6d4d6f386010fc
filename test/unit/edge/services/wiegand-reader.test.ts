import t from 'tap'
import { H10301, WIEGAND_34 } from '../../../../protocol/wiegand/wiegand-format.js'
import { WiegandReader, type WiegandReaderEvent } from '../../../../edge/src/services/wiegand-reader.js'
import { FakeWiegandCapture } from '../../../fakes/fake-wiegand-capture.js'
import { ManualClock } from '../../../fakes/manual-clock.js'
import { SilentLogger } from '../../../fakes/silent-logger.js'
import { bitsOf, edgesFor, H10301_FC212_CARD7041, W34_FC35284_CARD7041 } from '../../../fakes/wiegand-edges.js'

function setUp() {
  const capture = new FakeWiegandCapture()
  const clock = new ManualClock(0)
  const log = new SilentLogger()
  const reader = new WiegandReader(capture, clock, log, { readerId: 'gate-1-in', formats: [H10301, WIEGAND_34], frameGapMs: 30 })
  const events: WiegandReaderEvent[] = []
  reader.start((event) => events.push(event))
  return { capture, clock, log, reader, events }
}

/** Delivers a frame's edges one by one, moving the host clock with them, as onoff does. */
function deliver(capture: FakeWiegandCapture, clock: ManualClock, bits: readonly (0 | 1)[]): void {
  for (const edge of edgesFor(bits, clock.now())) {
    clock.advance(edge.atMs - clock.now())
    capture.emit([edge])
  }
}

t.test('reads a card once the line has been quiet for frameGapMs', async (t) => {
  const { capture, clock, events, reader, log } = setUp()
  deliver(capture, clock, bitsOf(H10301_FC212_CARD7041))
  clock.advance(29)
  t.same(events, [])
  clock.advance(1)
  t.same(events, [{ kind: 'WiegandCardRead', readerId: 'gate-1-in', format: 'H10301', facility: 212, card: 7041, bitCount: 26, atMs: 80 }])
  t.equal(reader.cardsRead, 1)
  t.match(log.lines, [{ level: 'debug', object: { card: '**41' } }], 'the card number is masked in logs')
  t.equal(clock.pendingTimers, 0)
})

t.test('reads two cards in a row and counts a bad one in between by code', async (t) => {
  const { capture, clock, events, reader } = setUp()
  deliver(capture, clock, bitsOf(H10301_FC212_CARD7041))
  clock.advance(100)
  const corrupted = bitsOf(H10301_FC212_CARD7041).map((bit, index) => (index === 3 ? 1 - bit : bit)) as (0 | 1)[]
  deliver(capture, clock, corrupted)
  clock.advance(100)
  deliver(capture, clock, bitsOf(W34_FC35284_CARD7041))
  clock.advance(100)
  deliver(capture, clock, [1, 0])
  clock.advance(100)
  t.same(events.map((e) => (e.kind === 'WiegandCardRead' ? e.card : e.kind === 'WiegandFrameRejected' ? e.code : e.kind)), [
    7041,
    'BAD_PARITY',
    7041,
    'NOISE',
  ])
  t.same(reader.badFrames.toJSON(), { BAD_PARITY: 1, NOISE: 1 })
  t.equal(reader.cardsRead, 2)
})

t.test('a frame delivered in one late batch is cut on its own timestamps', async (t) => {
  const { capture, clock, events } = setUp()
  clock.advance(500)
  capture.emit([...edgesFor(bitsOf(H10301_FC212_CARD7041), 10), ...edgesFor(bitsOf(H10301_FC212_CARD7041), 100)])
  clock.advance(30)
  t.same(events.map((e) => e.kind), ['WiegandCardRead', 'WiegandCardRead'])
})

t.test('edges that arrive while the silence check fires (a stalled event loop) do not split the frame', async (t) => {
  const { capture, clock, events } = setUp()
  const edges = edgesFor(bitsOf(H10301_FC212_CARD7041), 0)
  capture.emit(edges.slice(0, 13))
  // Registered after the reader's silence timer and due at the same instant: it runs between the
  // silence check and the flush it defers, as pending I/O runs before the next timers turn.
  clock.setTimeout(() => capture.emit(edges.slice(13)), 30)
  clock.advance(30)
  t.same(events, [], 'the deferred flush saw the new edges and waited')
  clock.advance(30)
  t.match(events, [{ kind: 'WiegandCardRead', card: 7041 }])
})

t.test('reports capture faults and keeps reading afterwards', async (t) => {
  const { capture, clock, events, log } = setUp()
  capture.fail({ code: 'GPIOMON_EXITED', message: 'gpiomon exited with code 1' })
  t.match(events, [{ kind: 'WiegandCaptureFailed', code: 'GPIOMON_EXITED', atMs: 0 }])
  t.match(log.lines, [{ level: 'error', object: { code: 'GPIOMON_EXITED' } }])
  deliver(capture, clock, bitsOf(H10301_FC212_CARD7041))
  clock.advance(30)
  t.match(events[1], { kind: 'WiegandCardRead' })
})

t.test('stop stops the capture and drops a frame in progress without reporting it', async (t) => {
  const { capture, clock, events, reader } = setUp()
  capture.emit(edgesFor([1, 0, 1], 0))
  await reader.stop()
  clock.advance(100)
  t.same(events, [])
  t.equal(capture.stops, 1)
  t.equal(capture.isCapturing, false)
  t.equal(clock.pendingTimers, 0)
})
