import t from 'tap'
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { canonicalJson } from '../../../protocol/mqtt/canonical-json.js'
import {
  commandSigningBytes,
  signCommand,
  verifyCommandSignature,
} from '../../../protocol/mqtt/command-signature.js'
import {
  policyAnnouncementSigningBytes,
  signPolicyAnnouncement,
  verifyPolicyAnnouncementSignature,
} from '../../../protocol/mqtt/policy-announcement-signature.js'
import { EXAMPLE_HUB_PUBLIC_KEY_HEX, MESSAGE_EXAMPLES } from '../../../protocol/mqtt/message-examples.js'
import { parseMessage } from '../../../protocol/mqtt/parse-message.js'
import { Command, type UnsignedCommand } from '../../../protocol/mqtt/messages/command.js'
import type { UnsignedPolicyAnnouncement } from '../../../protocol/mqtt/messages/policy-announcement.js'

/** RFC 8410 §7: PKCS#8 DER of an Ed25519 private key is this prefix followed by the 32-byte seed. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
/** RFC 8410 §4: SPKI DER of an Ed25519 public key is this prefix followed by the 32-byte key. */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

const exampleSeed = createHash('sha256').update('gatehouse example hub key').digest()
const hubPrivateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, exampleSeed]), format: 'der', type: 'pkcs8' })
const hubPublicKey = createPublicKey(hubPrivateKey)
const otherKeys = generateKeyPairSync('ed25519')

const unsigned: UnsignedCommand = {
  v: 1,
  id: '6a1d0c52-4f7e-4b8a-9d3c-2e1f0a9b8c7d',
  edgeId: 'gate-north',
  doorId: 'north-gate-in',
  action: 'UNLOCK',
  actor: { kind: 'staff', id: 's-0007', name: '王阿姨' },
  nonce: 'bm9uY2Utbm9uY2Utbm9uY2U',
  issuedAt: '2026-03-02T08:20:00.000Z',
  expiresAt: '2026-03-02T08:20:30.000Z',
}

function publicKeyFromRaw(hex: string): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' })
}

t.test('canonical JSON sorts members by UTF-16 code units and drops whitespace (RFC 8785)', async (t) => {
  t.equal(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: '', y: -0.5 } }), '{"a":[true,null,"x"],"b":1,"c":{"y":-0.5,"z":""}}')
  // RFC 8785 §3.2.3: "\u20ac" (€) sorts after "\r" and before the non-BMP "\ud83d\ude00".
  t.equal(canonicalJson({ '\u{1F600}': 3, '€': 2, '\r': 1, '1': 0 }), '{"\\r":1,"1":0,"€":2,"😀":3}')
  t.equal(canonicalJson({ a: undefined, b: 'q"\\\n' }), '{"b":"q\\"\\\\\\n"}')
  t.equal(canonicalJson([undefined]), '[null]')
  t.equal(canonicalJson(1e21), '1e+21')
})

t.test('signs over the documented canonical bytes (hand-written expectation)', async (t) => {
  const expected =
    'gatehouse-command/1\n' +
    '{"action":"UNLOCK","actor":{"id":"s-0007","kind":"staff","name":"王阿姨"},"doorId":"north-gate-in",' +
    '"edgeId":"gate-north","expiresAt":"2026-03-02T08:20:30.000Z","id":"6a1d0c52-4f7e-4b8a-9d3c-2e1f0a9b8c7d",' +
    '"issuedAt":"2026-03-02T08:20:00.000Z","nonce":"bm9uY2Utbm9uY2Utbm9uY2U","v":1}'
  t.equal(commandSigningBytes(unsigned).toString('utf8'), expected)
  const signed = signCommand(hubPrivateKey, unsigned)
  t.same(commandSigningBytes(signed), commandSigningBytes(unsigned), 'the signature itself is not covered')
  const reordered = Object.fromEntries(Object.entries(unsigned).reverse()) as UnsignedCommand
  t.same(commandSigningBytes(reordered), Buffer.from(expected, 'utf8'), 'member order does not matter')
})

t.test('a signed command verifies, survives the wire, and passes the schema', async (t) => {
  const signed = signCommand(hubPrivateKey, unsigned)
  t.ok(verifyCommandSignature(hubPublicKey, signed))
  const parsed = parseMessage(Command, Buffer.from(JSON.stringify(signed)), { maxBytes: 2048 })
  t.ok(parsed.ok)
  if (parsed.ok) t.ok(verifyCommandSignature(hubPublicKey, parsed.value))
  t.same(signCommand(hubPrivateKey, unsigned), signed, 'Ed25519 signatures are deterministic (RFC 8032 §5.1.6)')
})

t.test('changing any signed field breaks the signature', async (t) => {
  const signed = signCommand(hubPrivateKey, unsigned)
  const tampered: [string, typeof signed][] = [
    ['door', { ...signed, doorId: 'north-gate-out' }],
    ['action', { ...signed, action: 'HOLD_OPEN' }],
    ['edge', { ...signed, edgeId: 'gate-south' }],
    ['actor id', { ...signed, actor: { ...signed.actor, id: 's-0008' } }],
    ['actor name', { ...signed, actor: { kind: 'staff', id: 's-0007' } }],
    ['nonce', { ...signed, nonce: 'bm9uY2Utbm9uY2Utbm9uY2V' }],
    ['expiry', { ...signed, expiresAt: '2026-03-02T08:20:31.000Z' }],
    ['issue time', { ...signed, issuedAt: '2026-03-02T08:20:01.000Z' }],
    ['id', { ...signed, id: '6a1d0c52-4f7e-4b8a-9d3c-2e1f0a9b8c7e' }],
    ['reason added', { ...signed, reason: 'let in by the hub' }],
  ]
  const withFields = signCommand(hubPrivateKey, { ...unsigned, action: 'CLEAR_FEVER', reason: 'rechecked at the booth', contactCelsius: 36.8 })
  t.ok(verifyCommandSignature(hubPublicKey, withFields), 'reason and contactCelsius are signed like every other field')
  tampered.push(['reason', { ...withFields, reason: 'rechecked at the gate' }], ['contact reading', { ...withFields, contactCelsius: 36.9 }])
  for (const [name, command] of tampered) t.notOk(verifyCommandSignature(hubPublicKey, command), name)
})

t.test('a wrong key or a mangled signature fails without throwing', async (t) => {
  const signed = signCommand(hubPrivateKey, unsigned)
  t.notOk(verifyCommandSignature(otherKeys.publicKey, signed), 'another Ed25519 key')
  t.notOk(verifyCommandSignature(hubPublicKey, signCommand(otherKeys.privateKey, unsigned)), 'signed by another key')
  const bytes = Buffer.from(signed.signature, 'base64')
  bytes[10] = bytes[10]! ^ 0x01
  t.notOk(verifyCommandSignature(hubPublicKey, { ...signed, signature: bytes.toString('base64') }), 'one bit flipped')
  for (const signature of ['', 'AAAA', '!'.repeat(88), `${signed.signature.slice(0, -2)}A=`, signed.signature.slice(2)]) {
    t.notOk(verifyCommandSignature(hubPublicKey, { ...signed, signature }), `signature ${JSON.stringify(signature)}`)
  }
})

t.test('a key that is not Ed25519 is a configuration error with a code', async (t) => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
  t.throws(() => signCommand(rsa.privateKey, unsigned), { code: 'NOT_ED25519_KEY' })
  const signed = signCommand(hubPrivateKey, unsigned)
  t.throws(() => verifyCommandSignature(rsa.publicKey, signed), { code: 'NOT_ED25519_KEY' })
  const x25519 = generateKeyPairSync('x25519')
  t.throws(() => verifyCommandSignature(x25519.publicKey, signed), { code: 'NOT_ED25519_KEY' })
})

t.test('the documented examples carry real signatures by the example hub key', async (t) => {
  const examplePublicKey = publicKeyFromRaw(EXAMPLE_HUB_PUBLIC_KEY_HEX)
  t.equal(
    hubPublicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_PREFIX.length).toString('hex'),
    EXAMPLE_HUB_PUBLIC_KEY_HEX,
  )
  t.ok(verifyCommandSignature(examplePublicKey, MESSAGE_EXAMPLES.command))
  t.ok(verifyPolicyAnnouncementSignature(examplePublicKey, MESSAGE_EXAMPLES.policy))
})

t.test('policy announcements sign under their own domain, so a signature cannot cross over', async (t) => {
  const { signature: _signature, ...announcement } = MESSAGE_EXAMPLES.policy
  const unsignedAnnouncement: UnsignedPolicyAnnouncement = announcement
  const signed = signPolicyAnnouncement(hubPrivateKey, unsignedAnnouncement)
  t.ok(verifyPolicyAnnouncementSignature(hubPublicKey, signed))
  t.match(policyAnnouncementSigningBytes(signed).toString('utf8'), /^gatehouse-policy-announcement\/1\n\{"delta":/)
  t.notOk(verifyPolicyAnnouncementSignature(hubPublicKey, { ...signed, version: 44 }))
  const firstChange = signed.delta?.changes[0]
  t.ok(firstChange !== undefined && firstChange.op === 'put')
  if (firstChange !== undefined && firstChange.op === 'put') {
    const looser = { ...firstChange, row: { ...firstChange.row, mayExit: true } }
    const delta = { baseVersion: 42, changes: [looser] }
    t.notOk(verifyPolicyAnnouncementSignature(hubPublicKey, { ...signed, delta }), 'a tampered delta row')
  }
  const command = signCommand(hubPrivateKey, unsigned)
  const signatureFromCommand = { ...signed, signature: command.signature }
  t.notOk(verifyPolicyAnnouncementSignature(hubPublicKey, signatureFromCommand))
})
