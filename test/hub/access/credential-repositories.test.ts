import t, { type Test } from 'tap'
import { CredentialRepository } from '../../../hub/src/adapters/sqlite/access/credential-repository.js'
import { DoorRepository } from '../../../hub/src/adapters/sqlite/access/door-repository.js'
import { EdgeRepository } from '../../../hub/src/adapters/sqlite/access/edge-repository.js'
import { PhoneKeyRepository } from '../../../hub/src/adapters/sqlite/access/phone-key-repository.js'
import { SubjectPlaces } from '../../../hub/src/adapters/sqlite/access/subject-places.js'
import { VisitorPassRepository } from '../../../hub/src/adapters/sqlite/access/visitor-pass-repository.js'
import { ADMIN, COMMUNITY, GRID1_MANAGER, HOUR_MS, T0, ZHANG, auditRows, contextOf, fakePublicKey, openAccessTestDatabase } from '../../fakes/hub-access-fixtures.js'

const PAGE = { limit: 50, offset: 0 }
const admin = contextOf(ADMIN)
const CARD = { kind: 'card', format: 'H10301', facility: 212, cardNumber: 7041 } as const

function repositories(t: Test) {
  const database = openAccessTestDatabase(t)
  const { connection } = database
  const credentials = new CredentialRepository(connection)
  return {
    database,
    credentials,
    phoneKeys: new PhoneKeyRepository(connection, credentials),
    visitors: new VisitorPassRepository(connection, credentials, new SubjectPlaces(connection)),
  }
}

function must<T>(outcome: { ok: true; value: T } | { ok: false; code: string }): T {
  if (!outcome.ok) throw new Error(`unexpected ${outcome.code}`)
  return outcome.value
}

t.test('a card is issued with its lookup key; the same card active twice is refused DUPLICATE_LOOKUP_KEY', async (t) => {
  const { database, credentials } = repositories(t)
  const card = must(credentials.issue({ personId: COMMUNITY.zhang, read: CARD, validFromMs: null, validUntilMs: null }, admin))
  t.match(card, { kind: 'card', lookupKey: 'card:h10301:212:7041', status: 'active', personName: '张建国', issuedByAccountId: ADMIN.accountId, issuedAtMs: T0 })
  const duplicate = credentials.issue({ personId: COMMUNITY.li, read: { ...CARD, format: 'h10301' }, validFromMs: null, validUntilMs: null }, admin)
  t.match(duplicate, { ok: false, code: 'DUPLICATE_LOOKUP_KEY' })
  t.notMatch(duplicate.ok ? '' : duplicate.message, /7041:|212:7041/, 'the message masks the card number')
  t.match(credentials.issue({ personId: 'per-nobody', read: { kind: 'pin', digits: '2468' }, validFromMs: null, validUntilMs: null }, admin), { ok: false, code: 'UNKNOWN_REFERENCE' })
  t.match(credentials.issue({ personId: COMMUNITY.zhang, read: { kind: 'pin', digits: '2468' }, validFromMs: 5, validUntilMs: 5 }, admin), { ok: false, code: 'BAD_INTERVAL' })
  const audit = auditRows(database)
  t.same(audit.map((row) => row.action), ['credential.issued'])
  t.notMatch(audit[0]!.detail, /212:7041|h10301/, 'no full card number in the audit log')
  t.match(JSON.parse(audit[0]!.detail), { reference: '***7041' })
})

t.test('revoking keeps who and when; a revoked key can be issued again, revoking twice is refused', async (t) => {
  const { database, credentials } = repositories(t)
  const card = must(credentials.issue({ personId: COMMUNITY.zhang, read: CARD, validFromMs: null, validUntilMs: null }, admin))
  const revoked = must(credentials.revoke(card.id, 'card lost', contextOf(GRID1_MANAGER, T0 + 5_000)))
  t.match(revoked, { status: 'revoked', revokedAtMs: T0 + 5_000, revokedByAccountId: GRID1_MANAGER.accountId })
  t.match(credentials.revoke(card.id, 'again', admin), { ok: false, code: 'ALREADY_REVOKED' })
  t.match(credentials.issue({ personId: COMMUNITY.li, read: CARD, validFromMs: null, validUntilMs: null }, admin), { ok: true, value: { personId: COMMUNITY.li } })
  const revokedRow = auditRows(database).find((row) => row.action === 'credential.revoked')!
  t.equal(revokedRow.actorId, GRID1_MANAGER.accountId)
  t.match(JSON.parse(revokedRow.detail), { reason: 'card lost', reference: '***7041' })
})

t.test("where a credential was last used: the columns the ingest side stamps, with the door's name", async (t) => {
  const { database, credentials } = repositories(t)
  new EdgeRepository(database.connection).create({ id: 'north', name: 'North' }, admin)
  new DoorRepository(database.connection).create('north', { id: 'north-in', name: '北门 居民通道', kind: 'gate' }, admin)
  const card = must(credentials.issue({ personId: COMMUNITY.zhang, read: CARD, validFromMs: null, validUntilMs: null }, admin))
  t.match(card, { lastUsedAtMs: null, lastUsedDoorId: null, lastUsedDoorName: null })
  database.connection.prepare('UPDATE credentials SET last_used_at_ms = ?, last_used_door_id = ? WHERE id = ?').run(T0 + HOUR_MS, 'north-in', card.id)
  t.match(credentials.get(card.id), { lastUsedAtMs: T0 + HOUR_MS, lastUsedDoorId: 'north-in', lastUsedDoorName: '北门 居民通道' })
})

t.test('credential lists filter by person, kind, status and grid', async (t) => {
  const { credentials } = repositories(t)
  must(credentials.issue({ personId: COMMUNITY.zhang, read: CARD, validFromMs: null, validUntilMs: null }, admin))
  const pass = must(credentials.issue({ personId: COMMUNITY.zhangWife, read: { kind: 'entry-pass', passNumber: 'A0123' }, validFromMs: null, validUntilMs: null }, admin))
  must(credentials.issue({ personId: COMMUNITY.li, read: { kind: 'pin', digits: '2468' }, validFromMs: null, validUntilMs: null }, admin))
  credentials.revoke(pass.id, 'moved', admin)
  t.equal(credentials.list({}, PAGE).total, 3)
  t.same(credentials.list({ gridId: COMMUNITY.grid1 }, PAGE).items.map((item) => item.personId).sort(), [COMMUNITY.zhang, COMMUNITY.zhangWife])
  t.same(credentials.list({ gridId: COMMUNITY.grid1, status: 'active' }, PAGE).items.map((item) => item.kind), ['card'])
  t.same(credentials.list({ kind: 'pin' }, PAGE).items.map((item) => item.personId), [COMMUNITY.li])
  t.same(credentials.list({ lookupKey: 'pass:A0123' }, PAGE).items.map((item) => item.status), ['revoked'])
})

t.test('a phone key comes with its own phone credential; the same key twice is refused', async (t) => {
  const { database, phoneKeys, credentials } = repositories(t)
  const key = must(phoneKeys.register({ personId: COMMUNITY.zhang, publicKey: fakePublicKey(1), label: 'Zhang’s Android' }, contextOf(ZHANG)))
  t.match(key, { id: /^pk-[0-9a-f]{16}$/, status: 'active', passCredentialId: null, label: 'Zhang’s Android' })
  t.match(credentials.get(key.credentialId!), { kind: 'phone', lookupKey: `phone:${key.id}`, personId: COMMUNITY.zhang, status: 'active' })
  t.match(phoneKeys.register({ personId: COMMUNITY.li, publicKey: fakePublicKey(1), label: null }, admin), { ok: false, code: 'PHONE_KEY_EXISTS' })
  t.match(phoneKeys.register({ personId: COMMUNITY.zhang, publicKey: 'not a key', label: null }, admin), { ok: false, code: 'BAD_PUBLIC_KEY' })
  t.same(auditRows(database).map((row) => [row.action, row.actorId]), [['phone-key.registered', ZHANG.accountId]])
})

t.test('a lost phone: revoking the key revokes its credential, and the pass bound to it stays bound to a dead key', async (t) => {
  const { phoneKeys, credentials } = repositories(t)
  const key = must(phoneKeys.register({ personId: COMMUNITY.zhang, publicKey: fakePublicKey(1), label: null }, admin))
  const pass = must(credentials.issue({ personId: COMMUNITY.zhang, read: { kind: 'entry-pass', passNumber: 'A0123' }, validFromMs: null, validUntilMs: null }, admin))
  t.match(phoneKeys.bindPass(pass.id, key.id, admin), { ok: true, value: { boundPhoneKeyId: key.id } })
  t.equal(phoneKeys.get(key.id)!.passCredentialId, pass.id, 'both sides of the binding agree')
  t.match(phoneKeys.revoke(key.id, 'phone lost', contextOf(ZHANG, T0 + 1)), { ok: true, value: { status: 'revoked', revokedAtMs: T0 + 1 } })
  t.match(credentials.get(key.credentialId!), { status: 'revoked', revokedByAccountId: ZHANG.accountId })
  t.match(credentials.get(pass.id), { status: 'active', boundPhoneKeyId: key.id })
  t.match(phoneKeys.revoke(key.id, 'again', admin), { ok: false, code: 'ALREADY_REVOKED' })
  t.match(phoneKeys.bindPass(pass.id, key.id, admin), { ok: false, code: 'BAD_BINDING' }, 'not to a revoked key')
  const newKey = must(phoneKeys.register({ personId: COMMUNITY.zhang, publicKey: fakePublicKey(2), label: 'new phone' }, admin))
  t.match(phoneKeys.bindPass(pass.id, newKey.id, admin), { ok: true, value: { boundPhoneKeyId: newKey.id } })
  t.equal(phoneKeys.get(key.id)!.passCredentialId, null, 'the old phone no longer carries it')
})

t.test('a pass binds only to an active phone of its own holder, and a phone carries one pass', async (t) => {
  const { phoneKeys, credentials } = repositories(t)
  const zhangKey = must(phoneKeys.register({ personId: COMMUNITY.zhang, publicKey: fakePublicKey(1), label: null }, admin))
  const liKey = must(phoneKeys.register({ personId: COMMUNITY.li, publicKey: fakePublicKey(2), label: null }, admin))
  const pass = must(credentials.issue({ personId: COMMUNITY.zhang, read: { kind: 'entry-pass', passNumber: 'A0123' }, validFromMs: null, validUntilMs: null }, admin))
  const second = must(credentials.issue({ personId: COMMUNITY.zhang, read: { kind: 'entry-pass', passNumber: 'A0124' }, validFromMs: null, validUntilMs: null }, admin))
  const card = must(credentials.issue({ personId: COMMUNITY.zhang, read: CARD, validFromMs: null, validUntilMs: null }, admin))
  t.match(phoneKeys.bindPass(pass.id, liKey.id, admin), { ok: false, code: 'BAD_BINDING' }, "the friend's phone (story 2)")
  t.match(phoneKeys.bindPass(card.id, zhangKey.id, admin), { ok: false, code: 'BAD_BINDING' }, 'a card is not bound')
  t.match(phoneKeys.bindPass(pass.id, 'pk-0000000000000000', admin), { ok: false, code: 'UNKNOWN_REFERENCE' })
  must(phoneKeys.bindPass(pass.id, zhangKey.id, admin))
  t.match(phoneKeys.bindPass(second.id, zhangKey.id, admin), { ok: false, code: 'BAD_BINDING' })
  t.match(phoneKeys.bindPass(pass.id, null, admin), { ok: true, value: { boundPhoneKeyId: null } })
  t.equal(phoneKeys.get(zhangKey.id)!.passCredentialId, null)
  t.match(phoneKeys.bindPass(second.id, zhangKey.id, admin), { ok: true })
  credentials.revoke(second.id, 'lost', admin)
  t.equal(phoneKeys.get(zhangKey.id)!.passCredentialId, null, 'a revoked pass frees its phone')
  t.match(phoneKeys.bindPass(pass.id, zhangKey.id, admin), { ok: true })
})

t.test("a visitor pass makes a visitor person with a time-boxed credential for the host's building", async (t) => {
  const { database, visitors, credentials } = repositories(t)
  const pass = must(visitors.invite({ hostPersonId: COMMUNITY.zhang, visitorName: '陈访客', visitorPhone: '13800138000', validUntilMs: T0 + 4 * HOUR_MS, codeForm: 'qr' }, 24 * HOUR_MS, contextOf(ZHANG)))
  t.match(pass, { kind: 'visitor', hostPersonId: COMMUNITY.zhang, hostBuildingId: COMMUNITY.building1, validFromMs: T0, validUntilMs: T0 + 4 * HOUR_MS, personName: '陈访客', lookupKey: /^visitor:[A-Za-z0-9_-]{16}$/ })
  t.match(database.connection.prepare('SELECT role, household_id AS householdId FROM persons WHERE id = ?').get(pass.personId), { role: 'visitor', householdId: null })
  const keypad = must(visitors.invite({ hostPersonId: COMMUNITY.zhang, visitorName: '快递', visitorPhone: null, validUntilMs: T0 + HOUR_MS, codeForm: 'keypad' }, 24 * HOUR_MS, contextOf(ZHANG)))
  t.match(keypad.lookupKey, /^pin:[0-9]{8}$/)
  t.match(visitors.invite({ hostPersonId: COMMUNITY.wang, visitorName: 'x', visitorPhone: null, validUntilMs: T0 + HOUR_MS, codeForm: 'qr' }, 24 * HOUR_MS, admin), { ok: false, code: 'HOST_HAS_NO_BUILDING' })
  t.match(visitors.invite({ hostPersonId: COMMUNITY.zhang, visitorName: 'x', visitorPhone: null, validUntilMs: T0 + 30 * HOUR_MS, codeForm: 'qr' }, 24 * HOUR_MS, admin), { ok: false, code: 'BAD_VISITOR_PASS' })
  t.match(visitors.invite({ hostPersonId: pass.personId, visitorName: 'x', visitorPhone: null, validUntilMs: T0 + HOUR_MS, codeForm: 'qr' }, 24 * HOUR_MS, admin), { ok: false, code: 'BAD_VISITOR_PASS' }, 'a visitor invites nobody')
  t.match(credentials.issue({ personId: pass.personId, read: CARD, validFromMs: null, validUntilMs: null }, admin), { ok: false, code: 'BAD_CREDENTIAL' }, 'a visitor gets no card')
  t.equal(visitors.list({ hostPersonId: COMMUNITY.zhang }, T0, PAGE).total, 2)
  t.equal(visitors.list({ gridId: COMMUNITY.grid2 }, T0, PAGE).total, 0)
  t.equal(visitors.list({ state: 'current' }, T0 + 2 * HOUR_MS, PAGE).total, 1)
  t.equal(visitors.list({ state: 'ended' }, T0 + 2 * HOUR_MS, PAGE).total, 1)
  t.equal(visitors.get(pass.id)?.id, pass.id)
  const audit = auditRows(database).map((row) => row.action)
  t.same(audit, ['visitor-pass.issued', 'visitor-pass.issued'])
  t.notMatch(JSON.stringify(auditRows(database)), pass.lookupKey.slice('visitor:'.length), 'the code is not in the audit log')
})
