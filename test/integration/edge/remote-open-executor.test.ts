import t, { type Test } from 'tap'
import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Command } from '../../../protocol/mqtt/messages/command.js'
import { openEdgeDatabase } from '../../../edge/src/adapters/sqlite/open-edge-database.js'
import { SqliteJournal } from '../../../edge/src/adapters/sqlite/sqlite-journal.js'
import { systemClock } from '../../../edge/src/adapters/system-clock.js'
import { DoorBoardGpio } from '../../../edge/src/adapters/gpio/door-board-gpio.js'
import type { Journal } from '../../../edge/src/ports/journal.js'
import type { LockRelay } from '../../../edge/src/ports/lock-relay.js'
import { GpioLockRelay } from '../../../edge/src/services/gpio-lock-relay.js'
import { RemoteOpenExecutor } from '../../../edge/src/services/remote-open-executor.js'
import type { StaffActOutcome, StaffKiosk } from '../../../edge/src/services/staff-kiosk.js'
import { SimulatedDoorBoard } from '../../../firmware-sim/src/gpio/simulated-door-board.js'
import { InMemoryPolicyView } from '../../fakes/in-memory-policy-view.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { DAY_MS, MONDAY_10AM_MS, communityEntities, makeLockdown, makeObservation, type MutableEntities } from '../../fakes/policy-rows.js'
import { SilentLogger } from '../../fakes/silent-logger.js'

const PULSE_MS = 3_000
const ZHANG = { kind: 'resident', id: 'p-zhang' } as const
const STAFF = { kind: 'staff', id: 's-wang', name: '王阿姨' } as const

interface RigOptions {
  readonly entities?: (entities: MutableEntities) => void
  readonly journal?: Journal
  readonly direction?: 'in' | 'out'
  readonly isRelayBroken?: boolean
  readonly kiosks?: readonly StaffKiosk[]
}

function rig(t: Test, options: RigOptions = {}) {
  const clock = new ManualClock(MONDAY_10AM_MS)
  const log = new SilentLogger()
  const database = openEdgeDatabase({ path: join(mkdtempSync(join(tmpdir(), 'remote-open-')), 'edge.db') })
  const journal = options.journal ?? new SqliteJournal(database, systemClock, log)
  if (journal instanceof SqliteJournal) journal.start()
  const entities = communityEntities()
  options.entities?.(entities)
  const policy = InMemoryPolicyView.fromEntities(entities, { edgeId: 'b1-edge', version: 7, issuedAtMs: MONDAY_10AM_MS, receivedAtMs: MONDAY_10AM_MS })
  const board = new SimulatedDoorBoard(clock, 'fail-secure')
  const relay = new GpioLockRelay(new DoorBoardGpio(board), clock, log, { doorId: 'b1-door', line: 17, lockKind: 'fail-secure', isActiveLow: false, pulseMs: PULSE_MS })
  relay.start()
  /** What happened, in order: journal appends (with the backlog then) and relay moves. */
  const trace: string[] = []
  const lock: LockRelay = {
    get state() {
      return relay.state
    },
    get isUnlocked() {
      return relay.isUnlocked
    },
    start: () => relay.start(),
    stop: () => relay.stop(),
    pulse: (ms?: number) => {
      if (options.isRelayBroken) throw new Error('relay board gone')
      trace.push(`pulse ${ms} with ${journal.backlog().count} journalled`)
      return relay.pulse(ms)
    },
    holdOpen: () => (trace.push('holdOpen'), relay.holdOpen()),
    release: () => (trace.push('release'), relay.release()),
  }
  const granted: Array<[string, number]> = []
  const reengaged: string[] = []
  let journalled = 0
  const executor = new RemoteOpenExecutor({
    edgeId: 'b1-edge',
    policy,
    journal,
    doors: new Map([['b1-door', { lock, pulseMs: PULSE_MS, direction: options.direction ?? 'in', ...(options.kiosks && { kiosks: options.kiosks }) }]]),
    decisionContext: () => ({ isClockTrusted: true, isHubConnected: true, policyAgeMs: 0 }),
    onGranted: (doorId, untilMs) => void granted.push([doorId, untilMs]),
    onJournalled: () => void journalled++,
    onLockReengaged: (doorId) => void reengaged.push(doorId),
    clock,
    log,
  })
  t.teardown(() => {
    relay.stop()
    if (journal instanceof SqliteJournal) journal.stop()
    database.close()
  })
  return { executor, journal, board, clock, trace, granted, reengaged, journalledCount: () => journalled, log }
}

function command(action: Command['action'], actor: Command['actor'] = ZHANG, doorId = 'b1-door', fields: Partial<Command> = {}): Command {
  return {
    ...fields,
    v: 1,
    id: randomUUID(),
    edgeId: 'b1-edge',
    doorId,
    action,
    actor,
    nonce: 'q3XkV9m2T0aL8sYdFh1w_A',
    issuedAt: new Date(MONDAY_10AM_MS).toISOString(),
    expiresAt: new Date(MONDAY_10AM_MS + 15_000).toISOString(),
    signature: `${'A'.repeat(86)}==`,
  }
}

function events(journal: Journal) {
  return journal.nextUnpublished(100).map((entry) => JSON.parse(entry.payloadJson))
}

const observed = (e: MutableEntities) => void e.observation.push(makeObservation('o-1', 'household', 'h-101', MONDAY_10AM_MS - DAY_MS, MONDAY_10AM_MS + 13 * DAY_MS))
const sealed = (e: MutableEntities) => void e.lockdown.push(makeLockdown('l-b1', 'b1', MONDAY_10AM_MS - DAY_MS, MONDAY_10AM_MS + 13 * DAY_MS))

t.test("a resident's remote open is journalled durably before the relay pulses, then the door relocks", async (t) => {
  const { executor, journal, board, clock, trace, granted, journalledCount } = rig(t)
  t.same(await executor.execute(command('UNLOCK')), { status: 'ok' })
  t.same(trace, [`pulse ${PULSE_MS} with 1 journalled`], 'the event was already durable when the relay moved')
  t.equal(journalledCount(), 1)
  t.same(granted, [['b1-door', MONDAY_10AM_MS + PULSE_MS]])
  t.equal(board.isLocked, false)
  clock.advance(PULSE_MS)
  t.equal(board.isLocked, true)
  t.match(events(journal), [
    {
      edgeId: 'b1-edge',
      doorId: 'b1-door',
      direction: 'in',
      lane: 'none',
      credential: { kind: 'phone', maskedReference: '****' },
      personId: 'p-zhang',
      decision: { granted: true, reason: 'GRANTED' },
      policyVersion: 7,
      actor: { kind: 'resident', id: 'p-zhang' },
      note: 'remote open',
      occurredAt: new Date(MONDAY_10AM_MS).toISOString(),
    },
  ])
})

t.test('a quarantined resident may not open an exit door remotely: QUARANTINED, journalled, no pulse', async (t) => {
  const { executor, journal, board, trace, granted } = rig(t, { entities: observed, direction: 'out' })
  t.same(await executor.execute(command('UNLOCK')), { status: 'error', code: 'DENIED_BY_POLICY', denyReason: 'QUARANTINED' })
  t.same(trace, [])
  t.same(granted, [])
  t.equal(board.relayPulsesBetween(0, Number.MAX_SAFE_INTEGER), 0)
  t.match(events(journal), [{ direction: 'out', decision: { granted: false, reason: 'QUARANTINED' }, actor: { kind: 'resident', id: 'p-zhang' }, note: 'remote open' }])
})

t.test('the same resident may open the entry door: a remote open counts as coming in', async (t) => {
  const { executor } = rig(t, { entities: observed })
  t.same(await executor.execute(command('UNLOCK')), { status: 'ok' })
})

t.test("a sealed building's door refuses a resident's remote open with BUILDING_LOCKDOWN", async (t) => {
  const { executor, journal, trace } = rig(t, { entities: sealed })
  t.same(await executor.execute(command('UNLOCK')), { status: 'error', code: 'DENIED_BY_POLICY', denyReason: 'BUILDING_LOCKDOWN' })
  t.same(trace, [])
  t.match(events(journal), [{ decision: { granted: false, reason: 'BUILDING_LOCKDOWN' } }])
})

t.test('refuses a person this edge does not know with UNKNOWN_CREDENTIAL, journalled without a person id', async (t) => {
  const { executor, journal } = rig(t)
  t.same(await executor.execute(command('UNLOCK', { kind: 'resident', id: 'p-nobody' })), { status: 'error', code: 'DENIED_BY_POLICY', denyReason: 'UNKNOWN_CREDENTIAL' })
  const [event] = events(journal)
  t.equal(event.personId, undefined)
  t.same(event.actor, { kind: 'resident', id: 'p-nobody' })
})

t.test('staff open as MANUAL_OVERRIDE, even a sealed building, logged with their name', async (t) => {
  const { executor, journal, trace } = rig(t, { entities: sealed })
  t.same(await executor.execute(command('UNLOCK', STAFF)), { status: 'ok' })
  t.same(trace, [`pulse ${PULSE_MS} with 1 journalled`])
  t.match(events(journal), [
    { credential: { kind: 'manual', maskedReference: '****' }, decision: { granted: true, reason: 'MANUAL_OVERRIDE' }, actor: STAFF, note: 'remote open' },
  ])
  t.equal(events(journal)[0].personId, undefined)
})

t.test('when the journal cannot take the attempt the door stays shut and the reply is DOOR_FAULT', async (t) => {
  const failing = {
    append: async () => {
      throw Object.assign(new Error('disk full'), { code: 'JOURNAL_FULL' })
    },
    backlog: () => ({ count: 0, oldestRecordedAtMs: null, oldestAgeMs: null }),
  } as unknown as Journal
  const { executor, board, trace, granted, journalledCount, log } = rig(t, { journal: failing })
  for (const actor of [ZHANG, STAFF]) {
    t.match(await executor.execute(command('UNLOCK', actor)), { status: 'error', code: 'DOOR_FAULT' }, actor.kind)
  }
  t.same([trace, granted, journalledCount()], [[], [], 0])
  t.equal(board.relayPulsesBetween(0, Number.MAX_SAFE_INTEGER), 0)
  t.ok(log.lines.some((line) => line.level === 'error' && (line.object as { code?: string }).code === 'JOURNAL_FULL'))
})

t.test('a relay that fails after the grant is journalled is answered DOOR_FAULT', async (t) => {
  const { executor, journal } = rig(t, { isRelayBroken: true })
  t.match(await executor.execute(command('UNLOCK')), { status: 'error', code: 'DOOR_FAULT', detail: 'lock relay failed' })
  t.equal(events(journal).length, 1)
})

t.test('staff HOLD_OPEN keeps the door unlocked until RELEASE relocks it', async (t) => {
  const { executor, journal, board, clock, trace, granted, reengaged } = rig(t)
  t.same(await executor.execute(command('HOLD_OPEN', STAFF)), { status: 'ok' })
  t.same(granted, [['b1-door', Number.POSITIVE_INFINITY]])
  t.equal(executor.modeOf('b1-door'), 'held-open')
  clock.advance(60_000)
  t.equal(board.isLocked, false, 'still open a minute later')
  t.same(await executor.execute(command('RELEASE', STAFF)), { status: 'ok' })
  t.equal(board.isLocked, true)
  t.equal(executor.modeOf('b1-door'), 'normal')
  t.same(trace, ['holdOpen', 'release'])
  t.same(reengaged, ['b1-door'])
  t.match(events(journal), [{ decision: { granted: true, reason: 'MANUAL_OVERRIDE' }, actor: STAFF, note: 'remote hold open' }], 'RELEASE opens nothing: not an access event')
})

t.test('RELEASE does not cut short a pulse someone is walking through', async (t) => {
  const { executor, board, trace } = rig(t)
  await executor.execute(command('UNLOCK'))
  t.same(await executor.execute(command('RELEASE', STAFF)), { status: 'ok' })
  t.equal(board.isLocked, false)
  t.same(trace, [`pulse ${PULSE_MS} with 1 journalled`])
})

t.test("LOCK relocks at once and refuses residents' opens until RELEASE; staff can still open on purpose", async (t) => {
  const { executor, journal, board, reengaged } = rig(t)
  await executor.execute(command('UNLOCK'))
  t.same(await executor.execute(command('LOCK', STAFF)), { status: 'ok' })
  t.equal(board.isLocked, true, 'the running pulse is ended')
  t.same(reengaged, ['b1-door'])
  t.equal(executor.isLockedDown('b1-door'), true)
  t.same(await executor.execute(command('UNLOCK')), { status: 'error', code: 'DENIED_BY_POLICY', denyReason: 'DOOR_LOCKED_BY_COMMAND' })
  t.same(await executor.execute(command('UNLOCK', STAFF)), { status: 'ok' })
  t.equal(executor.isLockedDown('b1-door'), true, 'a staff open does not end the lock')
  t.same(await executor.execute(command('RELEASE', STAFF)), { status: 'ok' })
  t.equal(executor.isLockedDown('b1-door'), false)
  t.same(await executor.execute(command('UNLOCK')), { status: 'ok' })
  t.match(
    events(journal).map((event) => [event.decision.reason, event.note]),
    [
      ['GRANTED', 'remote open'],
      ['DOOR_LOCKED_BY_COMMAND', 'remote open'],
      ['MANUAL_OVERRIDE', 'remote open'],
      ['GRANTED', 'remote open'],
    ],
  )
})

t.test('residents may only unlock: HOLD_OPEN is refused and journalled, LOCK and RELEASE are refused', async (t) => {
  const { executor, journal, trace } = rig(t)
  const refused = { status: 'error', code: 'DENIED_BY_POLICY', denyReason: 'DOOR_NOT_PERMITTED', detail: 'residents may only unlock' }
  for (const action of ['HOLD_OPEN', 'LOCK', 'RELEASE'] as const) t.same(await executor.execute(command(action)), refused, action)
  t.same(trace, [])
  t.equal(executor.modeOf('b1-door'), 'normal')
  t.match(events(journal), [{ decision: { granted: false, reason: 'DOOR_NOT_PERMITTED' }, note: 'remote hold open; residents may only unlock' }])
})

t.test('commands run one at a time: a LOCK sent while an UNLOCK is being journalled is not overtaken', async (t) => {
  const { executor, board, trace } = rig(t)
  const [unlocked, locked] = await Promise.all([executor.execute(command('UNLOCK')), executor.execute(command('LOCK', STAFF))])
  t.same([unlocked, locked], [{ status: 'ok' }, { status: 'ok' }])
  t.same(trace, [`pulse ${PULSE_MS} with 1 journalled`, 'release'])
  t.equal(board.isLocked, true)
})

t.test('a door the executor does not drive is a DOOR_FAULT', async (t) => {
  const { executor, journal } = rig(t)
  t.match(await executor.execute(command('UNLOCK', ZHANG, 'b2-door')), { status: 'error', code: 'DOOR_FAULT', detail: 'door not wired to this edge' })
  t.equal(events(journal).length, 0)
})

/** A kiosk that records what staff asked of it and answers as told. */
class ScriptedKiosk implements StaffKiosk {
  readonly calls: string[] = []
  constructor(
    readonly isManualOpenAllowed: boolean,
    readonly answer: StaffActOutcome = { ok: true },
  ) {}

  async openByHand(staff: { id: string; name: string }, reason: string): Promise<StaffActOutcome> {
    this.calls.push(`open ${staff.id} ${staff.name} ${reason}`)
    return this.answer
  }

  async checkByStaff(staff: { id: string; name: string }, celsius: number, verdict: string): Promise<StaffActOutcome> {
    this.calls.push(`check ${staff.id} ${celsius} ${verdict}`)
    return this.answer
  }
}

t.test("a staff opening's reason is the note, after what the edge adds", async (t) => {
  const { executor, journal } = rig(t)
  t.same(await executor.execute(command('UNLOCK', STAFF, 'b1-door', { reason: ' delivery for flat 301 ' })), { status: 'ok' })
  t.same(await executor.execute(command('HOLD_OPEN', STAFF, 'b1-door', { reason: 'moving day' })), { status: 'ok' })
  t.same(events(journal).map((event) => [event.note, event.actor.name]), [
    ['remote open; delivery for flat 301', '王阿姨'],
    ['remote hold open; moving day', '王阿姨'],
  ])
})

t.test("a staff UNLOCK of a door with an assisted lane is that kiosk's opening by hand; other doors' kiosks are left alone", async (t) => {
  const residents = new ScriptedKiosk(false)
  const assisted = new ScriptedKiosk(true)
  const { executor, journal, trace } = rig(t, { kiosks: [residents, assisted] })
  t.same(await executor.execute(command('UNLOCK', STAFF, 'b1-door', { reason: 'wheelchair' })), { status: 'ok' })
  t.same([residents.calls, assisted.calls], [[], ['open s-wang 王阿姨 wheelchair']])
  t.same([trace, events(journal)], [[], []], 'the kiosk journals and drives the relay itself')
  t.same(await executor.execute(command('UNLOCK', { kind: 'admin', id: 'a-1' })), { status: 'ok' }, 'an admin opens remotely as before')
  t.equal(events(journal).length, 1)
})

t.test('a fever action goes to the kiosk that waits for a staff check, and its refusals come back as codes', async (t) => {
  const idle = new ScriptedKiosk(false, { ok: false, code: 'NO_STAFF_CHECK_PENDING', detail: 'idle' })
  const waiting = new ScriptedKiosk(false)
  const { executor } = rig(t, { kiosks: [idle, waiting] })
  t.same(await executor.execute(command('CLEAR_FEVER', STAFF, 'b1-door', { contactCelsius: 36.6 })), { status: 'ok' })
  t.same([idle.calls, waiting.calls], [['check s-wang 36.6 cleared'], ['check s-wang 36.6 cleared']])
  const answers: [StaffActOutcome, object][] = [
    [{ ok: false, code: 'READING_CONTRADICTS_ACTION', detail: 'the reading is below the fever threshold' }, { code: 'READING_CONTRADICTS_ACTION' }],
    [{ ok: false, code: 'IMPLAUSIBLE_READING', detail: 'a contact reading must be 30–45 °C' }, { code: 'INVALID' }],
    [{ ok: false, code: 'JOURNAL_FAILED', detail: 'attempt not journalled: door stays shut' }, { code: 'DOOR_FAULT' }],
  ]
  for (const [answer, expected] of answers) {
    const kiosk = new ScriptedKiosk(false, answer)
    const { executor } = rig(t, { kiosks: [kiosk] })
    t.match(await executor.execute(command('CONFIRM_FEVER', STAFF, 'b1-door', { contactCelsius: 38 })), { status: 'error', ...expected }, answer.ok ? 'ok' : answer.code)
  }
  const { executor: alone } = rig(t)
  t.match(await alone.execute(command('CONFIRM_FEVER', STAFF, 'b1-door', { contactCelsius: 38 })), { status: 'error', code: 'NO_STAFF_CHECK_PENDING' }, 'a door without a kiosk')
})
