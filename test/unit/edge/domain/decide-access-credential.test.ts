import t from 'tap'
import { DAY_MS, HOUR_MS, MONDAY_10AM_MS, makeCredential, makePhoneKey, type MutableEntities } from '../../../fakes/policy-rows.js'
import { decide } from './decide-access-harness.js'

const PASS = 'pass:A0123'

t.test('grants a resident their own building door with GRANTED, naming them for the screen', async (t) => {
  const outcome = decide()
  t.equal(outcome.granted, true)
  t.equal(outcome.reason, 'GRANTED')
  t.same(outcome.person, { id: 'p-zhang', displayName: '张建国', role: 'resident', photoId: null })
  t.equal(outcome.credentialId, 'c-zhang')
  t.same(outcome.flags, [])
})

t.test('refuses a replayed QR code with REPLAYED, even for a valid credential', async (t) => {
  const outcome = decide({ request: { isReplay: true } })
  t.same([outcome.granted, outcome.reason, outcome.person], [false, 'REPLAYED', null])
})

t.test('refuses a card nobody enrolled with UNKNOWN_CREDENTIAL', async (t) => {
  const outcome = decide({ request: { credential: { presentedAs: 'card', lookupKey: 'card:h10301:212:9999' } } })
  t.same([outcome.granted, outcome.reason, outcome.person], [false, 'UNKNOWN_CREDENTIAL', null])
})

t.test('refuses a credential whose person row is missing with UNKNOWN_CREDENTIAL', async (t) => {
  const outcome = decide({ entities: (e) => void (e.person = e.person.filter((p) => p.id !== 'p-zhang')) })
  t.same([outcome.reason, outcome.credentialId], ['UNKNOWN_CREDENTIAL', 'c-zhang'])
})

t.test('refuses a revoked card with REVOKED', async (t) => {
  const outcome = decide({ entities: (e) => void (e.credential[0] = { ...e.credential[0]!, status: 'revoked' }) })
  t.same([outcome.granted, outcome.reason], [false, 'REVOKED'])
  t.same(outcome.evidence, { entity: 'credential', key: 'c-zhang' })
})

t.test('refuses a card after its validUntil with EXPIRED, and exactly at validUntil', async (t) => {
  const until = MONDAY_10AM_MS
  const entities = (e: MutableEntities) =>
    void (e.credential[0] = { ...e.credential[0]!, validUntilMs: until })
  t.equal(decide({ entities, request: { atMs: until } }).reason, 'EXPIRED')
  t.equal(decide({ entities, request: { atMs: until + DAY_MS } }).reason, 'EXPIRED')
  t.equal(decide({ entities, request: { atMs: until - 1 } }).reason, 'GRANTED')
})

t.test('refuses a card before its validFrom with NOT_YET_VALID, and grants from validFrom on', async (t) => {
  const from = MONDAY_10AM_MS + HOUR_MS
  const entities = (e: MutableEntities) => void (e.credential[0] = { ...e.credential[0]!, validFromMs: from })
  t.equal(decide({ entities, request: { atMs: from - 1 } }).reason, 'NOT_YET_VALID')
  t.equal(decide({ entities, request: { atMs: from } }).reason, 'GRANTED')
})

t.test('refuses a dated card with CLOCK_UNTRUSTED when the clock cannot be trusted', async (t) => {
  const entities = (e: MutableEntities) =>
    void (e.credential[0] = { ...e.credential[0]!, validUntilMs: MONDAY_10AM_MS + DAY_MS })
  t.equal(decide({ entities, context: { isClockTrusted: false } }).reason, 'CLOCK_UNTRUSTED')
})

t.test('still lets a resident with an open-ended card pass when the clock cannot be trusted', async (t) => {
  t.equal(decide({ context: { isClockTrusted: false } }).reason, 'GRANTED')
})

t.test('treats a request time that is not a number as an untrusted clock', async (t) => {
  const entities = (e: MutableEntities) =>
    void (e.credential[0] = { ...e.credential[0]!, validUntilMs: MONDAY_10AM_MS + DAY_MS })
  t.equal(decide({ entities, request: { atMs: Number.NaN } }).reason, 'CLOCK_UNTRUSTED')
  t.equal(decide({ request: { atMs: Number.NaN } }).reason, 'GRANTED')
})

t.test('entry pass binding (the lent pass)', async (t) => {
  const withPass = (bound: boolean) => (e: MutableEntities) => addPass(e, bound)
  const presented = (extra: object = {}) => ({ credential: { presentedAs: 'pass' as const, lookupKey: PASS, ...extra } })

  t.test('grants a physical pass presented without a claim', async (t) => {
    t.equal(decide({ entities: withPass(false), request: presented() }).reason, 'GRANTED')
  })
  t.test("refuses a pass presented as someone else's with PASS_HOLDER_MISMATCH", async (t) => {
    const outcome = decide({ entities: withPass(false), request: presented({ holderId: 'p-li' }) })
    t.same([outcome.reason, outcome.person?.id], ['PASS_HOLDER_MISMATCH', 'p-zhang'])
  })
  t.test('grants a digital pass shown on its registered phone', async (t) => {
    t.equal(decide({ entities: withPass(true), request: presented({ phoneKeyId: 'pk-zhang', holderId: 'p-zhang' }) }).reason, 'GRANTED')
  })
  t.test('refuses a digital pass shown on another phone with PASS_HOLDER_MISMATCH', async (t) => {
    t.equal(decide({ entities: withPass(true), request: presented({ phoneKeyId: 'pk-li' }) }).reason, 'PASS_HOLDER_MISMATCH')
  })
  t.test('refuses a digital pass presented without any phone with PASS_HOLDER_MISMATCH', async (t) => {
    t.equal(decide({ entities: withPass(true), request: presented() }).reason, 'PASS_HOLDER_MISMATCH')
  })
  t.test('refuses a digital pass whose phone key names another pass with PASS_HOLDER_MISMATCH', async (t) => {
    const entities = (e: MutableEntities) => {
      addPass(e, true)
      e['phone-key'] = e['phone-key'].map((k) => (k.id === 'pk-zhang' ? { ...k, passCredentialId: 'c-other' } : k))
    }
    t.equal(decide({ entities, request: presented({ phoneKeyId: 'pk-zhang' }) }).reason, 'PASS_HOLDER_MISMATCH')
  })
  t.test('refuses a digital pass on its phone after the phone was revoked with REVOKED', async (t) => {
    const entities = (e: MutableEntities) => {
      addPass(e, true)
      e['phone-key'] = e['phone-key'].map((k) => (k.id === 'pk-zhang' ? { ...k, status: 'revoked' as const } : k))
    }
    t.equal(decide({ entities, request: presented({ phoneKeyId: 'pk-zhang' }) }).reason, 'REVOKED')
  })
  t.test('refuses a QR signed by a phone key nobody enrolled with PASS_HOLDER_MISMATCH', async (t) => {
    t.equal(decide({ entities: withPass(false), request: presented({ phoneKeyId: 'pk-unknown' }) }).reason, 'PASS_HOLDER_MISMATCH')
  })
})

t.test('phone credentials', async (t) => {
  const withPhone = (status: 'active' | 'revoked', owner = 'p-zhang') => (e: MutableEntities) => {
    e['phone-key'].push(makePhoneKey('pk-phone', owner, { status }))
    e.credential.push(makeCredential('c-phone', 'p-zhang', 'phone:pk-phone', { kind: 'phone' }))
  }
  const phone = { credential: { presentedAs: 'phone' as const, lookupKey: 'phone:pk-phone', phoneKeyId: 'pk-phone' } }
  t.equal(decide({ entities: withPhone('active'), request: phone }).reason, 'GRANTED', 'grants an enrolled phone')
  t.equal(decide({ entities: withPhone('revoked'), request: phone }).reason, 'REVOKED', 'refuses a lost phone with REVOKED')
  t.equal(
    decide({ entities: withPhone('active', 'p-li'), request: phone }).reason,
    'PASS_HOLDER_MISMATCH',
    "refuses a phone credential whose key is someone else's with PASS_HOLDER_MISMATCH",
  )
  const keyless = (e: MutableEntities) =>
    void e.credential.push(makeCredential('c-phone', 'p-zhang', 'phone:pk-phone', { kind: 'phone' }))
  t.equal(decide({ entities: keyless, request: phone }).reason, 'REVOKED', 'refuses a phone whose key row was deleted with REVOKED')
})

function addPass(e: MutableEntities, isBound: boolean): void {
  e.credential.push(makeCredential('c-pass', 'p-zhang', PASS, { kind: 'entry-pass', boundPhoneKeyId: isBound ? 'pk-zhang' : null }))
  e['phone-key'].push(makePhoneKey('pk-zhang', 'p-zhang', { passCredentialId: 'c-pass' }), makePhoneKey('pk-li', 'p-li'))
}
