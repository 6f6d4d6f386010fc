import t from 'tap'
import { purgeVisitorData } from '../../../hub/src/adapters/sqlite/visitors/purge-visitor-data.js'
import { startVisitorApp, type VisitorAppRig } from '../../fakes/hub-visitor-request-app.js'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

type Json = Record<string, any>

function requestBody(rig: VisitorAppRig, overrides: Json = {}): Json {
  return {
    gate: rig.community.gateEdgeId,
    visitorName: '陈访客',
    visitorPhone: '139 1234 5678',
    purpose: '探亲',
    expectedAtMs: rig.clock.now() + 10 * 60_000,
    unitId: rig.home.unitId,
    room: rig.home.room,
    ...overrides,
  }
}

async function submit(rig: VisitorAppRig, overrides: Json = {}, remoteAddress = '10.0.0.1') {
  return rig.inject(null, { method: 'POST', url: '/api/visitor-requests', payload: requestBody(rig, overrides), remoteAddress })
}

async function follow(rig: VisitorAppRig, token: string) {
  return rig.inject(null, { method: 'POST', url: '/api/visitor-requests/follow', payload: { token } })
}

t.test('a visitor asks from the poster, the household sees it, a resident approves it and the visitor gets the QR text', async (t) => {
  const rig = await startVisitorApp(t)
  const poster = await rig.inject(null, { method: 'GET', url: `/api/visitor-requests/poster?gate=${rig.community.gateEdgeId}` })
  t.equal(poster.statusCode, 200)
  t.match(poster.json().units[0], { unitId: 'unit-1-1', buildingName: '1号楼', unitName: '1单元' }, 'the form offers every unit by building')

  const sent = await submit(rig)
  t.equal(sent.statusCode, 201)
  const { token, request } = sent.json()
  t.match(token, /^[A-Za-z0-9_-]{43}$/, 'a 256-bit follow token')
  t.match(request, { state: 'pending', visitorName: '陈访客', place: { buildingName: '1号楼', unitName: '1单元', room: rig.home.room }, pass: null })
  const stored = rig.database.connection.prepare('SELECT token_hash AS tokenHash, visitor_phone AS phone FROM visitor_requests WHERE id = ?').get(request.id) as Json
  t.not(stored.tokenHash, token, 'the hub keeps only the hash of the token')
  t.equal(stored.phone, '13912345678', 'the phone is stored as digits')
  t.notMatch(JSON.stringify(rig.log.lines), '13912345678', 'and never logged in full')

  const listed = await rig.inject('resident', { method: 'GET', url: '/api/visitor-requests?state=pending' })
  t.match(listed.json(), { total: 1, items: [{ id: request.id, state: 'pending', visitorPhone: '13912345678', purpose: '探亲', matchedBy: 'room', passId: null }] })
  t.match((await rig.inject('family', { method: 'GET', url: '/api/visitor-requests' })).json(), { total: 1 }, 'every resident of the household sees it')
  t.match((await rig.inject('gateStaff', { method: 'GET', url: '/api/visitor-requests' })).json().items[0], { visitorPhone: '139****5678' }, 'gate staff see their gate’s requests, phone masked')

  const now = rig.clock.now()
  const approved = await rig.inject('family', { method: 'POST', url: `/api/visitor-requests/${request.id}/approve`, payload: { validUntilMs: now + 4 * HOUR_MS } })
  t.equal(approved.statusCode, 200)
  const { pass } = approved.json()
  t.match(approved.json(), { request: { state: 'approved', decidedByName: '家人', passId: pass.id }, pass: { hostPersonId: rig.callers.family.personId, validUntilMs: now + 4 * HOUR_MS, qrText: /^GHV1\.[A-Za-z0-9_-]{16}$/ } })
  t.same(rig.policyChanges, [`visitor-pass.issued ${pass.id}`], 'the new pass is announced to the edges')
  t.same(rig.auditActions().slice(-3), ['visitor-request.submitted', 'visitor-pass.issued', 'visitor-request.approved'])

  const followed = await follow(rig, token)
  t.equal(followed.statusCode, 200)
  t.match(followed.json(), { state: 'approved', pass: { state: 'active', qrText: pass.qrText, validUntilMs: now + 4 * HOUR_MS, buildingName: '1号楼', gateName: /\S/ } })
  t.equal((await rig.inject('family', { method: 'GET', url: `/api/visitor-passes/${pass.id}` })).json().visitorName, '陈访客', 'the pass names the visitor')

  t.equal((await rig.inject('family', { method: 'POST', url: `/api/visitor-passes/${pass.id}/revoke`, payload: {} })).statusCode, 200, 'its host revokes it')
  t.match((await follow(rig, token)).json(), { pass: { state: 'revoked', qrText: null } }, 'once revoked the visitor no longer sees a code')
})

t.test("asked by the host's phone, the visitor is not told where its owner lives until approved", async (t) => {
  const rig = await startVisitorApp(t)
  const sent = await submit(rig, { unitId: undefined, room: undefined, hostPhone: rig.home.ownerPhone })
  t.equal(sent.statusCode, 201)
  const { token, request } = sent.json()
  t.equal(request.place, null)
  t.match((await rig.inject('resident', { method: 'GET', url: `/api/visitor-requests/${request.id}` })).json(), { matchedBy: 'host-phone', hostPersonId: rig.callers.resident.personId })
  await rig.inject('admin', { method: 'POST', url: `/api/visitor-requests/${request.id}/approve`, payload: { validUntilMs: rig.clock.now() + HOUR_MS } })
  t.match((await follow(rig, token)).json(), { state: 'approved', place: { buildingName: '1号楼', room: rig.home.room } })
  t.match((await rig.inject('admin', { method: 'GET', url: `/api/visitor-passes?hostPersonId=${rig.callers.resident.personId}` })).json(), { total: 1 }, 'staff approving make the resident the visitor named the host')
})

t.test('bad requests are refused with a stable code, counted, and store nothing', async (t) => {
  const rig = await startVisitorApp(t)
  const cases: [Json, number, string][] = [
    [{ gate: 'no-such-gate' }, 404, 'UNKNOWN_GATE'],
    [{ visitorPhone: '12345' }, 400, 'BAD_PHONE'],
    [{ room: '9999' }, 404, 'HOST_NOT_FOUND'],
    [{ unitId: undefined, room: undefined, hostPhone: '13000000000' }, 404, 'HOST_NOT_FOUND'],
    [{ unitId: undefined, room: undefined, hostPhone: 'call me' }, 400, 'BAD_HOST_PHONE'],
    [{ unitId: undefined, room: undefined }, 400, 'HOST_REQUIRED'],
    [{ expectedAtMs: rig.clock.now() - 2 * HOUR_MS }, 400, 'BAD_EXPECTED_TIME'],
    [{ expectedAtMs: rig.clock.now() + 2 * DAY_MS }, 400, 'BAD_EXPECTED_TIME'],
    [{ visitorName: '   ' }, 400, 'INVALID_REQUEST'],
    [{ visitorName: 'a\nb' }, 400, 'INVALID_REQUEST'],
    [{ purpose: undefined }, 400, 'INVALID_REQUEST'],
    [{ extra: 1 }, 400, 'INVALID_REQUEST'],
  ]
  for (const [overrides, status, code] of cases) {
    const refused = await submit(rig, overrides, `10.0.1.${cases.findIndex((entry) => entry[0] === overrides)}`)
    t.equal(refused.statusCode, status, `${code}: ${JSON.stringify(overrides)}`)
    t.equal(refused.json().error.code, code)
  }
  t.equal(rig.database.connection.prepare('SELECT COUNT(*) FROM visitor_requests').pluck().get(), 0, 'nothing stored')
  t.same(rig.auditActions().filter((action) => action.startsWith('visitor')), [])
  t.equal((await rig.inject(null, { method: 'GET', url: '/api/visitor-requests/poster?gate=no-such-gate' })).json().error.code, 'UNKNOWN_GATE')
  t.equal((await follow(rig, 'x'.repeat(43))).statusCode, 404, 'an unknown token finds nothing')
  t.equal((await rig.inject(null, { method: 'POST', url: '/api/visitor-requests/follow', payload: {} })).statusCode, 400, 'no token, no answer')
})

t.test('the anonymous route is rate-limited per address and per gate, and lets people in again after the window', async (t) => {
  const rig = await startVisitorApp(t, { limits: { perAddress: { limit: 2, windowMs: 10 * 60_000 }, perGate: { limit: 3, windowMs: 10 * 60_000 } } })
  t.equal((await submit(rig, {}, '10.0.0.1')).statusCode, 201)
  t.equal((await submit(rig, { room: '9999' }, '10.0.0.1')).statusCode, 404, 'a refused request counts too: guessing rooms costs the same')
  const limited = await submit(rig, {}, '10.0.0.1')
  t.equal(limited.statusCode, 429)
  t.equal(limited.json().error.code, 'RATE_LIMITED')
  t.equal(limited.headers['retry-after'], '600')
  t.equal((await submit(rig, {}, '10.0.0.2')).statusCode, 201, 'another device may still ask')
  const gateLimited = await submit(rig, {}, '10.0.0.3')
  t.equal(gateLimited.statusCode, 429, 'the gate has had its three requests in the window')
  t.equal(gateLimited.json().error.code, 'RATE_LIMITED')
  t.equal(rig.database.connection.prepare('SELECT COUNT(*) FROM visitor_requests').pluck().get(), 2)
  rig.clock.advance(10 * 60_000)
  t.equal((await submit(rig, {}, '10.0.0.1')).statusCode, 201, 'after the window the first device may ask again')
})

t.test('a declined request shows as declined with the reason; decided or lapsed requests cannot be decided again', async (t) => {
  const rig = await startVisitorApp(t)
  const first = (await submit(rig)).json()
  const declined = await rig.inject('resident', { method: 'POST', url: `/api/visitor-requests/${first.request.id}/decline`, payload: { reason: '今天不在家' } })
  t.match(declined.json(), { state: 'declined', declineReason: '今天不在家', decidedByName: '业主' })
  t.match((await follow(rig, first.token)).json(), { state: 'declined', declineReason: '今天不在家', pass: null })
  t.equal((await rig.inject('family', { method: 'POST', url: `/api/visitor-requests/${first.request.id}/approve`, payload: { validUntilMs: rig.clock.now() + HOUR_MS } })).json().error.code, 'REQUEST_NOT_PENDING')
  t.same(rig.policyChanges, [], 'declining announces nothing')

  const second = (await submit(rig, {}, '10.0.0.2')).json()
  rig.clock.advance(3 * HOUR_MS)
  t.match((await follow(rig, second.token)).json(), { state: 'lapsed' })
  const late = await rig.inject('resident', { method: 'POST', url: `/api/visitor-requests/${second.request.id}/approve`, payload: { validUntilMs: rig.clock.now() + HOUR_MS } })
  t.equal(late.statusCode, 409)
  t.equal(late.json().error.code, 'REQUEST_LAPSED')
  t.match((await rig.inject('resident', { method: 'GET', url: '/api/visitor-requests?state=lapsed' })).json(), { total: 1, items: [{ id: second.request.id }] })
  t.same(rig.auditActions().filter((action) => action.startsWith('visitor')), ['visitor-request.submitted', 'visitor-request.declined', 'visitor-request.submitted'])
})

t.test('a pass too long is refused and the request stays pending', async (t) => {
  const rig = await startVisitorApp(t)
  const sent = (await submit(rig)).json()
  const refused = await rig.inject('resident', { method: 'POST', url: `/api/visitor-requests/${sent.request.id}/approve`, payload: { validUntilMs: rig.clock.now() + 25 * HOUR_MS } })
  t.equal(refused.json().error.code, 'BAD_VISITOR_PASS')
  t.match((await follow(rig, sent.token)).json(), { state: 'pending', pass: null })
  t.equal(rig.database.connection.prepare(`SELECT COUNT(*) FROM credentials WHERE kind = 'visitor'`).pluck().get(), 0, 'no pass was left behind')
})

t.test('only the household, its grid manager and admins decide; others see nothing of it', async (t) => {
  const rig = await startVisitorApp(t)
  const { request } = (await submit(rig)).json()
  const approve = { validUntilMs: rig.clock.now() + HOUR_MS }
  t.equal((await rig.inject('otherResident', { method: 'GET', url: '/api/visitor-requests' })).json().total, 0)
  t.equal((await rig.inject('otherResident', { method: 'GET', url: `/api/visitor-requests/${request.id}` })).json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject('otherResident', { method: 'POST', url: `/api/visitor-requests/${request.id}/approve`, payload: approve })).json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject('gridManager2', { method: 'POST', url: `/api/visitor-requests/${request.id}/decline`, payload: {} })).json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject('gridManager2', { method: 'GET', url: '/api/visitor-requests' })).json().total, 0)
  t.equal((await rig.inject('gateStaff', { method: 'POST', url: `/api/visitor-requests/${request.id}/approve`, payload: approve })).statusCode, 403)
  t.equal((await rig.inject('landlord', { method: 'GET', url: '/api/visitor-requests' })).statusCode, 403)
  t.equal((await rig.inject(null, { method: 'GET', url: '/api/visitor-requests' })).statusCode, 401)
  t.match((await rig.inject('gridManager1', { method: 'POST', url: `/api/visitor-requests/${request.id}/approve`, payload: approve })).json(), { request: { state: 'approved' } })
})

t.test("the visitor's personal data is purged a retention period after the request ended", async (t) => {
  const rig = await startVisitorApp(t)
  const approvedOne = (await submit(rig)).json()
  const pendingOne = (await submit(rig, { visitorName: '李访客' }, '10.0.0.2')).json()
  const approved = (await rig.inject('resident', { method: 'POST', url: `/api/visitor-requests/${approvedOne.request.id}/approve`, payload: { validUntilMs: rig.clock.now() + 4 * HOUR_MS } })).json()
  const visitorPersonId = approved.pass.visitorPersonId
  const phoneOf = () => rig.database.connection.prepare('SELECT phone FROM persons WHERE id = ?').pluck().get(visitorPersonId)
  t.equal(phoneOf(), '13912345678')

  const retentionMs = 30 * DAY_MS
  const purgeAt = (atMs: number) => purgeVisitorData(rig.database.connection, atMs - retentionMs, atMs)
  t.same(purgeAt(rig.clock.now() + retentionMs), { requests: 0, visitorPhones: 0 }, 'nothing has ended a retention period ago yet')
  t.same(purgeAt(rig.clock.now() + retentionMs + 2 * HOUR_MS + 11 * 60_000), { requests: 1, visitorPhones: 0 }, 'the lapsed request goes first')
  t.equal((await follow(rig, pendingOne.token)).statusCode, 404)
  t.same(purgeAt(rig.clock.now() + retentionMs + 4 * HOUR_MS + 1), { requests: 1, visitorPhones: 1 }, 'then the approved one with its pass')
  t.equal(phoneOf(), null, "the visitor's phone is blanked")
  t.equal((await follow(rig, approvedOne.token)).statusCode, 404)
  t.same(rig.auditActions().filter((action) => action === 'visitor-data.purged').length, 2, 'each purge is audited')
})
