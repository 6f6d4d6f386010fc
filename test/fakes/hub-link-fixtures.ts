import { once } from 'node:events'
import type { Test } from 'tap'
import { systemClock } from '../../edge/src/adapters/system-clock.js'
import { DEFAULT_MQTT_HUB_LINK_TIMING, MqttHubLink, type MqttHubLinkOptions } from '../../edge/src/adapters/mqtt/mqtt-hub-link.js'
import { EdgeStatusComposer, type EdgeStatusSources } from '../../edge/src/services/edge-status-composer.js'
import type { Logger } from '../../edge/src/ports/logger.js'
import { SilentLogger } from './silent-logger.js'
import { TestBroker, type TestBrokerEdge } from './test-broker.js'

export const BASE_TOPIC = 'gatehouse'

/** The edge the journal fixtures (test/fakes/journal-entries.ts) belong to. */
export const GATE_NORTH: TestBrokerEdge = { edgeId: 'gate-north', username: 'edge-gate-north', password: 'north-secret-7f3a' }
export const GATE_SOUTH: TestBrokerEdge = { edgeId: 'gate-south', username: 'edge-gate-south', password: 'south-secret-91bc' }

export async function startTestBroker(t: Test): Promise<TestBroker> {
  const broker = new TestBroker(BASE_TOPIC, [GATE_NORTH, GATE_SOUTH])
  await broker.start(0)
  t.teardown(() => broker.stop())
  return broker
}

export function statusComposer(sources: Partial<EdgeStatusSources> = {}, edgeId = GATE_NORTH.edgeId, log: Logger = new SilentLogger()): EdgeStatusComposer {
  return new EdgeStatusComposer(
    { edgeId, softwareVersion: '0.1.0' },
    { policyVersion: () => 7, journalBacklog: () => 0, devices: () => ({}), ...sources },
    systemClock,
    log,
  )
}

export function linkOptions(url: string, edge: TestBrokerEdge = GATE_NORTH, overrides: Partial<MqttHubLinkOptions> = {}): MqttHubLinkOptions {
  return {
    ...DEFAULT_MQTT_HUB_LINK_TIMING,
    brokerUrl: url,
    baseTopic: BASE_TOPIC,
    edgeId: edge.edgeId,
    username: edge.username,
    password: Buffer.from(edge.password, 'utf8'),
    reconnectPeriodMs: 50,
    stopStepTimeoutMs: 1_000,
    ...overrides,
  }
}

/** A started link that the test tears down with an orderly stop. */
export function startLink(t: Test, options: MqttHubLinkOptions, composer = statusComposer({}, options.edgeId), log: Logger = new SilentLogger()): MqttHubLink {
  const link = new MqttHubLink(options, composer, systemClock, log)
  link.start()
  t.teardown(() => link.stop())
  return link
}

/** Resolves on the link's next `connected`, failing after `timeoutMs`. */
export async function connected(link: MqttHubLink, timeoutMs = 5_000): Promise<void> {
  if (link.isConnected) return
  await once(link, 'connected', { signal: AbortSignal.timeout(timeoutMs) })
}
