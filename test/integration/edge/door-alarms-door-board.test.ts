import t from 'tap'
import { SimulatedDoorBoard } from '../../../firmware-sim/src/gpio/simulated-door-board.js'
import { DoorBoardGpio } from '../../../edge/src/adapters/gpio/door-board-gpio.js'
import type { AlarmChange } from '../../../edge/src/domain/door-supervision.js'
import { DoorSupervisor } from '../../../edge/src/services/door-supervisor.js'
import { GpioDoorInputs } from '../../../edge/src/services/gpio-door-inputs.js'
import { GpioLockRelay } from '../../../edge/src/services/gpio-lock-relay.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { SilentLogger } from '../../fakes/silent-logger.js'

/** One door wired as main.ts would wire it, on the simulator's GPIO door board. */
function door() {
  const clock = new ManualClock(0)
  const board = new SimulatedDoorBoard(clock, 'fail-secure')
  const gpio = new DoorBoardGpio(board)
  const relay = new GpioLockRelay(gpio, clock, new SilentLogger(), {
    doorId: 'gate-1',
    line: 17,
    lockKind: 'fail-secure',
    isActiveLow: false,
    pulseMs: 3000,
  })
  const inputs = new GpioDoorInputs(gpio, clock, {
    doorId: 'gate-1',
    contact: { line: 27, openLevel: 1, debounceMs: 20 },
    exitButton: { line: 22, pressedLevel: 0, debounceMs: 20 },
  })
  const supervisor = new DoorSupervisor(clock, { doorId: 'gate-1', exitWindowMs: 10_000, grantGraceMs: 1000, heldOpenLimitMs: 30_000 })
  const alarms: AlarmChange[] = []
  relay.start()
  supervisor.start((change) => alarms.push(change))
  inputs.start((event) => supervisor.handle(event))
  const grant = (): void => {
    const untilMs = relay.pulse()
    supervisor.handle({ kind: 'AccessGranted', doorId: 'gate-1', atMs: clock.now(), untilMs })
  }
  const stop = (): void => {
    inputs.stop()
    supervisor.stop()
    relay.stop()
  }
  return { clock, board, relay, alarms, grant, stop }
}

t.test('a door pushed open without a grant raises DOOR_FORCED, cleared when it shuts', async (t) => {
  const { clock, board, alarms, stop } = door()
  clock.advance(1000)
  board.openDoor()
  clock.advance(20)
  t.match(alarms, [{ kind: 'DOOR_FORCED', state: 'raised', atMs: 1020 }])
  board.closeDoor()
  clock.advance(20)
  t.match(alarms, [{ state: 'raised' }, { kind: 'DOOR_FORCED', state: 'cleared', atMs: 1040 }])
  stop()
})

t.test('a granted entry held open past the limit raises DOOR_HELD_OPEN on time, with no polling', async (t) => {
  const { clock, board, alarms, grant, stop } = door()
  grant()
  t.equal(board.isLocked, false)
  clock.advance(1000)
  board.openDoor()
  clock.advance(2000)
  t.equal(board.isLocked, true, 'the strike relocks after its pulse; the door is still open')
  t.same(alarms, [])
  clock.advance(29_999)
  t.same(alarms, [], 'the limit counts from when the lock re-engaged at 3000 ms')
  clock.advance(1)
  t.match(alarms, [{ kind: 'DOOR_HELD_OPEN', state: 'raised', atMs: 33_000 }])
  board.closeDoor()
  clock.advance(20)
  t.match(alarms, [{ state: 'raised' }, { kind: 'DOOR_HELD_OPEN', state: 'cleared' }])
  stop()
  t.equal(clock.pendingTimers, 0)
})

t.test('leaving through the exit button raises nothing', async (t) => {
  const { clock, board, alarms, stop } = door()
  board.pressExitButton()
  clock.advance(100)
  board.releaseExitButton()
  clock.advance(2000)
  board.openDoor()
  clock.advance(5000)
  board.closeDoor()
  clock.advance(100_000)
  t.same(alarms, [])
  t.equal(board.relayPulsesBetween(0, clock.now()), 0, 'the exit button alone does not drive the relay')
  stop()
})
