import t from 'tap'
import { join } from 'node:path'
import { openHubDatabase } from '../../../hub/src/adapters/sqlite/open-hub-database.js'
import { createPeopleRepositories } from '../../../hub/src/adapters/sqlite/people/people-repositories.js'
import { TemperaturePurgeService } from '../../../hub/src/services/people/temperature-purge-service.js'
import { seedCommunity } from '../../fakes/hub-community-seed.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { SilentLogger } from '../../fakes/silent-logger.js'

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

t.test('temperatures older than the site retention are purged at start and every hour after', async (t) => {
  const database = openHubDatabase({ path: join(t.testdir(), 'hub.db') })
  t.teardown(() => database.close())
  const community = seedCommunity(database.connection)
  const repositories = createPeopleRepositories(database.connection)
  repositories.sites.update({ temperatureRetentionDays: 14 }, community.nowMs)
  const clock = new ManualClock(community.nowMs)
  const person = community.ownerIds[0]!
  const report = (id: string, ageMs: number) =>
    repositories.temperatures.insert({ id, personId: person, celsius: 36.5, source: 'phone', reportedAtMs: community.nowMs - ageMs })
  report('tmp-15-days', 15 * DAY_MS)
  report('tmp-13-days', 13 * DAY_MS)
  report('tmp-14-days-less-30-min', 14 * DAY_MS - 30 * 60_000)
  const service = new TemperaturePurgeService({
    clock,
    log: new SilentLogger(),
    retentionDays: () => repositories.sites.temperatureRetentionDays(),
    purges: { temperature_reports: (cutoffMs) => repositories.temperatures.purgeOlderThan(cutoffMs) },
  })
  t.teardown(() => service.stop())
  const remaining = () => repositories.temperatures.list({}, { limit: 10, offset: 0 }).items.map((row) => row.id).sort()

  service.start()
  t.same(remaining(), ['tmp-13-days', 'tmp-14-days-less-30-min'], 'the 15-day-old report went at start')
  clock.advance(HOUR_MS)
  t.same(remaining(), ['tmp-13-days'], 'an hour later the next one is past 14 days')
  service.stop()
  clock.advance(2 * DAY_MS)
  t.same(remaining(), ['tmp-13-days'], 'nothing runs after stop')
  t.equal(clock.pendingTimers, 0)
})

t.test('a failing purge is logged and does not stop the others', async (t) => {
  const clock = new ManualClock(100 * DAY_MS)
  const log = new SilentLogger()
  const cutoffs: number[] = []
  const service = new TemperaturePurgeService({
    clock,
    log,
    retentionDays: () => 28,
    purges: {
      ledger: () => {
        throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' })
      },
      temperature_reports: (cutoffMs) => {
        cutoffs.push(cutoffMs)
        return 3
      },
    },
  })
  const result = service.purgeNow()
  t.same(result, { cutoffMs: 72 * DAY_MS, purged: { temperature_reports: 3 }, failed: ['ledger'] })
  t.same(cutoffs, [72 * DAY_MS])
  t.ok(log.lines.some((line) => line.level === 'error' && (line.object as { purge?: string }).purge === 'ledger'))
})
