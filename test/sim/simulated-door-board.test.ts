import t from 'tap'
import { SimulatedDoorBoard } from '../../firmware-sim/src/gpio/simulated-door-board.js'
import { ManualClock } from '../fakes/manual-clock.js'

t.test('a fail-secure strike is locked while the relay is off', async (t) => {
  const board = new SimulatedDoorBoard(new ManualClock(), 'fail-secure')
  t.equal(board.isLocked, true)
  board.write('relay', 1)
  t.equal(board.isLocked, false)
})

t.test('a fail-safe maglock is locked only while the relay is energised', async (t) => {
  const board = new SimulatedDoorBoard(new ManualClock(), 'fail-safe')
  t.equal(board.isLocked, false)
  board.write('relay', 1)
  t.equal(board.isLocked, true)
})

t.test('traces every level change with its time and counts relay pulses', async (t) => {
  const clock = new ManualClock(1000)
  const board = new SimulatedDoorBoard(clock, 'fail-secure')
  board.write('relay', 0)
  t.same(board.trace, [], 'writing the level a pin already has is not a change')
  board.write('relay', 1)
  clock.advance(3000)
  board.write('relay', 0)
  board.write('ledGreen', 1)
  t.same(board.trace, [
    { atMs: 1000, pin: 'relay', level: 1 },
    { atMs: 4000, pin: 'relay', level: 0 },
    { atMs: 4000, pin: 'ledGreen', level: 1 },
  ])
  t.equal(board.relayPulsesBetween(0, 5000), 1)
  t.equal(board.relayPulsesBetween(2000, 5000), 0)
})

t.test('the host sees the door contact and exit button change', async (t) => {
  const board = new SimulatedDoorBoard(new ManualClock(), 'fail-secure')
  const contact: number[] = []
  const button: number[] = []
  const stopWatching = board.watch('contact', (level) => contact.push(level))
  board.watch('exitButton', (level) => button.push(level))
  board.openDoor()
  t.equal(board.isDoorOpen, true)
  board.closeDoor()
  board.pressExitButton()
  board.releaseExitButton()
  stopWatching()
  board.openDoor()
  t.same(contact, [1, 0])
  t.same(button, [0, 1])
  t.equal(board.read('exitButton'), 1)
})
