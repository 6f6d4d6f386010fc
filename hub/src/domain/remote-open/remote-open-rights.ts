/**
 * Who may ask the hub to act on a door, and whether the door's own policy lets them (pure).
 *
 * - resident: UNLOCK only, of a door their person may pass now: the hub asks the edge's own
 *   `decidePersonAccess` over the edge's compiled policy, so hub and edge agree (the edge checks
 *   again when the command arrives, with its clock and its lockdown mode);
 * - gate staff: any action on the doors of their checkpoint (edge), always with a reason;
 * - admin: any action on any door (a reason where the contract requires one);
 * - everyone else: no.
 * Then `checkCommandFields`, as the edge will run it (reason, contact reading).
 */
import type { Actor } from '../../../../protocol/mqtt/messages/field-schemas.js'
import type { CommandAction } from '../../../../protocol/mqtt/messages/command.js'
import type { DenyReason } from '../../../../protocol/mqtt/messages/access-event.js'
import { checkCommandFields } from '../../../../protocol/mqtt/command-fields.js'
import type { Static } from '@sinclair/typebox'
import { decidePersonAccess } from '../../../../edge/src/domain/decide-person-access.js'
import type { DecisionContext } from '../../../../edge/src/domain/access-request.js'
import type { PolicyView } from '../../../../edge/src/domain/policy-view.js'
import type { Caller } from '../caller.js'

export interface RemoteRequest {
  readonly action: CommandAction
  readonly reason: string | null
  readonly contactCelsius: number | null
}

export interface TargetDoor {
  readonly id: string
  readonly edgeId: string
}

export type RightsRefusalCode =
  | 'FORBIDDEN'
  | 'NOT_YOUR_CHECKPOINT'
  | 'ACTION_NOT_ALLOWED'
  | 'NO_PERSON'
  | 'REASON_REQUIRED'
  | 'READING_REQUIRED'
  | 'INVALID'
  | 'POLICY_UNAVAILABLE'
  | 'DENIED_BY_POLICY'

export type RightsCheck =
  | { readonly ok: true; readonly actor: Static<typeof Actor> }
  | { readonly ok: false; readonly code: RightsRefusalCode; readonly message: string; readonly denyReason?: DenyReason }

/** The hub decides with a synchronised clock and, by definition, connected. */
const HUB_DECISION_CONTEXT: DecisionContext = { isClockTrusted: true, isHubConnected: true, policyAgeMs: 0 }

const MAX_ACTOR_NAME_CHARS = 64

function refuse(code: RightsRefusalCode, message: string, denyReason?: DenyReason): RightsCheck {
  return denyReason === undefined ? { ok: false, code, message } : { ok: false, code, message, denyReason }
}

/** Staff acts are logged with the name staff know; the contract's text field has no control characters. */
function actorName(displayName: string): { name?: string } {
  const name = displayName.replace(/[\u0000-\u001F\u007F]/g, ' ').trim().slice(0, MAX_ACTOR_NAME_CHARS)
  return name === '' ? {} : { name }
}

export function checkRemoteOpenRights(
  caller: Caller,
  door: TargetDoor,
  request: RemoteRequest,
  policy: PolicyView | null,
  nowMs: number,
): RightsCheck {
  const byRole = actorFor(caller, door, request, policy, nowMs)
  if (!byRole.ok) return byRole
  const fields = checkCommandFields({
    action: request.action,
    actor: byRole.actor,
    ...(request.reason !== null && { reason: request.reason }),
    ...(request.contactCelsius !== null && { contactCelsius: request.contactCelsius }),
  })
  return fields.ok ? byRole : refuse(fields.code, fields.detail)
}

function actorFor(caller: Caller, door: TargetDoor, request: RemoteRequest, policy: PolicyView | null, nowMs: number): RightsCheck {
  switch (caller.role) {
    case 'admin':
      return { ok: true, actor: { kind: 'admin', id: caller.accountId, ...actorName(caller.displayName) } }
    case 'gate-staff':
      if (caller.checkpointEdgeId !== door.edgeId) return refuse('NOT_YOUR_CHECKPOINT', `door ${door.id} is not at your checkpoint`)
      if ((request.reason ?? '').trim() === '') return refuse('REASON_REQUIRED', 'say why you act on the door; it goes into the gate log')
      return { ok: true, actor: { kind: 'staff', id: caller.accountId, ...actorName(caller.displayName) } }
    case 'resident':
      return residentActor(caller, door, request, policy, nowMs)
    default:
      return refuse('FORBIDDEN', `a ${caller.role} cannot open doors remotely`)
  }
}

function residentActor(caller: Caller, door: TargetDoor, request: RemoteRequest, policy: PolicyView | null, nowMs: number): RightsCheck {
  if (request.action !== 'UNLOCK') return refuse('ACTION_NOT_ALLOWED', 'residents may only unlock')
  if (caller.personId === null) return refuse('NO_PERSON', 'this account is not linked to a resident')
  if (policy === null) return refuse('POLICY_UNAVAILABLE', `no policy compiled for ${door.edgeId} yet`)
  const outcome = decidePersonAccess({ personId: caller.personId, doorId: door.id, direction: 'in', atMs: nowMs }, policy, HUB_DECISION_CONTEXT)
  if (!outcome.granted) return refuse('DENIED_BY_POLICY', `the door's policy refuses: ${outcome.reason}`, outcome.reason)
  return { ok: true, actor: { kind: 'resident', id: caller.personId } }
}
