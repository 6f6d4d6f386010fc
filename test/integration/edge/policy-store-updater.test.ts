import t, { type Test } from 'tap'
import { policySnapshotSha256 } from '../../../protocol/policy/policy-snapshot-codec.js'
import type { PolicyAnnouncement } from '../../../protocol/mqtt/messages/policy-announcement.js'
import type { PolicyEntities } from '../../../protocol/policy/policy-snapshot.js'
import type { SnapshotFetcher, SnapshotFetchFailure } from '../../../edge/src/ports/snapshot-fetcher.js'
import { PolicyStoreUpdater } from '../../../edge/src/services/policy-store-updater.js'
import { makeCredential, makePerson } from '../../fakes/policy-rows.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { applyEntities, bodyOf, deltaAnnouncement, openStore, put } from './policy-store-harness.js'
import { richCommunity } from './rich-community.js'

/** Serves the bodies it was given by version, and records what was asked. */
class FakeFetcher implements SnapshotFetcher {
  readonly requests: string[] = []
  readonly bodies = new Map<number, Buffer | SnapshotFetchFailure>()

  fetch(version: number, sha256: string): Promise<Buffer | SnapshotFetchFailure> {
    this.requests.push(`${version} ${sha256.slice(0, 8)}`)
    return Promise.resolve(this.bodies.get(version) ?? { ok: false, code: 'FETCH_FAILED', detail: `HTTP 404 for ${version}` })
  }
}

function setUp(t: Test) {
  const opened = openStore(t)
  const fetcher = new FakeFetcher()
  const log = new SilentLogger()
  return { ...opened, fetcher, log, updater: new PolicyStoreUpdater(opened.store, fetcher, log) }
}

/** An announcement of `version` whose sha256 is that of the body served for it. */
function snapshotAnnouncement(fetcher: FakeFetcher, entities: PolicyEntities, version: number): PolicyAnnouncement {
  const body = bodyOf(entities, version)
  fetcher.bodies.set(version, body)
  const { delta: _delta, ...announcement } = deltaAnnouncement(version, version - 1, [])
  return { ...announcement, sha256: policySnapshotSha256(body) }
}

t.test('applies a delta onto the version in force without fetching anything', async (t) => {
  const { store, fetcher, updater } = setUp(t)
  applyEntities(store, richCommunity(), 4)
  const outcome = await updater.apply(deltaAnnouncement(5, 4, [put('person', makePerson('p-sun'))]))
  t.match(outcome, { status: 'applied', policy: { version: 5, source: 'delta' } })
  t.same(updater.inForce(), store.inForce())
  t.same(fetcher.requests, [])
  t.equal(store.person('p-sun')?.id, 'p-sun')
})

t.test('fetches and applies the snapshot when there is no delta, or it is on another base', async (t) => {
  const { store, fetcher, updater } = setUp(t)
  const first = snapshotAnnouncement(fetcher, richCommunity(), 1)
  t.match(await updater.apply(first), { status: 'applied', policy: { version: 1, source: 'snapshot', sha256: first.sha256 } })
  const next = richCommunity()
  next.person.push(makePerson('p-sun'))
  const third = { ...snapshotAnnouncement(fetcher, next, 3), delta: { baseVersion: 2, changes: [put('person', makePerson('p-x'))] } }
  t.match(await updater.apply(third), { status: 'applied', policy: { version: 3, source: 'snapshot' } })
  t.equal(store.person('p-sun')?.id, 'p-sun')
  t.equal(store.person('p-x'), null, 'the delta on another base was not applied')
  t.same(fetcher.requests.map((request) => Number(request.split(' ')[0])), [1, 3])
})

t.test('falls back to the snapshot when the store refuses the delta', async (t) => {
  const { store, fetcher, updater, log } = setUp(t)
  applyEntities(store, richCommunity(), 1)
  const next = richCommunity()
  next.credential.push(makeCredential('c-sun', 'p-li', 'card:h10301:212:7300'))
  const announcement = {
    ...snapshotAnnouncement(fetcher, next, 2),
    delta: { baseVersion: 1, changes: [put('credential', makeCredential('c-sun', 'p-li', 'card:h10301:212:7041'))] },
  }
  t.match(await updater.apply(announcement), { status: 'applied', policy: { version: 2, source: 'snapshot' } })
  t.equal(store.credentialByLookupKey('card:h10301:212:7300')?.id, 'c-sun')
  t.equal(store.credentialByLookupKey('card:h10301:212:7041')?.id, 'c-zhang')
  t.match(log.lines, [{ level: 'warn', object: { refusal: 'CONFLICT' } }, { level: 'info' }])
})

t.test('keeps the old policy and reports why when the snapshot cannot be had', async (t) => {
  const { store, fetcher, updater } = setUp(t)
  applyEntities(store, richCommunity(), 1)
  const before = store.inForce()
  const missing = snapshotAnnouncement(fetcher, richCommunity(), 2)
  fetcher.bodies.delete(2)
  t.match(await updater.apply(missing), { status: 'failed', code: 'FETCH_FAILED', detail: 'HTTP 404 for 2' })
  const swapped = snapshotAnnouncement(fetcher, richCommunity(), 2)
  fetcher.bodies.set(2, bodyOf(richCommunity(), 3))
  t.match(await updater.apply(swapped), { status: 'failed', code: 'SHA256_MISMATCH' })
  const garbage = Buffer.from('{"v":1}')
  fetcher.bodies.set(2, garbage)
  t.match(await updater.apply({ ...swapped, sha256: policySnapshotSha256(garbage) }), { status: 'failed', code: 'INVALID_SNAPSHOT', detail: /^INVALID_SNAPSHOT: / })
  const foreign = bodyOf(richCommunity(), 2, 'gate-south')
  fetcher.bodies.set(2, foreign)
  t.match(await updater.apply({ ...swapped, sha256: policySnapshotSha256(foreign) }), { status: 'failed', code: 'INVALID_SNAPSHOT', detail: /^WRONG_EDGE: / })
  t.same(store.inForce(), before)
})

t.test('does nothing for a version that is not newer', async (t) => {
  const { store, fetcher, updater } = setUp(t)
  applyEntities(store, richCommunity(), 6)
  for (const version of [5, 6]) {
    t.same(await updater.apply(snapshotAnnouncement(fetcher, richCommunity(), version)), { status: 'current' }, `version ${version}`)
  }
  t.same(fetcher.requests, [])
  t.equal(store.inForce()?.version, 6)
})

t.test('does not let a snapshot fetched for an old version replace a newer one applied meanwhile', async (t) => {
  const { store, fetcher, updater } = setUp(t)
  applyEntities(store, richCommunity(), 1)
  const slow = snapshotAnnouncement(fetcher, richCommunity(), 2)
  const body = fetcher.bodies.get(2)!
  fetcher.fetch = async () => {
    applyEntities(store, richCommunity(), 3)
    return body
  }
  t.same(await updater.apply(slow), { status: 'current' })
  t.equal(store.inForce()?.version, 3)
})
