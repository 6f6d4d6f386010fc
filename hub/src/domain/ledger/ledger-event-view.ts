/**
 * Access events as dashboards and exports show them, per role (pure). The ledger keeps only
 * masked credentials; what differs by role is who the person was and their temperature:
 *
 * - admin: everything;
 * - gate staff: the events of their own checkpoint (edge) only, in full — they stood there;
 * - grid manager: every door (story 6: "300 roads watched from one page"), but the person and
 *   the temperature reading only for people of their own grid; otherwise the fever flag alone.
 * Everyone else sees no ledger.
 */
import type { AccessEvent } from '../../../../protocol/mqtt/messages/access-event.js'
import type { Caller, HubRole } from '../caller.js'
import { isFeverEvent } from './alerts-from-reports.js'

export const LEDGER_ROLES: readonly HubRole[] = ['admin', 'grid-manager', 'gate-staff']

/** One stored access event, as the ledger's columns hold it. */
export interface LedgerEventRecord {
  readonly feedSeq: number
  readonly id: string
  readonly edgeId: string
  readonly seq: number
  readonly doorId: string
  readonly occurredAtMs: number
  readonly receivedAtMs: number
  readonly direction: string
  readonly lane: string
  readonly isGranted: boolean
  readonly reason: string
  readonly credentialKind: string
  readonly maskedCredential: string
  readonly personId: string | null
  readonly celsius: number | null
  readonly isFever: boolean
  readonly actor: { readonly kind: string; readonly id: string; readonly name: string | null } | null
  readonly policyVersion: number
  readonly note: string | null
}

export interface LedgerEventView {
  readonly feedSeq: number
  readonly id: string
  readonly edgeId: string
  readonly seq: number
  readonly doorId: string
  readonly occurredAt: string
  readonly receivedAt: string
  readonly direction: string
  readonly lane: string
  readonly granted: boolean
  readonly reason: string
  readonly credential: { readonly kind: string; readonly maskedReference: string }
  /** null when unknown, or hidden from this caller. */
  readonly personId: string | null
  /** The person's name as the hub knows it, when this caller sees the person. */
  readonly personName: string | null
  readonly isPersonHidden: boolean
  readonly temperature: { readonly celsius: number | null; readonly isFever: boolean } | null
  readonly actor: { readonly kind: string; readonly id: string | null; readonly name: string | null } | null
  readonly note: string | null
  readonly policyVersion: number
}

/** The edge a caller's ledger is confined to: gate staff their checkpoint (none: an edge id nothing has), others null. */
export function ledgerEdgeScopeOf(caller: Caller): string | null {
  return caller.role === 'gate-staff' ? (caller.checkpointEdgeId ?? '-') : null
}

export function maySeeLedgerOf(caller: Caller, edgeId: string): boolean {
  if (!LEDGER_ROLES.includes(caller.role)) return false
  const scope = ledgerEdgeScopeOf(caller)
  return scope === null || scope === edgeId
}

/** Whether the caller sees who the person was: `personGridId` is the person's grid (null when none or unknown). */
export function maySeePerson(caller: Caller, personGridId: string | null): boolean {
  if (caller.role === 'admin' || caller.role === 'gate-staff') return true
  return caller.role === 'grid-manager' && caller.gridId !== null && personGridId === caller.gridId
}

/** `personName`: the name of `record.personId` (shown only when the person is visible to the caller). */
export function eventView(record: LedgerEventRecord, isPersonVisible: boolean, personName: string | null = null): LedgerEventView {
  const hasTemperature = record.celsius !== null || record.isFever
  const actor = record.actor
  return {
    feedSeq: record.feedSeq,
    id: record.id,
    edgeId: record.edgeId,
    seq: record.seq,
    doorId: record.doorId,
    occurredAt: new Date(record.occurredAtMs).toISOString(),
    receivedAt: new Date(record.receivedAtMs).toISOString(),
    direction: record.direction,
    lane: record.lane,
    granted: record.isGranted,
    reason: record.reason,
    credential: { kind: record.credentialKind, maskedReference: record.maskedCredential },
    personId: isPersonVisible ? record.personId : null,
    personName: isPersonVisible && record.personId !== null ? personName : null,
    isPersonHidden: !isPersonVisible && record.personId !== null,
    temperature: hasTemperature ? { celsius: isPersonVisible ? record.celsius : null, isFever: record.isFever } : null,
    actor:
      actor === null
        ? null
        : { kind: actor.kind, id: actor.kind === 'resident' && !isPersonVisible ? null : actor.id, name: actor.kind === 'resident' && !isPersonVisible ? null : actor.name },
    note: record.note,
    policyVersion: record.policyVersion,
  }
}

/** The record of an event just stored (live feed), equal to what the ledger query returns for it. */
export function recordOfEvent(event: AccessEvent, feedSeq: number, occurredAtMs: number, receivedAtMs: number): LedgerEventRecord {
  return {
    feedSeq,
    id: event.id,
    edgeId: event.edgeId,
    seq: event.seq,
    doorId: event.doorId,
    occurredAtMs,
    receivedAtMs,
    direction: event.direction,
    lane: event.lane,
    isGranted: event.decision.granted,
    reason: event.decision.reason,
    credentialKind: event.credential.kind,
    maskedCredential: event.credential.maskedReference,
    personId: event.personId ?? null,
    celsius: event.temperature?.celsius ?? null,
    isFever: isFeverEvent(event),
    actor: event.actor === undefined ? null : { kind: event.actor.kind, id: event.actor.id, name: event.actor.name ?? null },
    policyVersion: event.policyVersion,
    note: event.note ?? null,
  }
}

/**
 * Whether `caller` sees each person, looking each person's grid up once (`gridOf` reads the
 * model). Admins and gate staff never need the lookup.
 */
export function personVisibilityFor(caller: Caller, gridOf: (personId: string) => string | null): (personId: string | null) => boolean {
  if (caller.role === 'admin' || caller.role === 'gate-staff') return () => true
  const known = new Map<string, boolean>()
  return (personId) => {
    if (personId === null) return true
    let isVisible = known.get(personId)
    if (isVisible === undefined) {
      isVisible = maySeePerson(caller, gridOf(personId))
      known.set(personId, isVisible)
    }
    return isVisible
  }
}

/**
 * A person's name looked up once per person for one answer (a page of events names the same
 * residents many times); `nameOf` reads the model.
 */
export function personNamesFor(nameOf: (personId: string) => string | null): (personId: string | null) => string | null {
  const known = new Map<string, string | null>()
  return (personId) => {
    if (personId === null) return null
    if (!known.has(personId)) known.set(personId, nameOf(personId))
    return known.get(personId) ?? null
  }
}
