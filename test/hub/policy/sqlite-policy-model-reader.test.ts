import t from 'tap'
import { join } from 'node:path'
import { openHubDatabase } from '../../../hub/src/adapters/sqlite/open-hub-database.js'
import { SqlitePolicyModelReader } from '../../../hub/src/adapters/sqlite/sqlite-policy-model-reader.js'
import { seedCommunity } from '../../fakes/hub-community-seed.js'

const DAY_MS = 86_400_000
const RETENTION_MS = 30 * DAY_MS

t.test('reads the seeded community with the tables’ own semantics', async (t) => {
  const database = openHubDatabase({ path: join(t.testdir(), 'hub.db') })
  t.teardown(() => database.close())
  const seeded = seedCommunity(database.connection)
  const model = new SqlitePolicyModelReader(database.connection).read(seeded.nowMs, RETENTION_MS)
  t.equal(model.site?.id, seeded.siteId)
  t.equal(model.site?.utcOffsetMinutes, 480)
  t.same(model.edgeIds, [seeded.gateEdgeId, ...seeded.buildingEdgeIds].sort())
  t.equal(model.doors.find((door) => door.id === seeded.gateDoorIds.residents)?.isTemperatureRequired, true)
  t.equal(model.doors.find((door) => door.id === seeded.buildingDoorIds[0])?.isTemperatureRequired, false)
  t.same(model.schedules.find((schedule) => schedule.id === seeded.staffScheduleId)?.windows, ['daily 06:00-22:00'])
  t.same(model.holidays, ['2026-04-05'])
  t.equal(model.accessRules.length, seeded.ruleIds.length)
  t.ok(model.accessRules.every((rule) => typeof rule.isLockdownExempt === 'boolean'))
  t.notOk(model.persons.some((person) => seeded.pendingTenantIds.includes(person.id)), 'pending people are not read')
  t.equal(model.credentials.length, seeded.cards.length + seeded.entryPasses.length)
})

t.test('leaves out what can no longer reach a policy, and reads early ends as the end', async (t) => {
  const database = openHubDatabase({ path: join(t.testdir(), 'hub.db') })
  t.teardown(() => database.close())
  const seeded = seedCommunity(database.connection)
  const db = database.connection
  const now = seeded.nowMs
  const [recent, old, expired] = seeded.cards
  db.prepare(`UPDATE credentials SET status = 'revoked', revoked_at_ms = ? WHERE id = ?`).run(now - DAY_MS, recent!.credentialId)
  db.prepare(`UPDATE credentials SET status = 'revoked', revoked_at_ms = ? WHERE id = ?`).run(now - RETENTION_MS - 1, old!.credentialId)
  db.prepare(`UPDATE credentials SET valid_until_ms = ? WHERE id = ?`).run(now - RETENTION_MS, expired!.credentialId)
  const order = db.prepare(
    `INSERT INTO observation_orders (id, subject_kind, subject_id, starts_at_ms, ends_at_ms, created_by_account_id, created_at_ms, released_early_at_ms) VALUES (?, 'household', ?, ?, ?, 'acc-admin', ?, ?)`,
  )
  order.run('obs-running', seeded.householdIds[0], now - DAY_MS, now + 13 * DAY_MS, now, null)
  order.run('obs-released', seeded.householdIds[1], now - DAY_MS, now + 13 * DAY_MS, now, now - 1)
  order.run('obs-released-later', seeded.householdIds[2], now - DAY_MS, now + 13 * DAY_MS, now, now + DAY_MS)
  order.run('obs-ended', seeded.householdIds[3], now - 15 * DAY_MS, now - DAY_MS, now, null)
  const lockdown = db.prepare(
    `INSERT INTO lockdowns (id, building_id, starts_at_ms, ends_at_ms, created_by_account_id, created_at_ms, lifted_early_at_ms) VALUES (?, ?, ?, ?, 'acc-admin', ?, ?)`,
  )
  lockdown.run('lock-lifted', seeded.buildingIds[0], now - DAY_MS, now + DAY_MS, now, now - 1)
  lockdown.run('lock-on', seeded.buildingIds[1], now - DAY_MS, now + DAY_MS, now, null)
  db.prepare(`INSERT INTO schedules (id, name, windows, created_at_ms) VALUES ('sch-bad', 'Broken', 'not json', ?)`).run(now)
  const reader = new SqlitePolicyModelReader(db)
  reader.start()
  const model = reader.read(now, RETENTION_MS)
  const credentialIds = model.credentials.map((credential) => credential.id)
  t.ok(credentialIds.includes(recent!.credentialId), 'recently revoked: kept')
  t.notOk(credentialIds.includes(old!.credentialId), 'revoked before the retention: left out')
  t.notOk(credentialIds.includes(expired!.credentialId), 'expired before the retention: left out')
  t.same(
    model.observations.map((row) => [row.id, row.endsAtMs]),
    [
      ['obs-released-later', now + DAY_MS],
      ['obs-running', now + 13 * DAY_MS],
    ],
  )
  t.same(model.lockdowns.map((row) => row.id), ['lock-on'])
  t.same(model.schedules.find((schedule) => schedule.id === 'sch-bad')?.windows, [], 'unreadable windows never open')
  reader.stop()
  t.equal(reader.read(now, RETENTION_MS).lockdowns.length, 1, 'prepares its statements again after a stop')
})
