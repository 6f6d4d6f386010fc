import t from 'tap'
import { VisitorDataPurgeService } from '../../../hub/src/services/visitors/visitor-data-purge-service.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { SilentLogger } from '../../fakes/silent-logger.js'

const DAY_MS = 86_400_000

t.test('purges at start and every hour with a cutoff 30 days back, logs a failure and retries it next time', async (t) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 23))
  const log = new SilentLogger()
  const calls: [number, number][] = []
  let isFailing = false
  const service = new VisitorDataPurgeService({
    clock,
    log,
    purge: (cutoffMs, atMs) => {
      calls.push([cutoffMs, atMs])
      if (isFailing) throw new Error('disk I/O error')
      return { requests: calls.length === 1 ? 2 : 0, visitorPhones: 0 }
    },
  })
  service.start()
  t.same(calls, [[clock.now() - 30 * DAY_MS, clock.now()]], 'at start, everything ended 30 days ago')
  t.match(log.lines, [{ level: 'info', message: 'old visitor data purged', object: { purged: { requests: 2, visitorPhones: 0 } } }])
  isFailing = true
  clock.advance(3_600_000)
  t.equal(calls.length, 2, 'again an hour later')
  t.match(log.lines.at(-1), { level: 'error', message: /retried at the next run/ })
  isFailing = false
  clock.advance(3_600_000)
  t.equal(calls.length, 3, 'and retried the hour after')
  service.stop()
  clock.advance(10 * 3_600_000)
  t.equal(calls.length, 3, 'nothing after stop')
  t.equal(log.lines.filter((line) => line.level === 'info').length, 1, 'a run that purged nothing says nothing')
})
