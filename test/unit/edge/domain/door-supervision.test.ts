import t from 'tap'
import { ALARM_KINDS } from '../../../../protocol/mqtt/messages/alarm.js'
import {
  initialDoorSupervisionState,
  nextSupervisionDueMs,
  superviseDoor,
  type AlarmChange,
  type DoorSupervisionConfig,
  type DoorSupervisionInput,
  type DoorSupervisionState,
} from '../../../../edge/src/domain/door-supervision.js'

const CONFIG: DoorSupervisionConfig = { doorId: 'gate-1', exitWindowMs: 10_000, grantGraceMs: 1000, heldOpenLimitMs: 30_000 }
const door = 'gate-1'

/** Runs inputs in order; returns every alarm change and the final state. */
function run(inputs: DoorSupervisionInput[], config = CONFIG): { alarms: AlarmChange[]; state: DoorSupervisionState } {
  let state = initialDoorSupervisionState()
  const alarms: AlarmChange[] = []
  for (const input of inputs) {
    const step = superviseDoor(state, input, config)
    state = step.state
    alarms.push(...step.alarms)
  }
  return { alarms, state }
}

const opened = (atMs: number): DoorSupervisionInput => ({ kind: 'DoorOpened', doorId: door, atMs })
const closed = (atMs: number): DoorSupervisionInput => ({ kind: 'DoorClosed', doorId: door, atMs })
const granted = (atMs: number, untilMs: number): DoorSupervisionInput => ({ kind: 'AccessGranted', doorId: door, atMs, untilMs })
const exit = (atMs: number): DoorSupervisionInput => ({ kind: 'ExitRequested', doorId: door, atMs })
const tick = (atMs: number): DoorSupervisionInput => ({ kind: 'Tick', atMs })

t.test('a door opened with no grant and no exit request is forced; closing clears it', async (t) => {
  const { alarms, state } = run([opened(5000), tick(60_000), closed(70_000)])
  t.same(alarms, [
    { kind: 'DOOR_FORCED', state: 'raised', doorId: door, atMs: 5000, detail: 'opened without a grant or exit request' },
    { kind: 'DOOR_FORCED', state: 'cleared', doorId: door, atMs: 70_000 },
  ])
  t.same(state.activeAlarms, [])
})

t.test('a door opened during a grant, or within the grace after it, is not forced', async (t) => {
  t.same(run([granted(0, 3000), opened(2000), closed(6000)]).alarms, [])
  t.same(run([granted(0, 3000), opened(4000), closed(6000)]).alarms, [], 'inside the 1 s grace')
  t.match(run([granted(0, 3000), opened(4001)]).alarms, [{ kind: 'DOOR_FORCED', state: 'raised' }])
})

t.test('a door opened within the exit window after a REX press is not forced', async (t) => {
  t.same(run([exit(0), opened(10_000), closed(12_000)]).alarms, [])
  t.match(run([exit(0), opened(10_001)]).alarms, [{ kind: 'DOOR_FORCED' }])
})

t.test('a granted door open past its limit raises DOOR_HELD_OPEN at the deadline, cleared on close', async (t) => {
  const { alarms } = run([granted(0, 3000), opened(1000), tick(32_999), tick(33_000), tick(40_000), closed(50_000)])
  t.same(alarms, [
    { kind: 'DOOR_HELD_OPEN', state: 'raised', doorId: door, atMs: 33_000, detail: 'open longer than 30 s' },
    { kind: 'DOOR_HELD_OPEN', state: 'cleared', doorId: door, atMs: 50_000 },
  ])
})

t.test('the held-open limit counts from the opening when that is after the lock re-engaged', async (t) => {
  const { alarms } = run([granted(0, 3000), opened(3500), tick(33_499), tick(33_500)])
  t.match(alarms, [{ kind: 'DOOR_HELD_OPEN', atMs: 33_500 }])
})

t.test('a door closed in time raises nothing', async (t) => {
  const { alarms, state } = run([granted(0, 3000), opened(1000), closed(20_000), tick(100_000)])
  t.same(alarms, [])
  t.equal(state.isDoorOpen, false)
})

t.test('an overdue held-open found only at closing is raised then cleared, in that order', async (t) => {
  const { alarms } = run([exit(0), opened(1000), closed(45_000)])
  t.same(alarms.map((a) => [a.kind, a.state, a.atMs]), [
    ['DOOR_HELD_OPEN', 'raised', 31_000],
    ['DOOR_HELD_OPEN', 'cleared', 45_000],
  ])
})

t.test('a hold-open grant never raises held-open until the lock re-engages', async (t) => {
  const holding = [granted(0, Number.POSITIVE_INFINITY), opened(1000), tick(3_600_000)]
  t.same(run(holding).alarms, [])
  t.equal(nextSupervisionDueMs(run(holding).state, CONFIG), null)
  const released = run([...holding, { kind: 'LockReengaged', doorId: door, atMs: 3_600_000 }, tick(3_630_000)])
  t.match(released.alarms, [{ kind: 'DOOR_HELD_OPEN', state: 'raised', atMs: 3_630_000 }])
})

t.test('a door found open at start is not forced but is held open after the limit', async (t) => {
  const { alarms } = run([{ kind: 'DoorOpened', doorId: door, atMs: 0, isAtStart: true }, tick(30_000)])
  t.match(alarms, [{ kind: 'DOOR_HELD_OPEN', state: 'raised', atMs: 30_000 }])
  t.equal(alarms.length, 1)
})

t.test('a forced door is not also reported held open, and a late grant does not excuse it', async (t) => {
  const { alarms, state } = run([opened(0), granted(500, 3500), tick(100_000)])
  t.same(alarms.map((a) => a.kind), ['DOOR_FORCED'])
  t.equal(state.openCause, 'forced')
})

t.test('repeated opens and closes are idempotent', async (t) => {
  const { alarms } = run([opened(0), opened(10), closed(20), closed(30)])
  t.same(alarms.map((a) => `${a.kind} ${a.state}`), ['DOOR_FORCED raised', 'DOOR_FORCED cleared'])
})

t.test('device conditions are raised once and cleared once, per device', async (t) => {
  const { alarms, state } = run([
    { kind: 'ConditionRaised', alarm: 'READER_OFFLINE', device: 'reader-1', atMs: 0, detail: 'no reply for 3 polls' },
    { kind: 'ConditionRaised', alarm: 'READER_OFFLINE', device: 'reader-1', atMs: 100 },
    { kind: 'ConditionRaised', alarm: 'READER_OFFLINE', device: 'reader-2', atMs: 200 },
    { kind: 'ConditionRaised', alarm: 'TAMPER', atMs: 300 },
    { kind: 'ConditionCleared', alarm: 'READER_OFFLINE', device: 'reader-1', atMs: 400 },
    { kind: 'ConditionCleared', alarm: 'READER_OFFLINE', device: 'reader-1', atMs: 500 },
    { kind: 'ConditionCleared', alarm: 'THERMOMETER_OFFLINE', device: 'thermo-1', atMs: 600 },
  ])
  t.same(alarms, [
    { kind: 'READER_OFFLINE', state: 'raised', doorId: door, device: 'reader-1', atMs: 0, detail: 'no reply for 3 polls' },
    { kind: 'READER_OFFLINE', state: 'raised', doorId: door, device: 'reader-2', atMs: 200 },
    { kind: 'TAMPER', state: 'raised', doorId: door, atMs: 300 },
    { kind: 'READER_OFFLINE', state: 'cleared', doorId: door, device: 'reader-1', atMs: 400 },
  ])
  t.same(state.activeAlarms, ['READER_OFFLINE:reader-2', 'TAMPER'])
})

t.test('a caller cannot raise the door alarms or an unknown kind by hand', async (t) => {
  const forged = [
    { kind: 'ConditionRaised', alarm: 'DOOR_FORCED', atMs: 0 },
    { kind: 'ConditionRaised', alarm: 'NOT_A_KIND', atMs: 0 },
  ] as unknown as DoorSupervisionInput[]
  t.same(run(forged).alarms, [])
})

t.test("ignores another door's events but still runs its own clock on them", async (t) => {
  const other: DoorSupervisionInput = { kind: 'DoorOpened', doorId: 'lobby', atMs: 40_000 }
  const { alarms } = run([granted(0, 3000), opened(1000), other])
  t.same(alarms.map((a) => `${a.kind} ${a.atMs}`), ['DOOR_HELD_OPEN 33000'])
})

t.test('says when it next needs a tick', async (t) => {
  t.equal(nextSupervisionDueMs(initialDoorSupervisionState(), CONFIG), null)
  t.equal(nextSupervisionDueMs(run([granted(0, 3000), opened(1000)]).state, CONFIG), 33_000)
  t.equal(nextSupervisionDueMs(run([granted(0, 3000), opened(1000), tick(40_000)]).state, CONFIG), null, 'not once raised')
  t.equal(nextSupervisionDueMs(run([opened(1000)]).state, CONFIG), null, 'not for a forced door')
})

t.test('every alarm it emits is one of the protocol ALARM_KINDS', async (t) => {
  const { alarms } = run([opened(0), closed(1), exit(2), opened(3), tick(100_000), closed(100_001)])
  t.ok(alarms.length >= 3)
  for (const alarm of alarms) t.ok(ALARM_KINDS.includes(alarm.kind), alarm.kind)
})
