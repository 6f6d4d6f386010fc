/**
 * A Wiegand reader wired to GPIO D0/D1 on the assembled edge: its config entry, the capture
 * main.ts would pick (a fake one here, driven with the reference frames), the reader service,
 * the door's kiosk and its GPIO relay, the journal and the edge's health and alarms.
 */
import t, { type Test } from 'tap'
import { openEdgeDatabase } from '../../../edge/src/adapters/sqlite/open-edge-database.js'
import { SqliteJournal } from '../../../edge/src/adapters/sqlite/sqlite-journal.js'
import { SqliteReplayCache } from '../../../edge/src/adapters/sqlite/sqlite-replay-cache.js'
import { systemClock } from '../../../edge/src/adapters/system-clock.js'
import { DoorBoardGpio } from '../../../edge/src/adapters/gpio/door-board-gpio.js'
import { EdgeRuntime } from '../../../edge/src/assembly/edge-runtime.js'
import { loadEdgeConfig } from '../../../edge/src/config/load-edge-config.js'
import { SimulatedDoorBoard } from '../../../firmware-sim/src/gpio/simulated-door-board.js'
import { InMemoryPolicyView } from '../../fakes/in-memory-policy-view.js'
import { communityEntities } from '../../fakes/policy-rows.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { SimulatedHardware } from '../../fakes/simulated-hardware.js'
import { H10301_FC212_CARD7041, bitsOf, edgesFor } from '../../fakes/wiegand-edges.js'

type Json = Record<string, unknown>

const configText = JSON.stringify({
  edgeId: 'gate-1',
  hub: { url: 'mqtt://127.0.0.1:1', httpUrl: 'http://127.0.0.1:1', username: 'gate-1', passwordFile: '/dev/null', hubPublicKey: `${'A'.repeat(43)}=` },
  wiegandReaders: [{ id: 'east-wiegand', d0Line: 5, d1Line: 6, formats: ['H10301'] }],
  doors: [
    {
      id: 'east-gate',
      failMode: 'fail-secure',
      lock: { kind: 'gpio', line: 17 },
      pulseMs: 500,
      entries: [{ reader: 'east-wiegand', direction: 'in', lane: 'residents' }],
    },
  ],
})

async function edge(t: Test) {
  const loaded = loadEdgeConfig(configText)
  if (!loaded.ok) throw new Error(loaded.violations.join('\n'))
  const log = new SilentLogger()
  const board = new SimulatedDoorBoard(systemClock, 'fail-secure')
  const hardware = new SimulatedHardware(systemClock, log, {}, new DoorBoardGpio(board))
  const database = openEdgeDatabase({ path: `${t.testdir()}/edge.db` })
  const journal = new SqliteJournal(database, systemClock, log)
  journal.start()
  const policy = InMemoryPolicyView.fromEntities(communityEntities(), { edgeId: 'gate-1', version: 3, issuedAtMs: Date.now() - 1000, receivedAtMs: Date.now() - 1000 })
  const runtime = new EdgeRuntime(loaded.value, hardware, { journal, policy, passages: null, replayCache: new SqliteReplayCache(database) })
  const waiters: (() => void)[] = []
  runtime.onJournalled = () => waiters.splice(0).forEach((wake) => wake())
  const entries = () => journal.nextUnpublished(100).map((entry) => JSON.parse(entry.payloadJson) as Json)
  /** Resolves once the journal holds an entry matching `predicate`. */
  const journalled = async (predicate: (entry: Json) => boolean) => {
    for (;;) {
      const found = entries().find(predicate)
      if (found !== undefined) return found
      await new Promise<void>((resolve) => waiters.push(resolve))
    }
  }
  runtime.start()
  t.teardown(async () => {
    await runtime.stop()
    journal.stop()
    database.close()
  })
  const capture = hardware.wiegandCaptures.get('east-wiegand')
  if (capture === undefined) throw new Error('the runtime asked for no capture of east-wiegand')
  /** The reader sends these frames, 2 ms a bit and 100 ms apart, then falls silent. */
  const swipe = (...frames: string[]) => {
    const startMs = systemClock.now()
    capture.emit(frames.flatMap((bits, index) => edgesFor(bitsOf(bits), startMs + index * 200)))
  }
  return { runtime, board, capture, entries, journalled, swipe }
}

t.test("a card read on D0/D1 opens the door through its GPIO relay, journalled as the reader's entry", async (t) => {
  const { board, journalled, swipe, capture } = await edge(t)
  t.equal(capture.isCapturing, true, 'the capture started with the runtime')
  swipe(H10301_FC212_CARD7041)
  const event = await journalled((entry) => entry.doorId === 'east-gate')
  t.match(event, {
    doorId: 'east-gate',
    direction: 'in',
    lane: 'residents',
    personId: 'p-zhang',
    credential: { kind: 'card', maskedReference: /^\*+7041$/ },
    decision: { granted: true, reason: 'GRANTED' },
  })
  t.equal(board.isLocked, false, 'the relay released after the grant was journalled')
})

t.test('a frame with a flipped bit is counted by code, reported in health, and opens nothing', async (t) => {
  const { runtime, board, entries, journalled, swipe } = await edge(t)
  const flipped = `${H10301_FC212_CARD7041.slice(0, 3)}${H10301_FC212_CARD7041[3] === '1' ? '0' : '1'}${H10301_FC212_CARD7041.slice(4)}`
  // A good card after the bad one: once it is journalled, the bad frame before it has been handled.
  swipe(flipped, H10301_FC212_CARD7041)
  await journalled((entry) => entry.doorId === 'east-gate')
  t.equal(entries().length, 1, 'only the good card became an attempt')
  t.match(runtime.devicesHealth()['east-wiegand'], { kind: 'reader', state: 'degraded', errorCounts: { BAD_PARITY: 1 } })
  t.equal(board.relayPulsesBetween(0, Number.MAX_SAFE_INTEGER), 1)
})

t.test('a capture fault raises READER_OFFLINE for the door; the next frame from the reader clears it', async (t) => {
  const { capture, journalled, swipe } = await edge(t)
  capture.fail({ code: 'GPIOMON_EXITED', message: 'gpiomon exited with code 1' })
  t.match(await journalled((entry) => entry.kind === 'READER_OFFLINE'), { kind: 'READER_OFFLINE', state: 'raised', doorId: 'east-gate', device: 'east-wiegand', detail: 'GPIOMON_EXITED' })
  swipe(H10301_FC212_CARD7041)
  t.match(await journalled((entry) => entry.kind === 'READER_OFFLINE' && entry.state === 'cleared'), { device: 'east-wiegand' })
  t.match(await journalled((entry) => entry.doorId === 'east-gate' && entry.decision !== undefined), { decision: { granted: true } })
})
