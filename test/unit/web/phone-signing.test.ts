import t from 'tap'
import { generateKeyPairSync, sign } from 'node:crypto'
import { canonicalJson as protocolCanonicalJson } from '../../../protocol/mqtt/canonical-json.js'
import { domainSeparatedBytes as protocolBytes, verifyDomainSeparated } from '../../../protocol/mqtt/domain-separated-signature.js'
import { PHONE_QR_SIGNATURE_DOMAIN as EDGE_QR_DOMAIN, PHONE_QR_TAG as EDGE_QR_TAG, parsePhoneQrCode } from '../../../protocol/policy/phone-qr-code.js'
import { verifyPhoneQr } from '../../../edge/src/domain/verify-phone-qr.js'
import { PHONE_OPEN_SIGNATURE_DOMAIN, phoneOpenSignedValue } from '../../../hub/src/domain/phone/phone-open-proof.js'
import { canonicalJson, domainSeparatedBytes, PHONE_QR_SIGNATURE_DOMAIN, PHONE_QR_TAG, phoneOpenProof, phoneQrLine } from '../../../hub/web/phone/phone-signing.js'

const { privateKey, publicKey } = generateKeyPairSync('ed25519')
const signer = async (bytes: Uint8Array) => new Uint8Array(sign(null, bytes, privateKey))
const publicKeyBase64 = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64')

t.test('the page signs exactly the bytes protocol/ builds', async (t) => {
  t.equal(PHONE_QR_TAG, EDGE_QR_TAG)
  t.equal(PHONE_QR_SIGNATURE_DOMAIN, EDGE_QR_DOMAIN)
  const values = [{ keyId: 'pk-1', nonce: 'ä"\\\n', issuedAtSec: 1_700_000_000, pass: null }, { b: [1, 2.5, -0, 'x'], a: { d: true, c: null } }, '居民', 1e21]
  for (const value of values) {
    t.equal(canonicalJson(value as never), protocolCanonicalJson(value), JSON.stringify(value))
    t.same(Buffer.from(domainSeparatedBytes('d/1', value as never)), protocolBytes('d/1', value))
  }
})

t.test("the page's GH1 line parses and verifies with the edge's own code", async (t) => {
  const nowMs = 1_700_000_123_456
  const line = await phoneQrLine('pk-0123456789abcdef', nowMs, signer)
  const parsed = parsePhoneQrCode(line)
  if (!parsed.ok) throw new Error(parsed.message)
  t.equal(parsed.value.issuedAtMs, 1_700_000_123_000)
  const verdict = verifyPhoneQr({ code: parsed.value, phoneKey: { id: 'pk-0123456789abcdef', personId: 'per-1', publicKey: publicKeyBase64, status: 'active' } as never, nowMs, isClockTrusted: true })
  t.match(verdict, { ok: true, credential: { lookupKey: 'phone:pk-0123456789abcdef' } })
  const other = await phoneQrLine('pk-0123456789abcdef', nowMs, signer)
  t.not(other, line, 'every code has a fresh nonce')
})

t.test("the page's signed open request verifies as the hub checks it", async (t) => {
  const proof = await phoneOpenProof('pk-0123456789abcdef', 'door-gate', 'UNLOCK', 1_700_000_000_000, signer)
  t.match(proof, { keyId: 'pk-0123456789abcdef', issuedAtMs: 1_700_000_000_000, nonce: /^[A-Za-z0-9_-]{22}$/, signature: /^[A-Za-z0-9+/]{86}==$/ })
  t.ok(verifyDomainSeparated(publicKey, PHONE_OPEN_SIGNATURE_DOMAIN, phoneOpenSignedValue('door-gate', 'UNLOCK', proof), proof.signature))
  t.notOk(verifyDomainSeparated(publicKey, PHONE_OPEN_SIGNATURE_DOMAIN, phoneOpenSignedValue('door-other', 'UNLOCK', proof), proof.signature))
})
