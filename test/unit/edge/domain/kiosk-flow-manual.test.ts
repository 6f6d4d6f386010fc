import t from 'tap'
import { KioskHarness, WANG, ZHANG } from './kiosk-harness.js'

const assisted = { lane: 'assisted', isManualOpenAllowed: true } as const
const openByHand = (reason: string) => ({ type: 'manual-open-requested', staff: WANG, reason }) as const

t.test('assisted lane: staff open by hand with a reason, journalled as MANUAL_OVERRIDE with their name', async (t) => {
  const kiosk = new KioskHarness(assisted).send(openByHand('  坐轮椅的老人，无卡  '))
  t.same(kiosk.kinds(), ['journal', 'unlock', 'feedback'])
  const attempt = kiosk.of('journal')[0]!.attempt
  t.same([attempt.outcome.granted, attempt.outcome.reason, attempt.actor, attempt.note], [true, 'MANUAL_OVERRIDE', WANG, '坐轮椅的老人，无卡'])
  t.same([attempt.lane, attempt.credential], ['assisted', null])
  t.equal(kiosk.state.phase, 'feedback')
})

t.test('a manual opening after a denial carries the person the kiosk identified', async (t) => {
  const kiosk = new KioskHarness({ ...assisted, doorId: 'b2-door' }).send(ZHANG).send(openByHand('visiting a sick neighbour, escorted'))
  const reasons = kiosk.of('journal').map((j) => [j.attempt.outcome.reason, j.attempt.outcome.person?.id, j.attempt.credential?.lookupKey])
  t.same(reasons, [
    ['DOOR_NOT_PERMITTED', 'p-zhang', 'card:h10301:212:7041'],
    ['MANUAL_OVERRIDE', 'p-zhang', 'card:h10301:212:7041'],
  ])
})

t.test('a manual opening while measuring ends the cycle with what was known', async (t) => {
  const kiosk = new KioskHarness(assisted).send(ZHANG).send(openByHand('thermometer fails in the rain'))
  const attempt = kiosk.of('journal')[0]!.attempt
  t.same([attempt.outcome.reason, attempt.outcome.person?.displayName, attempt.temperature.status], ['MANUAL_OVERRIDE', '张建国', 'none'])
  t.same(kiosk.of('unlock').length, 1)
})

t.test('refuses a manual opening without a printable reason', async (t) => {
  for (const reason of ['', '   ', 'line\nbreak', 'x'.repeat(161)]) {
    const kiosk = new KioskHarness(assisted).send(openByHand(reason))
    t.same([kiosk.kinds(), kiosk.state.phase], [['ignored'], 'idle'], JSON.stringify(reason.slice(0, 10)))
  }
})

t.test('refuses a manual opening on a lane that is not opened by hand', async (t) => {
  const kiosk = new KioskHarness().send(openByHand('please'))
  t.same([kiosk.kinds(), kiosk.of('ignored')[0]?.why], [['ignored'], 'this lane is not opened by hand'])
})
