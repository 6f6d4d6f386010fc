import t, { type Test } from 'tap'
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'
import { join } from 'node:path'
import { SubjectPlaces } from '../../../hub/src/adapters/sqlite/access/subject-places.js'
import { HubRuntime } from '../../../hub/src/assembly/hub-runtime.js'
import { loadHubConfig } from '../../../hub/src/config/load-hub-config.js'
import { PHONE_OPEN_SIGNATURE_DOMAIN, phoneOpenSignedValue } from '../../../hub/src/domain/phone/phone-open-proof.js'
import { domainSeparatedBytes } from '../../../protocol/mqtt/domain-separated-signature.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { seedCommunity } from '../../fakes/hub-community-seed.js'
import { sessionHeadersFor } from '../../fakes/hub-session-for.js'
import { SilentLogger } from '../../fakes/silent-logger.js'

type Json = Record<string, any>

async function hubWithCommunity(t: Test) {
  const loaded = loadHubConfig(JSON.stringify({ dataDir: join(t.testdir(), 'data'), http: { port: 0 }, mqtt: { port: 0 } }))
  if (!loaded.ok) throw new Error(loaded.violations.join('; '))
  const clock = new ManualClock(Date.UTC(2026, 10, 23, 2))
  const runtime = new HubRuntime({ config: loaded.value, clock, log: new SilentLogger() })
  t.teardown(() => runtime.database.close())
  const seeded = seedCommunity(runtime.database.connection, { households: 8 })
  const call = async (method: string, url: string, headers: Record<string, string>, payload?: unknown) => {
    const reply = await runtime.app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined && { payload: payload as Json }) })
    return { status: reply.statusCode, body: (reply.body === '' ? null : JSON.parse(reply.body)) as Json, setCookie: reply.headers['set-cookie'] }
  }
  return { runtime, clock, seeded, call, admin: sessionHeadersFor(runtime.database.connection, seeded.accounts.adminId, clock.now()) }
}

function phoneKeyPair(): { privateKey: KeyObject; publicKeyBase64: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const x = publicKey.export({ format: 'jwk' }).x!
  return { privateKey, publicKeyBase64: Buffer.from(x, 'base64url').toString('base64') }
}

function proofFor(privateKey: KeyObject, keyId: string, doorId: string, issuedAtMs: number, nonce = randomBytes(16).toString('base64url')) {
  const proof = { keyId, nonce, issuedAtMs }
  const signature = sign(null, domainSeparatedBytes(PHONE_OPEN_SIGNATURE_DOMAIN, phoneOpenSignedValue(doorId, 'UNLOCK', proof)), privateKey).toString('base64')
  return { ...proof, signature }
}

t.test('a one-time link enrols a phone: resident account without password, key registered, session bound to the key', async (t) => {
  const { runtime, clock, seeded, call, admin } = await hubWithCommunity(t)
  const personId = seeded.ownerIds[1]!
  const issued = await call('POST', `/api/persons/${personId}/phone-enrollment`, admin)
  t.equal(issued.status, 201)
  t.match(issued.body, { path: `/app/#/enrol/${issued.body.token}`, expiresAtMs: clock.now() + 24 * 60 * 60_000 })
  const stored = runtime.database.connection.prepare('SELECT token_sha256 FROM phone_enrollment_tokens').all() as { token_sha256: string }[]
  t.notOk(stored.some((row) => row.token_sha256 === issued.body.token), 'only the hash is stored')

  const phone = phoneKeyPair()
  const enrolled = await call('POST', '/api/phone-enrollment', {}, { token: issued.body.token, publicKey: phone.publicKeyBase64, label: 'test phone' })
  t.equal(enrolled.status, 201, JSON.stringify(enrolled.body))
  t.match(enrolled.body, { account: { role: 'resident', personId }, phoneKey: { personId, status: 'active', publicKey: phone.publicKeyBase64 } })
  const cookie = String(enrolled.setCookie).split(';')[0]!
  const phoneHeaders = { cookie, 'x-csrf-token': enrolled.body.csrfToken as string }
  const account = runtime.database.connection.prepare('SELECT password_hash FROM accounts WHERE id = ?').get(enrolled.body.account.id) as { password_hash: string | null }
  t.equal(account.password_hash, null, 'the account cannot sign in with a password')
  t.same((await call('GET', '/api/me/phone', phoneHeaders)).body, { keyId: enrolled.body.phoneKey.id, status: 'active' })

  const again = await call('POST', '/api/phone-enrollment', {}, { token: issued.body.token, publicKey: phoneKeyPair().publicKeyBase64 })
  t.match(again, { status: 410, body: { error: { code: 'ENROLMENT_LINK_USED' } } }, 'the link works once')
  const audit = runtime.database.connection.prepare("SELECT action FROM audit_log WHERE action LIKE 'phone%' OR action = 'account.created' ORDER BY seq").all() as { action: string }[]
  t.same(audit.map((row) => row.action), ['phone-enrolment.issued', 'account.created', 'phone-key.registered', 'phone.enrolled'])

  await runtime.distributor.start()
  t.teardown(() => runtime.distributor.stop())
  const doors = await call('GET', '/api/me/doors', phoneHeaders)
  t.equal(doors.status, 200)
  const doorIds = (doors.body.items as Json[]).map((door) => door.doorId)
  t.ok(doorIds.includes(seeded.gateDoorIds.residents), 'the gate is among my doors')
  t.equal(doorIds.filter((id) => seeded.buildingDoorIds.includes(id)).length, 1, 'and exactly one building door: my own')
})

t.test('a phone session opens only with a fresh request signed by its own key, once', async (t) => {
  const { clock, seeded, call, admin } = await hubWithCommunity(t)
  const issued = await call('POST', `/api/persons/${seeded.ownerIds[0]!}/phone-enrollment`, admin)
  const phone = phoneKeyPair()
  const enrolled = await call('POST', '/api/phone-enrollment', {}, { token: issued.body.token, publicKey: phone.publicKeyBase64 })
  const headers = { cookie: String(enrolled.setCookie).split(';')[0]!, 'x-csrf-token': enrolled.body.csrfToken as string }
  const keyId = enrolled.body.phoneKey.id as string
  const door = seeded.gateDoorIds.residents
  const open = (body: Json) => call('POST', `/api/doors/${door}/open`, headers, body)

  t.match(await open({}), { status: 401, body: { error: { code: 'PHONE_PROOF_REQUIRED' } } }, 'a copied cookie alone opens nothing')
  const stranger = phoneKeyPair()
  t.match(await open({ phoneProof: proofFor(stranger.privateKey, keyId, door, clock.now()) }), { status: 403, body: { error: { code: 'PHONE_PROOF_INVALID' } } })
  t.match(await open({ phoneProof: proofFor(phone.privateKey, keyId, seeded.gateDoorIds.assisted, clock.now()) }), { status: 403, body: { error: { code: 'PHONE_PROOF_INVALID' } } }, 'signed for another door')
  t.match(await open({ phoneProof: proofFor(phone.privateKey, keyId, door, clock.now() - 5 * 60_000) }), { status: 403, body: { error: { code: 'PHONE_PROOF_STALE' } } })
  const good = proofFor(phone.privateKey, keyId, door, clock.now())
  const first = await open({ phoneProof: good })
  t.notMatch(String(first.body?.error?.code ?? ''), /^PHONE_/, `a good proof passes the phone check (then the gate is asked: ${first.status})`)
  t.match(await open({ phoneProof: good }), { status: 409, body: { error: { code: 'PHONE_PROOF_REPLAYED' } } }, 'the same signed request is refused the second time')
})

t.test('links are issued by staff of the person’s grid only, and a bad or expired link changes nothing', async (t) => {
  const { runtime, clock, seeded, call, admin } = await hubWithCommunity(t)
  const places = new SubjectPlaces(runtime.database.connection)
  const ownerInGrid0 = seeded.ownerIds.find((id) => places.person(id)?.gridId === seeded.gridIds[0])!
  const otherManager = sessionHeadersFor(runtime.database.connection, seeded.accounts.gridManagerIds[1]!, clock.now())
  t.match(await call('POST', `/api/persons/${ownerInGrid0}/phone-enrollment`, otherManager), { status: 403, body: { error: { code: 'OUT_OF_SCOPE' } } })
  const ownManager = sessionHeadersFor(runtime.database.connection, seeded.accounts.gridManagerIds[0]!, clock.now())
  t.equal((await call('POST', `/api/persons/${ownerInGrid0}/phone-enrollment`, ownManager)).status, 201)
  const resident = sessionHeadersFor(runtime.database.connection, seeded.accounts.residentAccountId, clock.now())
  t.equal((await call('POST', `/api/persons/${seeded.ownerIds[0]!}/phone-enrollment`, resident)).status, 403, 'a resident cannot issue links')

  const issued = await call('POST', `/api/persons/${ownerInGrid0}/phone-enrollment`, admin)
  const before = runtime.database.connection.prepare('SELECT COUNT(*) AS n FROM phone_keys').get() as { n: number }
  t.match(await call('POST', '/api/phone-enrollment', {}, { token: issued.body.token, publicKey: 'not-a-key' }), { status: 400, body: { error: { code: 'BAD_PUBLIC_KEY' } } })
  t.match(await call('POST', '/api/phone-enrollment', {}, { token: 'x'.repeat(43), publicKey: phoneKeyPair().publicKeyBase64 }), { status: 404, body: { error: { code: 'ENROLMENT_LINK_UNKNOWN' } } })
  clock.advance(24 * 60 * 60_000)
  t.match(await call('POST', '/api/phone-enrollment', {}, { token: issued.body.token, publicKey: phoneKeyPair().publicKeyBase64 }), { status: 410, body: { error: { code: 'ENROLMENT_LINK_EXPIRED' } } })
  t.same(runtime.database.connection.prepare('SELECT COUNT(*) AS n FROM phone_keys').get(), before, 'no key was registered by refused attempts')
})
