import t from 'tap'
import { H10301 } from '../../../../protocol/wiegand/wiegand-format.js'
import type { GpioChipBase } from '../../../../edge/src/adapters/gpio/gpio-chip-base.js'
import { WiegandCaptureOnoff } from '../../../../edge/src/adapters/gpio/wiegand-capture-onoff.js'
import type { WiegandEdge } from '../../../../edge/src/domain/wiegand-frame-assembler.js'
import type { WiegandCaptureFault } from '../../../../edge/src/ports/wiegand-capture.js'
import { WiegandReader, type WiegandReaderEvent } from '../../../../edge/src/services/wiegand-reader.js'
import { FakeOnoff } from '../../../fakes/fake-onoff.js'
import { ManualClock } from '../../../fakes/manual-clock.js'
import { SilentLogger } from '../../../fakes/silent-logger.js'
import { bitsOf, H10301_FC212_CARD7041 } from '../../../fakes/wiegand-edges.js'

const PI5: GpioChipBase = { chip: 'gpiochip571', label: 'pinctrl-rp1', base: 571, lineCount: 54, gpioClassDir: '/sys/class/gpio' }

function setUp() {
  const onoff = new FakeOnoff()
  const clock = new ManualClock(0)
  const narrowed: number[] = []
  const capture = new WiegandCaptureOnoff(onoff.GpioClass, PI5, clock, { d0Line: 14, d1Line: 15 }, (n) => {
    narrowed.push(n)
    onoff.calls.push({ gpio: n, method: 'construct', args: ['narrowed to falling'] })
  })
  return { onoff, clock, narrowed, capture }
}

t.test('opens D0 and D1 at base + line, both edges, no debounce, then narrows the kernel to falling', async (t) => {
  const { onoff, capture, narrowed } = setUp()
  capture.start({ edges: () => undefined, fault: () => undefined })
  t.same(onoff.callsTo(585), [
    'construct "in" "both" {"debounceTimeout":0,"activeLow":false,"reconfigureDirection":false}',
    'construct "narrowed to falling"',
    'watch',
  ])
  t.same(narrowed, [585, 586])
  t.equal(capture.isCapturing, true)
  t.equal(capture.description, 'onoff gpiochip571 lines 14 15')
})

t.test('counts every interrupt as one falling edge, whatever value onoff read after it', async (t) => {
  const { onoff, clock, capture } = setUp()
  const edges: WiegandEdge[] = []
  const faults: WiegandCaptureFault[] = []
  capture.start({ edges: (batch) => edges.push(...batch), fault: (fault) => faults.push(fault) })
  onoff.pin(585).interrupt(1)
  clock.advance(2)
  onoff.pin(586).interrupt(1)
  clock.advance(2)
  onoff.pin(586).interrupt(0)
  onoff.pin(585).interrupt(0, new Error('EPOLL'))
  t.same(edges, [{ line: 0, atMs: 0 }, { line: 1, atMs: 2 }, { line: 1, atMs: 4 }])
  t.same(faults, [{ code: 'WATCH_FAILED', message: 'D0: EPOLL' }])
})

t.test('a reader on onoff edges reads the reference card', async (t) => {
  const { onoff, clock, capture } = setUp()
  const reader = new WiegandReader(capture, clock, new SilentLogger(), { readerId: 'r1', formats: [H10301], frameGapMs: 30 })
  const events: WiegandReaderEvent[] = []
  reader.start((event) => events.push(event))
  for (const bit of bitsOf(H10301_FC212_CARD7041)) {
    onoff.pin(bit === 0 ? 585 : 586).interrupt(1)
    clock.advance(2)
  }
  clock.advance(30)
  t.match(events, [{ kind: 'WiegandCardRead', facility: 212, card: 7041 }])
  await reader.stop()
  t.same(onoff.callsTo(586).slice(-2), ['unwatchAll', 'unexport'])
  t.equal(capture.isCapturing, false)
})

t.test('reports a line that cannot be watched, or is not on the chip, and releases what it had opened', async (t) => {
  const { onoff } = setUp()
  const faults: WiegandCaptureFault[] = []
  const original = onoff.GpioClass
  let count = 0
  const failing = new WiegandCaptureOnoff(
    class {
      constructor(...args: ConstructorParameters<typeof original>) {
        if (++count === 2) throw Object.assign(new Error('EBUSY'), { code: 'EBUSY' })
        return new original(...args)
      }
    } as unknown as typeof original,
    PI5,
    new ManualClock(),
    { d0Line: 14, d1Line: 15 },
    () => undefined,
  )
  failing.start({ edges: () => undefined, fault: (fault) => faults.push(fault) })
  t.match(faults, [{ code: 'WATCH_FAILED', message: /EBUSY/ }])
  t.same(onoff.callsTo(585).slice(-2), ['unwatchAll', 'unexport'])
  t.equal(failing.isCapturing, false)
  const outOfRange = new WiegandCaptureOnoff(onoff.GpioClass, PI5, new ManualClock(), { d0Line: 14, d1Line: 54 }, () => undefined)
  outOfRange.start({ edges: () => undefined, fault: (fault) => faults.push(fault) })
  t.match(faults[1], { code: 'WATCH_FAILED', message: /GPIO_LINE_OUT_OF_RANGE/ })
})
