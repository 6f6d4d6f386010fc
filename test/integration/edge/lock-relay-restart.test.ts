import t from 'tap'
import { SimulatedDoorBoard, type LockKind } from '../../../firmware-sim/src/gpio/simulated-door-board.js'
import { DoorBoardGpio } from '../../../edge/src/adapters/gpio/door-board-gpio.js'
import type { GpioChipBase } from '../../../edge/src/adapters/gpio/gpio-chip-base.js'
import { OnoffGpio } from '../../../edge/src/adapters/gpio/onoff-gpio.js'
import { GpioLockRelay, type GpioLockRelayConfig } from '../../../edge/src/services/gpio-lock-relay.js'
import { FakeOnoff } from '../../fakes/fake-onoff.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { SilentLogger } from '../../fakes/silent-logger.js'

function relayConfig(lockKind: LockKind): GpioLockRelayConfig {
  return { doorId: 'gate-1', line: 17, lockKind, isActiveLow: false, pulseMs: 3000 }
}

/** A daemon's life on one board: each start gets a fresh adapter and service, as after a restart. */
function startDaemon(board: SimulatedDoorBoard, clock: ManualClock, lockKind: LockKind): GpioLockRelay {
  const relay = new GpioLockRelay(new DoorBoardGpio(board), clock, new SilentLogger(), relayConfig(lockKind))
  relay.start()
  return relay
}

function relayLevelsBetween(board: SimulatedDoorBoard, fromMs: number, toMs: number): number[] {
  return board.trace.filter((c) => c.pin === 'relay' && c.atMs >= fromMs && c.atMs <= toMs).map((c) => c.level)
}

t.test('a fail-secure strike is never pulsed by five restarts, a mid-pulse stop or a crash', async (t) => {
  const clock = new ManualClock(0)
  const board = new SimulatedDoorBoard(clock, 'fail-secure')
  const startWindows: [number, number][] = []
  let grants = 0
  let relay = startDaemon(board, clock, 'fail-secure')
  for (let restart = 0; restart < 5; restart++) {
    clock.advance(1000)
    if (restart === 1 || restart === 3) {
      relay.pulse()
      grants++
      clock.advance(restart === 3 ? 500 : 4000)
    }
    relay.stop()
    clock.advance(2000)
    const startedAtMs = clock.now()
    relay = startDaemon(board, clock, 'fail-secure')
    startWindows.push([startedAtMs, clock.now()])
    t.equal(board.isLocked, true, `locked after restart ${restart + 1}`)
  }
  clock.advance(1000)
  relay.pulse()
  grants++
  clock.advance(1000)
  const crashedAtMs = clock.now()
  const afterCrash = startDaemon(board, clock, 'fail-secure')
  t.equal(board.isLocked, true, 'a restart after a crash mid-pulse relocks at once')
  t.same(relayLevelsBetween(board, crashedAtMs, clock.now()), [0])
  afterCrash.stop()
  for (const [fromMs, toMs] of startWindows) t.equal(board.relayPulsesBetween(fromMs, toMs), 0)
  t.equal(board.relayPulsesBetween(0, clock.now()), grants, 'the only pulses are the grants')
})

t.test('a fail-safe maglock locks at the first start and never drops power on a restart', async (t) => {
  const clock = new ManualClock(0)
  const board = new SimulatedDoorBoard(clock, 'fail-safe')
  t.equal(board.isLocked, false, 'an unpowered maglock is open before the daemon runs')
  let relay = startDaemon(board, clock, 'fail-safe')
  t.equal(board.isLocked, true)
  const firstStartMs = clock.now()
  for (let restart = 0; restart < 5; restart++) {
    clock.advance(1000)
    if (restart === 2) {
      relay.pulse()
      clock.advance(1000)
    }
    relay.stop()
    clock.advance(1000)
    const startedAtMs = clock.now()
    relay = startDaemon(board, clock, 'fail-safe')
    t.same(relayLevelsBetween(board, startedAtMs, clock.now()), [], `restart ${restart + 1} writes no change at all`)
  }
  relay.stop()
  const unlocks = board.trace.filter((c) => c.pin === 'relay' && c.level === 0 && c.atMs > firstStartMs)
  t.equal(unlocks.length, 1, 'the single unlock is the grant')
})

t.test('through onoff every restart opens the relay at the safe raw level and never writes the other', async (t) => {
  const chip: GpioChipBase = { chip: 'gpiochip512', label: 'pinctrl-bcm2711', base: 512, lineCount: 58, gpioClassDir: '/sys/class/gpio' }
  const onoff = new FakeOnoff()
  const clock = new ManualClock(0)
  for (let restart = 0; restart < 4; restart++) {
    const gpio = new OnoffGpio(onoff.GpioClass, chip, new SilentLogger())
    const relay = new GpioLockRelay(gpio, clock, new SilentLogger(), { ...relayConfig('fail-secure'), isActiveLow: true })
    relay.start()
    relay.stop()
  }
  const calls = onoff.callsTo(529)
  t.equal(calls.filter((c) => c === 'construct "high" "none" {"activeLow":true,"reconfigureDirection":false}').length, 4)
  t.notOk(calls.includes('writeSync 1'), 'the unlocked level is never written')
  t.equal(calls.filter((c) => c === 'unexport').length, 4)
})
