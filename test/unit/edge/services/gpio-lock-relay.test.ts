import t from 'tap'
import { FakeGpio } from '../../../../edge/src/adapters/gpio/fake-gpio.js'
import { GpioLockRelay, type GpioLockRelayConfig } from '../../../../edge/src/services/gpio-lock-relay.js'
import { ManualClock } from '../../../fakes/manual-clock.js'
import { SilentLogger } from '../../../fakes/silent-logger.js'

const STRIKE: GpioLockRelayConfig = { doorId: 'gate-1', line: 17, lockKind: 'fail-secure', isActiveLow: false, pulseMs: 3000 }
const MAGLOCK: GpioLockRelayConfig = { ...STRIKE, lockKind: 'fail-safe' }

function setUp(config: GpioLockRelayConfig = STRIKE) {
  const gpio = new FakeGpio()
  const clock = new ManualClock(0)
  const log = new SilentLogger()
  return { gpio, clock, log, relay: new GpioLockRelay(gpio, clock, log, config) }
}

t.test('starting opens the relay at its safe level and writes nothing else', async (t) => {
  for (const [config, safeLevel] of [[STRIKE, 0], [MAGLOCK, 1]] as const) {
    const { gpio, relay } = setUp(config)
    t.equal(relay.state, 'stopped')
    relay.start()
    relay.start()
    t.same(gpio.operations, [{ op: 'open-output', line: 17, level: safeLevel }], config.lockKind)
    t.equal(relay.state, 'locked')
    t.equal(relay.isUnlocked, false)
  }
})

t.test('passes active-low to the pin, so level 1 still means coil energised', async (t) => {
  const gpio = new FakeGpio()
  new GpioLockRelay(gpio, new ManualClock(), new SilentLogger(), { ...STRIKE, isActiveLow: true }).start()
  t.same(gpio.requests, [{ line: 17, safeLevel: 0, isActiveLow: true }])
})

t.test('a pulse unlocks for pulseMs and then locks again', async (t) => {
  const { gpio, clock, relay } = setUp()
  relay.start()
  t.equal(relay.pulse(), 3000)
  t.equal(gpio.level(17), 1)
  t.equal(relay.state, 'pulsing')
  clock.advance(2999)
  t.equal(gpio.level(17), 1)
  clock.advance(1)
  t.equal(gpio.level(17), 0)
  t.equal(relay.state, 'locked')
  t.same(gpio.writesTo(17), [0, 1, 0])
})

t.test('a fail-safe maglock unlocks by de-energising', async (t) => {
  const { gpio, clock, relay } = setUp(MAGLOCK)
  relay.start()
  relay.pulse(500)
  t.equal(gpio.level(17), 0)
  clock.advance(500)
  t.equal(gpio.level(17), 1)
})

t.test('a pulse during a pulse extends it to the later end, never shortens it', async (t) => {
  const { gpio, clock, relay } = setUp()
  relay.start()
  relay.pulse(3000)
  clock.advance(1000)
  t.equal(relay.pulse(1000), 3000, 'a shorter pulse keeps the first end')
  t.equal(relay.pulse(5000), 6000)
  clock.advance(4999)
  t.equal(gpio.level(17), 1)
  clock.advance(1)
  t.equal(gpio.level(17), 0)
})

t.test('holds open until released, and a pulse meanwhile changes nothing', async (t) => {
  const { gpio, clock, relay } = setUp()
  relay.start()
  relay.pulse()
  relay.holdOpen()
  t.equal(relay.pulse(), Number.POSITIVE_INFINITY)
  clock.advance(60_000)
  t.equal(gpio.level(17), 1)
  t.equal(relay.state, 'held-open')
  relay.release()
  t.equal(gpio.level(17), 0)
  t.equal(relay.state, 'locked')
  clock.advance(60_000)
  t.equal(clock.pendingTimers, 0)
})

t.test('stopping mid-pulse locks at once, frees the pin and cancels the timer', async (t) => {
  const { gpio, clock, relay } = setUp()
  relay.start()
  relay.pulse()
  relay.stop()
  relay.stop()
  t.equal(gpio.level(17), 0)
  t.equal(gpio.isReleased(17), true)
  t.equal(clock.pendingTimers, 0)
  t.equal(relay.state, 'stopped')
})

t.test('cuts an overlong pulse to maxPulseMs and refuses a nonsense one', async (t) => {
  const { relay } = setUp({ ...STRIKE, maxPulseMs: 10_000 })
  t.throws(() => relay.pulse(), { code: 'RELAY_NOT_STARTED' })
  relay.start()
  t.equal(relay.pulse(3_600_000), 10_000)
  for (const bad of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) t.throws(() => relay.pulse(bad), { code: 'BAD_PULSE_MS' })
  relay.stop()
  t.throws(() => relay.holdOpen(), { code: 'RELAY_NOT_STARTED' })
  t.throws(() => relay.release(), { code: 'RELAY_NOT_STARTED' })
})

t.test('keeps trying to relock every 100 ms when the write fails, logging the first failure and then one line every 10 s', async (t) => {
  const { gpio, clock, log, relay } = setUp()
  relay.start()
  relay.pulse(1000)
  gpio.failWritesWithCode = 'EIO'
  clock.advance(1000)
  const errors = () => log.lines.filter((line) => line.level === 'error')
  t.match(errors(), [{ object: { code: 'EIO', failedWrites: 1 } }], 'the first failure at once')
  for (let retry = 0; retry < 150; retry++) clock.advance(100)
  t.equal(relay.state, 'pulsing')
  t.match(errors(), [{ object: { failedWrites: 1 } }, { object: { code: 'EIO', failedWrites: 101, failingForMs: 10_000 } }], '151 tries in 15 s, two lines')
  gpio.failWritesWithCode = undefined
  clock.advance(100)
  t.equal(gpio.level(17), 0)
  t.equal(relay.state, 'locked')
  t.match(log.lines.at(-1), { level: 'info', message: 'lock relay relocked', object: { failedWrites: 151 } })
  t.equal(clock.pendingTimers, 0)
})

t.test('stop still frees the pin when the safe write fails', async (t) => {
  const { gpio, relay } = setUp()
  relay.start()
  gpio.failWritesWithCode = 'EIO'
  t.throws(() => relay.stop(), { code: 'EIO' })
  t.equal(relay.state, 'stopped')
  t.equal(gpio.isReleased(17), true)
})
