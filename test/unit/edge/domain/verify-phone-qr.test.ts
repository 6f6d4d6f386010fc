import t from 'tap'
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { encodePhoneQrCode, parsePhoneQrCode, type PhoneQrCode, type PhoneQrFields } from '../../../../protocol/policy/phone-qr-code.js'
import type { PolicyPhoneKey } from '../../../../protocol/policy/policy-phone-key.js'
import { DEFAULT_PHONE_QR_FRESHNESS_MS, verifyPhoneQr, type PhoneQrCheck } from '../../../../edge/src/domain/verify-phone-qr.js'
import { MONDAY_10AM_MS, makePhoneKey } from '../../../fakes/policy-rows.js'

const phone = generateKeyPairSync('ed25519')
const otherPhone = generateKeyPairSync('ed25519')
const NONCE = 'q3XkV9m2T0aL8sYd'

function rawPublicKey(publicKey: KeyObject): string {
  return Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64')
}

const KEY: PolicyPhoneKey = makePhoneKey('pk-zhang', 'p-zhang', { publicKey: rawPublicKey(phone.publicKey) })

function code(fields: Partial<PhoneQrFields> = {}, privateKey: KeyObject = phone.privateKey): PhoneQrCode {
  const line = encodePhoneQrCode({ keyId: 'pk-zhang', issuedAtMs: MONDAY_10AM_MS, nonce: NONCE, ...fields }, (bytes) => sign(null, bytes, privateKey))
  const parsed = parsePhoneQrCode(line)
  if (!parsed.ok) throw new Error(`test code did not parse: ${parsed.code}`)
  return parsed.value
}

function check(overrides: Partial<PhoneQrCheck> = {}): ReturnType<typeof verifyPhoneQr> {
  return verifyPhoneQr({ code: code(), phoneKey: KEY, nowMs: MONDAY_10AM_MS + 2_000, isClockTrusted: true, ...overrides })
}

t.test("accepts a fresh code signed by the enrolled key as the phone's credential", async (t) => {
  t.same(check(), {
    ok: true,
    credential: { presentedAs: 'qr', lookupKey: 'phone:pk-zhang', phoneKeyId: 'pk-zhang' },
    replayId: `pk-zhang/${NONCE}`,
    replayExpiresAtMs: MONDAY_10AM_MS + DEFAULT_PHONE_QR_FRESHNESS_MS,
  })
})

t.test('presents the entry pass a code names, with the phone key that signed it, for decideAccess to check the binding', async (t) => {
  t.match(check({ code: code({ passNumber: 'A0123' }) }), {
    ok: true,
    credential: { presentedAs: 'qr', lookupKey: 'pass:A0123', phoneKeyId: 'pk-zhang' },
  })
})

t.test('refuses a code whose key is not enrolled with UNKNOWN_KEY', async (t) => {
  t.match(check({ phoneKey: null }), { ok: false, code: 'UNKNOWN_KEY' })
  t.match(check({ phoneKey: { ...KEY, id: 'pk-other' } }), { ok: false, code: 'UNKNOWN_KEY' }, 'a key row for another id is not this key')
})

t.test('refuses a code signed by another key, or altered after signing, with BAD_SIGNATURE', async (t) => {
  t.match(check({ code: code({}, otherPhone.privateKey) }), { ok: false, code: 'BAD_SIGNATURE' })
  t.match(check({ code: { ...code(), nonce: 'q3XkV9m2T0aL8sYe' } }), { ok: false, code: 'BAD_SIGNATURE' }, 'nonce changed')
  t.match(check({ code: { ...code(), issuedAtMs: MONDAY_10AM_MS + 1_000 } }), { ok: false, code: 'BAD_SIGNATURE' }, 'time changed')
  t.match(check({ code: { ...code(), passNumber: 'A0123' } }), { ok: false, code: 'BAD_SIGNATURE' }, 'a pass added to a phone code')
  t.match(check({ phoneKey: makePhoneKey('pk-zhang', 'p-zhang') }), { ok: false, code: 'BAD_SIGNATURE' }, 'the all-zero key verifies nothing')
  t.match(check({ phoneKey: { ...KEY, publicKey: 'AAAA' } }), { ok: false, code: 'BAD_SIGNATURE', message: /not a usable Ed25519 key/ })
})

t.test('refuses a genuine code from a revoked phone with KEY_REVOKED, a forged one with BAD_SIGNATURE', async (t) => {
  const revoked = { ...KEY, status: 'revoked' as const }
  t.match(check({ phoneKey: revoked }), { ok: false, code: 'KEY_REVOKED' })
  t.match(check({ phoneKey: revoked, code: code({}, otherPhone.privateKey) }), { ok: false, code: 'BAD_SIGNATURE' })
})

t.test('refuses every code with CLOCK_UNTRUSTED while the edge clock is not trusted', async (t) => {
  t.match(check({ isClockTrusted: false }), { ok: false, code: 'CLOCK_UNTRUSTED' })
})

t.test('accepts a code within ±30 s of its issue time and refuses it outside with NOT_YET_VALID or EXPIRED', async (t) => {
  const at = (nowMs: number) => check({ nowMs })
  t.match(at(MONDAY_10AM_MS - 30_000), { ok: true }, 'a phone clock 30 s ahead')
  t.match(at(MONDAY_10AM_MS - 30_001), { ok: false, code: 'NOT_YET_VALID' })
  t.match(at(MONDAY_10AM_MS + 29_999), { ok: true })
  t.match(at(MONDAY_10AM_MS + 30_000), { ok: false, code: 'EXPIRED' })
  t.match(at(MONDAY_10AM_MS + 86_400_000), { ok: false, code: 'EXPIRED' }, 'a screenshot from yesterday')
})

t.test('takes a configured freshness window, and refuses rather than accepts when a time is not a number', async (t) => {
  t.match(check({ nowMs: MONDAY_10AM_MS + 10_000, freshnessWindowMs: 10_000 }), { ok: false, code: 'EXPIRED' })
  t.match(check({ nowMs: MONDAY_10AM_MS + 9_999, freshnessWindowMs: 10_000 }), { ok: true, replayExpiresAtMs: MONDAY_10AM_MS + 10_000 })
  t.match(check({ nowMs: Number.NaN }), { ok: false })
  t.match(check({ freshnessWindowMs: Number.NaN }), { ok: false })
})

t.test('refuses a code whose pass number no lookup key can be made of with BAD_FORMAT', async (t) => {
  const handMade: PhoneQrCode = { ...code(), passNumber: '!!' }
  t.match(check({ code: handMade }), { ok: false, code: 'BAD_FORMAT' })
})
