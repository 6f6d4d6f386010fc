import t from 'tap'
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto'
import {
  PHONE_QR_SIGNATURE_DOMAIN,
  encodePhoneQrCode,
  parsePhoneQrCode,
  phoneQrSigningBytes,
  type PhoneQrFields,
} from '../../../../protocol/policy/phone-qr-code.js'
import { QR_LINE_MAX_LENGTH } from '../../../../protocol/qr/qr-line.js'

const ISSUED_AT_MS = Date.UTC(2026, 2, 2, 2, 10, 0)
const FIELDS: PhoneQrFields = { keyId: 'pk-3f9a0c', issuedAtMs: ISSUED_AT_MS, nonce: 'q3XkV9m2T0aL8sYd' }
const ZERO_SIGNATURE = 'A'.repeat(86)

/** RFC 8032 §7.1 TEST 1: the secret key and its public key, transcribed from the RFC. */
const RFC8032_SECRET = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex')
const RFC8032_PUBLIC = Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex')

t.test('signs the domain tag, a line feed and the canonical JSON of the fields', async (t) => {
  t.equal(
    phoneQrSigningBytes(FIELDS).toString('utf8'),
    'gatehouse-phone-qr/1\n{"issuedAtSec":1772417400,"keyId":"pk-3f9a0c","nonce":"q3XkV9m2T0aL8sYd","pass":null}',
  )
  t.equal(
    phoneQrSigningBytes({ ...FIELDS, issuedAtMs: ISSUED_AT_MS + 999, passNumber: 'A0123' }).toString('utf8'),
    'gatehouse-phone-qr/1\n{"issuedAtSec":1772417400,"keyId":"pk-3f9a0c","nonce":"q3XkV9m2T0aL8sYd","pass":"A0123"}',
    'milliseconds are cut to the second',
  )
  t.equal(PHONE_QR_SIGNATURE_DOMAIN, 'gatehouse-phone-qr/1')
})

t.test('parses a hand-written phone code and a pass code', async (t) => {
  const phone = parsePhoneQrCode(`GH1.pk-3f9a0c.1772417400.q3XkV9m2T0aL8sYd.${ZERO_SIGNATURE}`)
  t.same(phone, {
    ok: true,
    value: { keyId: 'pk-3f9a0c', issuedAtMs: 1772417400000, nonce: 'q3XkV9m2T0aL8sYd', passNumber: null, signature: Buffer.alloc(64) },
  })
  const pass = parsePhoneQrCode(`GH1.pk-3f9a0c.1772417400.q3XkV9m2T0aL8sYd.A0123.${ZERO_SIGNATURE}`)
  t.match(pass, { ok: true, value: { passNumber: 'A0123' } })
})

t.test('round-trips with a real Ed25519 key: the line carries a signature the public key verifies', async (t) => {
  const keys = generateKeyPairSync('ed25519')
  for (const fields of [FIELDS, { ...FIELDS, passNumber: 'A0123' }]) {
    const line = encodePhoneQrCode(fields, (bytes) => sign(null, bytes, keys.privateKey))
    t.match(line, /^GH1\.pk-3f9a0c\.1772417400\.q3XkV9m2T0aL8sYd\.(A0123\.)?[A-Za-z0-9_-]{86}$/)
    const parsed = parsePhoneQrCode(line)
    if (!parsed.ok) throw new Error(parsed.code)
    t.same({ ...parsed.value, signature: null }, { keyId: 'pk-3f9a0c', issuedAtMs: ISSUED_AT_MS, nonce: FIELDS.nonce, passNumber: fields.passNumber ?? null, signature: null })
    t.ok(verify(null, phoneQrSigningBytes(parsed.value), keys.publicKey, parsed.value.signature))
  }
})

t.test('signs with the RFC 8032 test key so that the RFC public key verifies it', async (t) => {
  const privateKey = createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: RFC8032_SECRET.toString('base64url'), x: RFC8032_PUBLIC.toString('base64url') },
    format: 'jwk',
  })
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: RFC8032_PUBLIC.toString('base64url') }, format: 'jwk' })
  const line = encodePhoneQrCode(FIELDS, (bytes) => sign(null, bytes, privateKey))
  const parsed = parsePhoneQrCode(line)
  t.ok(parsed.ok && verify(null, phoneQrSigningBytes(parsed.value), publicKey, parsed.value.signature))
  t.equal(encodePhoneQrCode(FIELDS, (bytes) => sign(null, bytes, privateKey)), line, 'Ed25519 is deterministic (RFC 8032 §5.1.6)')
})

t.test('the longest possible code fits a scanner line with room to spare', async (t) => {
  const longest = encodePhoneQrCode(
    { keyId: 'k'.repeat(63), issuedAtMs: 999_999_999_999_000, nonce: 'n'.repeat(43), passNumber: 'P'.repeat(32) },
    () => Buffer.alloc(64, 0xff),
  )
  t.equal(longest.length, 244)
  t.ok(longest.length < QR_LINE_MAX_LENGTH)
  t.ok(parsePhoneQrCode(longest).ok)
})

t.test('refuses to encode fields the line cannot carry, with a code', async (t) => {
  const signer = () => Buffer.alloc(64)
  const cases: Array<[string, Partial<PhoneQrFields>]> = [
    ['BAD_KEY_ID', { keyId: 'PK.1' }],
    ['BAD_ISSUED_AT', { issuedAtMs: -1 }],
    ['BAD_ISSUED_AT', { issuedAtMs: Number.NaN }],
    ['BAD_ISSUED_AT', { issuedAtMs: 1e15 }],
    ['BAD_NONCE', { nonce: 'short' }],
    ['BAD_PASS_NUMBER', { passNumber: 'a-0123' }],
  ]
  for (const [code, overrides] of cases) t.throws(() => encodePhoneQrCode({ ...FIELDS, ...overrides }, signer), { code }, code)
  t.throws(() => encodePhoneQrCode(FIELDS, () => Buffer.alloc(63)), { code: 'BAD_SIGNATURE_LENGTH' })
})

t.test('reports every malformed line with a stable code and never throws', async (t) => {
  const tail = `q3XkV9m2T0aL8sYd.${ZERO_SIGNATURE}`
  const cases: Array<[string, string]> = [
    ['NOT_PHONE_QR', 'https://example.com/?q=1'],
    ['NOT_PHONE_QR', ''],
    ['BAD_FIELD_COUNT', 'GH1'],
    ['UNSUPPORTED_VERSION', `GH2.pk-1.1772417400.${tail}`],
    ['LINE_TOO_LONG', `GH1.${'x'.repeat(QR_LINE_MAX_LENGTH)}`],
    ['BAD_FIELD_COUNT', `GH1.pk-1.1772417400.${ZERO_SIGNATURE}`],
    ['BAD_FIELD_COUNT', `GH1.pk-1.1772417400.A.B.${tail}`],
    ['BAD_KEY_ID', `GH1.PK-1.1772417400.${tail}`],
    ['BAD_KEY_ID', `GH1..1772417400.${tail}`],
    ['BAD_ISSUED_AT', `GH1.pk-1.01772417400.${tail}`],
    ['BAD_ISSUED_AT', `GH1.pk-1.-1.${tail}`],
    ['BAD_ISSUED_AT', `GH1.pk-1.1772417400000000.${tail}`],
    ['BAD_NONCE', `GH1.pk-1.1772417400.short.${ZERO_SIGNATURE}`],
    ['BAD_NONCE', `GH1.pk-1.1772417400.q3XkV9m2T0aL8sY+.${ZERO_SIGNATURE}`],
    ['BAD_PASS_NUMBER', `GH1.pk-1.1772417400.q3XkV9m2T0aL8sYd.a0123.${ZERO_SIGNATURE}`],
    ['BAD_SIGNATURE_ENCODING', `GH1.pk-1.1772417400.q3XkV9m2T0aL8sYd.${'A'.repeat(85)}`],
    ['BAD_SIGNATURE_ENCODING', `GH1.pk-1.1772417400.q3XkV9m2T0aL8sYd.${'A'.repeat(85)}B`],
    ['BAD_SIGNATURE_ENCODING', `GH1.pk-1.1772417400.q3XkV9m2T0aL8sYd.${'A'.repeat(84)}==`],
  ]
  for (const [code, line] of cases) t.match(parsePhoneQrCode(line), { ok: false, code }, `${code}: ${line.slice(0, 40)}`)
  t.match(parsePhoneQrCode(42 as unknown as string), { ok: false, code: 'NOT_PHONE_QR' })
})

t.test('survives 100,000 random and mutated lines without throwing', async (t) => {
  const random = mulberry32(20260302)
  const valid = encodePhoneQrCode({ ...FIELDS, passNumber: 'A0123' }, () => Buffer.alloc(64, 7))
  const alphabet = 'GH1.pk-0123456789abcXYZ_-+/=. \t'
  const counts = { accepted: 0, refused: 0, badlyAccepted: 0 }
  for (let i = 0; i < 100_000; i++) {
    const line = i % 2 === 0 ? mutate(valid, random) : randomText(alphabet, Math.floor(random() * 120), random)
    const result = parsePhoneQrCode(line)
    if (!result.ok) counts.refused++
    else if (result.value.signature.length === 64 && line.length <= QR_LINE_MAX_LENGTH) counts.accepted++
    else counts.badlyAccepted++
  }
  t.equal(counts.badlyAccepted, 0)
  t.ok(counts.refused > 50_000, `most mutations are refused (${JSON.stringify(counts)})`)
})

function mutate(line: string, random: () => number): string {
  const chars = line.split('')
  const edits = 1 + Math.floor(random() * 3)
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * chars.length)
    const roll = random()
    if (roll < 0.4) chars[at] = String.fromCharCode(32 + Math.floor(random() * 95))
    else if (roll < 0.7) chars.splice(at, 1)
    else chars.splice(at, 0, '.')
  }
  return chars.join('')
}

function randomText(alphabet: string, length: number, random: () => number): string {
  let text = ''
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)]
  return text
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 15), z | 1)
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61)
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296
  }
}
