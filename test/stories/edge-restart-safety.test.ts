/**
 * Doors are safe across restarts (ARCHITECTURE §5): the daemon at a door wired to the Pi's GPIO
 * is stopped and started again and again — orderly, and once in the middle of a grant — over the
 * same door board and the same journal file. The board's pin trace proves that the only unlocks
 * were the grants, and the journal still holds every attempt of every run.
 */
import t from 'tap'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DoorBoardGpio } from '../../edge/src/adapters/gpio/door-board-gpio.js'
import { SimulatedDoorBoard, type LockKind, type PinLevel } from '../../firmware-sim/src/gpio/simulated-door-board.js'
import { communityEntities } from '../fakes/policy-rows.js'
import { osdpBus, storyConfig } from './story-config.js'
import { StoryEdge } from './story-edge.js'
import { storyReader } from './story-reader.js'
import { WarpClock } from './warp-clock.js'

const ZHANG_CARD = { facility: 212, card: 7041 }
const RUNS = 5
/** Runs in which Zhang badges in; in the last of them the daemon is stopped mid-pulse. */
const GRANT_RUNS = new Set([1, 3, 4])
const STOPPED_MID_PULSE = 4

function gpioDoorConfig(lockKind: LockKind) {
  return storyConfig({
    osdpBuses: [osdpBus('bus-1', { 'east-in': 1 })],
    doors: [
      {
        id: 'east-gate',
        failMode: lockKind,
        lock: { kind: 'gpio', line: 17 },
        contact: { kind: 'gpio', line: 27 },
        exitButton: { kind: 'gpio', line: 22, isActiveLow: true },
        pulseMs: 3000,
        entries: [{ reader: 'east-in', direction: 'in' }],
      },
    ],
  })
}

/** Changes of the relay pin to the level that unlocks this kind of lock, among the board's trace entries [from, to). */
function unlocksIn(board: SimulatedDoorBoard, lockKind: LockKind, from = 0, to = board.trace.length): number {
  const unlocked: PinLevel = lockKind === 'fail-secure' ? 1 : 0
  return board.trace.slice(from, to).filter((change) => change.pin === 'relay' && change.level === unlocked).length
}

for (const lockKind of ['fail-secure', 'fail-safe'] as const) {
  t.test(`a ${lockKind} door restarted ${RUNS} times, once mid-grant, never unlocks but for its grants`, async (t) => {
    const clock = new WarpClock()
    const board = new SimulatedDoorBoard(clock, lockKind)
    const config = gpioDoorConfig(lockKind)
    const entities = communityEntities()
    entities.door = entities.door.map((door) => ({ ...door, antiPassback: 'off' as const, isTemperatureRequired: false }))
    const databasePath = join(mkdtempSync(join(tmpdir(), 'edge-restart-')), 'edge.db')
    const startWindows: [number, number][] = []
    const stopWindows: [number, number][] = []
    let grants = 0
    let attempts = 0
    for (let run = 0; run < RUNS; run++) {
      const reader = storyReader(clock, 1)
      const startedAt = board.trace.length
      const edge = StoryEdge.create({ config, entities, clock, gpio: new DoorBoardGpio(board), devices: { 'bus-1': reader }, databasePath })
      t.teardown(() => edge.stop())
      await edge.start()
      startWindows.push([startedAt, board.trace.length])
      t.equal(board.isLocked, true, `run ${run + 1}: locked once started`)
      t.equal(edge.sqliteJournal.backlog().count, attempts, `run ${run + 1}: every earlier attempt, and no alarm, is in the journal`)
      if (GRANT_RUNS.has(run)) {
        reader.presentCard(ZHANG_CARD)
        await edge.waitForNthEvent(1)
        await edge.waitForScreen('east-gate', 'the grant', (screen) => screen.decision?.granted === true)
        grants++
        attempts++
        t.equal(board.isLocked, false, `run ${run + 1}: the grant unlocked the door`)
        if (run !== STOPPED_MID_PULSE) clock.advance(3000)
      }
      const stoppingAt = board.trace.length
      await edge.stop()
      stopWindows.push([stoppingAt, board.trace.length])
      t.equal(board.isLocked, true, `run ${run + 1}: locked after the stop`)
      clock.advance(1000)
    }
    for (const [index, [from, to]] of startWindows.entries()) t.equal(unlocksIn(board, lockKind, from, to), 0, `start ${index + 1} unlocked nothing`)
    for (const [index, [from, to]] of stopWindows.entries()) t.equal(unlocksIn(board, lockKind, from, to), 0, `stop ${index + 1} unlocked nothing`)
    t.equal(unlocksIn(board, lockKind), grants, 'the only unlocks are the grants')
  })
}
