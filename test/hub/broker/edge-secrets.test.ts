import t from 'tap'
import { checkEdgePublish, checkEdgeSubscribe } from '../../../hub/src/domain/broker/edge-topic-acl.js'
import { newEdgePassword } from '../../../hub/src/domain/enrollment/edge-password.js'
import { newEnrollmentToken, normalizeEnrollmentToken } from '../../../hub/src/domain/enrollment/enrollment-token.js'
import { isSecretMatching, secretDigest } from '../../../hub/src/domain/enrollment/secret-digest.js'

t.test('an edge password is 32 random bytes, base64url', async (t) => {
  const password = newEdgePassword()
  t.equal(Buffer.from(password, 'base64url').length, 32)
  t.not(password, newEdgePassword())
})

t.test('enrollment tokens read the same however they are typed; anything else is not a token', async (t) => {
  const token = newEnrollmentToken()
  t.match(token, /^[0-9a-z]{5}(-[0-9a-z]{5}){4}$/)
  const canonical = token.replaceAll('-', '')
  t.equal(normalizeEnrollmentToken(token), canonical)
  t.equal(normalizeEnrollmentToken(` ${token.toUpperCase().replaceAll('-', ' ')} `), canonical)
  t.equal(normalizeEnrollmentToken(canonical.slice(1)), null, 'too short')
  t.equal(normalizeEnrollmentToken(`${canonical.slice(1)}u`), null, 'u is not in the alphabet')
  t.equal(normalizeEnrollmentToken('x'.repeat(1000)), null)
})

t.test('a secret matches only its own digest, and a missing digest or an oversized secret never matches', async (t) => {
  const digest = secretDigest('correct horse')
  t.equal(isSecretMatching('correct horse', digest), true)
  t.equal(isSecretMatching(Buffer.from('correct horse'), digest), true)
  t.equal(isSecretMatching('correct horsf', digest), false)
  t.equal(isSecretMatching('correct horse', null), false)
  t.equal(isSecretMatching('', secretDigest('')), true)
  t.equal(isSecretMatching('', null), false, 'no stored digest: even the digest of nothing does not match')
  t.equal(isSecretMatching('a'.repeat(300), secretDigest('a'.repeat(300))), false)
})

t.test('the publish ACL keeps an edge to its own edge-published kinds with the contract retain flags', async (t) => {
  const base = 'city/community-7'
  t.same(checkEdgePublish(base, 'gate-1', 'city/community-7/edge/gate-1/event', false), { ok: true, value: 'event' })
  t.same(checkEdgePublish(base, 'gate-1', 'city/community-7/edge/gate-1/status', true), { ok: true, value: 'status' })
  t.same(checkEdgePublish(base, 'gate-1', 'city/community-7/edge/gate-2/event', false), { ok: false, reason: 'other-edge' })
  t.same(checkEdgePublish(base, 'gate-1', 'city/community-7/edge/gate-1/policy', true), { ok: false, reason: 'hub-only-kind' })
  t.same(checkEdgePublish(base, 'gate-1', 'city/community-7/edge/gate-1/alarm', true), { ok: false, reason: 'wrong-retain' })
  t.same(checkEdgePublish(base, 'gate-1', 'gatehouse/edge/gate-1/event', false), { ok: false, reason: 'foreign-topic' })
  t.same(checkEdgePublish(base, 'gate-1', 'city/community-7/edge/gate-1/event/extra', false), { ok: false, reason: 'foreign-topic' })
  t.same(checkEdgePublish(base, 'gate-1', '$SYS/anything', false), { ok: false, reason: 'system-topic' })
})

t.test('the subscribe ACL allows filters inside the namespace only', async (t) => {
  const base = 'gatehouse'
  t.equal(checkEdgeSubscribe(base, 'gate-1', 'gatehouse/edge/gate-1/command').ok, true)
  t.equal(checkEdgeSubscribe(base, 'gate-1', 'gatehouse/edge/gate-1/#').ok, true)
  t.equal(checkEdgeSubscribe(base, 'gate-1', 'gatehouse/edge/gate-1/+').ok, true)
  for (const filter of ['gatehouse/edge/+/command', 'gatehouse/edge/#', '#', '+/edge/gate-1/command', 'gatehouse/edge/gate-10/command', 'gatehouse/edge/gate-1/comm#']) {
    t.same(checkEdgeSubscribe(base, 'gate-1', filter), { ok: false, reason: 'subscribe-outside-namespace' }, filter)
  }
  t.same(checkEdgeSubscribe(base, 'gate-1', '$SYS/#'), { ok: false, reason: 'system-topic' })
})
