import t, { type Test } from 'tap'
import { buildHubApp } from '../../../hub/src/adapters/http/build-hub-app.js'
import { reportRoutes } from '../../../hub/src/adapters/http/routes/report-routes.js'
import { SqliteLedgerQueries } from '../../../hub/src/adapters/sqlite/ledger/sqlite-ledger-queries.js'
import { SqliteReportQueries } from '../../../hub/src/adapters/sqlite/ledger/sqlite-report-queries.js'
import type { Caller } from '../../../hub/src/domain/caller.js'
import type { AccessEvent } from '../../../protocol/mqtt/messages/access-event.js'
import { seedCommunity } from '../../fakes/hub-community-seed.js'
import { MONDAY_10AM_MS, accessEvent, bytes, ingestRig, iso, topicOf } from '../../fakes/hub-ingest-fixtures.js'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
/** 2026-03-02 00:00 China Standard Time. */
const MONDAY_MIDNIGHT_MS = MONDAY_10AM_MS - 10 * HOUR_MS
const GATE = 'edge-gate'

function caller(accountId: string, role: Caller['role'], scope: Partial<Caller> = {}): Caller {
  return { accountId, displayName: accountId, role, gridId: null, checkpointEdgeId: null, landlordId: null, personId: null, ...scope }
}

/** The report routes over a seeded community with a few ledger rows, observation orders, returnees and temperature reports. */
function reportApp(t: Test) {
  const rig = ingestRig(t)
  const connection = rig.database.connection
  const community = seedCommunity(connection, { households: 8, grids: 2 })
  const ledgerQueries = new SqliteLedgerQueries(connection, rig.statuses, rig.alerts)
  const [grid0, grid1] = community.gridIds as [string, string]
  const inGrid = (gridId: string) => community.residentIds.filter((personId) => ledgerQueries.gridOfPerson(personId) === gridId)
  const own = inGrid(grid0)
  const other = inGrid(grid1)
  const buildingEdge = community.buildingEdgeIds[0]!
  const buildingDoor = community.buildingDoorIds[0]!
  let seq = 0
  const ingest = (edgeId: string, atMs: number, overrides: Partial<AccessEvent>) => {
    seq += 1
    const event = accessEvent(seq, { edgeId, occurredAt: iso(atMs), ...overrides })
    const outcome = rig.dispatcher.accept(edgeId, topicOf('event', edgeId), bytes(event))
    if (outcome.status !== 'stored') throw new Error(`not stored: ${JSON.stringify(outcome)}`)
  }
  const doors = community.gateDoorIds
  ingest(GATE, MONDAY_MIDNIGHT_MS + 8 * HOUR_MS + 15 * 60_000, { doorId: doors.residents, personId: own[0]! })
  ingest(GATE, MONDAY_MIDNIGHT_MS + 8 * HOUR_MS + 40 * 60_000, { doorId: doors.residents, personId: other[0]!, decision: { granted: false, reason: 'QUARANTINED' } })
  ingest(GATE, MONDAY_MIDNIGHT_MS + 10 * HOUR_MS, { doorId: doors.residents, personId: own[1]!, decision: { granted: false, reason: 'FEVER' }, temperature: { celsius: 38.2, isFever: true, remeasured: true } })
  ingest(GATE, MONDAY_MIDNIGHT_MS + 10 * HOUR_MS + 1_000, { doorId: doors.assisted, credential: { kind: 'card', maskedReference: '****0001' }, decision: { granted: false, reason: 'UNKNOWN_CREDENTIAL' } })
  ingest(buildingEdge, MONDAY_MIDNIGHT_MS + 23 * HOUR_MS + 30 * 60_000, { doorId: buildingDoor, personId: own[0]! })
  ingest(GATE, MONDAY_MIDNIGHT_MS - 60_000, { doorId: doors.residents, personId: own[0]! })
  ingest(GATE, MONDAY_MIDNIGHT_MS - 3 * DAY_MS, { doorId: doors.returnees, personId: other[1]!, decision: { granted: false, reason: 'FEVER' }, temperature: { celsius: 38.9, isFever: true, remeasured: true } })

  const admin = community.accounts.adminId
  const order = connection.prepare(
    `INSERT INTO observation_orders (id, subject_kind, subject_id, starts_at_ms, ends_at_ms, created_by_account_id, created_at_ms, released_early_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const householdOf = (personId: string) => [...community.peopleOfHousehold].find(([, people]) => people.includes(personId))![0]
  const ownHousehold = householdOf(own[0]!)
  order.run('obs-1', 'household', ownHousehold, MONDAY_MIDNIGHT_MS - 5 * DAY_MS, MONDAY_MIDNIGHT_MS + 9 * DAY_MS, admin, MONDAY_MIDNIGHT_MS, null)
  order.run('obs-2', 'person', other[0]!, MONDAY_MIDNIGHT_MS + 11 * HOUR_MS, MONDAY_MIDNIGHT_MS + 14 * DAY_MS, admin, MONDAY_MIDNIGHT_MS, null)
  order.run('obs-3', 'person', other[1]!, MONDAY_MIDNIGHT_MS - 14 * DAY_MS, MONDAY_MIDNIGHT_MS, admin, MONDAY_MIDNIGHT_MS, null)
  order.run('obs-4', 'person', other[2]!, MONDAY_MIDNIGHT_MS - 3 * DAY_MS, MONDAY_MIDNIGHT_MS + 3 * DAY_MS, admin, MONDAY_MIDNIGHT_MS, MONDAY_MIDNIGHT_MS - DAY_MS)
  connection
    .prepare(`INSERT INTO returnees (id, person_id, came_from, arrived_on, transport, health, registered_by_account_id, registered_at_ms) VALUES (?, ?, '武汉', '2026-03-01', '火车', '无症状', ?, ?)`)
    .run('ret-1', other[0]!, admin, MONDAY_MIDNIGHT_MS + 9 * HOUR_MS)
  const report = connection.prepare(`INSERT INTO temperature_reports (id, person_id, celsius, source, reported_at_ms) VALUES (?, ?, ?, 'phone', ?)`)
  report.run('tmp-1', own[0]!, 37.5, MONDAY_MIDNIGHT_MS + 8 * HOUR_MS)
  report.run('tmp-2', own[0]!, 36.6, MONDAY_MIDNIGHT_MS + 20 * HOUR_MS)
  report.run('tmp-3', own[0]!, 38.0, MONDAY_MIDNIGHT_MS - HOUR_MS)

  let current: Caller | null = caller(admin, 'admin')
  const fixture = {
    community,
    grid0,
    grid1,
    ownHouseholdSize: community.peopleOfHousehold.get(ownHousehold)!.length,
    buildingEdge,
    get caller(): Caller | null {
      return current
    },
    set caller(next: Caller | null) {
      current = next
    },
    admin: caller(admin, 'admin'),
    gridManager: caller(community.accounts.gridManagerIds[0]!, 'grid-manager', { gridId: grid0 }),
    gateStaff: caller(community.accounts.gateStaffId, 'gate-staff', { checkpointEdgeId: GATE }),
    app: buildHubApp({
      log: rig.log,
      authenticate: () => current,
      routes: [reportRoutes({ queries: new SqliteReportQueries(connection), site: () => ({ utcOffsetMinutes: 480, feverThresholdCelsius: 37.3 }), clock: rig.clock })],
    }),
  }
  t.teardown(() => fixture.app.close())
  return fixture
}

t.test('counts passes, denials and fevers per site-local hour per gate, today by default', async (t) => {
  const fixture = reportApp(t)
  const response = await fixture.app.inject({ url: '/api/reports/hourly' })
  t.equal(response.statusCode, 200)
  const { date, edges } = response.json()
  t.equal(date, '2026-03-02')
  const gate = edges.find((edge: { edgeId: string }) => edge.edgeId === GATE)
  t.equal(gate.hours.length, 24)
  t.same(gate.hours[8], { hour: 8, passes: 1, denials: 1, fevers: 0 })
  t.same(gate.hours[10], { hour: 10, passes: 0, denials: 2, fevers: 1 })
  t.equal(gate.hours.reduce((total: number, hour: { passes: number; denials: number }) => total + hour.passes + hour.denials, 0), 4, 'the event a minute before midnight belongs to the day before')
  const building = edges.find((edge: { edgeId: string }) => edge.edgeId === fixture.buildingEdge)
  t.same(building.hours[23], { hour: 23, passes: 1, denials: 0, fevers: 0 })
  const sunday = (await fixture.app.inject({ url: '/api/reports/hourly?date=2026-03-01' })).json()
  t.same(sunday.edges.find((edge: { edgeId: string }) => edge.edgeId === GATE).hours[23], { hour: 23, passes: 1, denials: 0, fevers: 0 })
  t.match((await fixture.app.inject({ url: '/api/reports/hourly?date=2026-02-30' })).json(), { error: { code: 'INVALID_REQUEST' } })
})

t.test('gate staff get their own checkpoint only; residents and landlords no reports', async (t) => {
  const fixture = reportApp(t)
  fixture.caller = fixture.gateStaff
  t.same((await fixture.app.inject({ url: '/api/reports/hourly' })).json().edges.map((edge: { edgeId: string }) => edge.edgeId), [GATE])
  t.same((await fixture.app.inject({ url: '/api/reports/days?days=4' })).json().days.map((day: { denials: number }) => day.denials), [1, 0, 0, 3])
  const elsewhere = await fixture.app.inject({ url: `/api/reports/hourly?edgeId=${fixture.buildingEdge}` })
  t.equal(elsewhere.statusCode, 403)
  t.match(elsewhere.json(), { error: { code: 'NOT_YOUR_CHECKPOINT' } })
  t.equal((await fixture.app.inject({ url: '/api/reports/daily' })).statusCode, 403, 'the daily report is the office’s')
  fixture.caller = caller('acc-landlord', 'landlord')
  t.equal((await fixture.app.inject({ url: '/api/reports/hourly' })).statusCode, 403)
  fixture.caller = caller('acc-resident', 'resident')
  t.equal((await fixture.app.inject({ url: '/api/reports/days' })).statusCode, 403)
  fixture.caller = null
  t.equal((await fixture.app.inject({ url: '/api/reports/daily' })).statusCode, 401)
})

t.test('totals each of the last 14 days, empty days included', async (t) => {
  const fixture = reportApp(t)
  const { from, to, days } = (await fixture.app.inject({ url: '/api/reports/days' })).json()
  t.equal(from, '2026-02-17')
  t.equal(to, '2026-03-02')
  t.equal(days.length, 14)
  t.same(days.at(-1), { date: '2026-03-02', passes: 2, denials: 3, fevers: 1 })
  t.same(days.at(-2), { date: '2026-03-01', passes: 1, denials: 0, fevers: 0 })
  t.same(days.at(-4), { date: '2026-02-27', passes: 0, denials: 1, fevers: 1 })
  t.equal(days.filter((day: { passes: number; denials: number }) => day.passes + day.denials > 0).length, 3)
  t.same((await fixture.app.inject({ url: `/api/reports/days?to=2026-03-01&days=2&edgeId=${fixture.buildingEdge}` })).json().days, [
    { date: '2026-02-28', passes: 0, denials: 0, fevers: 0 },
    { date: '2026-03-01', passes: 0, denials: 0, fevers: 0 },
  ])
  t.equal((await fixture.app.inject({ url: '/api/reports/days?days=93' })).statusCode, 400)
})

t.test('the daily report counts each gate and door, and each grid’s entries, fevers, returnees and people under observation', async (t) => {
  const fixture = reportApp(t)
  const report = (await fixture.app.inject({ url: '/api/reports/daily?date=2026-03-02' })).json()
  t.equal(report.date, '2026-03-02')
  const gate = report.gates.find((entry: { edgeId: string }) => entry.edgeId === GATE)
  t.match(gate, { passes: 1, denials: 3, fevers: 1 })
  t.match(gate.doors.find((door: { doorId: string }) => door.doorId === fixture.community.gateDoorIds.residents), { passes: 1, denials: 2, fevers: 1, lane: 'residents' })
  t.match(gate.doors.find((door: { doorId: string }) => door.doorId === fixture.community.gateDoorIds.returnees), { passes: 0, denials: 0, fevers: 0 })
  t.equal(report.gates.length, 1 + fixture.community.buildingEdgeIds.length, 'every gate, quiet ones too')
  const [first, second, none] = report.grids
  t.match(first, { gridId: fixture.grid0, passes: 2, denials: 1, fevers: 1, feverReports: 1, returnees: 0, underObservation: fixture.ownHouseholdSize })
  t.match(second, { gridId: fixture.grid1, passes: 0, denials: 1, fevers: 0, feverReports: 0, returnees: 1, underObservation: 1 })
  t.match(none, { gridId: null, name: null, passes: 0, denials: 1 }, 'an unknown card counts under no grid')
  t.equal(report.grids.length, 3)
})

t.test('a grid manager’s daily report has every gate but only their own grid', async (t) => {
  const fixture = reportApp(t)
  fixture.caller = fixture.gridManager
  const report = (await fixture.app.inject({ url: '/api/reports/daily?date=2026-03-02' })).json()
  t.same(report.grids.map((grid: { gridId: string }) => grid.gridId), [fixture.grid0])
  t.equal(report.gates.length, 1 + fixture.community.buildingEdgeIds.length)
  const csv = await fixture.app.inject({ url: '/api/reports/daily?date=2026-03-02&format=csv' })
  t.notMatch(csv.body, fixture.grid1)
})

t.test('exports the daily report as CSV: a row per gate, door and grid', async (t) => {
  const fixture = reportApp(t)
  const response = await fixture.app.inject({ url: '/api/reports/daily?date=2026-03-02&format=csv' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/csv/)
  t.match(response.headers['content-disposition'], 'attachment; filename="daily-report-2026-03-02.csv"')
  const lines: string[] = response.body.split('\r\n')
  t.equal(lines[0], '\ufeffdate,section,id,name,passes,denials,fevers,feverReports,returnees,underObservation')
  t.ok(lines.some((line) => line.startsWith(`2026-03-02,gate,${GATE},`) && line.endsWith(',1,3,1,,,')))
  t.ok(lines.some((line) => line.startsWith(`2026-03-02,grid,${fixture.grid1},`) && line.endsWith(',0,1,0,0,1,1')))
  t.equal(lines.filter((line) => line.includes(',door,')).length, 3 + fixture.community.buildingDoorIds.length)
})
