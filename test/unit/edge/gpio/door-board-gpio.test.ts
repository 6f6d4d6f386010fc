import t from 'tap'
import { SimulatedDoorBoard } from '../../../../firmware-sim/src/gpio/simulated-door-board.js'
import { DoorBoardGpio } from '../../../../edge/src/adapters/gpio/door-board-gpio.js'
import { ManualClock } from '../../../fakes/manual-clock.js'

t.test('an output is driven to its safe level as it opens and on release', async (t) => {
  const clock = new ManualClock(1000)
  const board = new SimulatedDoorBoard(clock, 'fail-safe')
  const gpio = new DoorBoardGpio(board)
  const relay = gpio.openOutput({ line: 17, safeLevel: 1 })
  t.equal(board.read('relay'), 1)
  clock.advance(10)
  relay.write(0)
  relay.release()
  t.same(board.trace, [
    { atMs: 1000, pin: 'relay', level: 1 },
    { atMs: 1010, pin: 'relay', level: 0 },
    { atMs: 1010, pin: 'relay', level: 1 },
  ])
  t.throws(() => relay.write(0), { code: 'PIN_RELEASED' })
})

t.test('active-low inverts between the port and the board', async (t) => {
  const board = new SimulatedDoorBoard(new ManualClock(), 'fail-secure')
  const gpio = new DoorBoardGpio(board)
  const led = gpio.openOutput({ line: 23, safeLevel: 0, isActiveLow: true })
  t.equal(board.read('ledGreen'), 1)
  led.write(1)
  t.equal(board.read('ledGreen'), 0)
  t.equal(led.read(), 1)
  const button = gpio.openInput({ line: 22, edge: 'both', debounceMs: 0, isActiveLow: true })
  t.equal(button.read(), 0, 'a released button reads raw 1')
})

t.test('inputs report the edges asked for and stop on unwatch or release', async (t) => {
  const board = new SimulatedDoorBoard(new ManualClock(), 'fail-secure')
  const gpio = new DoorBoardGpio(board)
  const contact = gpio.openInput({ line: 27, edge: 'rising', debounceMs: 0 })
  const button = gpio.openInput({ line: 22, edge: 'both', debounceMs: 0 })
  const opened: number[] = []
  const pressed: number[] = []
  contact.watch((level) => opened.push(level))
  const unwatch = button.watch((level) => pressed.push(level))
  board.openDoor()
  board.closeDoor()
  board.pressExitButton()
  unwatch()
  board.releaseExitButton()
  contact.release()
  board.openDoor()
  t.same(opened, [1])
  t.same(pressed, [0])
  t.throws(() => contact.write(1), { code: 'NOT_AN_OUTPUT' })
})

t.test('refuses lines that are not wired, or wired the other way', async (t) => {
  const gpio = new DoorBoardGpio(new SimulatedDoorBoard(new ManualClock(), 'fail-secure'))
  t.throws(() => gpio.openOutput({ line: 4, safeLevel: 0 }), { code: 'DOOR_BOARD_WIRING' })
  t.throws(() => gpio.openOutput({ line: 27, safeLevel: 0 }), { code: 'DOOR_BOARD_WIRING' })
  t.throws(() => gpio.openInput({ line: 17, edge: 'both', debounceMs: 0 }), { code: 'DOOR_BOARD_WIRING' })
})

t.test('a custom wiring maps other lines', async (t) => {
  const board = new SimulatedDoorBoard(new ManualClock(), 'fail-secure')
  const gpio = new DoorBoardGpio(board, { 5: 'relay', 6: 'contact' })
  gpio.openOutput({ line: 5, safeLevel: 0 }).write(1)
  t.equal(board.read('relay'), 1)
  t.throws(() => gpio.openOutput({ line: 17, safeLevel: 0 }), { code: 'DOOR_BOARD_WIRING' })
})
