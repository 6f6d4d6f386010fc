import t from 'tap'
import { verifyPolicyAnnouncementSignature } from '../../../protocol/mqtt/policy-announcement-signature.js'
import { policyAnnouncementTopic } from '../../../protocol/mqtt/topics.js'
import { decodePolicySnapshot, policySnapshotSha256 } from '../../../protocol/policy/policy-snapshot-codec.js'
import { verifyPolicySnapshotSignature } from '../../../protocol/policy/policy-snapshot-signature.js'
import { BASE_TOPIC, openPolicyRig } from '../../fakes/hub-policy-rig.js'

const DAY_MS = 86_400_000

t.test('start issues version 1 for every edge: stored, signed, announced retained', async (t) => {
  const rig = await openPolicyRig(t)
  const edgeIds = [rig.seeded.gateEdgeId, ...rig.seeded.buildingEdgeIds]
  for (const edgeId of edgeIds) {
    const announcement = rig.bus.latestFor(edgeId)
    t.equal(announcement?.version, 1, `${edgeId} announced`)
    if (announcement === undefined) continue
    t.ok(verifyPolicyAnnouncementSignature(rig.keys.publicKey, announcement), 'signed by the hub key')
    t.equal(announcement.delta, undefined, 'a first version has no delta')
    const body = rig.bodyOf(edgeId, 1)
    t.equal(policySnapshotSha256(body), announcement.sha256, 'the announced sha256 is the stored body’s')
    const decoded = decodePolicySnapshot(body)
    t.ok(decoded.ok && verifyPolicySnapshotSignature(rig.keys.publicKey, decoded.snapshot), 'the body is a valid snapshot signed by the hub')
  }
  t.ok(rig.bus.published.every((publish) => publish.retain), 'announcements are retained')
  t.equal(rig.bus.published[0]?.topic, policyAnnouncementTopic(BASE_TOPIC, rig.bus.published[0]!.topic.split('/')[2]!))
  t.equal(rig.distributor.currentEntities(rig.seeded.gateEdgeId)?.person.length, rig.seeded.residentIds.length + rig.seeded.tenantIds.length + rig.seeded.staffIds.length)
  t.equal(rig.distributor.currentEntities('edge-unknown'), null)
})

t.test('a change that alters nothing issues nothing', async (t) => {
  const rig = await openPolicyRig(t)
  const before = rig.bus.published.length
  rig.distributor.modelChanged('nothing really')
  rig.clock.advance(50)
  await rig.distributor.whenIdle()
  t.equal(rig.bus.published.length, before)
  t.equal(rig.distributor.stats.passes, 2)
})

t.test('a revoked card reaches the edges of its holder as a one-row delta, coalescing a burst', async (t) => {
  const rig = await openPolicyRig(t)
  const card = rig.seeded.cards.find((c) => c.personId === rig.seeded.residentIds[0])!
  const edgesOfHolder = rig.seeded.buildingEdgeIds.filter((edgeId) => rig.distributor.currentEntities(edgeId)!.person.some((p) => p.id === card.personId))
  t.equal(edgesOfHolder.length, 1)
  for (const edgeId of [rig.seeded.gateEdgeId, ...rig.seeded.buildingEdgeIds]) {
    rig.distributor.recordApplied(edgeId, rig.appliedReport(rig.bus.latestFor(edgeId)!, 'snapshot'))
  }
  rig.database.connection.prepare(`UPDATE credentials SET status = 'revoked', revoked_at_ms = ? WHERE id = ?`).run(rig.clock.now(), card.credentialId)
  rig.distributor.modelChanged('credential revoked')
  rig.clock.advance(20)
  rig.distributor.modelChanged('and again')
  rig.clock.advance(30)
  await rig.distributor.whenIdle()
  t.equal(rig.distributor.stats.passes, 2, 'one pass for the burst')
  for (const edgeId of [rig.seeded.gateEdgeId, ...edgesOfHolder]) {
    const announcement = rig.bus.latestFor(edgeId)!
    t.equal(announcement.version, 2, `${edgeId}: version 2`)
    t.same(announcement.delta?.baseVersion, 1)
    t.same(
      announcement.delta?.changes.map((change) => [change.op, change.entity, change.key, change.op === 'put' ? change.row.status : null]),
      [['put', 'credential', card.credentialId, 'revoked']],
    )
    t.ok(verifyPolicyAnnouncementSignature(rig.keys.publicKey, announcement))
  }
  const untouched = rig.seeded.buildingEdgeIds.find((edgeId) => !edgesOfHolder.includes(edgeId))!
  t.equal(rig.bus.latestFor(untouched)?.version, 1, 'an edge the holder does not pass gets no version')
})

t.test('no delta for an edge whose applied version is not the base; none past the change limit', async (t) => {
  const rig = await openPolicyRig(t, { distributor: { maxDeltaChanges: 3 } })
  const gate = rig.seeded.gateEdgeId
  rig.database.connection.prepare(`UPDATE credentials SET status = 'revoked', revoked_at_ms = ? WHERE id = ?`).run(rig.clock.now(), rig.seeded.cards[0]!.credentialId)
  await rig.distributor.recompileNow('revoked, edge never reported')
  t.equal(rig.bus.latestFor(gate)?.version, 2)
  t.equal(rig.bus.latestFor(gate)?.delta, undefined, 'the edge never reported version 1')
  rig.distributor.recordApplied(gate, rig.appliedReport(rig.bus.latestFor(gate)!))
  rig.database.connection.prepare(`UPDATE credentials SET status = 'revoked', revoked_at_ms = ? WHERE id IN (?, ?, ?, ?)`).run(
    rig.clock.now(),
    ...rig.seeded.cards.slice(1, 5).map((card) => card.credentialId),
  )
  await rig.distributor.recompileNow('four revoked')
  t.equal(rig.bus.latestFor(gate)?.version, 3)
  t.equal(rig.bus.latestFor(gate)?.delta, undefined, 'four changes are over the limit of three')
  rig.distributor.recordApplied(gate, rig.appliedReport(rig.bus.latestFor(gate)!, 'snapshot'))
  rig.database.connection.prepare(`UPDATE credentials SET status = 'revoked', revoked_at_ms = ? WHERE id = ?`).run(rig.clock.now(), rig.seeded.cards[5]!.credentialId)
  await rig.distributor.recompileNow('one more')
  t.equal(rig.bus.latestFor(gate)?.delta?.baseVersion, 3)
})

t.test('a delta rides on one still in flight: the edge applying version N gets N+1 as a delta on N', async (t) => {
  const rig = await openPolicyRig(t)
  const gate = rig.seeded.gateEdgeId
  rig.distributor.recordApplied(gate, rig.appliedReport(rig.bus.latestFor(gate)!, 'snapshot'))
  const revoke = (index: number) =>
    rig.database.connection.prepare(`UPDATE credentials SET status = 'revoked', revoked_at_ms = ? WHERE id = ?`).run(rig.clock.now(), rig.seeded.cards[index]!.credentialId)
  revoke(0)
  await rig.distributor.recompileNow('first')
  revoke(1)
  await rig.distributor.recompileNow('second, before the edge reported the first')
  t.same(rig.bus.latestFor(gate)?.delta?.baseVersion, 2)
  revoke(2)
  await rig.distributor.recompileNow('third: the edge is now two behind')
  t.equal(rig.bus.latestFor(gate)?.delta, undefined)
})

t.test('an observation order ending on day 15 produces a version at that instant, without it', async (t) => {
  const rig = await openPolicyRig(t, { isStarted: false, distributor: { safetyRecompileMs: 30 * DAY_MS } })
  const householdId = rig.seeded.householdIds[0]!
  const endsAtMs = rig.clock.now() + 14 * DAY_MS
  rig.database.connection
    .prepare(`INSERT INTO observation_orders (id, subject_kind, subject_id, starts_at_ms, ends_at_ms, created_by_account_id, created_at_ms) VALUES ('obs-1', 'household', ?, ?, ?, 'acc-admin', ?)`)
    .run(householdId, rig.clock.now(), endsAtMs, rig.clock.now())
  await rig.distributor.start()
  const gate = rig.seeded.gateEdgeId
  t.same(rig.distributor.currentEntities(gate)!.observation.map((row) => row.id), ['obs-1'])
  rig.clock.advance(endsAtMs - rig.clock.now() - 1)
  await rig.distributor.whenIdle()
  t.equal(rig.bus.latestFor(gate)?.version, 1, 'nothing before the end')
  rig.clock.advance(1)
  await rig.distributor.whenIdle()
  const announcement = rig.bus.latestFor(gate)!
  t.equal(announcement.version, 2)
  t.equal(announcement.issuedAt, new Date(endsAtMs).toISOString(), 'issued at the very instant the order ends')
  t.same(rig.distributor.currentEntities(gate)!.observation, [])
})

t.test('records applied reports, refuses wrong or unknown edges, and shows the lag', async (t) => {
  const rig = await openPolicyRig(t)
  const gate = rig.seeded.gateEdgeId
  const first = rig.bus.latestFor(gate)!
  t.same(rig.distributor.recordApplied('edge-bld-1', rig.appliedReport(first)), { status: 'rejected', code: 'WRONG_EDGE', reason: `report names edge ${gate}` })
  t.match(rig.distributor.recordApplied('edge-nope', { ...rig.appliedReport(first), edgeId: 'edge-nope' }), { status: 'rejected', code: 'UNKNOWN_EDGE' })
  t.match(rig.distributor.status().find((status) => status.edgeId === gate), { latestVersion: 1, appliedVersion: null, isCurrent: false, secondsBehind: 0 })
  rig.clock.advance(90_000)
  t.match(rig.distributor.status().find((status) => status.edgeId === gate), { secondsBehind: 90, versionsBehind: null })
  t.same(rig.distributor.recordApplied(gate, rig.appliedReport(first, 'snapshot')), { status: 'stored' })
  t.match(rig.distributor.status().find((status) => status.edgeId === gate), { appliedVersion: 1, appliedSource: 'snapshot', isCurrent: true, secondsBehind: 0, versionsBehind: 0 })
  rig.database.connection.prepare(`UPDATE credentials SET status = 'revoked', revoked_at_ms = ? WHERE id = ?`).run(rig.clock.now(), rig.seeded.cards[0]!.credentialId)
  await rig.distributor.recompileNow('revoked')
  rig.clock.advance(12_000)
  t.match(rig.distributor.status().find((status) => status.edgeId === gate), { latestVersion: 2, appliedVersion: 1, versionsBehind: 1, secondsBehind: 12, isCurrent: false })
  const failed = { ...rig.appliedReport(first), lastFailure: { version: 2, code: 'FETCH_FAILED', at: new Date(rig.clock.now()).toISOString() } }
  rig.distributor.recordApplied(gate, failed)
  t.match(rig.distributor.status().find((status) => status.edgeId === gate)?.lastFailure, { version: 2, code: 'FETCH_FAILED' })
})

t.test('an edge holding a version the hub never issued gets a newer one above it', async (t) => {
  const rig = await openPolicyRig(t)
  const gate = rig.seeded.gateEdgeId
  rig.distributor.recordApplied(gate, { ...rig.appliedReport(rig.bus.latestFor(gate)!), version: 7, sha256: 'a'.repeat(64) })
  rig.clock.advance(50)
  await rig.distributor.whenIdle()
  t.equal(rig.bus.latestFor(gate)?.version, 8)
  t.equal(rig.bus.latestFor(gate)?.delta, undefined)
})

t.test('after a restart, stored announcements are published again and an unchanged model issues nothing', async (t) => {
  const rig = await openPolicyRig(t)
  const gate = rig.seeded.gateEdgeId
  const first = rig.bus.latestFor(gate)!
  const countBefore = rig.bus.announcementsFor(gate).length
  const restarted = await rig.restart()
  const after = rig.bus.announcementsFor(gate)
  t.equal(after.length, countBefore + 1, 'published once more')
  t.same(after.at(-1), first, 'the same signed announcement')
  t.ok(restarted.currentEntities(gate), 'compiled again in memory')
  rig.database.connection.prepare(`UPDATE credentials SET status = 'revoked', revoked_at_ms = ? WHERE id = ?`).run(rig.clock.now(), rig.seeded.cards[0]!.credentialId)
  await restarted.recompileNow('revoked')
  t.equal(rig.bus.latestFor(gate)?.version, 2)
})

t.test('an announcement the broker did not take is published again later', async (t) => {
  const rig = await openPolicyRig(t, { distributor: { retryMs: 1000 } })
  const gate = rig.seeded.gateEdgeId
  rig.bus.failures = 100
  rig.database.connection.prepare(`UPDATE credentials SET status = 'revoked', revoked_at_ms = ? WHERE id = ?`).run(rig.clock.now(), rig.seeded.cards[0]!.credentialId)
  await rig.distributor.recompileNow('revoked while the broker is away')
  t.equal(rig.bus.latestFor(gate)?.version, 1)
  rig.bus.failures = 0
  rig.clock.advance(1000)
  await rig.distributor.whenIdle()
  t.equal(rig.bus.latestFor(gate)?.version, 2)
})

t.test('keeps the newest bodies only; an old version is gone, an unknown one unknown', async (t) => {
  const rig = await openPolicyRig(t, { distributor: { keepBodies: 2 } })
  const gate = rig.seeded.gateEdgeId
  for (const card of rig.seeded.cards.slice(0, 3)) {
    rig.database.connection.prepare(`UPDATE credentials SET status = 'revoked', revoked_at_ms = ? WHERE id = ?`).run(rig.clock.now(), card.credentialId)
    await rig.distributor.recompileNow('revoked')
  }
  t.equal(rig.bus.latestFor(gate)?.version, 4)
  t.match(rig.versions.snapshotBody(gate, 4), { status: 'found', version: 4 })
  t.match(rig.versions.snapshotBody(gate, 3), { status: 'found' })
  t.same(rig.versions.snapshotBody(gate, 2), { status: 'gone', version: 2 })
  t.same(rig.versions.snapshotBody(gate, 9), { status: 'unknown' })
  t.match(rig.versions.snapshotBody(gate, 'latest'), { status: 'found', version: 4 })
})

t.test('an edge removed from the model has its retained announcement cleared', async (t) => {
  const rig = await openPolicyRig(t)
  const edgeId = rig.seeded.buildingEdgeIds[2]!
  rig.database.connection.prepare(`DELETE FROM door_group_members WHERE door_id IN (SELECT id FROM doors WHERE edge_id = ?)`).run(edgeId)
  rig.database.connection.prepare(`DELETE FROM doors WHERE edge_id = ?`).run(edgeId)
  rig.database.connection.prepare(`DELETE FROM policy_versions WHERE edge_id = ?`).run(edgeId)
  rig.database.connection.prepare(`DELETE FROM policy_edges WHERE edge_id = ?`).run(edgeId)
  rig.database.connection.prepare(`DELETE FROM edges WHERE id = ?`).run(edgeId)
  await rig.distributor.recompileNow('edge removed')
  const last = rig.bus.published.at(-1)!
  t.equal(last.topic, policyAnnouncementTopic(BASE_TOPIC, edgeId))
  t.equal(last.payload.length, 0)
  t.ok(last.retain)
  t.equal(rig.distributor.currentEntities(edgeId), null)
})
