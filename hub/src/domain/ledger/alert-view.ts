import type { AlertRecord } from './alert-record.js'

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}

/** An alert as the API shows it; the person (and their name) only to callers who may see them (ledger-event-view.ts). */
export function alertView(alert: AlertRecord, isPersonVisible: boolean, personName: string | null = null) {
  return {
    id: alert.id,
    seq: alert.seq,
    kind: alert.kind,
    severity: alert.severity,
    isStateful: alert.isStateful,
    edgeId: alert.edgeId,
    doorId: alert.doorId,
    deviceId: alert.deviceId,
    deviceKind: alert.deviceKind,
    personId: isPersonVisible ? alert.personId : null,
    personName: isPersonVisible && alert.personId !== null ? personName : null,
    sourceKind: alert.sourceKind,
    sourceId: alert.sourceId,
    detail: alert.detail,
    occurrences: alert.occurrences,
    raisedAt: new Date(alert.raisedAtMs).toISOString(),
    lastSeenAt: new Date(alert.lastSeenAtMs).toISOString(),
    clearedAt: isoOrNull(alert.clearedAtMs),
    acknowledged:
      alert.acknowledged === null
        ? null
        : { accountId: alert.acknowledged.accountId, name: alert.acknowledged.name, at: new Date(alert.acknowledged.atMs).toISOString(), note: alert.acknowledged.note },
  }
}

export type AlertView = ReturnType<typeof alertView>
