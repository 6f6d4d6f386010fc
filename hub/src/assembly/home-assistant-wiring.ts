import { readFileSync } from 'node:fs'
import type BetterSqlite3 from 'better-sqlite3'
import { hubAvailabilityTopic, lockCommandFilter } from '../../../protocol/mqtt/home-assistant-topics.js'
import { DEFAULT_HOME_ASSISTANT_BROKER_TIMING, HomeAssistantBrokerClient } from '../adapters/broker/home-assistant-broker-client.js'
import { EdgeRepository } from '../adapters/sqlite/access/edge-repository.js'
import type { HubConfig } from '../config/hub-config.js'
import type { Clock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import { HomeAssistantBridge } from '../services/home-assistant-bridge.js'
import type { IngestServices } from './ingest-services.js'

/** The community model is read again this often for new and removed doors. */
const MODEL_REFRESH_MS = 60_000
/** More edges than any community has; the model read is one page. */
const MAX_EDGES = 10_000
const MAX_OPEN_ALERTS = 5_000

export interface HomeAssistantWiringDeps {
  readonly config: HubConfig
  readonly connection: BetterSqlite3.Database
  readonly ingest: IngestServices
  readonly clock: Clock
  readonly log: Logger
}

/** Home Assistant discovery, wired (null unless `homeAssistant.enabled`; docs/home-assistant.md). */
export function wireHomeAssistant(deps: HomeAssistantWiringDeps): HomeAssistantBridge | null {
  const settings = deps.config.homeAssistant
  if (!settings.enabled || settings.brokerUrl === undefined) return null
  const { ingest, clock } = deps
  const log = deps.log.child({ component: 'home-assistant' })
  const link = new HomeAssistantBrokerClient(
    {
      url: settings.brokerUrl,
      clientId: settings.clientId,
      username: settings.username ?? null,
      password: settings.passwordFile === undefined ? null : Buffer.from(readFileSync(settings.passwordFile, 'utf8').trim()),
      ca: settings.caFile === undefined ? null : readFileSync(settings.caFile),
      availabilityTopic: hubAvailabilityTopic(settings.stateBase),
      commandFilter: lockCommandFilter(settings.stateBase),
      ...DEFAULT_HOME_ASSISTANT_BROKER_TIMING,
    },
    log,
  )
  const edges = new EdgeRepository(deps.connection)
  return new HomeAssistantBridge(
    {
      link,
      edges: () => {
        const versions = new Map(ingest.statuses.list().map((stored) => [stored.status.edgeId, stored.status.softwareVersion]))
        return edges.list({}, { limit: MAX_EDGES, offset: 0 }).items.map((edge) => ({ ...edge, softwareVersion: versions.get(edge.id) ?? null }))
      },
      onlineEdgeIds: () => new Set(ingest.statuses.list().filter((stored) => stored.status.state === 'online').map((stored) => stored.status.edgeId)),
      openAlerts: () => ingest.alertStore.list({ state: 'open', limit: MAX_OPEN_ALERTS }),
      subscribe: (listener) => ingest.liveFeed.subscribe(listener),
      clock,
      log,
    },
    { ...settings, refreshMs: MODEL_REFRESH_MS },
  )
}
