import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import { openHubDatabase, type HubDatabase } from '../../hub/src/adapters/sqlite/open-hub-database.js'
import type { EdgeMessageOutcome, EdgeMessageSink } from '../../hub/src/ports/edge-message-sink.js'
import { edgeClientId } from '../../edge/src/adapters/mqtt/edge-client-id.js'

export const BROKER_TEST_BASE = 'gatehouse'

export interface SunkMessage {
  readonly edgeId: string
  readonly topic: string
  readonly payload: Buffer
}

/**
 * An EdgeMessageSink that records what it was given. `failNext` makes the next `accept` calls
 * throw (storage failure) until cleared; `outcome` is what it answers otherwise.
 */
export class RecordingEdgeSink extends EventEmitter<{ accepted: [message: SunkMessage]; failed: [message: SunkMessage] }> implements EdgeMessageSink {
  readonly accepted: SunkMessage[] = []
  readonly failed: SunkMessage[] = []
  isFailing = false
  outcome: EdgeMessageOutcome = { status: 'stored' }

  accept(edgeId: string, topic: string, payload: Buffer): EdgeMessageOutcome {
    const message = { edgeId, topic, payload: Buffer.from(payload) }
    if (this.isFailing) {
      this.failed.push(message)
      this.emit('failed', message)
      throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' })
    }
    this.accepted.push(message)
    this.emit('accepted', message)
    return this.outcome
  }

  /** Resolves with the first accepted message on `topic` (already or later). */
  next(event: 'accepted' | 'failed', topic: string): Promise<SunkMessage> {
    const seen = (event === 'accepted' ? this.accepted : this.failed).find((message) => message.topic === topic)
    if (seen !== undefined) return Promise.resolve(seen)
    return new Promise((resolve) => {
      const onMessage = (message: SunkMessage) => {
        if (message.topic !== topic) return
        this.off(event, onMessage)
        resolve(message)
      }
      this.on(event, onMessage)
    })
  }
}

export function openTestHubDatabase(dir: string): HubDatabase {
  return openHubDatabase({ path: join(dir, 'hub.db') })
}

export interface TestDoorRow {
  readonly id: string
  readonly failMode?: 'fail-safe' | 'fail-secure'
  readonly lane?: 'residents' | 'returnees' | 'assisted' | null
}

/** An edge row (m003) and its gate doors, inserted straight into the tables. */
export function insertTestEdge(connection: BetterSqlite3.Database, edgeId: string, doors: readonly TestDoorRow[] = [], nowMs = 1_700_000_000_000): void {
  connection.prepare('INSERT INTO edges (id, name, created_at_ms) VALUES (?, ?, ?)').run(edgeId, `Edge ${edgeId}`, nowMs)
  const insertDoor = connection.prepare(
    `INSERT INTO doors (id, edge_id, name, kind, lane, fail_mode, anti_passback_group_id, created_at_ms) VALUES (?, ?, ?, 'gate', ?, ?, ?, ?)`,
  )
  for (const door of doors) insertDoor.run(door.id, edgeId, `Door ${door.id}`, door.lane ?? 'residents', door.failMode ?? 'fail-secure', door.id, nowMs)
}

/** The options an edge connects with (fixed client id, persistent session, MQTT 3.1.1), no automatic reconnect unless asked. */
export function edgeClientOptions(edgeId: string, password: string, extra: IClientOptions = {}): IClientOptions {
  return { clientId: edgeClientId(edgeId), username: edgeId, password, clean: false, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5_000, ...extra }
}

/** Connects and resolves once CONNACK accepted; rejects with the refusal otherwise. Ended at teardown by the caller. */
export async function connectClient(url: string, options: IClientOptions): Promise<MqttClient> {
  return mqtt.connectAsync(url, { reconnectPeriod: 0, ...options })
}

/** Resolves when `client` loses its connection ('close'). */
export function closed(client: MqttClient): Promise<void> {
  return new Promise((resolve) => client.once('close', () => resolve()))
}
