import t from 'tap'
import type { Gpio } from 'onoff'
import type { GpioChipBase } from '../../../../edge/src/adapters/gpio/gpio-chip-base.js'
import { GpioOpenError, OnoffGpio, type OnoffGpioClass } from '../../../../edge/src/adapters/gpio/onoff-gpio.js'
import { FakeOnoff } from '../../../fakes/fake-onoff.js'
import { SilentLogger } from '../../../fakes/silent-logger.js'

const PI4_BOOKWORM: GpioChipBase = {
  chip: 'gpiochip512',
  label: 'pinctrl-bcm2711',
  base: 512,
  lineCount: 58,
  gpioClassDir: '/sys/class/gpio',
}

function setUp(options = {}) {
  const onoff = new FakeOnoff()
  const log = new SilentLogger()
  return { onoff, log, gpio: new OnoffGpio(onoff.GpioClass, PI4_BOOKWORM, log, options) }
}

t.test('opens a fail-secure active-high relay at raw low, glitch-free, at base + line', async (t) => {
  const { onoff, gpio } = setUp()
  gpio.openOutput({ line: 17, safeLevel: 0, isActiveLow: false })
  t.same(onoff.callsTo(529), [
    'construct "low" "none" {"activeLow":false,"reconfigureDirection":false}',
    'writeSync 0',
  ])
})

t.test('opens an active-low relay board with its coil off: raw high, logical 0', async (t) => {
  const { onoff, gpio } = setUp()
  gpio.openOutput({ line: 17, safeLevel: 0, isActiveLow: true })
  t.same(onoff.callsTo(529), [
    'construct "high" "none" {"activeLow":true,"reconfigureDirection":false}',
    'writeSync 0',
  ])
})

t.test('opens a fail-safe maglock on an active-low board energised: raw low, logical 1', async (t) => {
  const { onoff, gpio } = setUp()
  gpio.openOutput({ line: 5, safeLevel: 1, isActiveLow: true })
  t.same(onoff.callsTo(517), [
    'construct "low" "none" {"activeLow":true,"reconfigureDirection":false}',
    'writeSync 1',
  ])
})

t.test('on release drives the safe level, stops watching and unexports, once', async (t) => {
  const { onoff, gpio } = setUp()
  const pin = gpio.openOutput({ line: 17, safeLevel: 0 })
  pin.write(1)
  pin.release()
  pin.release()
  t.same(onoff.callsTo(529).slice(1), ['writeSync 0', 'writeSync 1', 'writeSync 0', 'unwatchAll', 'unexport'])
})

t.test('can keep outputs exported on release for kernels that do not persist them', async (t) => {
  const { onoff, gpio } = setUp({ unexportOutputsOnRelease: false })
  gpio.openOutput({ line: 17, safeLevel: 1 }).release()
  t.notOk(onoff.callsTo(529).includes('unexport'))
  t.equal(onoff.pin(529).value, 1)
})

t.test('opens an input with its edge, polarity and debounce, without reconfiguring', async (t) => {
  const { onoff, gpio } = setUp()
  gpio.openInput({ line: 27, edge: 'both', debounceMs: 10, isActiveLow: true })
  gpio.openInput({ line: 22, edge: 'falling', debounceMs: 0 })
  t.same(onoff.callsTo(539), ['construct "in" "both" {"activeLow":true,"reconfigureDirection":false,"debounceTimeout":10}'])
  t.same(onoff.callsTo(534), ['construct "in" "falling" {"activeLow":false,"reconfigureDirection":false,"debounceTimeout":0}'])
})

t.test('passes watched values on, logs watch errors, and stops watching on request', async (t) => {
  const { onoff, gpio, log } = setUp()
  const pin = gpio.openInput({ line: 27, edge: 'both', debounceMs: 0 })
  const seen: number[] = []
  const unwatch = pin.watch((level) => seen.push(level))
  onoff.pin(539).interrupt(1)
  onoff.pin(539).interrupt(0, new Error('EIO'))
  onoff.pin(539).interrupt(0)
  unwatch()
  onoff.pin(539).interrupt(1)
  t.same(seen, [1, 0])
  t.match(log.lines, [{ level: 'warn', object: { code: 'GPIO_WATCH_ERROR', line: 27, error: 'EIO' } }])
  onoff.pin(539).value = 1
  t.equal(pin.read(), 1)
  pin.release()
  t.same(onoff.callsTo(539).slice(-2), ['unwatchAll', 'unexport'], 'an input is not written on release')
})

t.test('refuses a line that is not on the chip before touching sysfs', async (t) => {
  const { onoff, gpio } = setUp()
  for (const line of [-1, 58, 2.5]) {
    t.throws(() => gpio.openOutput({ line, safeLevel: 0 }), { code: 'GPIO_LINE_OUT_OF_RANGE' })
  }
  t.same(onoff.calls, [])
})

t.test('wraps an onoff failure in a coded error that names the line and sysfs number', async (t) => {
  const { onoff, gpio } = setUp()
  onoff.constructionError = Object.assign(new Error('EINVAL: invalid argument, write'), { code: 'EINVAL' })
  const error = t.throws(() => gpio.openInput({ line: 4, edge: 'both', debounceMs: 0 })) as unknown as GpioOpenError
  t.equal(error.code, 'GPIO_OPEN_FAILED')
  t.match(error.message, /line 4 \(sysfs 516\) as in: EINVAL/)
  t.ok(error.cause instanceof Error)
})

t.test("onoff's own Gpio class fits the injected constructor type (checked by tsc)", async (t) => {
  const fits = (gpioClass: typeof Gpio): OnoffGpioClass => gpioClass
  t.type(fits, 'function')
})
