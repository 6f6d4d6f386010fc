import t from 'tap'
import { generateKeyPairSync } from 'node:crypto'
import { startAccessApp, type AccessAppRig } from '../../fakes/hub-access-app.js'

function phonePublicKey(): string {
  const { publicKey } = generateKeyPairSync('ed25519')
  return Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64')
}

function cardOf(rig: AccessAppRig, personId: string) {
  return rig.community.cards.find((card) => card.personId === personId)!
}

t.test('a card is issued by the admin or the holder’s grid manager, and never by another grid’s', async (t) => {
  const rig = await startAccessApp(t)
  const owner = rig.ownerInGrid(0)
  const card = { kind: 'card', format: 'H10301', facility: 9, cardNumber: 4242 }
  const issued = await rig.inject('admin', { method: 'POST', url: '/api/credentials', payload: { personId: owner, ...card } })
  t.equal(issued.statusCode, 201)
  t.match(issued.json(), { personId: owner, kind: 'card', status: 'active', lookupKey: 'card:h10301:9:4242', maskedReference: '**242', lastUsedAtMs: null })
  const byManager = await rig.inject('gridManager1', { method: 'POST', url: '/api/credentials', payload: { personId: owner, kind: 'entry-pass', passNumber: 'b-7788' } })
  t.equal(byManager.statusCode, 201)
  t.match(byManager.json(), { kind: 'entry-pass', lookupKey: null, maskedReference: '**788' }, 'a grid manager sees the masked number only')
  const before = { audit: rig.auditActions().length, told: rig.policyChanges.length }
  const otherGrid = await rig.inject('gridManager2', { method: 'POST', url: '/api/credentials', payload: { personId: owner, kind: 'pin', digits: '135790' } })
  t.equal(otherGrid.statusCode, 403)
  t.equal(otherGrid.json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject('gateStaff', { method: 'POST', url: '/api/credentials', payload: { personId: owner, kind: 'pin', digits: '135790' } })).json().error.code, 'FORBIDDEN')
  t.equal((await rig.inject('resident', { method: 'POST', url: '/api/credentials', payload: { personId: owner, kind: 'pin', digits: '135790' } })).statusCode, 403)
  t.same([rig.auditActions().length, rig.policyChanges.length], [before.audit, before.told], 'refusals change nothing and tell no one')
  t.same(rig.policyChanges, [`credential.issued ${issued.json().id}`, `credential.issued ${byManager.json().id}`])
})

t.test('the same card active twice is refused DUPLICATE_LOOKUP_KEY; once revoked it can go to someone else', async (t) => {
  const rig = await startAccessApp(t)
  const owner = rig.ownerInGrid(0)
  const taken = cardOf(rig, owner)
  const [, format, facility, cardNumber] = taken.lookupKey.split(':')
  const payload = { personId: rig.ownerInGrid(1), kind: 'card', format: format!.toUpperCase(), facility: Number(facility), cardNumber: Number(cardNumber) }
  const duplicate = await rig.inject('admin', { method: 'POST', url: '/api/credentials', payload })
  t.equal(duplicate.statusCode, 409)
  t.equal(duplicate.json().error.code, 'DUPLICATE_LOOKUP_KEY')
  t.same(rig.policyChanges, [])
  const revoked = await rig.inject('gridManager1', { method: 'POST', url: `/api/credentials/${taken.credentialId}/revoke`, payload: { reason: '卡丢失' } })
  t.match(revoked.json(), { status: 'revoked', revokedAtMs: rig.clock.now(), revokedByAccountId: rig.callers.gridManager1.accountId })
  t.same(rig.policyChanges, [`credential.revoked ${taken.credentialId}`], 'told once, right after the commit')
  const again = await rig.inject('admin', { method: 'POST', url: `/api/credentials/${taken.credentialId}/revoke`, payload: {} })
  t.equal(again.json().error.code, 'ALREADY_REVOKED')
  t.equal(rig.policyChanges.length, 1, 'a refused revocation tells no one')
  t.equal((await rig.inject('admin', { method: 'POST', url: '/api/credentials', payload })).statusCode, 201)
  t.equal(rig.auditActions().filter((action) => action === 'credential.revoked').length, 1)
})

t.test("revocation and reading stay in scope: another grid's manager, residents, gate staff", async (t) => {
  const rig = await startAccessApp(t)
  const card = cardOf(rig, rig.ownerInGrid(0))
  t.equal((await rig.inject('gridManager2', { method: 'POST', url: `/api/credentials/${card.credentialId}/revoke`, payload: {} })).json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject('otherResident', { method: 'POST', url: `/api/credentials/${card.credentialId}/revoke`, payload: {} })).statusCode, 403)
  t.equal((await rig.inject('gateStaff', { method: 'GET', url: `/api/credentials/${card.credentialId}` })).json().error.code, 'FORBIDDEN')
  const grid1 = await rig.inject('gridManager1', { method: 'GET', url: '/api/credentials?limit=200' })
  const grid1Holders = new Set(grid1.json().items.map((item: { personId: string }) => item.personId))
  t.ok(grid1Holders.has(rig.ownerInGrid(0)))
  t.notOk(grid1Holders.has(rig.ownerInGrid(1)), "no credential of grid 2's people")
  const own = await rig.inject('resident', { method: 'GET', url: '/api/credentials' })
  t.ok(own.json().items.every((item: { personId: string }) => item.personId === rig.callers.resident.personId))
  t.ok(own.json().total >= 1)
  t.equal((await rig.inject('resident', { method: 'GET', url: `/api/credentials?personId=${rig.ownerInGrid(1)}` })).json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject('landlord', { method: 'GET', url: '/api/credentials' })).statusCode, 403)
  const byKey = await rig.inject('admin', { method: 'GET', url: `/api/credentials?lookupKey=${encodeURIComponent(card.lookupKey)}` })
  t.same(byKey.json().items.map((item: { id: string }) => item.id), [card.credentialId], 'who holds this card')
  const elsewhere = await rig.inject('gridManager2', { method: 'GET', url: `/api/credentials?lookupKey=${encodeURIComponent(card.lookupKey)}` })
  t.equal(elsewhere.json().total, 0, 'not from another grid')
  t.same(rig.policyChanges, [])
})

t.test('a PIN is shown to nobody, and where a credential was last used is shown with the door name', async (t) => {
  const rig = await startAccessApp(t)
  const owner = rig.ownerInGrid(0)
  const pin = await rig.inject('admin', { method: 'POST', url: '/api/credentials', payload: { personId: owner, kind: 'pin', digits: '８６４２' } })
  t.match(pin.json(), { kind: 'pin', lookupKey: null, maskedReference: '****' })
  const card = cardOf(rig, owner)
  const doorId = rig.community.gateDoorIds.residents
  rig.database.connection.prepare('UPDATE credentials SET last_used_at_ms = ?, last_used_door_id = ? WHERE id = ?').run(rig.clock.now() - 60_000, doorId, card.credentialId)
  const read = await rig.inject('gridManager1', { method: 'GET', url: `/api/credentials/${card.credentialId}` })
  t.match(read.json(), { lastUsedAtMs: rig.clock.now() - 60_000, lastUsedDoorId: doorId, lastUsedDoorName: /南门/ })
  const invalid = await rig.inject('admin', { method: 'POST', url: '/api/credentials', payload: { personId: owner, kind: 'pin', digits: '12ab' } })
  t.match(invalid.json().error, { code: 'BAD_CREDENTIAL', details: ['BAD_PIN'] })
})

t.test('a resident enrols their own phone; staff bind their entry pass to it; a lost phone is revoked by its owner', async (t) => {
  const rig = await startAccessApp(t)
  const residentId = rig.callers.resident.personId!
  const publicKey = phonePublicKey()
  const registered = await rig.inject('resident', { method: 'POST', url: '/api/phone-keys', payload: { publicKey, label: '我的手机' } })
  t.equal(registered.statusCode, 201)
  const key = registered.json()
  t.match(key, { id: /^pk-[0-9a-f]{16}$/, personId: residentId, status: 'active', credentialId: /^cred-/ })
  t.equal((await rig.inject('resident', { method: 'POST', url: '/api/phone-keys', payload: { publicKey } })).json().error.code, 'PHONE_KEY_EXISTS')
  t.equal((await rig.inject('resident', { method: 'POST', url: '/api/phone-keys', payload: { publicKey: 'AAAA' } })).json().error.code, 'BAD_PUBLIC_KEY')
  t.equal((await rig.inject('resident', { method: 'POST', url: '/api/phone-keys', payload: { publicKey: phonePublicKey(), personId: rig.ownerInGrid(1) } })).json().error.code, 'OUT_OF_SCOPE')
  const pass = rig.community.entryPasses.find((entry) => entry.personId === residentId)!
  t.equal((await rig.inject('resident', { method: 'PUT', url: `/api/credentials/${pass.credentialId}/phone-binding`, payload: { phoneKeyId: key.id } })).statusCode, 403, 'a resident cannot move a pass to a phone')
  const bound = await rig.inject('gridManager1', { method: 'PUT', url: `/api/credentials/${pass.credentialId}/phone-binding`, payload: { phoneKeyId: key.id } })
  t.match(bound.json(), { boundPhoneKeyId: key.id })
  t.equal((await rig.inject('resident', { method: 'GET', url: `/api/phone-keys/${key.id}` })).json().passCredentialId, pass.credentialId)
  t.equal((await rig.inject('otherResident', { method: 'POST', url: `/api/phone-keys/${key.id}/revoke`, payload: {} })).statusCode, 403)
  const revoked = await rig.inject('resident', { method: 'POST', url: `/api/phone-keys/${key.id}/revoke`, payload: { reason: '手机丢了' } })
  t.match(revoked.json(), { status: 'revoked', revokedAtMs: rig.clock.now() })
  t.match((await rig.inject('resident', { method: 'GET', url: `/api/credentials/${key.credentialId}` })).json(), { kind: 'phone', status: 'revoked' })
  t.same(rig.policyChanges, [`phone-key.registered ${key.id}`, `credential.bound ${pass.credentialId}`, `phone-key.revoked ${key.id}`])
  t.same(rig.auditActions().slice(-3), ['phone-key.registered', 'credential.bound', 'phone-key.revoked'])
  const listed = await rig.inject('gridManager2', { method: 'GET', url: '/api/phone-keys' })
  t.equal(listed.json().total, 0, "grid 2's manager sees no phone of grid 1")
})

t.test('a failing policy listener does not undo or hide a committed change', async (t) => {
  const rig = await startAccessApp(t, { listenerThrows: true })
  const card = cardOf(rig, rig.ownerInGrid(0))
  const revoked = await rig.inject('admin', { method: 'POST', url: `/api/credentials/${card.credentialId}/revoke`, payload: {} })
  t.equal(revoked.statusCode, 200)
  t.equal(revoked.json().status, 'revoked')
  t.same(rig.policyChanges, [`credential.revoked ${card.credentialId}`])
})
