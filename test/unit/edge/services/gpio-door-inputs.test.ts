import t from 'tap'
import { SimulatedDoorBoard } from '../../../../firmware-sim/src/gpio/simulated-door-board.js'
import { DoorBoardGpio } from '../../../../edge/src/adapters/gpio/door-board-gpio.js'
import { FakeGpio } from '../../../../edge/src/adapters/gpio/fake-gpio.js'
import type { DoorInputEvent } from '../../../../edge/src/domain/door-events.js'
import { GpioDoorInputs, type GpioDoorInputsConfig } from '../../../../edge/src/services/gpio-door-inputs.js'
import { ManualClock } from '../../../fakes/manual-clock.js'

const CONFIG: GpioDoorInputsConfig = {
  doorId: 'gate-1',
  contact: { line: 27, openLevel: 1, debounceMs: 20 },
  exitButton: { line: 22, pressedLevel: 0, debounceMs: 50 },
}

function setUp(config: GpioDoorInputsConfig = CONFIG, contactAtStart: 0 | 1 = 0) {
  const gpio = new FakeGpio()
  gpio.presetInput(27, contactAtStart)
  gpio.presetInput(22, 1)
  const clock = new ManualClock(0)
  const events: DoorInputEvent[] = []
  const inputs = new GpioDoorInputs(gpio, clock, config)
  inputs.start((event) => events.push(event))
  return { gpio, clock, events, inputs }
}

t.test('opens both inputs watching both edges, with no pin-level debounce', async (t) => {
  const { gpio } = setUp()
  t.same(gpio.requests, [
    { line: 27, edge: 'both', debounceMs: 0 },
    { line: 22, edge: 'both', debounceMs: 0 },
  ])
})

t.test('reports a door opening and closing once each, after the bounces settle', async (t) => {
  const { gpio, clock, events, inputs } = setUp()
  t.equal(inputs.isDoorOpen, false)
  for (const level of [1, 0, 1, 0, 1] as const) {
    gpio.setInput(27, level)
    clock.advance(3)
  }
  t.same(events, [], 'nothing while it bounces')
  clock.advance(20)
  t.same(events, [{ kind: 'DoorOpened', doorId: 'gate-1', atMs: 32 }])
  t.equal(inputs.isDoorOpen, true)
  gpio.setInput(27, 0)
  clock.advance(20)
  t.same(events.map((e) => e.kind), ['DoorOpened', 'DoorClosed'])
})

t.test('ignores a glitch that returns to the stable level within the debounce time', async (t) => {
  const { gpio, clock, events } = setUp()
  gpio.setInput(27, 1)
  clock.advance(5)
  gpio.setInput(27, 0)
  clock.advance(100)
  t.same(events, [])
})

t.test('takes the contact polarity from the config (a contact that reads 0 when open)', async (t) => {
  const config = { ...CONFIG, contact: { line: 27, openLevel: 0 as const, debounceMs: 0 } }
  const { gpio, events } = setUp(config, 1)
  gpio.setInput(27, 0)
  gpio.setInput(27, 1)
  t.same(events.map((e) => e.kind), ['DoorOpened', 'DoorClosed'], 'debounce 0 reports at once')
})

t.test('reports a press of the exit button, not its release', async (t) => {
  const { gpio, clock, events } = setUp()
  gpio.setInput(22, 0)
  clock.advance(50)
  gpio.setInput(22, 1)
  clock.advance(50)
  t.same(events, [{ kind: 'ExitRequested', doorId: 'gate-1', atMs: 50 }])
})

t.test('reports a door already open at start as such', async (t) => {
  const { events, inputs } = setUp(CONFIG, 1)
  t.same(events, [{ kind: 'DoorOpened', doorId: 'gate-1', atMs: 0, isAtStart: true }])
  t.equal(inputs.isDoorOpen, true)
})

t.test('works with only an exit button, and stop releases pins and timers', async (t) => {
  const { gpio, clock, events, inputs } = setUp({ doorId: 'lobby', exitButton: CONFIG.exitButton! })
  t.equal(inputs.isDoorOpen, undefined)
  gpio.setInput(22, 0)
  inputs.stop()
  inputs.stop()
  clock.advance(100)
  t.same(events, [])
  t.equal(gpio.isReleased(22), true)
  t.equal(clock.pendingTimers, 0)
})

t.test('a start that fails half-way releases the pins it had opened', async (t) => {
  const board = new SimulatedDoorBoard(new ManualClock(), 'fail-secure')
  const inputs = new GpioDoorInputs(new DoorBoardGpio(board, { 27: 'contact' }), new ManualClock(), CONFIG)
  t.throws(() => inputs.start(() => undefined), { code: 'DOOR_BOARD_WIRING' })
  const heard: number[] = []
  board.watch('contact', (level) => heard.push(level))
  board.openDoor()
  t.same(heard, [1], 'only the test still listens to the contact')
  t.equal(inputs.isDoorOpen, undefined)
})
