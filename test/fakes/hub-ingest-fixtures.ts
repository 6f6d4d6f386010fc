import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { Test } from 'tap'
import type { AccessEvent } from '../../protocol/mqtt/messages/access-event.js'
import type { Alarm } from '../../protocol/mqtt/messages/alarm.js'
import type { CommandReply } from '../../protocol/mqtt/messages/command-reply.js'
import type { EdgeStatus } from '../../protocol/mqtt/messages/edge-status.js'
import type { PolicyApplied } from '../../protocol/mqtt/messages/policy-applied.js'
import { accessEventTopic, alarmTopic, edgeTopic, type TopicKind } from '../../protocol/mqtt/topics.js'
import { openHubDatabase, type HubDatabase } from '../../hub/src/adapters/sqlite/open-hub-database.js'
import { SqliteAlertStore } from '../../hub/src/adapters/sqlite/ledger/sqlite-alert-store.js'
import { SqliteEdgeStatusStore } from '../../hub/src/adapters/sqlite/ledger/sqlite-edge-status-store.js'
import { SqliteLedgerStore } from '../../hub/src/adapters/sqlite/ledger/sqlite-ledger-store.js'
import type { CommandReplySink, ReplyRecording } from '../../hub/src/ports/command-reply-sink.js'
import { AlertService, DEFAULT_ALERT_RULES } from '../../hub/src/services/alert-service.js'
import { EdgeMessageDispatcher } from '../../hub/src/services/edge-message-dispatcher.js'
import { LiveFeed, type LiveItem } from '../../hub/src/services/live-feed.js'
import { accessEventEntry } from './journal-entries.js'
import { ManualClock } from './manual-clock.js'
import { SilentLogger } from './silent-logger.js'

export const BASE = 'gatehouse'
export const NORTH = 'gate-north'
export const SOUTH = 'gate-south'
/** 2026-03-02 10:00 China Standard Time. */
export const MONDAY_10AM_MS = Date.UTC(2026, 2, 2, 2, 0, 0)

export function iso(ms: number): string {
  return new Date(ms).toISOString()
}

export function accessEvent(seq: number, overrides: Partial<AccessEvent> = {}): AccessEvent {
  return { ...accessEventEntry(MONDAY_10AM_MS + seq * 1_000).message, seq, ...overrides }
}

export function alarm(seq: number, overrides: Partial<Alarm> = {}): Alarm {
  return {
    v: 1,
    id: randomUUID(),
    edgeId: NORTH,
    seq,
    kind: 'DOOR_FORCED',
    state: 'raised',
    at: iso(MONDAY_10AM_MS + seq * 1_000),
    doorId: 'north-gate-in',
    ...overrides,
  }
}

export function edgeStatus(overrides: Partial<EdgeStatus> = {}): EdgeStatus {
  return {
    v: 1,
    edgeId: NORTH,
    state: 'online',
    at: iso(MONDAY_10AM_MS),
    softwareVersion: '0.1.0',
    policyVersion: 42,
    journalBacklog: 0,
    devices: { 'reader-1': { kind: 'reader', state: 'ok' }, 'thermometer-1': { kind: 'thermometer', state: 'ok' }, journal: { kind: 'journal', state: 'ok' } },
    ...overrides,
  }
}

export function policyApplied(overrides: Partial<PolicyApplied> = {}): PolicyApplied {
  return { v: 1, edgeId: NORTH, version: 43, sha256: 'a'.repeat(64), source: 'delta', appliedAt: iso(MONDAY_10AM_MS), ...overrides }
}

export function bytes(message: unknown): Buffer {
  return Buffer.from(JSON.stringify(message), 'utf8')
}

export function topicOf(kind: TopicKind, edgeId = NORTH): string {
  return edgeTopic(BASE, kind, edgeId)
}

export const EVENT_TOPIC = accessEventTopic(BASE, NORTH)
export const ALARM_TOPIC = alarmTopic(BASE, NORTH)

/** Command replies recorded by id; `known` lists the commands the hub "sent". */
export class RecordingReplySink implements CommandReplySink {
  readonly known = new Set<string>()
  readonly recorded = new Map<string, CommandReply>()
  readonly committed: CommandReply[] = []

  recordReply(reply: CommandReply): ReplyRecording {
    if (!this.known.has(reply.id)) return 'unknown'
    if (this.recorded.has(reply.id)) return 'duplicate'
    this.recorded.set(reply.id, reply)
    return 'stored'
  }

  replyCommitted(reply: CommandReply): void {
    this.committed.push(reply)
  }
}

export interface IngestRig {
  readonly database: HubDatabase
  readonly clock: ManualClock
  readonly log: SilentLogger
  readonly ledger: SqliteLedgerStore
  readonly alerts: SqliteAlertStore
  readonly statuses: SqliteEdgeStatusStore
  readonly feed: LiveFeed
  readonly fed: LiveItem[]
  readonly replies: RecordingReplySink
  readonly applied: Array<[string, PolicyApplied]>
  readonly dispatcher: EdgeMessageDispatcher
}

/** A dispatcher over a real hub database file in the test's directory. */
export function ingestRig(t: Test, database = openHubDatabase({ path: join(t.testdir(), 'hub.db') })): IngestRig {
  t.teardown(() => database.close())
  const clock = new ManualClock(MONDAY_10AM_MS + 60_000)
  const log = new SilentLogger()
  const ledger = new SqliteLedgerStore(database.connection)
  const alerts = new SqliteAlertStore(database.connection)
  const statuses = new SqliteEdgeStatusStore(database.connection)
  const feed = new LiveFeed()
  const fed: LiveItem[] = []
  feed.subscribe((item) => void fed.push(item))
  const replies = new RecordingReplySink()
  const applied: Array<[string, PolicyApplied]> = []
  const dispatcher = new EdgeMessageDispatcher({
    baseTopic: BASE,
    ledger,
    statuses,
    alerts: new AlertService(alerts, ledger, DEFAULT_ALERT_RULES),
    commandReplies: replies,
    onPolicyApplied: (edgeId, message) => void applied.push([edgeId, message]),
    liveFeed: feed,
    clock,
    log,
  })
  return { database, clock, log, ledger, alerts, statuses, feed, fed, replies, applied, dispatcher }
}

export function countRows(rig: IngestRig, table: 'access_events' | 'alarms' | 'alerts' | 'edge_status'): number {
  return rig.database.connection.prepare<[], { count: number }>(`SELECT COUNT(*) AS count FROM ${table}`).get()?.count ?? 0
}

export function rejectionCounts(rig: IngestRig): Record<string, number> {
  const rows = rig.database.connection
    .prepare<[], { edge_id: string; topic_kind: string; code: string; count: number }>('SELECT edge_id, topic_kind, code, count FROM ingest_rejections')
    .all()
  return Object.fromEntries(rows.map((row) => [`${row.edge_id}/${row.topic_kind}/${row.code}`, row.count]))
}
