import t from 'tap'
import { join } from 'node:path'
import { openHubDatabase } from '../../../hub/src/adapters/sqlite/open-hub-database.js'
import { checkResidentIdNumber } from '../../../hub/src/domain/people/resident-id-number.js'
import { seedCommunity } from '../../fakes/hub-community-seed.js'

t.test('the seed inserts a small community with valid people, doors and rules', async (t) => {
  const database = openHubDatabase({ path: join(t.testdir(), 'hub.db') })
  t.teardown(() => database.close())
  const seeded = seedCommunity(database.connection)
  const count = (sql: string) => (database.connection.prepare(sql).get() as { n: number }).n
  t.equal(seeded.householdIds.length, 12)
  t.equal(count('SELECT count(*) AS n FROM households'), 12)
  t.equal(seeded.gridIds.length, 2)
  t.equal(count(`SELECT count(*) AS n FROM persons WHERE status = 'active' AND household_id IS NOT NULL`), 36)
  t.equal(seeded.pendingTenantIds.length, 1)
  t.ok(seeded.tenantIds.length > 0)
  t.ok(seeded.landlordIds.length > 0)
  t.equal(count(`SELECT count(*) AS n FROM credentials WHERE kind = 'card'`), seeded.cards.length)
  t.equal(seeded.cards.length, 36 + 3)
  t.ok(seeded.entryPasses.length > 0)
  t.equal(count(`SELECT count(*) AS n FROM doors`), 3 + seeded.buildingIds.length)
  t.equal(count(`SELECT count(*) AS n FROM access_rules`), 6)
  const idNumbers = database.connection.prepare('SELECT id_number FROM persons').pluck().all() as string[]
  t.ok(idNumbers.every((idNumber) => checkResidentIdNumber(idNumber).ok), 'every seeded ID number passes its checksum')
  const manager = database.connection.prepare('SELECT manager_account_id FROM grids WHERE id = ?').pluck().get(seeded.gridIds[1])
  t.equal(manager, seeded.accounts.gridManagerIds[1])
})

t.test('the same seed gives the same community', async (t) => {
  const rowsOf = (name: string) => {
    const database = openHubDatabase({ path: join(t.testdir(), `${name}.db`) })
    try {
      seedCommunity(database.connection, { seed: 7, households: 20 })
      return database.connection.prepare('SELECT id, display_name, phone, id_number FROM persons ORDER BY id').all()
    } finally {
      database.close()
    }
  }
  t.strictSame(rowsOf('one'), rowsOf('two'))
})

t.test('the seed scales to 100,000 people in one transaction', async (t) => {
  const database = openHubDatabase({ path: join(t.testdir(), 'big.db') })
  t.teardown(() => database.close())
  const seeded = seedCommunity(database.connection, { households: 33_334 })
  const people = seeded.residentIds.length + seeded.tenantIds.length
  t.ok(people >= 100_000, `${people} people`)
  const lookupKeys = new Set(seeded.cards.map((card) => card.lookupKey))
  t.equal(lookupKeys.size, seeded.cards.length, 'every card has its own lookup key')
})
