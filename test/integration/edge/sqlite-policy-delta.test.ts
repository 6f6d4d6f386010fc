import t from 'tap'
import { InMemoryPolicyView } from '../../fakes/in-memory-policy-view.js'
import { MONDAY_10AM_MS, makeAccess, makeCredential, makeDoor, makeLockdown, makePerson, makeSite } from '../../fakes/policy-rows.js'
import { applyEntities, deltaAnnouncement, openStore, outcomeOf, policyRows, put, remove } from './policy-store-harness.js'
import { richCommunity } from './rich-community.js'

t.test('applies the changes in order in one step and bumps the version', async (t) => {
  const { store, clock } = openStore(t)
  applyEntities(store, richCommunity(), 7)
  clock.advance(5_000)
  const announcement = deltaAnnouncement(8, 7, [
    put('person', makePerson('p-sun', { displayName: '孙丽', householdId: 'h-301', buildingId: 'b2' })),
    put('credential', makeCredential('c-sun', 'p-sun', 'card:h10301:212:7300')),
    put('access', makeAccess('p-sun', 'b2-door')),
    put('credential', makeCredential('c-zhang', 'p-zhang', 'card:h10301:212:7041', { status: 'revoked' })),
    remove('lockdown', 'l-b2'),
    put('lockdown', makeLockdown('l-b1', 'b1', MONDAY_10AM_MS, MONDAY_10AM_MS + 3_600_000)),
    put('door', makeDoor('east-gate', { antiPassback: 'off' })),
    put('credential', makeCredential('c-sun', 'p-sun', 'card:h10301:212:7301')),
    remove('credential', 'c-no-such-row'),
  ])
  const result = store.applyDelta(announcement)
  t.equal(outcomeOf(result), 'applied')
  t.same(store.inForce(), { version: 8, sha256: announcement.sha256, source: 'delta', appliedAtMs: MONDAY_10AM_MS + 5_000 })
  t.equal(result.ok && result.rowsWritten, 9)
  t.equal(store.person('p-sun')?.displayName, '孙丽')
  t.equal(store.credentialByLookupKey('card:h10301:212:7300'), null, 'the later put of c-sun replaced the earlier')
  t.equal(store.credentialByLookupKey('card:h10301:212:7301')?.id, 'c-sun')
  t.equal(store.credentialByLookupKey('card:h10301:212:7041')?.status, 'revoked')
  t.equal(store.accessFor('p-sun', 'b2-door').length, 1)
  t.same(store.lockdownsOf('b2').map((row) => row.id), ['l-b2-old'], 'the in-memory tables follow a delta')
  t.same(store.lockdownsOf('b1').map((row) => row.id), ['l-b1'])
  t.equal(store.door('east-gate')?.antiPassback, 'off')
})

t.test('a replaced row keeps its place in a range', async (t) => {
  const { store } = openStore(t)
  applyEntities(store, richCommunity(), 1)
  const before = store.observationsOf('household', 'h-101').map((row) => row.id)
  const changed = { id: 'o-h101-old', subjectKind: 'household', subjectId: 'h-101', startsAtMs: 1_000, endsAtMs: 2_000 }
  t.equal(outcomeOf(store.applyDelta(deltaAnnouncement(2, 1, [put('observation', changed)]))), 'applied')
  t.same(store.observationsOf('household', 'h-101').map((row) => row.id), before)
  t.equal(store.observationsOf('household', 'h-101')[0]?.endsAtMs, 2_000)
})

t.test('an access row put again goes after the other rows of its person and door', async (t) => {
  const { store } = openStore(t)
  applyEntities(store, richCommunity(), 1)
  t.same(store.accessFor('p-wang', 'b2-door').map((row) => row.id), ['a-p-wang-b2-door', 'a-wang-b2-weekend'])
  const moved = makeAccess('p-wang', 'b2-door', { scheduleId: null })
  t.equal(outcomeOf(store.applyDelta(deltaAnnouncement(2, 1, [put('access', moved), put('access', makeAccess('p-wang', 'b1-door'))]))), 'applied')
  t.same(store.accessFor('p-wang', 'b2-door').map((row) => `${row.id} ${row.scheduleId}`), ['a-wang-b2-weekend weekends', 'a-p-wang-b2-door null'])
  t.same(store.accessFor('p-wang', 'b1-door').map((row) => row.id), ['a-p-wang-b1-door'])
  const toOtherDoor = { ...makeAccess('p-wang', 'b1-door'), id: 'a-wang-b2-weekend' }
  t.equal(outcomeOf(store.applyDelta(deltaAnnouncement(3, 2, [put('access', toOtherDoor)]))), 'applied')
  t.same(store.accessFor('p-wang', 'b1-door').map((row) => row.id), ['a-p-wang-b1-door', 'a-wang-b2-weekend'], 'a row moved to another door')
  t.same(store.accessFor('p-wang', 'b2-door').map((row) => row.id), ['a-p-wang-b2-door'])
})

t.test('refuses a delta on another base, for another edge, without changes, or not newer; nothing is applied', async (t) => {
  const { store, database } = openStore(t)
  applyEntities(store, richCommunity(), 7)
  const before = policyRows(database.connection)
  const change = [put('person', makePerson('p-x'))]
  t.equal(outcomeOf(store.applyDelta(deltaAnnouncement(9, 8, change))), 'APPLY_FAILED/BASE_VERSION_MISMATCH')
  t.equal(outcomeOf(store.applyDelta(deltaAnnouncement(7, 6, change))), 'APPLY_FAILED/NOT_NEWER')
  t.equal(outcomeOf(store.applyDelta({ ...deltaAnnouncement(8, 7, change), edgeId: 'gate-south' })), 'INVALID_SNAPSHOT/WRONG_EDGE')
  const { delta: _delta, ...withoutDelta } = deltaAnnouncement(8, 7, change)
  t.equal(outcomeOf(store.applyDelta(withoutDelta)), 'APPLY_FAILED/NO_DELTA')
  t.same(policyRows(database.connection), before)
})

t.test('refuses a delta with one invalid change before anything is applied', async (t) => {
  const { store, database } = openStore(t)
  applyEntities(store, richCommunity(), 7)
  const before = policyRows(database.connection)
  const cases = {
    'a row that breaks its schema': put('person', { ...makePerson('p-x'), role: 'mayor' }),
    'a row whose id is not the key': { ...put('person', makePerson('p-x')), key: 'p-y' },
    'an unknown entity': put('quarantine', { id: 'q-1' }),
    'a row that breaks a cross-column rule': put('credential', makeCredential('c-x', 'p-x', 'pin:1234')),
  }
  for (const [name, bad] of Object.entries(cases)) {
    const result = store.applyDelta(deltaAnnouncement(8, 7, [put('person', makePerson('p-ok')), bad]))
    t.equal(outcomeOf(result), 'APPLY_FAILED/INVALID_CHANGE', name)
    t.match(!result.ok && result.detail, /^change 1 /, `${name}: the detail names the change`)
  }
  t.same(policyRows(database.connection), before)
  t.equal(store.person('p-ok'), null)
})

t.test('rolls back a delta that gives two credentials one lookup key, earlier changes included', async (t) => {
  const { store, database } = openStore(t)
  applyEntities(store, richCommunity(), 7)
  const before = policyRows(database.connection)
  const result = store.applyDelta(
    deltaAnnouncement(8, 7, [
      put('person', makePerson('p-sun')),
      remove('credential', 'c-li'),
      put('credential', makeCredential('c-sun', 'p-sun', 'card:h10301:212:7041')),
    ]),
  )
  t.equal(outcomeOf(result), 'APPLY_FAILED/CONFLICT')
  t.same(policyRows(database.connection), before)
  t.equal(store.person('p-sun'), null)
  t.equal(store.credentialByLookupKey('card:h10301:212:7042')?.id, 'c-li', 'the delete before it is undone too')
  t.equal(store.inForce()?.version, 7)
})

t.test('rolls back a delta that leaves no site row or two', async (t) => {
  const { store, database } = openStore(t)
  applyEntities(store, richCommunity(), 7)
  const before = policyRows(database.connection)
  t.equal(outcomeOf(store.applyDelta(deltaAnnouncement(8, 7, [remove('site', 'xiangyang')]))), 'APPLY_FAILED/CONFLICT')
  t.equal(outcomeOf(store.applyDelta(deltaAnnouncement(8, 7, [put('site', makeSite({ id: 'other' }))]))), 'APPLY_FAILED/CONFLICT')
  t.same(policyRows(database.connection), before)
  t.equal(store.site()?.id, 'xiangyang')
  t.equal(outcomeOf(store.applyDelta(deltaAnnouncement(8, 7, [put('site', makeSite({ feverThresholdCelsius: 37.5 }))]))), 'applied')
  t.equal(store.site()?.feverThresholdCelsius, 37.5)
})

t.test('builds a first policy from a delta on version 0', async (t) => {
  const { store } = openStore(t)
  const entities = richCommunity()
  const changes = Object.entries(entities).flatMap(([entity, rows]) => rows.map((row) => put(entity, row)))
  t.equal(outcomeOf(store.applyDelta(deltaAnnouncement(1, 0, changes))), 'applied')
  const fake = InMemoryPolicyView.fromEntities(entities)
  for (const row of entities.credential) t.strictSame(store.credentialByLookupKey(row.lookupKey), fake.credentialByLookupKey(row.lookupKey))
  t.strictSame(store.site(), fake.site())
})
