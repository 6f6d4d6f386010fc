import t from 'tap'
import type { AlarmChange } from '../../../../edge/src/domain/door-supervision.js'
import { DoorSupervisor } from '../../../../edge/src/services/door-supervisor.js'
import { ManualClock } from '../../../fakes/manual-clock.js'

const CONFIG = { doorId: 'gate-1', exitWindowMs: 10_000, grantGraceMs: 1000, heldOpenLimitMs: 30_000 }

function setUp() {
  const clock = new ManualClock(0)
  const supervisor = new DoorSupervisor(clock, CONFIG)
  const alarms: AlarmChange[] = []
  supervisor.start((change) => alarms.push(change))
  return { clock, supervisor, alarms }
}

t.test('keeps exactly one timer, for the next held-open deadline, and none once the door shuts', async (t) => {
  const { clock, supervisor, alarms } = setUp()
  supervisor.handle({ kind: 'ExitRequested', doorId: 'gate-1', atMs: 0 })
  t.equal(clock.pendingTimers, 0)
  supervisor.handle({ kind: 'DoorOpened', doorId: 'gate-1', atMs: 0 })
  t.equal(clock.pendingTimers, 1)
  clock.advance(10_000)
  supervisor.handle({ kind: 'DoorClosed', doorId: 'gate-1', atMs: clock.now() })
  t.equal(clock.pendingTimers, 0)
  clock.advance(60_000)
  t.same(alarms, [])
  t.equal(supervisor.state.isDoorOpen, false)
})

t.test('a grant that outlasts the opening moves the deadline', async (t) => {
  const { clock, supervisor, alarms } = setUp()
  supervisor.handle({ kind: 'AccessGranted', doorId: 'gate-1', atMs: 0, untilMs: 3000 })
  supervisor.handle({ kind: 'DoorOpened', doorId: 'gate-1', atMs: 0 })
  clock.advance(2000)
  supervisor.handle({ kind: 'AccessGranted', doorId: 'gate-1', atMs: 2000, untilMs: 20_000 })
  clock.advance(47_999)
  t.same(alarms, [])
  clock.advance(1)
  t.match(alarms, [{ kind: 'DOOR_HELD_OPEN', state: 'raised', atMs: 50_000 }])
  t.equal(clock.pendingTimers, 0)
})

t.test('after stop it reports nothing and holds no timer', async (t) => {
  const { clock, supervisor, alarms } = setUp()
  supervisor.handle({ kind: 'DoorOpened', doorId: 'gate-1', atMs: 0, isAtStart: true })
  supervisor.stop()
  t.equal(clock.pendingTimers, 0)
  clock.advance(100_000)
  supervisor.handle({ kind: 'Tick', atMs: clock.now() })
  t.same(alarms, [])
  t.equal(clock.pendingTimers, 0)
})
