/**
 * The returnee lane registers someone new moving in with a household: the volunteer knows the
 * address, the hub names the household — and nothing about the people in it.
 */
import t, { type Test } from 'tap'
import { join } from 'node:path'
import { buildHubApp } from '../../../hub/src/adapters/http/build-hub-app.js'
import { householdLookupRoutes } from '../../../hub/src/adapters/http/routes/household-lookup-routes.js'
import { openHubDatabase } from '../../../hub/src/adapters/sqlite/open-hub-database.js'
import { HouseholdRepository } from '../../../hub/src/adapters/sqlite/people/household-repository.js'
import type { Caller } from '../../../hub/src/domain/caller.js'
import { seedCommunity } from '../../fakes/hub-community-seed.js'
import { SilentLogger } from '../../fakes/silent-logger.js'

async function lookupRig(t: Test) {
  const database = openHubDatabase({ path: join(t.testdir(), 'hub.db') })
  const community = seedCommunity(database.connection)
  const households = new HouseholdRepository(database.connection)
  const base = { gridId: null, checkpointEdgeId: null, landlordId: null, personId: null }
  const callers: Record<string, Caller> = {
    volunteer: { ...base, accountId: community.accounts.gateStaffId, displayName: '王阿姨', role: 'gate-staff', checkpointEdgeId: community.gateEdgeId },
    gridManager1: { ...base, accountId: community.accounts.gridManagerIds[0]!, displayName: '网格员1', role: 'grid-manager', gridId: community.gridIds[0]! },
    gridManager2: { ...base, accountId: community.accounts.gridManagerIds[1]!, displayName: '网格员2', role: 'grid-manager', gridId: community.gridIds[1]! },
    resident: { ...base, accountId: community.accounts.residentAccountId, displayName: '业主', role: 'resident', personId: community.ownerIds[0]! },
  }
  const app = buildHubApp({
    log: new SilentLogger(),
    authenticate: (request) => callers[String(request.headers['x-test-caller'])] ?? null,
    routes: [householdLookupRoutes({ households })],
  })
  await app.ready()
  t.teardown(async () => {
    await app.close()
    database.close()
  })
  const household = households.get(community.householdIds[0]!)!
  const find = async (who: string, unitId: string, room: string) => {
    const response = await app.inject({ method: 'GET', url: `/api/households/by-room?unitId=${encodeURIComponent(unitId)}&room=${encodeURIComponent(room)}`, headers: { 'x-test-caller': who } })
    return { status: response.statusCode, body: response.json() }
  }
  const ownGrid = household.gridId === community.gridIds[0] ? 'gridManager1' : 'gridManager2'
  const otherGrid = ownGrid === 'gridManager1' ? 'gridManager2' : 'gridManager1'
  return { household, find, ownGrid, otherGrid }
}

t.test('a volunteer finds the household in a room by its unit and room number: its id and address, no people', async (t) => {
  const { household, find } = await lookupRig(t)
  t.same(await find('volunteer', household.unitId, ` ${household.room} `), {
    status: 200,
    body: { householdId: household.id, buildingName: household.buildingName, unitName: household.unitName, room: household.room },
  })
  t.match(await find('volunteer', household.unitId, '9999'), { status: 404, body: { error: { code: 'HOUSEHOLD_NOT_FOUND' } } }, 'an empty room')
  t.match(await find('volunteer', 'unit-nowhere', household.room), { status: 404, body: { error: { code: 'HOUSEHOLD_NOT_FOUND' } } }, 'an unknown unit')
})

t.test('a grid manager finds their own grid’s households only; residents may not look up at all', async (t) => {
  const { household, find, ownGrid, otherGrid } = await lookupRig(t)
  t.equal((await find(ownGrid, household.unitId, household.room)).status, 200)
  t.match(await find(otherGrid, household.unitId, household.room), { status: 404, body: { error: { code: 'HOUSEHOLD_NOT_FOUND' } } }, 'another grid’s household is not even confirmed to exist')
  t.match(await find('resident', household.unitId, household.room), { status: 403, body: { error: { code: 'FORBIDDEN' } } })
  t.equal((await find('volunteer', household.unitId, '')).status, 400, 'a room is required')
})
