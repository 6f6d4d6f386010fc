import t from 'tap'
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { encodePhoneQrCode, type PhoneQrFields } from '../../../../protocol/policy/phone-qr-code.js'
import { decideAccess } from '../../../../edge/src/domain/decide-access.js'
import type { DecisionContext } from '../../../../edge/src/domain/access-request.js'
import { NO_TEMPERATURE } from '../../../../edge/src/domain/temperature-result.js'
import { ReplayCacheError, type ReplayCache, type ReplayNamespace, type ReplayVerdict } from '../../../../edge/src/ports/replay-cache.js'
import { QrCredentialReader, type QrReading } from '../../../../edge/src/services/qr-credential-reader.js'
import { InMemoryPolicyView } from '../../../fakes/in-memory-policy-view.js'
import { MONDAY_10AM_MS, communityEntities, makeCredential, makePhoneKey, type MutableEntities } from '../../../fakes/policy-rows.js'
import { SilentLogger } from '../../../fakes/silent-logger.js'

const zhangPhone = generateKeyPairSync('ed25519')
const zhangOldPhone = generateKeyPairSync('ed25519')
const liPhone = generateKeyPairSync('ed25519')
const TRUSTED: DecisionContext = { isClockTrusted: true, isHubConnected: true, policyAgeMs: 0 }

/** The port's contract in a Map: remembered until expiry plus skew. */
class MemoryReplayCache implements ReplayCache {
  readonly #until = new Map<string, number>()
  readonly skewMs = 5_000
  failWith: ReplayCacheError | null = null

  checkAndRemember(namespace: ReplayNamespace, id: string, expiresAtMs: number, nowMs: number): ReplayVerdict {
    if (this.failWith !== null) throw this.failWith
    const key = `${namespace}\u0000${id}`
    const until = this.#until.get(key)
    if (until !== undefined && nowMs < until) return 'replayed'
    this.#until.set(key, expiresAtMs + this.skewMs)
    return 'fresh'
  }

  pruneExpired(): number {
    return 0
  }

  size(): number {
    return this.#until.size
  }
}

function rawPublicKey(publicKey: KeyObject): string {
  return Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64')
}

/**
 * Zhang carries a digital entry pass A0123 bound to his phone pk-zhang; his old phone pk-zhang-old
 * is still enrolled. Li has her own phone pk-li.
 */
function phoneEntities(e: MutableEntities): void {
  e['phone-key'].push(
    makePhoneKey('pk-zhang', 'p-zhang', { publicKey: rawPublicKey(zhangPhone.publicKey), passCredentialId: 'c-zhang-pass' }),
    makePhoneKey('pk-zhang-old', 'p-zhang', { publicKey: rawPublicKey(zhangOldPhone.publicKey) }),
    makePhoneKey('pk-li', 'p-li', { publicKey: rawPublicKey(liPhone.publicKey) }),
  )
  e.credential.push(
    makeCredential('c-zhang-phone', 'p-zhang', 'phone:pk-zhang', { kind: 'phone' }),
    makeCredential('c-zhang-old-phone', 'p-zhang', 'phone:pk-zhang-old', { kind: 'phone' }),
    makeCredential('c-li-phone', 'p-li', 'phone:pk-li', { kind: 'phone' }),
    makeCredential('c-zhang-pass', 'p-zhang', 'pass:A0123', { kind: 'entry-pass', boundPhoneKeyId: 'pk-zhang' }),
  )
}

function rig(options: { entities?: (e: MutableEntities) => void; context?: Partial<DecisionContext>; freshnessWindowMs?: number } = {}) {
  const entities = communityEntities()
  phoneEntities(entities)
  options.entities?.(entities)
  const policy = InMemoryPolicyView.fromEntities(entities)
  const replayCache = new MemoryReplayCache()
  const log = new SilentLogger()
  const context = { ...TRUSTED, ...options.context }
  const reader = new QrCredentialReader({
    policy,
    replayCache,
    decisionContext: () => context,
    ...(options.freshnessWindowMs !== undefined && { freshnessWindowMs: options.freshnessWindowMs }),
    log,
  })
  /** What the kiosk would decide for a reading at Zhang's building door. */
  const decide = (reading: QrReading, direction: 'in' | 'out' = 'in') => {
    if (reading.kind !== 'presented') throw new Error(`refused: ${reading.code}`)
    const { credential, isReplay } = reading.event
    return decideAccess({ credential, doorId: 'b1-door', direction, lane: 'none', atMs: MONDAY_10AM_MS, temperature: NO_TEMPERATURE, isReplay }, policy, context)
  }
  return { reader, replayCache, log, decide }
}

let nonceCounter = 0

function qr(keyId: string, privateKey: KeyObject, fields: Partial<PhoneQrFields> = {}): string {
  const nonce = `nonce-${String(nonceCounter++).padStart(10, '0')}`
  return encodePhoneQrCode({ keyId, issuedAtMs: MONDAY_10AM_MS, nonce, ...fields }, (bytes) => sign(null, bytes, privateKey))
}

const scanAt = (text: string, atMs = MONDAY_10AM_MS + 1_500) => ({ text, atMs })

t.test("turns a fresh code from Zhang's phone into a credential-presented event that decideAccess grants", async (t) => {
  const { reader, decide } = rig()
  const reading = reader.read(scanAt(qr('pk-zhang', zhangPhone.privateKey)))
  t.same(reading, {
    kind: 'presented',
    event: { type: 'credential-presented', credential: { presentedAs: 'qr', lookupKey: 'phone:pk-zhang', phoneKeyId: 'pk-zhang' }, isReplay: false },
  })
  t.match(decide(reading), { granted: true, reason: 'GRANTED', credentialId: 'c-zhang-phone', person: { id: 'p-zhang' } })
})

t.test('grants the digital entry pass shown on the phone it is bound to', async (t) => {
  const { reader, decide } = rig()
  const reading = reader.read(scanAt(qr('pk-zhang', zhangPhone.privateKey, { passNumber: 'A0123' })))
  t.match(reading, { kind: 'presented', event: { credential: { lookupKey: 'pass:A0123', phoneKeyId: 'pk-zhang' } } })
  t.match(decide(reading), { granted: true, credentialId: 'c-zhang-pass' })
})

t.test('the lent pass: a pass shown on another phone is refused with PASS_HOLDER_MISMATCH', async (t) => {
  const { reader, decide } = rig()
  const onLisPhone = reader.read(scanAt(qr('pk-li', liPhone.privateKey, { passNumber: 'A0123' })))
  t.match(decide(onLisPhone), { granted: false, reason: 'PASS_HOLDER_MISMATCH', evidence: { entity: 'phone-key', key: 'pk-li' } }, "on a friend's phone")
  const onOldPhone = reader.read(scanAt(qr('pk-zhang-old', zhangOldPhone.privateKey, { passNumber: 'A0123' })))
  t.match(decide(onOldPhone), { granted: false, reason: 'PASS_HOLDER_MISMATCH', evidence: { entity: 'credential', key: 'c-zhang-pass' } }, "on the holder's other phone")
})

t.test('a code read twice reaches the kiosk the second time as a replay, which decideAccess refuses with REPLAYED', async (t) => {
  const { reader, decide, replayCache } = rig()
  const line = qr('pk-zhang', zhangPhone.privateKey)
  t.match(decide(reader.read(scanAt(line))), { granted: true })
  const second = reader.read(scanAt(line, MONDAY_10AM_MS + 3_000))
  t.match(second, { kind: 'presented', event: { isReplay: true } })
  t.match(decide(second), { granted: false, reason: 'REPLAYED' })
  t.equal(reader.refusals.get('REPLAYED'), 1)
  t.equal(replayCache.size(), 1)
  t.match(decide(reader.read(scanAt(qr('pk-zhang', zhangPhone.privateKey), MONDAY_10AM_MS + 3_000))), { granted: true }, 'a fresh code from the same phone passes')
})

t.test('refuses what cannot be attributed to an enrolled phone, with a reason the screen can show, and remembers none of it', async (t) => {
  const { reader, replayCache } = rig({ entities: (e) => void (e['phone-key'] = e['phone-key'].map((key) => (key.id === 'pk-li' ? { ...key, status: 'revoked' as const } : key))) })
  const stranger = generateKeyPairSync('ed25519')
  const genuine = qr('pk-zhang', zhangPhone.privateKey)
  const cases: Array<[string, string, string]> = [
    ['NOT_PHONE_QR', 'UNKNOWN_CREDENTIAL', 'https://example.com/'],
    ['BAD_FORMAT', 'UNKNOWN_CREDENTIAL', `${genuine.slice(0, -1)}!`],
    ['UNKNOWN_KEY', 'UNKNOWN_CREDENTIAL', qr('pk-stranger', stranger.privateKey)],
    ['BAD_SIGNATURE', 'UNKNOWN_CREDENTIAL', qr('pk-zhang', stranger.privateKey)],
    ['KEY_REVOKED', 'REVOKED', qr('pk-li', liPhone.privateKey)],
    ['EXPIRED', 'REPLAYED', qr('pk-zhang', zhangPhone.privateKey, { issuedAtMs: MONDAY_10AM_MS - 60_000 })],
    ['NOT_YET_VALID', 'REPLAYED', qr('pk-zhang', zhangPhone.privateKey, { issuedAtMs: MONDAY_10AM_MS + 60_000 })],
  ]
  for (const [code, denyReason, line] of cases) t.match(reader.read(scanAt(line)), { kind: 'refused', code, denyReason }, code)
  t.equal(replayCache.size(), 0, 'only verified codes enter the replay cache')
  t.same(reader.refusals.toJSON(), { NOT_PHONE_QR: 1, BAD_FORMAT: 1, UNKNOWN_KEY: 1, BAD_SIGNATURE: 1, KEY_REVOKED: 1, EXPIRED: 1, NOT_YET_VALID: 1 })
})

t.test('refuses every code with CLOCK_UNTRUSTED while the edge clock is not trusted', async (t) => {
  const { reader } = rig({ context: { isClockTrusted: false } })
  t.match(reader.read(scanAt(qr('pk-zhang', zhangPhone.privateKey))), { kind: 'refused', code: 'CLOCK_UNTRUSTED', denyReason: 'CLOCK_UNTRUSTED' })
})

t.test('uses the configured freshness window', async (t) => {
  const { reader } = rig({ freshnessWindowMs: 5_000 })
  t.match(reader.read(scanAt(qr('pk-zhang', zhangPhone.privateKey), MONDAY_10AM_MS + 5_000)), { kind: 'refused', code: 'EXPIRED' })
  t.match(reader.read(scanAt(qr('pk-zhang', zhangPhone.privateKey), MONDAY_10AM_MS + 4_999)), { kind: 'presented' })
})

t.test('refuses, fail closed and logged, when the replay cache cannot remember the code', async (t) => {
  const { reader, replayCache, log } = rig()
  replayCache.failWith = new ReplayCacheError('REPLAY_CACHE_FULL', 'more unexpired ids than the cap')
  t.match(reader.read(scanAt(qr('pk-zhang', zhangPhone.privateKey))), { kind: 'refused', code: 'REPLAY_CHECK_FAILED', denyReason: 'REPLAYED', detail: 'REPLAY_CACHE_FULL' })
  t.ok(log.lines.some((line) => line.level === 'error' && (line.object as { code?: string }).code === 'REPLAY_CACHE_FULL'))
})

t.test('logs refusals without the full key id', async (t) => {
  const { reader, log } = rig()
  reader.read(scanAt(qr('pk-zhang', generateKeyPairSync('ed25519').privateKey)))
  const warning = log.lines.find((line) => line.level === 'warn')
  t.match(warning, { object: { code: 'BAD_SIGNATURE' } })
  t.notMatch(JSON.stringify(log.lines), /pk-zhang/)
})
