/**
 * What the hub issues, taken by the edge's own code: its SQLite policy store applies the stored
 * snapshot body and the announced deltas, decideAccess decides on them as the model says, and
 * its PolicyListener refuses an announcement signed by another key.
 */
import t, { type Test } from 'tap'
import { generateKeyPairSync } from 'node:crypto'
import { join } from 'node:path'
import { openEdgeDatabase } from '../../../edge/src/adapters/sqlite/open-edge-database.js'
import { SqlitePolicyStore } from '../../../edge/src/adapters/sqlite/sqlite-policy-store.js'
import { decideAccess } from '../../../edge/src/domain/decide-access.js'
import type { Direction, PresentedAs } from '../../../edge/src/domain/access-request.js'
import { PolicyListener } from '../../../edge/src/services/policy-listener.js'
import { PolicyStoreUpdater } from '../../../edge/src/services/policy-store-updater.js'
import { signPolicyAnnouncement } from '../../../protocol/mqtt/policy-announcement-signature.js'
import { policyAnnouncementTopic } from '../../../protocol/mqtt/topics.js'
import { FakeHubConnection } from '../../fakes/fake-hub-connection.js'
import { BASE_TOPIC, openPolicyRig, type PolicyRig } from '../../fakes/hub-policy-rig.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { SilentLogger } from '../../fakes/silent-logger.js'

const HOUR_MS = 3_600_000
const NORMAL_TEMPERATURE = { status: 'normal', celsius: 36.5, isRemeasured: false, checkedBy: null } as const

function openEdgeStore(t: Test, rig: PolicyRig, edgeId: string, name = edgeId) {
  const database = openEdgeDatabase({ path: join(t.testdir(), `${name}.db`) })
  const store = new SqlitePolicyStore(database, new ManualClock(rig.clock.now()), new SilentLogger(), { edgeId, hubPublicKey: rig.keys.publicKey })
  store.start()
  t.teardown(() => {
    store.stop()
    database.close()
  })
  return store
}

/** Applies the edge's latest announced version as its updater would: delta if it fits, else the stored body. */
async function catchUp(rig: PolicyRig, store: SqlitePolicyStore, edgeId: string): Promise<'delta' | 'snapshot'> {
  const announcement = rig.bus.latestFor(edgeId)!
  if (announcement.delta !== undefined && announcement.delta.baseVersion === (store.inForce()?.version ?? 0)) {
    const result = store.applyDelta(announcement)
    if (!result.ok) throw new Error(`delta refused: ${result.refusal} ${result.detail}`)
    return 'delta'
  }
  const result = await store.applySnapshot(rig.bodyOf(edgeId, announcement.version), announcement.sha256, announcement.version)
  if (!result.ok) throw new Error(`snapshot refused: ${result.refusal} ${result.detail}`)
  return 'snapshot'
}

function decide(store: SqlitePolicyStore, lookupKey: string, doorId: string, atMs: number, direction: Direction = 'in', presentedAs: PresentedAs = 'card') {
  return decideAccess(
    { credential: { presentedAs, lookupKey }, doorId, direction, lane: 'residents', atMs, temperature: NORMAL_TEMPERATURE, isReplay: false },
    store,
    { isClockTrusted: true, isHubConnected: true, policyAgeMs: 0 },
  ).reason
}

async function seededScenario(t: Test) {
  const rig = await openPolicyRig(t, { isStarted: false })
  const { seeded } = rig
  const db = rig.database.connection
  const now = rig.clock.now()
  const quarantined = seeded.peopleOfHousehold.get(seeded.householdIds[0]!)![0]!
  db.prepare(`INSERT INTO observation_orders (id, subject_kind, subject_id, starts_at_ms, ends_at_ms, created_by_account_id, created_at_ms) VALUES ('obs-1', 'household', ?, ?, ?, 'acc-admin', ?)`).run(
    seeded.householdIds[0],
    now - HOUR_MS,
    now + 14 * 24 * HOUR_MS,
    now,
  )
  db.prepare(`INSERT INTO lockdowns (id, building_id, starts_at_ms, ends_at_ms, created_by_account_id, created_at_ms) VALUES ('lock-1', ?, ?, ?, 'acc-admin', ?)`).run(
    seeded.buildingIds[1],
    now - HOUR_MS,
    now + 24 * HOUR_MS,
    now,
  )
  db.prepare(`INSERT INTO persons (id, display_name, role, status, created_at_ms, updated_at_ms) VALUES ('per-visitor', '访客', 'visitor', 'active', ?, ?)`).run(now, now)
  db.prepare(
    `INSERT INTO credentials (id, person_id, kind, lookup_key, status, valid_from_ms, valid_until_ms, host_person_id, host_building_id, issued_at_ms)
     VALUES ('pass-visitor', 'per-visitor', 'visitor', 'visitor:Q7dK2mXw9pL', 'active', ?, ?, ?, ?, ?)`,
  ).run(now - HOUR_MS, now + 4 * HOUR_MS, seeded.ownerIds[0], seeded.buildingIds[0], now)
  await rig.distributor.start()
  const cardOf = (personId: string) => seeded.cards.find((card) => card.personId === personId)!
  return { rig, quarantined, cardOf }
}

t.test('the edge’s store accepts every snapshot and decides as the model says', async (t) => {
  const { rig, quarantined, cardOf } = await seededScenario(t)
  const { seeded } = rig
  const now = rig.clock.now()
  const gate = openEdgeStore(t, rig, seeded.gateEdgeId)
  t.equal(await catchUp(rig, gate, seeded.gateEdgeId), 'snapshot')
  t.equal(gate.inForce()?.sha256, rig.bus.latestFor(seeded.gateEdgeId)!.sha256)
  const gateDoor = seeded.gateDoorIds.residents
  const neighbour = seeded.residentIds.find((id) => id !== quarantined && !seeded.peopleOfHousehold.get(seeded.householdIds[0]!)!.includes(id))!
  t.equal(decide(gate, cardOf(neighbour).lookupKey, gateDoor, now), 'GRANTED', 'a resident passes the gate')
  t.equal(decide(gate, cardOf(quarantined).lookupKey, gateDoor, now, 'in'), 'GRANTED', 'an observed resident may come home')
  t.equal(decide(gate, cardOf(quarantined).lookupKey, gateDoor, now, 'out'), 'QUARANTINED', 'but not go out')
  t.equal(decide(gate, 'visitor:Q7dK2mXw9pL', gateDoor, now, 'in', 'qr'), 'GRANTED', 'the visitor passes the gate')
  t.equal(decide(gate, 'visitor:Q7dK2mXw9pL', gateDoor, now + 5 * HOUR_MS, 'in', 'qr'), 'EXPIRED', 'until the pass ends')
  t.equal(decide(gate, 'card:h10301:999:999', gateDoor, now), 'UNKNOWN_CREDENTIAL')

  const hostBuilding = openEdgeStore(t, rig, seeded.buildingEdgeIds[0]!)
  await catchUp(rig, hostBuilding, seeded.buildingEdgeIds[0]!)
  t.equal(decide(hostBuilding, 'visitor:Q7dK2mXw9pL', seeded.buildingDoorIds[0]!, now, 'in', 'qr'), 'GRANTED', 'the visitor opens the host building')
  const sealed = openEdgeStore(t, rig, seeded.buildingEdgeIds[1]!)
  await catchUp(rig, sealed, seeded.buildingEdgeIds[1]!)
  const sealedResident = seeded.residentIds.find((id) => sealed.person(id) !== null)!
  t.equal(decide(sealed, cardOf(sealedResident).lookupKey, seeded.buildingDoorIds[1]!, now), 'BUILDING_LOCKDOWN', 'a sealed building refuses its own residents')
  t.equal(decide(sealed, 'visitor:Q7dK2mXw9pL', seeded.buildingDoorIds[1]!, now, 'in', 'qr'), 'UNKNOWN_CREDENTIAL', 'another building never hears of the pass')
  t.equal(decide(sealed, cardOf(neighbour).lookupKey, seeded.buildingDoorIds[1]!, now), sealed.person(neighbour) === null ? 'UNKNOWN_CREDENTIAL' : 'BUILDING_LOCKDOWN')
})

t.test('a revocation applied as a delta leaves the edge where the full snapshot would, and says REVOKED', async (t) => {
  const { rig, cardOf } = await seededScenario(t)
  const { seeded } = rig
  const gateId = seeded.gateEdgeId
  const viaDeltas = openEdgeStore(t, rig, gateId, 'deltas')
  await catchUp(rig, viaDeltas, gateId)
  const holder = seeded.residentIds[5]!
  for (let round = 0; round < 3; round++) {
    rig.distributor.recordApplied(gateId, rig.appliedReport(rig.bus.latestFor(gateId)!))
    const card = cardOf(seeded.residentIds[5 + round]!)
    rig.database.connection.prepare(`UPDATE credentials SET status = 'revoked', revoked_at_ms = ? WHERE id = ?`).run(rig.clock.now(), card.credentialId)
    await rig.distributor.recompileNow('revoked')
    t.equal(await catchUp(rig, viaDeltas, gateId), 'delta', `round ${round}: applied as a delta`)
    t.equal(viaDeltas.inForce()?.version, rig.bus.latestFor(gateId)!.version)
  }
  t.equal(decide(viaDeltas, cardOf(holder).lookupKey, seeded.gateDoorIds.residents, rig.clock.now()), 'REVOKED')
  const viaSnapshot = openEdgeStore(t, rig, gateId, 'snapshot')
  t.equal(await catchUp(rig, viaSnapshot, gateId), 'snapshot')
  const everyone = [...seeded.residentIds, ...seeded.tenantIds, ...seeded.staffIds]
  for (const personId of everyone) {
    const lookupKey = cardOf(personId).lookupKey
    for (const direction of ['in', 'out'] as const) {
      const a = decide(viaDeltas, lookupKey, seeded.gateDoorIds.residents, rig.clock.now(), direction)
      const b = decide(viaSnapshot, lookupKey, seeded.gateDoorIds.residents, rig.clock.now(), direction)
      if (a !== b) t.fail(`${personId} ${direction}: ${a} after deltas, ${b} from the snapshot`)
    }
  }
  t.equal(viaDeltas.inForce()?.sha256, viaSnapshot.inForce()?.sha256)
})

t.test('the edge’s listener refuses an announcement signed by another key and takes the hub’s', async (t) => {
  const rig = await openPolicyRig(t)
  const gateId = rig.seeded.gateEdgeId
  const store = openEdgeStore(t, rig, gateId)
  const fetches: number[] = []
  const fetcher = {
    fetch: async (version: number) => {
      fetches.push(version)
      return rig.bodyOf(gateId, version)
    },
  }
  const connection = new FakeHubConnection(gateId, BASE_TOPIC)
  const log = new SilentLogger()
  const listener = new PolicyListener(connection, new PolicyStoreUpdater(store, fetcher, log), new ManualClock(rig.clock.now()), log, { hubPublicKey: rig.keys.publicKey })
  listener.start()
  t.teardown(() => listener.stop())
  connection.setConnected(true)
  const genuine = rig.bus.latestFor(gateId)!
  const { signature: _signature, ...unsigned } = genuine
  const forged = signPolicyAnnouncement(generateKeyPairSync('ed25519').privateKey, unsigned)
  const topic = policyAnnouncementTopic(BASE_TOPIC, gateId)
  connection.deliver({ topic, payload: Buffer.from(JSON.stringify(forged)), isRetained: true })
  t.equal(listener.refusals.get('BAD_SIGNATURE'), 1)
  t.equal(store.inForce(), null, 'nothing applied')
  t.same(fetches, [], 'nothing fetched for a forged announcement')
  const appliedTopic = `${BASE_TOPIC}/edge/${gateId}/policy-applied`
  const applied = new Promise<void>((resolve) => {
    connection.settle = async (publish) => {
      if (publish.topic === appliedTopic) resolve()
    }
  })
  connection.deliver({ topic, payload: Buffer.from(JSON.stringify(genuine)), isRetained: true })
  await applied
  t.equal(store.inForce()?.version, 1)
  t.same(fetches, [1])
  const report = connection.messagesOn(appliedTopic).at(-1) as { version: number; sha256: string }
  t.match(report, { version: 1, sha256: genuine.sha256 })
  t.same(rig.distributor.recordApplied(gateId, report as never), { status: 'stored' }, 'the report the edge sends is one the hub records')
})
