import t, { type Test } from 'tap'
import { join } from 'node:path'
import { openHubDatabase } from '../../../hub/src/adapters/sqlite/open-hub-database.js'
import { createPeopleRepositories } from '../../../hub/src/adapters/sqlite/people/people-repositories.js'
import { seedCommunity } from '../../fakes/hub-community-seed.js'

const PAGE = { limit: 50, offset: 0 }

function seeded(t: Test, options: Parameters<typeof seedCommunity>[1] = {}) {
  const database = openHubDatabase({ path: join(t.testdir(), 'hub.db') })
  t.teardown(() => database.close())
  const community = seedCommunity(database.connection, options)
  return { database, community, repositories: createPeopleRepositories(database.connection) }
}

t.test('the site row keeps its settings and reports its temperature retention', async (t) => {
  const { repositories, community } = seeded(t)
  t.match(repositories.sites.get(), { id: community.siteId, feverThresholdCelsius: 37.3, temperatureRetentionDays: 28 })
  const updated = repositories.sites.update({ feverThresholdCelsius: 37.5, temperatureRetentionDays: 14 }, community.nowMs + 1)
  t.match(updated, { feverThresholdCelsius: 37.5, temperatureRetentionDays: 14, name: '向阳小区', updatedAtMs: community.nowMs + 1 })
  t.equal(repositories.sites.temperatureRetentionDays(), 14)
})

t.test('persons are found by name, phone tail, building, unit and room, a page at a time', async (t) => {
  const { repositories, community } = seeded(t, { households: 40 })
  const someone = repositories.persons.get(community.ownerIds[3]!)!
  t.ok(someone.buildingName !== null && someone.room !== null, 'a resident has a place')
  const byName = repositories.persons.search({ name: someone.displayName.slice(0, 2) }, PAGE)
  t.ok(byName.items.some((person) => person.id === someone.id))
  t.ok(byName.items.every((person) => person.displayName.includes(someone.displayName.slice(0, 2))))
  const byTail = repositories.persons.search({ phoneTail: someone.phone!.slice(-4) }, PAGE)
  t.ok(byTail.items.some((person) => person.id === someone.id))
  const byRoom = repositories.persons.search({ buildingId: someone.buildingId!, unitId: someone.unitId!, room: someone.room! }, PAGE)
  t.ok(byRoom.items.length >= 1 && byRoom.items.every((person) => person.room!.includes(someone.room!)))
  const firstPage = repositories.persons.search({}, { limit: 10, offset: 0 })
  const secondPage = repositories.persons.search({}, { limit: 10, offset: 10 })
  t.equal(firstPage.items.length, 10)
  t.equal(firstPage.total, secondPage.total)
  t.notOk(firstPage.items.some((person) => secondPage.items.some((other) => other.id === person.id)), 'pages do not overlap')
  t.equal(repositories.persons.search({ name: '%' }, PAGE).total, 0, 'LIKE wildcards in the search text are literal')
})

t.test('a grid filter returns only that grid and moved-out people only when asked', async (t) => {
  const { repositories, community } = seeded(t)
  const gridTwo = repositories.persons.search({ gridId: community.gridIds[1]! }, { limit: 500, offset: 0 })
  t.ok(gridTwo.total > 0)
  t.ok(gridTwo.items.every((person) => person.gridId === community.gridIds[1]))
  const someone = gridTwo.items[0]!
  repositories.persons.update(someone.id, { status: 'moved-out' }, community.nowMs)
  t.notOk(repositories.persons.search({ gridId: community.gridIds[1]! }, { limit: 500, offset: 0 }).items.some((person) => person.id === someone.id))
  t.ok(repositories.persons.search({ status: 'moved-out' }, PAGE).items.some((person) => person.id === someone.id))
})

t.test('moving a building to another grid takes its households along', async (t) => {
  const { repositories, community } = seeded(t)
  const buildingId = community.buildingIds[0]!
  const moved = repositories.buildings.moveToGrid(buildingId, community.gridIds[1]!)
  t.ok(moved > 0)
  const households = repositories.households.list({ buildingId }, { limit: 100, offset: 0 })
  t.ok(households.items.every((household) => household.gridId === community.gridIds[1]))
})

t.test('a person with credentials has history; one without can be deleted with their photo', async (t) => {
  const { repositories, community } = seeded(t)
  t.equal(repositories.persons.historyOf(community.ownerIds[0]!), 'credentials')
  const pending = community.pendingTenantIds[0]!
  t.equal(repositories.persons.historyOf(pending), null)
  repositories.photos.replace({ id: 'pho-1', personId: pending, contentType: 'image/png', bytes: Buffer.from('x') }, community.nowMs)
  repositories.persons.delete(pending)
  t.equal(repositories.persons.get(pending), null)
  t.equal(repositories.photos.get('pho-1'), null)
})

t.test('revoking access revokes the active credentials only', async (t) => {
  const { repositories, community, database } = seeded(t)
  const owner = community.ownerIds[0]!
  const revoked = repositories.persons.revokeAccess(owner, 'acc-admin', community.nowMs)
  t.equal(revoked, 2, 'the card and the entry pass')
  t.equal(database.connection.prepare(`SELECT COUNT(*) FROM credentials WHERE person_id = ? AND status = 'active'`).pluck().get(owner), 0)
  t.equal(repositories.persons.revokeAccess(owner, 'acc-admin', community.nowMs), 0)
})

t.test('a new photo replaces the old one', async (t) => {
  const { repositories, community } = seeded(t)
  const person = community.ownerIds[0]!
  repositories.photos.replace({ id: 'pho-a', personId: person, contentType: 'image/png', bytes: Buffer.from('a') }, community.nowMs)
  const { replacedPhotoId } = repositories.photos.replace({ id: 'pho-b', personId: person, contentType: 'image/jpeg', bytes: Buffer.from('b') }, community.nowMs)
  t.equal(replacedPhotoId, 'pho-a')
  t.equal(repositories.photos.get('pho-a'), null)
  t.equal(repositories.persons.get(person)!.photoId, 'pho-b')
  t.same(repositories.photos.get('pho-b')!.bytes, Buffer.from('b'))
  t.equal(repositories.photos.remove(person, community.nowMs), 'pho-b')
  t.equal(repositories.persons.get(person)!.photoId, null)
})

t.test('declarations list pending first and carry the landlord and place', async (t) => {
  const { repositories, community } = seeded(t)
  const page = repositories.declarations.list({ landlordId: community.landlordIds[0]! }, PAGE)
  t.equal(page.items[0]!.status, 'pending')
  t.equal(page.items[0]!.id, community.pendingDeclarationIds[0])
  t.ok(page.items.every((declaration) => declaration.landlordId === community.landlordIds[0]))
  repositories.declarations.decide(community.pendingDeclarationIds[0]!, 'verified', 'acc-admin', null, community.nowMs + 5)
  t.match(repositories.declarations.get(community.pendingDeclarationIds[0]!), { status: 'verified', decidedByAccountId: 'acc-admin', decidedAtMs: community.nowMs + 5 })
})

t.test('temperature reports older than the cutoff are purged, newer ones stay', async (t) => {
  const { repositories, community } = seeded(t)
  const person = community.ownerIds[0]!
  repositories.temperatures.insert({ id: 'tmp-old', personId: person, celsius: 36.5, source: 'phone', reportedAtMs: 1_000 })
  repositories.temperatures.insert({ id: 'tmp-new', personId: person, celsius: 37.6, source: 'contact-thermometer', reportedAtMs: 5_000 })
  t.equal(repositories.temperatures.list({ minCelsius: 37.3 }, PAGE).total, 1)
  t.equal(repositories.temperatures.purgeOlderThan(5_000), 1)
  t.same(repositories.temperatures.list({ personId: person }, PAGE).items.map((report) => report.id), ['tmp-new'])
})

t.test('a returnee registration can carry an observation order', async (t) => {
  const { repositories, community, database } = seeded(t)
  const person = community.ownerIds[1]!
  database.connection
    .prepare(
      `INSERT INTO observation_orders (id, subject_kind, subject_id, starts_at_ms, ends_at_ms, created_by_account_id, created_at_ms)
       VALUES ('obs-1', 'person', ?, ?, ?, 'acc-admin', ?)`,
    )
    .run(person, community.nowMs, community.nowMs + 14 * 86_400_000, community.nowMs)
  repositories.returnees.insert(
    { id: 'ret-1', personId: person, cameFrom: '武汉', arrivedOn: '2026-03-01', transport: '{}', health: '{}', registeredByAccountId: 'acc-admin', observationId: 'obs-1' },
    community.nowMs,
  )
  t.match(repositories.returnees.get('ret-1'), { personId: person, observationEndsAtMs: community.nowMs + 14 * 86_400_000 })
  t.equal(repositories.persons.historyOf(person), 'credentials')
})
