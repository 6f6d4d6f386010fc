/**
 * Story 4, the returnee lane: the volunteer registers a returnee and hands over a temporary
 * entry pass in one flow. Real SQLite with the seeded community, the real people and pass
 * routes; the caller comes from a test header.
 */
import t, { type Test } from 'tap'
import { join } from 'node:path'
import { createAccessRepositories } from '../../../hub/src/adapters/http/access/access-route-deps.js'
import { buildHubApp } from '../../../hub/src/adapters/http/build-hub-app.js'
import { peopleRoutes } from '../../../hub/src/adapters/http/routes/people-routes.js'
import { temporaryPassRoutes } from '../../../hub/src/adapters/http/routes/temporary-pass-routes.js'
import { openHubDatabase } from '../../../hub/src/adapters/sqlite/open-hub-database.js'
import { createPeopleRepositories } from '../../../hub/src/adapters/sqlite/people/people-repositories.js'
import type { Caller } from '../../../hub/src/domain/caller.js'
import { seedCommunity } from '../../fakes/hub-community-seed.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { SilentLogger } from '../../fakes/silent-logger.js'

const DAY_MS = 86_400_000
const ANSWERS = {
  cameFrom: '湖北省武汉市',
  arrivedOn: '2026-03-01',
  transport: { mode: 'train', detail: 'G1234' },
  health: { hasFever: false, hasRespiratorySymptoms: false, hasContactWithCases: false, hasVisitedRiskArea: false },
}

type Who = 'admin' | 'gridManager1' | 'gridManager2' | 'volunteer' | 'otherVolunteer' | 'resident'

async function passRig(t: Test) {
  const database = openHubDatabase({ path: join(t.testdir(), 'hub.db') })
  const community = seedCommunity(database.connection)
  const clock = new ManualClock(community.nowMs)
  const base = { gridId: null, checkpointEdgeId: null, landlordId: null, personId: null }
  const callers: Record<Who, Caller> = {
    admin: { ...base, accountId: community.accounts.adminId, displayName: '管理员', role: 'admin' },
    gridManager1: { ...base, accountId: community.accounts.gridManagerIds[0]!, displayName: '网格员1', role: 'grid-manager', gridId: community.gridIds[0]! },
    gridManager2: { ...base, accountId: community.accounts.gridManagerIds[1]!, displayName: '网格员2', role: 'grid-manager', gridId: community.gridIds[1]! },
    volunteer: { ...base, accountId: community.accounts.gateStaffId, displayName: '王阿姨', role: 'gate-staff', checkpointEdgeId: community.gateEdgeId },
    otherVolunteer: { ...base, accountId: 'acc-other-volunteer', displayName: '李叔', role: 'gate-staff', checkpointEdgeId: community.gateEdgeId },
    resident: { ...base, accountId: community.accounts.residentAccountId, displayName: '业主', role: 'resident', personId: community.ownerIds[0]! },
  }
  const policyChanges: string[] = []
  const policyChangeListener = { modelChanged: (why: string) => void policyChanges.push(why) }
  const log = new SilentLogger()
  const people = createPeopleRepositories(database.connection)
  const app = buildHubApp({
    log,
    authenticate: (request) => {
      const name = request.headers['x-test-caller']
      return typeof name === 'string' && name in callers ? callers[name as Who] : null
    },
    routes: [
      ...peopleRoutes({ repositories: people, clock, log, policyChanges: policyChangeListener }),
      temporaryPassRoutes({
        connection: database.connection,
        returnees: people.returnees,
        access: { repositories: createAccessRepositories(database.connection), clock, log, policyChanges: policyChangeListener },
      }),
    ],
  })
  await app.ready()
  t.teardown(async () => {
    await app.close()
    database.close()
  })
  const inject = (who: Who, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: { 'x-test-caller': who }, ...(payload !== undefined && { payload: payload as Record<string, unknown> }) })
  const register = async (who: Who, personId: string): Promise<string> => {
    const response = await inject(who, 'POST', '/api/returnees', { ...ANSWERS, personId })
    if (response.statusCode !== 201) throw new Error(response.body)
    return String(response.json().id)
  }
  const auditActions = () => database.connection.prepare('SELECT action FROM audit_log ORDER BY seq').pluck().all() as string[]
  const passCredentials = () => database.connection.prepare(`SELECT person_id AS personId, lookup_key AS lookupKey, valid_from_ms AS validFromMs, valid_until_ms AS validUntilMs, issued_by_account_id AS issuedBy FROM credentials WHERE lookup_key LIKE 'pass:R%'`).all()
  return { community, clock, callers, policyChanges, inject, register, auditActions, passCredentials }
}

t.test('the volunteer who registered a returnee issues their temporary pass: an entry pass valid for the days chosen, audited, sent to the gates', async (t) => {
  const rig = await passRig(t)
  const personId = rig.community.ownerIds[2]!
  const returneeId = await rig.register('volunteer', personId)
  const response = await rig.inject('volunteer', 'POST', `/api/returnees/${returneeId}/temporary-pass`, { days: 3 })
  t.equal(response.statusCode, 201, response.body)
  const pass = response.json()
  t.match(pass, { returneeId, personId, isNew: true, validFromMs: rig.community.nowMs, validUntilMs: rig.community.nowMs + 3 * DAY_MS, passNumber: /^R[0-9A-Z]{12}$/ })
  t.ok(typeof pass.personName === 'string' && pass.personName.length > 0, 'the pass names its holder')
  t.same(rig.passCredentials(), [
    { personId, lookupKey: `pass:${pass.passNumber}`, validFromMs: rig.community.nowMs, validUntilMs: rig.community.nowMs + 3 * DAY_MS, issuedBy: rig.callers.volunteer.accountId },
  ])
  t.same(rig.auditActions(), ['returnee.registered', 'credential.issued', 'returnee.temporary-pass-issued'])
  t.same(rig.policyChanges, [`temporary pass ${pass.credentialId} issued`], 'the gates hear of the new pass')
})

t.test('asking again answers the pass already issued: no second pass, nothing audited twice', async (t) => {
  const rig = await passRig(t)
  const returneeId = await rig.register('volunteer', rig.community.ownerIds[3]!)
  const first = (await rig.inject('volunteer', 'POST', `/api/returnees/${returneeId}/temporary-pass`, {})).json()
  t.equal(first.validUntilMs - first.validFromMs, 3 * DAY_MS, 'three days unless told')
  rig.clock.advance(60_000)
  const again = await rig.inject('volunteer', 'POST', `/api/returnees/${returneeId}/temporary-pass`, { days: 7 })
  t.equal(again.statusCode, 200)
  t.same({ ...again.json(), isNew: true }, first, 'the same pass, unchanged')
  t.equal(rig.passCredentials().length, 1)
  t.equal(rig.auditActions().filter((action) => action === 'returnee.temporary-pass-issued').length, 1)
})

t.test('a volunteer issues passes only for their own registrations, and only the same day; nothing is written when refused', async (t) => {
  const rig = await passRig(t)
  const returneeId = await rig.register('volunteer', rig.community.ownerIds[4]!)
  const other = await rig.inject('otherVolunteer', 'POST', `/api/returnees/${returneeId}/temporary-pass`, {})
  t.match({ status: other.statusCode, code: other.json().error.code }, { status: 403, code: 'OUT_OF_SCOPE' }, "another volunteer's registration")
  rig.clock.advance(DAY_MS + 1)
  const late = await rig.inject('volunteer', 'POST', `/api/returnees/${returneeId}/temporary-pass`, {})
  t.match({ status: late.statusCode, code: late.json().error.code }, { status: 409, code: 'REGISTRATION_TOO_OLD' }, 'a day later the office issues it')
  t.same(rig.passCredentials(), [])
  t.same(rig.auditActions(), ['returnee.registered'])
  const byAdmin = await rig.inject('admin', 'POST', `/api/returnees/${returneeId}/temporary-pass`, { days: 1 })
  t.equal(byAdmin.statusCode, 201, 'the admin still can')
})

t.test('grid managers issue for their own grid only; residents not at all; bad days and unknown registrations are refused', async (t) => {
  const rig = await passRig(t)
  const returneeId = await rig.register('admin', rig.community.ownerIds[0]!)
  const owner = rig.community.ownerIds[0]!
  const gridOfOwner = (await rig.inject('admin', 'GET', `/api/persons/${owner}`)).json().gridId
  const isFirstGrid = gridOfOwner === rig.community.gridIds[0]
  const inGrid: Who = isFirstGrid ? 'gridManager1' : 'gridManager2'
  const outOfGrid: Who = isFirstGrid ? 'gridManager2' : 'gridManager1'
  t.equal((await rig.inject(outOfGrid, 'POST', `/api/returnees/${returneeId}/temporary-pass`, {})).json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject('resident', 'POST', `/api/returnees/${returneeId}/temporary-pass`, {})).json().error.code, 'FORBIDDEN')
  const tooLong = await rig.inject(inGrid, 'POST', `/api/returnees/${returneeId}/temporary-pass`, { days: 30 })
  t.equal(tooLong.statusCode, 400)
  t.match(tooLong.json().error.details, [/\/days/])
  const unknown = await rig.inject('admin', 'POST', '/api/returnees/ret-nothing/temporary-pass', {})
  t.match({ status: unknown.statusCode, code: unknown.json().error.code }, { status: 404, code: 'RETURNEE_NOT_FOUND' })
  t.same(rig.passCredentials(), [])
  t.equal((await rig.inject(inGrid, 'POST', `/api/returnees/${returneeId}/temporary-pass`, { days: 2 })).statusCode, 201)
})
