import t from 'tap'
import { startAccessApp } from '../../fakes/hub-access-app.js'

const HOUR_MS = 3_600_000

t.test("a resident invites a visitor: a time-boxed pass for the host's building, with the code for the host only", async (t) => {
  const rig = await startAccessApp(t)
  const now = rig.clock.now()
  const invited = await rig.inject('resident', { method: 'POST', url: '/api/visitor-passes', payload: { visitorName: '陈访客', validUntilMs: now + 4 * HOUR_MS } })
  t.equal(invited.statusCode, 201)
  const pass = invited.json()
  const hostBuilding = rig.database.connection
    .prepare('SELECT u.building_id FROM persons p JOIN households h ON h.id = p.household_id JOIN units u ON u.id = h.unit_id WHERE p.id = ?')
    .pluck()
    .get(rig.callers.resident.personId)
  t.match(pass, { hostPersonId: rig.callers.resident.personId, hostBuildingId: hostBuilding, validFromMs: now, validUntilMs: now + 4 * HOUR_MS, status: 'active', codeForm: 'qr', code: /^[A-Za-z0-9_-]{16}$/ })
  const stored = rig.database.connection.prepare('SELECT p.role, c.kind, c.lookup_key AS lookupKey FROM credentials c JOIN persons p ON p.id = c.person_id WHERE c.id = ?').get(pass.id)
  t.same(stored, { role: 'visitor', kind: 'visitor', lookupKey: `visitor:${pass.code}` })
  const atGate = await rig.inject('gateStaff', { method: 'GET', url: `/api/visitor-passes/${pass.id}` })
  t.match(atGate.json(), { visitorName: '陈访客', code: null }, 'gate staff see the pass, not the code')
  t.equal((await rig.inject('gridManager1', { method: 'GET', url: '/api/visitor-passes' })).json().items[0].code, null)
  t.equal((await rig.inject('resident', { method: 'GET', url: '/api/visitor-passes' })).json().items[0].code, pass.code)
  t.same(rig.policyChanges, [`visitor-pass.issued ${pass.id}`])
  t.same(rig.auditActions().slice(-1), ['visitor-pass.issued'])
})

t.test('visitor passes are at most a day, hosted only by residents of a building, and only for oneself', async (t) => {
  const rig = await startAccessApp(t)
  const now = rig.clock.now()
  t.equal((await rig.inject('resident', { method: 'POST', url: '/api/visitor-passes', payload: { visitorName: 'x', validUntilMs: now + 25 * HOUR_MS } })).json().error.code, 'BAD_VISITOR_PASS')
  t.equal((await rig.inject('resident', { method: 'POST', url: '/api/visitor-passes', payload: { visitorName: 'x', validUntilMs: now + HOUR_MS, hostPersonId: rig.ownerInGrid(1) } })).json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject('admin', { method: 'POST', url: '/api/visitor-passes', payload: { visitorName: 'x', validUntilMs: now + HOUR_MS, hostPersonId: rig.community.staffIds[0] } })).json().error.code, 'HOST_HAS_NO_BUILDING')
  t.equal((await rig.inject('admin', { method: 'POST', url: '/api/visitor-passes', payload: { visitorName: 'x', validUntilMs: now + HOUR_MS } })).json().error.code, 'HOST_REQUIRED')
  t.equal((await rig.inject('gateStaff', { method: 'POST', url: '/api/visitor-passes', payload: { visitorName: 'x', validUntilMs: now + HOUR_MS } })).statusCode, 403)
  t.equal((await rig.inject('gridManager2', { method: 'POST', url: '/api/visitor-passes', payload: { visitorName: 'x', validUntilMs: now + HOUR_MS, hostPersonId: rig.ownerInGrid(0) } })).json().error.code, 'OUT_OF_SCOPE')
  const keypad = await rig.inject('gridManager1', { method: 'POST', url: '/api/visitor-passes', payload: { visitorName: '快递员', validUntilMs: now + HOUR_MS, hostPersonId: rig.ownerInGrid(0), codeForm: 'keypad' } })
  t.match(keypad.json(), { codeForm: 'keypad', code: null }, 'the grid manager issued it but the code is for the host')
  t.match((await rig.inject('resident', { method: 'GET', url: `/api/visitor-passes/${keypad.json().id}` })).json(), { code: /^[0-9]{8}$/ })
  t.equal(rig.policyChanges.length, 1, 'only the committed pass was announced')
})

t.test('the host revokes their visitor pass; another resident cannot; the list shows current and ended passes', async (t) => {
  const rig = await startAccessApp(t)
  const now = rig.clock.now()
  const first = (await rig.inject('resident', { method: 'POST', url: '/api/visitor-passes', payload: { visitorName: '甲', validUntilMs: now + HOUR_MS } })).json()
  const second = (await rig.inject('resident', { method: 'POST', url: '/api/visitor-passes', payload: { visitorName: '乙', validUntilMs: now + 3 * HOUR_MS } })).json()
  t.equal((await rig.inject('otherResident', { method: 'POST', url: `/api/visitor-passes/${first.id}/revoke`, payload: {} })).json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject('otherResident', { method: 'GET', url: `/api/visitor-passes?hostPersonId=${rig.callers.resident.personId}` })).json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject('otherResident', { method: 'GET', url: '/api/visitor-passes' })).json().total, 0)
  const revoked = await rig.inject('resident', { method: 'POST', url: `/api/visitor-passes/${first.id}/revoke`, payload: { reason: '不来了' } })
  t.match(revoked.json(), { status: 'revoked', revokedAtMs: now })
  t.equal((await rig.inject('resident', { method: 'POST', url: `/api/visitor-passes/${first.id}/revoke`, payload: {} })).json().error.code, 'ALREADY_REVOKED')
  rig.clock.advance(2 * HOUR_MS)
  t.same((await rig.inject('resident', { method: 'GET', url: '/api/visitor-passes?state=current' })).json().items.map((pass: { id: string }) => pass.id), [second.id])
  t.equal((await rig.inject('gateStaff', { method: 'GET', url: '/api/visitor-passes?state=ended' })).json().total, 1)
  t.same(rig.policyChanges, [`visitor-pass.issued ${first.id}`, `visitor-pass.issued ${second.id}`, `credential.revoked ${first.id}`])
  t.equal((await rig.inject('resident', { method: 'POST', url: `/api/credentials/${second.id}/revoke`, payload: {} })).statusCode, 200, 'the credential route agrees: the host may revoke')
})

t.test("the pass view carries the QR code's text for those who see the code, and none for keypad passes", async (t) => {
  const rig = await startAccessApp(t)
  const now = rig.clock.now()
  const pass = (await rig.inject('resident', { method: 'POST', url: '/api/visitor-passes', payload: { visitorName: '陈访客', validUntilMs: now + HOUR_MS } })).json()
  t.equal(pass.qrText, `GHV1.${pass.code}`, 'the host gets what the QR code encodes')
  t.equal((await rig.inject('gateStaff', { method: 'GET', url: `/api/visitor-passes/${pass.id}` })).json().qrText, null, 'gate staff do not')
  const keypad = (await rig.inject('resident', { method: 'POST', url: '/api/visitor-passes', payload: { visitorName: '快递员', validUntilMs: now + HOUR_MS, codeForm: 'keypad' } })).json()
  t.match(keypad, { codeForm: 'keypad', code: /^[0-9]{8}$/, qrText: null })
})
