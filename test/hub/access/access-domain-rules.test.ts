import t from 'tap'
import { generateKeyPairSync, createHash } from 'node:crypto'
import { mayManagePeopleAt, mayManagePhoneKeysOf, mayManageVisitorPassesOf, mayReadEdge, peopleListScope } from '../../../hub/src/domain/access/access-scope.js'
import { checkAccessRule, type AccessRuleInput } from '../../../hub/src/domain/access/access-rule-check.js'
import { resolveDoorSettings } from '../../../hub/src/domain/access/door-settings.js'
import { issuedCredentialKey } from '../../../hub/src/domain/access/issued-credential-key.js'
import { phoneKeyIdentityOf } from '../../../hub/src/domain/access/phone-key-id.js'
import { checkHolidayDate, checkScheduleWindows } from '../../../hub/src/domain/access/schedule-check.js'
import { daysLeft, newOrderWindow, planEarlyEnd, planExtension, timedOrderStatus } from '../../../hub/src/domain/access/timed-order.js'
import { newVisitorCode, visitorPassWindow } from '../../../hub/src/domain/access/visitor-pass-terms.js'
import { credentialLookupKey } from '../../../protocol/policy/credential-lookup-key.js'
import { ADMIN, DAY_MS, GRID1_MANAGER, HOUR_MS, T0, ZHANG, caller } from '../../fakes/hub-access-fixtures.js'

const place = (gridId: string | null, personId: string | null = null) => ({ personId, householdId: null, buildingId: null, gridId })

t.test('scope: admin manages everyone, a grid manager only their grid, a resident only their own phones and visitors', async (t) => {
  t.ok(mayManagePeopleAt(ADMIN, place('grid-2')))
  t.ok(mayManagePeopleAt(GRID1_MANAGER, place('grid-1')))
  t.notOk(mayManagePeopleAt(GRID1_MANAGER, place('grid-2')), 'another grid')
  t.notOk(mayManagePeopleAt(GRID1_MANAGER, place(null)), 'nobody’s grid is not theirs')
  t.notOk(mayManagePeopleAt(caller('grid-manager'), place(null)), 'a grid manager without a grid manages nothing')
  t.notOk(mayManagePeopleAt(ZHANG, place('grid-1', 'per-zhang')), 'a resident issues no credentials, even their own')
  t.ok(mayManagePhoneKeysOf(ZHANG, place('grid-1', 'per-zhang')))
  t.notOk(mayManagePhoneKeysOf(ZHANG, place('grid-1', 'per-zhang-wife')), "not a family member's phone")
  t.ok(mayManageVisitorPassesOf(ZHANG, place('grid-1', 'per-zhang')))
  t.notOk(mayManageVisitorPassesOf(caller('gate-staff', { checkpointEdgeId: 'north' }), place('grid-1', 'per-zhang')))
  t.ok(mayReadEdge(caller('gate-staff', { checkpointEdgeId: 'north' }), 'north'))
  t.notOk(mayReadEdge(caller('gate-staff', { checkpointEdgeId: 'north' }), 'south'))
  t.notOk(mayReadEdge(ZHANG, 'north'))
  t.same(peopleListScope(GRID1_MANAGER), { kind: 'grid', gridId: 'grid-1' })
  t.same(peopleListScope(ZHANG), { kind: 'person', personId: 'per-zhang' })
  t.same(peopleListScope(caller('landlord')), { kind: 'none' })
})

t.test('door settings: defaults, a building door names its building, a gate none', async (t) => {
  const gate = resolveDoorSettings({ name: 'North gate', kind: 'gate' }, null)
  t.match(gate, { ok: true, value: { failMode: 'fail-secure', antiPassback: 'off', antiPassbackGroupId: 'compound', isTemperatureRequired: false, temperatureEnforcement: 'hard', lane: null } })
  const door = resolveDoorSettings({ name: 'B1', kind: 'building', buildingId: 'bld-1' }, null)
  t.match(door, { ok: true, value: { antiPassbackGroupId: 'bld-1' } })
  const bad = resolveDoorSettings({ kind: 'building' }, null)
  t.match(bad, { ok: false, code: 'BAD_DOOR' })
  t.equal(bad.ok ? 0 : bad.details?.length, 2, 'both the name and the building are listed')
  t.match(resolveDoorSettings({ kind: 'gate', buildingId: 'bld-1', name: 'x' }, null), { ok: false, code: 'BAD_DOOR' })
  if (!door.ok) throw new Error('unreachable')
  const changed = resolveDoorSettings({ isTemperatureRequired: true, lane: 'assisted' }, door.value)
  t.match(changed, { ok: true, value: { name: 'B1', buildingId: 'bld-1', isTemperatureRequired: true, lane: 'assisted' } })
  t.match(resolveDoorSettings({ kind: 'gate' }, door.value), { ok: false, code: 'BAD_DOOR' }, 'turning into a gate needs buildingId null')
  t.match(resolveDoorSettings({ kind: 'gate', buildingId: null }, door.value), { ok: true, value: { kind: 'gate', buildingId: null } })
})

t.test("schedule windows use the edge's grammar and every bad one is listed", async (t) => {
  t.match(checkScheduleWindows({ windows: ['mon-fri 07:00-22:00', 'fri,sat 22:00-02:00'], holidayWindows: ['daily 00:00-24:00'] }), { ok: true })
  const bad = checkScheduleWindows({ windows: ['mon-fri 7:00-22:00', 'funday 07:00-08:00'], holidayWindows: ['sat 10:00-10:00'] })
  t.match(bad, { ok: false, code: 'BAD_WINDOW' })
  t.same(bad.ok ? [] : bad.details?.map((detail) => detail.split(':')[0]), ['/windows/0', '/windows/1', '/holidayWindows/0'])
  t.match(checkHolidayDate('2026-10-01'), { ok: true })
  t.match(checkHolidayDate('2026-02-30'), { ok: false, code: 'BAD_DATE' })
})

t.test('access rules: targets, roles, validity and lockdown exemption for staff only', async (t) => {
  const rule: AccessRuleInput = {
    subjectKind: 'household',
    subjectId: 'hh-1',
    targetKind: 'own-building',
    targetId: null,
    scheduleId: null,
    isLockdownExempt: false,
    validFromMs: null,
    validUntilMs: null,
  }
  t.match(checkAccessRule(rule, null), { ok: true })
  t.match(checkAccessRule({ ...rule, targetId: 'bld-1' }, null), { ok: false, code: 'BAD_RULE' })
  t.match(checkAccessRule({ ...rule, targetKind: 'door' }, null), { ok: false, code: 'BAD_RULE' })
  t.match(checkAccessRule({ ...rule, subjectKind: 'role', subjectId: 'visitor' }, null), { ok: false, code: 'BAD_RULE' })
  t.match(checkAccessRule({ ...rule, isLockdownExempt: true }, null), { ok: false, code: 'BAD_RULE' }, 'a household is not staff')
  t.match(checkAccessRule({ ...rule, subjectKind: 'role', subjectId: 'staff', isLockdownExempt: true }, null), { ok: true })
  t.match(checkAccessRule({ ...rule, subjectKind: 'person', subjectId: 'per-wang', isLockdownExempt: true }, 'staff'), { ok: true })
  t.match(checkAccessRule({ ...rule, subjectKind: 'person', subjectId: 'per-zhang', isLockdownExempt: true }, 'resident'), { ok: false })
  t.match(checkAccessRule({ ...rule, validFromMs: T0, validUntilMs: T0 }, null), { ok: false, code: 'BAD_RULE' })
})

t.test('issued credentials get the same lookup key the edge computes from a read', async (t) => {
  const card = issuedCredentialKey({ kind: 'card', format: 'H10301', facility: 212, cardNumber: 7041 })
  t.same(card, { ok: true, value: 'card:h10301:212:7041' })
  const edgeRead = credentialLookupKey({ kind: 'card', format: 'H10301', facility: 212, card: 7041 })
  t.equal(edgeRead.ok && edgeRead.lookupKey, 'card:h10301:212:7041')
  t.same(issuedCredentialKey({ kind: 'entry-pass', passNumber: 'ａ-0123' }), { ok: true, value: 'pass:A0123' })
  t.same(issuedCredentialKey({ kind: 'pin', digits: '１２３４５６' }), { ok: true, value: 'pin:123456' })
  t.match(issuedCredentialKey({ kind: 'pin', digits: '12' }), { ok: false, code: 'BAD_CREDENTIAL', details: ['BAD_PIN'] })
  t.match(issuedCredentialKey({ kind: 'card', format: 'H10301', facility: 212, cardNumber: -1 }), { ok: false, details: ['BAD_CARD_NUMBER'] })
})

t.test("a phone key's id is pk- and the first 16 hex digits of sha256 of the raw key", async (t) => {
  const { publicKey } = generateKeyPairSync('ed25519')
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url')
  const base64 = raw.toString('base64')
  const identity = phoneKeyIdentityOf(base64)
  t.same(identity, { ok: true, value: { id: `pk-${createHash('sha256').update(raw).digest('hex').slice(0, 16)}`, publicKey: base64 } })
  t.match(phoneKeyIdentityOf(Buffer.alloc(31).toString('base64')), { ok: false, code: 'BAD_PUBLIC_KEY' }, '31 bytes')
  t.match(phoneKeyIdentityOf(raw.toString('base64url')), { ok: false, code: 'BAD_PUBLIC_KEY' }, 'base64url is not the stored form')
  const nonCanonical = `${base64.slice(0, 42)}${base64[42] === 'A' ? 'B' : 'A'}=`
  const decodedBack = Buffer.from(nonCanonical, 'base64').toString('base64')
  if (decodedBack !== nonCanonical) t.match(phoneKeyIdentityOf(nonCanonical), { ok: false, code: 'BAD_PUBLIC_KEY' }, 'non-canonical padding bits')
})

t.test('timed orders: 14 days by default, days left, early end and extension', async (t) => {
  const window = newOrderWindow({}, 14, T0)
  t.same(window, { ok: true, value: { startsAtMs: T0, endsAtMs: T0 + 14 * DAY_MS } })
  t.match(newOrderWindow({ days: 3, endsAtMs: T0 + DAY_MS }, 14, T0), { ok: false, code: 'BAD_INTERVAL' })
  t.match(newOrderWindow({ startsAtMs: T0 - 20 * DAY_MS }, 14, T0), { ok: false, code: 'BAD_INTERVAL' }, 'already over')
  const order = { startsAtMs: T0, endsAtMs: T0 + 14 * DAY_MS, endedEarlyAtMs: null }
  t.equal(daysLeft(order, T0), 14)
  t.equal(daysLeft(order, T0 + 11 * DAY_MS + HOUR_MS), 3, 'rounded up on the 12th day')
  t.equal(daysLeft(order, T0 + 14 * DAY_MS), 0)
  t.equal(timedOrderStatus(order, T0 - 1), 'upcoming')
  t.equal(timedOrderStatus(order, T0), 'in-force')
  t.equal(timedOrderStatus(order, T0 + 14 * DAY_MS), 'ended')
  t.same(planEarlyEnd(order, T0 + 5 * DAY_MS), { ok: true, value: { endsAtMs: T0 + 5 * DAY_MS, endedEarlyAtMs: T0 + 5 * DAY_MS } })
  t.same(planEarlyEnd(order, T0 - DAY_MS), { ok: true, value: { endsAtMs: T0 + 1, endedEarlyAtMs: T0 - DAY_MS } }, 'an upcoming order is cancelled')
  t.match(planEarlyEnd(order, T0 + 15 * DAY_MS), { ok: false, code: 'ALREADY_ENDED' })
  t.equal(timedOrderStatus({ ...order, endsAtMs: T0 + DAY_MS, endedEarlyAtMs: T0 + DAY_MS }, T0 + DAY_MS), 'ended-early')
  const cancelledAtStart = { ...order, endsAtMs: T0 + 1, endedEarlyAtMs: T0 }
  t.equal(timedOrderStatus(cancelledAtStart, T0), 'ended-early', 'lifted at the instant it began')
  t.equal(daysLeft(cancelledAtStart, T0), 0)
  t.match(planExtension(cancelledAtStart, { days: 1 }, T0), { ok: false, code: 'ALREADY_ENDED' })
  t.same(planExtension(order, { days: 7 }, T0 + DAY_MS), { ok: true, value: { endsAtMs: T0 + 21 * DAY_MS } })
  t.match(planExtension(order, { endsAtMs: T0 + DAY_MS }, T0), { ok: false, code: 'BAD_EXTENSION' }, 'an extension ends later')
  t.match(planExtension(order, {}, T0), { ok: false, code: 'BAD_EXTENSION' })
  t.match(planExtension(order, { days: 1 }, T0 + 20 * DAY_MS), { ok: false, code: 'ALREADY_ENDED' })
})

t.test('visitor passes are time-boxed and their codes are unguessable lookup keys', async (t) => {
  t.same(visitorPassWindow({ validUntilMs: T0 + 4 * HOUR_MS }, T0, 24 * HOUR_MS), { ok: true, value: { validFromMs: T0, validUntilMs: T0 + 4 * HOUR_MS } })
  t.same(visitorPassWindow({ validFromMs: T0 - HOUR_MS, validUntilMs: T0 + HOUR_MS }, T0, 24 * HOUR_MS), { ok: true, value: { validFromMs: T0, validUntilMs: T0 + HOUR_MS } }, 'never starts in the past')
  t.match(visitorPassWindow({ validUntilMs: T0 + 25 * HOUR_MS }, T0, 24 * HOUR_MS), { ok: false, code: 'BAD_VISITOR_PASS' })
  t.match(visitorPassWindow({ validUntilMs: T0 - 1 }, T0, 24 * HOUR_MS), { ok: false, code: 'BAD_VISITOR_PASS' })
  t.match(visitorPassWindow({ validFromMs: T0 + 30 * HOUR_MS, validUntilMs: T0 + 31 * HOUR_MS }, T0, 24 * HOUR_MS), { ok: false })
  const qr = newVisitorCode('qr')
  t.match(qr.lookupKey, /^visitor:[A-Za-z0-9_-]{16}$/)
  t.same(credentialLookupKey({ kind: 'visitor-code', code: qr.code }), { ok: true, lookupKey: qr.lookupKey })
  t.not(newVisitorCode('qr').code, qr.code)
  const keypad = newVisitorCode('keypad')
  t.same(credentialLookupKey({ kind: 'pin', digits: keypad.code }), { ok: true, lookupKey: keypad.lookupKey })
})
