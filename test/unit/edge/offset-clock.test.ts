import t from 'tap'
import { offsetClock } from '../../../edge/src/adapters/offset-clock.js'
import { ManualClock } from '../../fakes/manual-clock.js'

t.test('reads the wrapped clock plus the offset; timers still run on real elapsed time', async (t) => {
  const real = new ManualClock(1_000_000)
  const skewed = offsetClock(real, -20 * 60_000)
  t.equal(skewed.now(), 1_000_000 - 20 * 60_000, 'twenty minutes behind')
  let fired = 0
  const cancelled = skewed.setTimeout(() => (fired += 10), 500)
  skewed.setTimeout(() => (fired += 1), 1000)
  skewed.clearTimeout(cancelled)
  real.advance(999)
  t.equal(fired, 0, 'not before its delay')
  real.advance(1)
  t.equal(fired, 1, 'after 1000 ms of the wrapped clock; the cleared one never')
  t.equal(skewed.now(), 1_001_000 - 20 * 60_000, 'still twenty minutes behind')
})

t.test('an offset of 0 is the clock itself', async (t) => {
  const real = new ManualClock()
  t.equal(offsetClock(real, 0), real)
})
