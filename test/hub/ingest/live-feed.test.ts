import t, { type Test } from 'tap'
import { ManualClock } from '../../fakes/manual-clock.js'
import { accessEvent, alarm, bytes, topicOf } from '../../fakes/hub-ingest-fixtures.js'
import { ingestApp, type IngestApp } from '../../fakes/hub-ingest-app.js'
import { SseClient, type SseFrame } from '../../fakes/sse-client.js'
import type { Caller } from '../../../hub/src/domain/caller.js'
import type { LiveFeedOptions } from '../../../hub/src/adapters/http/routes/live-routes.js'

const GATE = 'edge-gate'

async function listening(t: Test, options: { live?: Partial<LiveFeedOptions>; liveClock?: ManualClock } = {}): Promise<{ fixture: IngestApp; url: string }> {
  const fixture = ingestApp(t, options)
  const address = await fixture.app.listen({ port: 0, host: '127.0.0.1' })
  return { fixture, url: `${address}/api/live` }
}

async function watch(t: Test, url: string, fixture: IngestApp, caller: Caller, headers: Record<string, string> = {}): Promise<SseClient> {
  fixture.caller = caller
  const client = await SseClient.connect(url, headers)
  t.teardown(() => client.close())
  await client.next((frame) => frame.event === 'ready', 'ready')
  return client
}

function ingestEvent(fixture: IngestApp, edgeId: string, seq: number, personId?: string): void {
  const doorId = edgeId === GATE ? fixture.community.gateDoorIds.residents : fixture.community.buildingDoorIds[0]!
  fixture.rig.dispatcher.accept(edgeId, topicOf('event', edgeId), bytes(accessEvent(seq, { edgeId, doorId, ...(personId !== undefined && { personId }) })))
}

const access = (seq: number, edgeId = GATE) => (frame: SseFrame) => frame.event === 'access' && (frame.data as { seq: number; edgeId: string }).seq === seq && (frame.data as { edgeId: string }).edgeId === edgeId

t.test('a signed-in admin receives an event live over a real listening server, with an id to resume from', async (t) => {
  const { fixture, url } = await listening(t)
  const client = await watch(t, url, fixture, fixture.admin)
  t.equal(client.statusCode, 200)
  t.match(client.frames[0], { event: 'ready', id: '0-0' })
  ingestEvent(fixture, GATE, 1, fixture.ownGridPerson)
  const frame = await client.next(access(1))
  t.match(frame, { id: '1-0', data: { edgeId: GATE, personId: fixture.ownGridPerson, granted: true, reason: 'GRANTED' } })
  fixture.rig.dispatcher.accept(GATE, topicOf('alarm', GATE), bytes(alarm(2, { edgeId: GATE, kind: 'DOOR_FORCED', doorId: fixture.community.gateDoorIds.residents })))
  t.match(await client.next((candidate) => candidate.event === 'alert'), { id: '1-1', data: { change: 'raised', alert: { kind: 'DOOR_FORCED', edgeId: GATE } } })
})

t.test('Last-Event-ID resumes from the ledger: what was missed, in order, then live', async (t) => {
  const { fixture, url } = await listening(t)
  ingestEvent(fixture, GATE, 1)
  ingestEvent(fixture, GATE, 2)
  fixture.rig.dispatcher.accept(GATE, topicOf('alarm', GATE), bytes(alarm(3, { edgeId: GATE, kind: 'TAMPER', device: 'reader-1' })))
  ingestEvent(fixture, GATE, 4)
  const client = await watch(t, url, fixture, fixture.admin, { 'last-event-id': '1-0' })
  const replayed = client.frames.filter((frame) => frame.event !== 'ready').map((frame) => [frame.event, frame.id])
  t.same(replayed, [['access', '2-0'], ['access', '3-0'], ['alert', '3-1']], 'events 2 and 4 (feed 2, 3) and the tamper alert')
  t.match(client.frames.at(-1), { event: 'ready', id: '3-1' })
  ingestEvent(fixture, GATE, 5)
  t.match(await client.next(access(5)), { id: '4-1' })
  const fresh = await watch(t, url, fixture, fixture.admin, { 'last-event-id': 'garbage' })
  t.same(fresh.frames.map((frame) => frame.event), ['ready'], 'an unreadable id starts from now')
  t.match(fresh.frames[0], { id: '4-1' })
})

t.test('gate staff receive only their checkpoint; a grid manager gets every door with other grids masked', async (t) => {
  const { fixture, url } = await listening(t)
  const staff = await watch(t, url, fixture, fixture.gateStaff)
  const manager = await watch(t, url, fixture, fixture.gridManager)
  const building = fixture.community.buildingEdgeIds[0]!
  ingestEvent(fixture, building, 1, fixture.ownGridPerson)
  ingestEvent(fixture, GATE, 2, fixture.otherGridPerson)
  await staff.next(access(2))
  await manager.next(access(2))
  t.same(staff.frames.filter((frame) => frame.event === 'access').map((frame) => (frame.data as { edgeId: string }).edgeId), [GATE])
  t.match(manager.frames.filter((frame) => frame.event === 'access').map((frame) => frame.data), [
    { edgeId: building, personId: fixture.ownGridPerson, isPersonHidden: false },
    { edgeId: GATE, personId: null, isPersonHidden: true },
  ])
  fixture.caller = { ...fixture.admin, role: 'landlord' }
  const landlord = await SseClient.connect(url)
  t.equal(landlord.statusCode, 403)
})

t.test('heartbeat comments keep an idle stream open', async (t) => {
  const clock = new ManualClock()
  const { fixture, url } = await listening(t, { liveClock: clock, live: { heartbeatMs: 15_000 } })
  const client = await watch(t, url, fixture, fixture.admin)
  clock.advance(15_000)
  t.equal(await client.nextComment('heartbeat'), 'heartbeat')
  clock.advance(15_000)
  t.equal(await client.nextComment('heartbeat', 2), 'heartbeat', 'and again')
})

t.test('a client that stops reading is dropped and counted, never buffered without bound', async (t) => {
  const { fixture, url } = await listening(t, { live: { maxBufferedBytes: 64 * 1024 } })
  const slow = await watch(t, url, fixture, fixture.admin)
  const healthy = await watch(t, url, fixture, fixture.admin)
  slow.pause()
  const subscribersBefore = fixture.rig.feed.stats().subscribers
  const record = { feedSeq: 0, id: '', edgeId: GATE, seq: 1, doorId: 'door-gate-residents', occurredAtMs: 0, receivedAtMs: 0, direction: 'in', lane: 'residents', isGranted: true, reason: 'GRANTED', credentialKind: 'card', maskedCredential: '****4821', personId: null, celsius: null, isFever: false, actor: null, policyVersion: 1, note: 'x'.repeat(150) }
  let published = 0
  while (fixture.rig.feed.stats().drops['SLOW_CLIENT'] === undefined && published < 200_000) {
    published++
    fixture.rig.feed.publish({ kind: 'access', record: { ...record, feedSeq: published, id: String(published) } })
    if (published % 50 === 0) await new Promise((resolve) => setImmediate(resolve))
  }
  t.equal(fixture.rig.feed.stats().drops['SLOW_CLIENT'], 1)
  t.equal(fixture.rig.feed.stats().subscribers, subscribersBefore - 1, 'only the slow client was let go')
  await healthy.next(access(1))
  t.notOk(healthy.isClosed)
})
