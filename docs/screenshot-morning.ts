/**
 * A believable morning at 向阳小区 for the screenshots: two weeks of gate traffic behind it, this
 * morning's residents through the south gate and the building doors, a few refusals (home
 * observation, an expired pass, a fever), building 2's controller offline and a door held open.
 * Fed through the hub's own ingest, exactly as edges' MQTT messages are.
 */
import { randomUUID } from 'node:crypto'
import type { HubRuntime } from '../hub/src/assembly/hub-runtime.js'
import type { AccessEvent } from '../protocol/mqtt/messages/access-event.js'
import type { EdgeStatus } from '../protocol/mqtt/messages/edge-status.js'
import { edgeTopic, type TopicKind } from '../protocol/mqtt/topics.js'
import { mulberry32 } from '../bench/mulberry32.js'
import type { SeededCommunity } from '../test/fakes/hub-community-seed.js'

const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * MINUTE_MS
const DEVICES_OK: EdgeStatus['devices'] = { 'reader-1': { kind: 'reader', state: 'ok' }, 'door-board': { kind: 'door-board', state: 'ok' }, journal: { kind: 'journal', state: 'ok' } }

export function playMorning(runtime: HubRuntime, community: SeededCommunity, baseTopic: string, nowMs: number): void {
  const random = mulberry32(7)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const seqs = new Map<string, number>()
  const feed = (edgeId: string, kind: TopicKind, message: Record<string, unknown>) => {
    const seq = (seqs.get(edgeId) ?? 0) + 1
    if (kind !== 'status') seqs.set(edgeId, seq)
    const body = kind === 'status' ? message : { ...message, seq }
    runtime.ingest.dispatcher.accept(edgeId, edgeTopic(baseTopic, kind, edgeId), Buffer.from(JSON.stringify({ v: 1, edgeId, ...body })))
  }
  const gate = community.gateEdgeId
  const lanes = community.gateDoorIds
  // Edges publish in the order things happen: collected first, then fed oldest first.
  const pending: { atMs: number; send: () => void }[] = []
  const later = (atMs: number, send: () => void) => void pending.push({ atMs, send })
  const entry = (atMs: number, overrides: Partial<AccessEvent> & Pick<AccessEvent, 'doorId'>) =>
    later(atMs, () => feed(gate, 'event', {
      id: randomUUID(),
      occurredAt: new Date(atMs).toISOString(),
      direction: random() < 0.55 ? 'in' : 'out',
      lane: overrides.doorId === lanes.assisted ? 'assisted' : overrides.doorId === lanes.returnees ? 'returnees' : 'residents',
      credential: { kind: random() < 0.7 ? 'card' : 'phone', maskedReference: `****${String(1000 + Math.floor(random() * 9000))}` },
      personId: pick(community.residentIds),
      decision: { granted: true, reason: 'GRANTED' },
      temperature: { celsius: Math.round((36.1 + random() * 0.9) * 10) / 10, isFever: false, remeasured: false },
      policyVersion: 12,
      ...overrides,
    }))
  const status = (edgeId: string, atMs: number, overrides: Partial<EdgeStatus> = {}) =>
    feed(edgeId, 'status', { state: 'online', at: new Date(atMs).toISOString(), softwareVersion: '0.1.0', policyVersion: 12, journalBacklog: 0, devices: DEVICES_OK, ...overrides })

  const startOfToday = nowMs - ((nowMs + 8 * 60 * MINUTE_MS) % DAY_MS)
  for (let day = 13; day >= 1; day -= 1) {
    const dayStart = startOfToday - day * DAY_MS
    for (let index = 0; index < 60; index += 1) entry(dayStart + (6 + random() * 16) * 60 * MINUTE_MS, { doorId: lanes.residents })
    for (let index = 0; index < Math.floor(random() * 5); index += 1) entry(dayStart + (7 + random() * 12) * 60 * MINUTE_MS, { doorId: lanes.residents, decision: { granted: false, reason: pick(['QUARANTINED', 'EXPIRED', 'UNKNOWN_CREDENTIAL', 'OUTSIDE_SCHEDULE']) } })
    if (random() < 0.4) entry(dayStart + 9 * 60 * MINUTE_MS, { doorId: lanes.residents, decision: { granted: false, reason: 'FEVER' }, temperature: { celsius: 37.8, isFever: true, remeasured: true } })
  }
  const yesterday = startOfToday - 1
  later(yesterday, () => acknowledgeAll(runtime, yesterday))
  status(gate, startOfToday + 5 * 60 * MINUTE_MS, { devices: { ...DEVICES_OK, 'thermometer-1': { kind: 'thermometer', state: 'ok' }, 'qr-1': { kind: 'qr-scanner', state: 'ok' } } })
  for (const edgeId of community.buildingEdgeIds) status(edgeId, startOfToday + 5 * 60 * MINUTE_MS)
  const morningMinutes = (nowMs - startOfToday) / MINUTE_MS - 6 * 60
  for (let index = 0; index < 140; index += 1) {
    const atMs = startOfToday + (6 * 60 + Math.pow(random(), 0.8) * morningMinutes) * MINUTE_MS
    entry(atMs, { doorId: random() < 0.85 ? lanes.residents : lanes.assisted })
  }
  for (const [index, doorId] of community.buildingDoorIds.entries()) {
    for (let count = 0; count < 12; count += 1) {
      const edgeId = community.buildingEdgeIds[index]!
      const atMs = startOfToday + (6 * 60 + random() * morningMinutes) * MINUTE_MS
      later(atMs, () => feed(edgeId, 'event', {
        id: randomUUID(),
        occurredAt: new Date(atMs).toISOString(),
        doorId,
        direction: 'in',
        lane: 'none',
        credential: { kind: 'card', maskedReference: `****${String(1000 + Math.floor(random() * 9000))}` },
        personId: pick(community.residentIds),
        decision: { granted: true, reason: 'GRANTED' },
        policyVersion: 12,
      }))
    }
  }
  entry(nowMs - 48 * MINUTE_MS, { doorId: lanes.residents, direction: 'out', decision: { granted: false, reason: 'QUARANTINED' } })
  entry(nowMs - 31 * MINUTE_MS, { doorId: lanes.returnees, credential: { kind: 'pass', maskedReference: '****0417' }, decision: { granted: false, reason: 'EXPIRED' } })
  entry(nowMs - 12 * MINUTE_MS, { doorId: lanes.assisted, credential: { kind: 'manual', maskedReference: '****' }, decision: { granted: true, reason: 'MANUAL_OVERRIDE' }, actor: { kind: 'staff', id: 'acc-gate-staff', name: '周师傅' }, note: '轮椅' })
  entry(nowMs - 3 * MINUTE_MS, { doorId: lanes.residents, decision: { granted: false, reason: 'FEVER' }, temperature: { celsius: 38.4, isFever: true, remeasured: true } })
  for (const { send } of pending.sort((a, b) => a.atMs - b.atMs)) send()
  const building2 = community.buildingEdgeIds[1]
  if (building2 !== undefined) status(building2, nowMs - 20 * MINUTE_MS, { state: 'offline' })
  const building1 = community.buildingEdgeIds[0]
  if (building1 !== undefined) {
    feed(building1, 'alarm', { id: randomUUID(), kind: 'DOOR_HELD_OPEN', state: 'raised', at: new Date(nowMs - 6 * MINUTE_MS).toISOString(), doorId: community.buildingDoorIds[0] })
  }
}

/** The fevers of past days were seen to by the community doctor. */
function acknowledgeAll(runtime: HubRuntime, atMs: number): void {
  for (const alert of runtime.ingest.alertStore.list({ state: 'open', limit: 500 })) {
    runtime.ingest.alertStore.acknowledge(alert.id, { accountId: 'acc-admin', name: '管理员', atMs, note: null })
  }
}
