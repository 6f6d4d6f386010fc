/**
 * What an edge's status means for alerts (pure): the edge offline (its last will or an orderly
 * stop), devices offline, the journal degraded (disk nearly full, write failures), the backlog
 * growing over successive statuses, and a journal sequence gap that stays once the edge says
 * everything is delivered (docs/mqtt-contract.md "Events, alarms and de-duplication").
 */
import type { EdgeStatus } from '../../../../protocol/mqtt/messages/edge-status.js'
import { alertKey, clear, raise, type AlertIntent } from './alert-intent.js'

export interface BacklogGrowthRule {
  /** Successive online statuses, each with a larger backlog than the one before ... */
  readonly rises: number
  /** ... and at least this many entries waiting, raise JOURNAL_BACKLOG_GROWING; below it, clear. */
  readonly minBacklog: number
}

export const DEFAULT_BACKLOG_GROWTH_RULE: BacklogGrowthRule = { rises: 3, minBacklog: 100 }

/** What the hub kept of the edge's previous status. */
export interface PreviousStatus {
  readonly state: 'online' | 'offline'
  readonly journalBacklog: number
  readonly backlogRises: number
}

export interface StatusAlertInput {
  readonly status: EdgeStatus
  readonly atMs: number
  readonly previous: PreviousStatus | null
  /** Devices of this edge with an open DEVICE_OFFLINE alert. */
  readonly openOfflineDevices: readonly string[]
  /** Journal entries of this edge never received: highest seq minus entries stored (≤ 0: none). */
  readonly missingEntries: number
}

export interface StatusAlerts {
  readonly intents: AlertIntent[]
  /** To keep with the status for the next comparison. */
  readonly backlogRises: number
}

export function alertsFromStatus(input: StatusAlertInput, rule: BacklogGrowthRule): StatusAlerts {
  const { status, atMs, previous } = input
  const edgeId = status.edgeId
  const source = { kind: 'status', id: null } as const
  const offlineKey = alertKey('EDGE_OFFLINE', edgeId)
  if (status.state === 'offline') {
    // The last will describes the edge as it connected: its devices and backlog are stale.
    const intents = [raise('EDGE_OFFLINE', offlineKey, { edgeId }, source, 'edge offline', atMs)]
    return { intents, backlogRises: previous?.backlogRises ?? 0 }
  }
  const intents: AlertIntent[] = [clear(offlineKey, atMs), ...deviceAlerts(input, atMs)]
  const backlogRises = risesAfter(previous, status.journalBacklog)
  const backlogKey = alertKey('JOURNAL_BACKLOG_GROWING', edgeId)
  if (status.journalBacklog < rule.minBacklog) intents.push(clear(backlogKey, atMs))
  else if (backlogRises >= rule.rises) {
    intents.push(raise('JOURNAL_BACKLOG_GROWING', backlogKey, { edgeId }, source, `${status.journalBacklog} entries waiting and growing`, atMs))
  }
  if (status.journalBacklog === 0) {
    const gapKey = alertKey('JOURNAL_GAP', edgeId)
    intents.push(
      input.missingEntries > 0
        ? raise('JOURNAL_GAP', gapKey, { edgeId }, source, `${input.missingEntries} journal entries never arrived`, atMs)
        : clear(gapKey, atMs),
    )
  }
  return { intents, backlogRises }
}

function risesAfter(previous: PreviousStatus | null, backlog: number): number {
  if (previous === null || previous.state !== 'online') return 0
  if (backlog > previous.journalBacklog) return previous.backlogRises + 1
  return backlog < previous.journalBacklog ? 0 : previous.backlogRises
}

function deviceAlerts({ status, openOfflineDevices }: StatusAlertInput, atMs: number): AlertIntent[] {
  const intents: AlertIntent[] = []
  const source = { kind: 'status', id: null } as const
  const edgeId = status.edgeId
  const offlineNow = new Set<string>()
  for (const [deviceId, health] of Object.entries(status.devices)) {
    if (health.kind === 'journal') {
      const key = alertKey('JOURNAL_DEGRADED', edgeId)
      const isBad = health.state === 'degraded' || health.state === 'offline'
      intents.push(isBad ? raise('JOURNAL_DEGRADED', key, { edgeId, deviceId, deviceKind: 'journal' }, source, health.detail ?? `journal ${health.state}`, atMs) : clear(key, atMs))
    } else if (health.state === 'offline') {
      offlineNow.add(deviceId)
      const detail = health.detail ?? `${health.kind} offline`
      intents.push(raise('DEVICE_OFFLINE', alertKey('DEVICE_OFFLINE', edgeId, deviceId), { edgeId, deviceId, deviceKind: health.kind }, source, detail, atMs))
    }
  }
  for (const deviceId of openOfflineDevices) {
    if (!offlineNow.has(deviceId)) intents.push(clear(alertKey('DEVICE_OFFLINE', edgeId, deviceId), atMs))
  }
  return intents
}
