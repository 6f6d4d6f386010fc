import t, { type Test } from 'tap'
import { createHash, generateKeyPairSync } from 'node:crypto'
import type { PolicyAnnouncement, UnsignedPolicyAnnouncement } from '../../../protocol/mqtt/messages/policy-announcement.js'
import { signPolicyAnnouncement } from '../../../protocol/mqtt/policy-announcement-signature.js'
import { policyAnnouncementTopic, policyAppliedTopic } from '../../../protocol/mqtt/topics.js'
import { systemClock } from '../../../edge/src/adapters/system-clock.js'
import { PolicyListener } from '../../../edge/src/services/policy-listener.js'
import type { AppliedPolicy, PolicyUpdateOutcome, PolicyUpdater } from '../../../edge/src/services/policy-updater.js'
import { BASE_TOPIC, GATE_NORTH, connected, linkOptions, startLink, startTestBroker } from '../../fakes/hub-link-fixtures.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import type { TestBroker } from '../../fakes/test-broker.js'

const hubKeys = generateKeyPairSync('ed25519')
const impostorKeys = generateKeyPairSync('ed25519')
const POLICY_TOPIC = policyAnnouncementTopic(BASE_TOPIC, GATE_NORTH.edgeId)
const APPLIED_TOPIC = policyAppliedTopic(BASE_TOPIC, GATE_NORTH.edgeId)

function sha256Of(version: number): string {
  return createHash('sha256').update(`snapshot ${version}`).digest('hex')
}

/** Applies whatever it is given, unless told to fail a version. */
class RecordingUpdater implements PolicyUpdater {
  readonly received: number[] = []
  readonly failures = new Map<number, PolicyUpdateOutcome & { status: 'failed' }>()
  #inForce: AppliedPolicy | null

  constructor(inForce: AppliedPolicy | null) {
    this.#inForce = inForce
  }

  inForce(): AppliedPolicy | null {
    return this.#inForce
  }

  apply(announcement: PolicyAnnouncement): Promise<PolicyUpdateOutcome> {
    this.received.push(announcement.version)
    const failure = this.failures.get(announcement.version)
    if (failure !== undefined) return Promise.resolve(failure)
    const source = announcement.delta?.baseVersion === this.#inForce?.version ? 'delta' : 'snapshot'
    this.#inForce = { version: announcement.version, sha256: announcement.sha256, source, appliedAtMs: Date.now() }
    return Promise.resolve({ status: 'applied', policy: this.#inForce })
  }
}

const VERSION_7: AppliedPolicy = { version: 7, sha256: sha256Of(7), source: 'snapshot', appliedAtMs: Date.parse('2026-03-01T22:00:00.000Z') }

function announcement(version: number, withDelta = true): UnsignedPolicyAnnouncement {
  return {
    v: 1,
    edgeId: GATE_NORTH.edgeId,
    version,
    issuedAt: new Date().toISOString(),
    sha256: sha256Of(version),
    snapshotFormat: 'gatehouse-policy/1',
    ...(withDelta
      ? { delta: { baseVersion: version - 1, changes: [{ op: 'put' as const, entity: 'quarantine', key: 'p-0193', row: { personId: 'p-0193', mayExit: false } }] } }
      : {}),
  }
}

function announce(broker: TestBroker, message: PolicyAnnouncement, retain = true): Promise<void> {
  return broker.publishAsHub(POLICY_TOPIC, Buffer.from(JSON.stringify(message), 'utf8'), { retain })
}

type Applied = { version: number; sha256: string; source: string; lastFailure?: { version: number; code: string } }

function appliedReports(broker: TestBroker): Applied[] {
  return broker.messagesOn(APPLIED_TOPIC) as Applied[]
}

function report(broker: TestBroker, what: string, matches: (applied: Applied) => boolean): Promise<Applied> {
  return broker.waitFor(what, () => appliedReports(broker).find(matches))
}

async function startPolicyEdge(t: Test, updater: RecordingUpdater, beforeConnect: (broker: TestBroker) => Promise<void> = async () => {}) {
  const broker = await startTestBroker(t)
  await beforeConnect(broker)
  const link = startLink(t, linkOptions(broker.url))
  const listener = new PolicyListener(link, updater, systemClock, new SilentLogger(), { hubPublicKey: hubKeys.publicKey })
  listener.start()
  t.teardown(() => listener.stop())
  await connected(link)
  return { broker, listener }
}

t.test('applies a signed newer announcement and reports the version in force, retained', async (t) => {
  const updater = new RecordingUpdater(VERSION_7)
  const { broker, listener } = await startPolicyEdge(t, updater)
  await report(broker, 'the report made on connect', (applied) => applied.version === 7)
  await announce(broker, signPolicyAnnouncement(hubKeys.privateKey, announcement(8)))
  const applied = await report(broker, 'version 8 applied', (applied) => applied.version === 8)
  t.match(applied, { v: 1, edgeId: GATE_NORTH.edgeId, version: 8, sha256: sha256Of(8), source: 'delta' })
  t.notOk('lastFailure' in applied)
  t.same(updater.received, [8])
  t.equal(listener.applied, 1)
  t.ok(broker.accepted.filter((publish) => publish.topic === APPLIED_TOPIC).every((publish) => publish.isRetained), 'PolicyApplied is retained')
})

t.test('the retained announcement waiting on the broker is applied after connecting', async (t) => {
  const updater = new RecordingUpdater(VERSION_7)
  const { broker } = await startPolicyEdge(t, updater, (broker) => announce(broker, signPolicyAnnouncement(hubKeys.privateKey, announcement(9, false))))
  t.match(await report(broker, 'version 9 applied', (applied) => applied.version === 9), { source: 'snapshot' })
  t.same(updater.received, [9])
})

t.test('refuses a forged announcement, keeps the old policy and reports the failure', async (t) => {
  const updater = new RecordingUpdater(VERSION_7)
  const { broker, listener } = await startPolicyEdge(t, updater)
  await announce(broker, signPolicyAnnouncement(impostorKeys.privateKey, announcement(8)))
  const failed = await report(broker, 'a failure report', (applied) => applied.lastFailure !== undefined)
  t.match(failed, { version: 7, lastFailure: { version: 8, code: 'BAD_SIGNATURE' } })
  t.same(updater.received, [], 'the updater never saw it')
  t.equal(listener.refusals.get('BAD_SIGNATURE'), 1)
})

t.test('ignores an announcement that is not newer, and drops malformed ones', async (t) => {
  const updater = new RecordingUpdater(VERSION_7)
  const { broker, listener } = await startPolicyEdge(t, updater)
  await announce(broker, signPolicyAnnouncement(hubKeys.privateKey, announcement(7)))
  await announce(broker, signPolicyAnnouncement(hubKeys.privateKey, { ...announcement(8), edgeId: 'gate-south' }))
  await broker.publishAsHub(POLICY_TOPIC, Buffer.from('{"v":1,"version":"eight"}'), { retain: true })
  await announce(broker, signPolicyAnnouncement(hubKeys.privateKey, announcement(8)))
  await report(broker, 'version 8 applied', (applied) => applied.version === 8)
  t.same(updater.received, [8], 'only the newer, valid one reached the updater')
  t.same(listener.refusals.toJSON(), { NOT_NEWER: 1, WRONG_EDGE: 1, INVALID: 1 })
})

t.test('reports a failed update with lastFailure, and clears it once a newer version applies', async (t) => {
  const updater = new RecordingUpdater(VERSION_7)
  updater.failures.set(8, { status: 'failed', code: 'FETCH_FAILED', detail: 'hub unreachable' })
  const { broker, listener } = await startPolicyEdge(t, updater)
  await announce(broker, signPolicyAnnouncement(hubKeys.privateKey, announcement(8, false)))
  t.match(await report(broker, 'the failure report', (applied) => applied.lastFailure?.code === 'FETCH_FAILED'), {
    version: 7,
    lastFailure: { version: 8, code: 'FETCH_FAILED' },
  })
  await announce(broker, signPolicyAnnouncement(hubKeys.privateKey, announcement(9, false)))
  const recovered = await report(broker, 'version 9 applied', (applied) => applied.version === 9)
  t.notOk('lastFailure' in recovered, 'the failure is forgotten once a newer version is in force')
  t.equal(listener.refusals.get('FETCH_FAILED'), 1)
})

t.test('before the first policy nothing is reported, but the first one is', async (t) => {
  const updater = new RecordingUpdater(null)
  const { broker } = await startPolicyEdge(t, updater)
  await announce(broker, signPolicyAnnouncement(hubKeys.privateKey, announcement(1, false)))
  await report(broker, 'version 1 applied', (applied) => applied.version === 1)
  t.same(
    appliedReports(broker).map((applied) => applied.version),
    [1],
    'no PolicyApplied for version 0',
  )
})
