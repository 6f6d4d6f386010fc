import t, { type Test } from 'tap'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEdgeDatabase } from '../../../edge/src/adapters/sqlite/open-edge-database.js'
import { SqliteJournal } from '../../../edge/src/adapters/sqlite/sqlite-journal.js'
import { systemClock } from '../../../edge/src/adapters/system-clock.js'
import { DoorBoardGpio } from '../../../edge/src/adapters/gpio/door-board-gpio.js'
import { GpioLockRelay } from '../../../edge/src/services/gpio-lock-relay.js'
import { KioskService } from '../../../edge/src/services/kiosk-service.js'
import { KioskScreens } from '../../../edge/src/services/kiosk-screens.js'
import type { Journal } from '../../../edge/src/ports/journal.js'
import type { TemperatureSource } from '../../../edge/src/ports/temperature-source.js'
import type { TemperatureSample } from '../../../edge/src/domain/temperature-screening.js'
import { SimulatedDoorBoard } from '../../../firmware-sim/src/gpio/simulated-door-board.js'
import { InMemoryPolicyView } from '../../fakes/in-memory-policy-view.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { MONDAY_10AM_MS, communityEntities, makeObservation, type MutableEntities } from '../../fakes/policy-rows.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { NORTH_GATE_LANE } from '../../unit/edge/domain/kiosk-harness.js'

/** A thermometer whose next batch of samples the test hands over. */
class ScriptedTemperature implements TemperatureSource {
  readonly #pending: ((samples: TemperatureSample[] | null) => void)[] = []

  collect(): { samples: Promise<TemperatureSample[] | null>; stop(): void } {
    let resolve: (samples: TemperatureSample[] | null) => void = () => {}
    const samples = new Promise<TemperatureSample[] | null>((r) => (resolve = r))
    this.#pending.push(resolve)
    return { samples, stop: () => resolve(null) }
  }

  measure(celsius: number): void {
    this.#pending.shift()?.(Array.from({ length: 5 }, () => ({ objectCelsius: celsius, ambientCelsius: 24 })))
  }

  get isWaiting(): boolean {
    return this.#pending.length > 0
  }

  onPersonDetected(): () => void {
    return () => {}
  }
}

function rig(t: Test, options: { entities?: (e: MutableEntities) => void; journal?: Journal; isTemperatureRequired?: boolean; direction?: 'in' | 'out'; doorId?: string } = {}) {
  const clock = new ManualClock(MONDAY_10AM_MS)
  const log = new SilentLogger()
  const database = openEdgeDatabase({ path: join(mkdtempSync(join(tmpdir(), 'kiosk-')), 'edge.db') })
  const journal = options.journal ?? new SqliteJournal(database, systemClock, log)
  if (journal instanceof SqliteJournal) journal.start()
  const entities = communityEntities()
  if (options.isTemperatureRequired === false) entities.door = entities.door.map((door) => ({ ...door, isTemperatureRequired: false }))
  options.entities?.(entities)
  const policy = InMemoryPolicyView.fromEntities(entities, { edgeId: 'gate-1', version: 7, issuedAtMs: MONDAY_10AM_MS, receivedAtMs: MONDAY_10AM_MS })
  const board = new SimulatedDoorBoard(clock, 'fail-secure')
  const lock = new GpioLockRelay(new DoorBoardGpio(board), clock, log, { doorId: 'north-gate', line: 17, lockKind: 'fail-secure', isActiveLow: false, pulseMs: 3000 })
  lock.start()
  const temperature = new ScriptedTemperature()
  const screens = new KioskScreens([options.doorId ?? 'north-gate'])
  const backlogAtUnlock: number[] = []
  const lane = { ...NORTH_GATE_LANE, doorId: options.doorId ?? 'north-gate', direction: options.direction ?? 'in' }
  const kiosk = new KioskService({
    edgeId: 'gate-1',
    lane,
    policy,
    journal,
    lock: { ...lock, start: () => lock.start(), stop: () => lock.stop(), release: () => lock.release(), holdOpen: () => lock.holdOpen(), get state() { return lock.state }, get isUnlocked() { return lock.isUnlocked }, pulse: (ms?: number) => {
      backlogAtUnlock.push(journal.backlog().count)
      return lock.pulse(ms)
    } },
    screens,
    temperature,
    passages: { recordPassage: (personId, groupId, direction, atMs, doorId) => policy.setAntiPassbackState(personId, groupId, { direction, atMs, doorId }) },
    signal: async () => {},
    decisionContext: () => ({ isClockTrusted: true, isHubConnected: true, policyAgeMs: 0 }),
    onGranted: () => {},
    onJournalled: () => {},
    clock,
    log,
  })
  kiosk.start()
  t.teardown(async () => {
    await kiosk.stop()
    lock.stop()
    if (journal instanceof SqliteJournal) journal.stop()
    database.close()
  })
  return { kiosk, journal, board, clock, temperature, screens, backlogAtUnlock }
}

const zhangCard = { type: 'credential-presented', credential: { presentedAs: 'card', lookupKey: 'card:h10301:212:7041' }, isReplay: false } as const

function events(journal: Journal) {
  return journal.nextUnpublished(100).map((entry) => JSON.parse(entry.payloadJson))
}

t.test('a grant is durable in the journal before the relay moves', async (t) => {
  const { kiosk, journal, board, backlogAtUnlock, screens } = rig(t, { isTemperatureRequired: false })
  await kiosk.submit(zhangCard)
  t.same(backlogAtUnlock, [1], 'the event was already journalled when the relay was pulsed')
  t.equal(board.relayPulsesBetween(0, Number.MAX_SAFE_INTEGER), 1)
  t.match(events(journal), [{ doorId: 'north-gate', decision: { granted: true, reason: 'GRANTED' }, personId: 'p-zhang', credential: { kind: 'card', maskedReference: '***7041' }, policyVersion: 7 }])
  t.match(screens.get('north-gate'), { phase: 'decided', personName: '张建国', decision: { granted: true } })
})

t.test('when the journal cannot take the attempt the door stays shut and the screen says why', async (t) => {
  const failing: Journal = {
    append: async () => {
      throw Object.assign(new Error('disk full'), { code: 'JOURNAL_FULL' })
    },
  } as unknown as Journal
  const { kiosk, board, screens } = rig(t, { isTemperatureRequired: false, journal: failing })
  await kiosk.submit(zhangCard)
  t.equal(board.relayPulsesBetween(0, Number.MAX_SAFE_INTEGER), 0)
  t.match(screens.get('north-gate'), { decision: { granted: false, text: { en: 'System fault: please see the staff' } } })
})

t.test('a high reading is measured again, then a confirmed fever is refused and raised as an alarm', async (t) => {
  const { kiosk, journal, board, clock, temperature } = rig(t)
  await kiosk.submit(zhangCard)
  t.equal(kiosk.phase, 'measuring')
  temperature.measure(38.6)
  await kiosk.settled()
  t.equal(kiosk.phase, 're-measuring', 'a high first reading is measured again')
  clock.advance(NORTH_GATE_LANE.screening.remeasureWaitMs)
  await kiosk.settled()
  t.ok(temperature.isWaiting, 'measuring again after the wait')
  temperature.measure(38.7)
  await kiosk.settled()
  clock.advance(NORTH_GATE_LANE.screening.remeasureWaitMs)
  await kiosk.settled()
  temperature.measure(38.8)
  await kiosk.settled()
  const journalled = events(journal)
  t.match(journalled.find((event) => event.decision), { decision: { granted: false, reason: 'FEVER' }, temperature: { isFever: true, remeasured: true } })
  t.ok(journalled.some((entry) => entry.kind === 'FEVER_CONFIRMED'), 'the fever alarm is journalled')
  t.equal(board.relayPulsesBetween(0, Number.MAX_SAFE_INTEGER), 0)
})

t.test('a resident under home observation may come home but not go out', async (t) => {
  const observed = (entities: MutableEntities) => {
    entities.observation.push(makeObservation('o-1', 'household', 'h-101', MONDAY_10AM_MS - 86_400_000, MONDAY_10AM_MS + 13 * 86_400_000))
  }
  const goingOut = rig(t, { isTemperatureRequired: false, entities: observed, direction: 'out', doorId: 'b1-door' })
  await goingOut.kiosk.submit(zhangCard)
  t.match(events(goingOut.journal), [{ decision: { granted: false, reason: 'QUARANTINED' } }])
  t.equal(goingOut.board.relayPulsesBetween(0, Number.MAX_SAFE_INTEGER), 0)
  const comingIn = rig(t, { isTemperatureRequired: false, entities: observed, direction: 'in', doorId: 'b1-door' })
  await comingIn.kiosk.submit(zhangCard)
  t.match(events(comingIn.journal), [{ decision: { granted: true } }])
})
