import type { CommandReply } from '../../../protocol/mqtt/messages/command-reply.js'
import type { StoredRemoteCommand } from '../ports/remote-command-store.js'

/** What the requester is told. `done.status` names what happened to the door. */
export type RemoteOpenResult =
  | { readonly kind: 'done'; readonly commandId: string; readonly status: RemoteDoorStatus }
  | {
      readonly kind: 'refused'
      readonly httpStatus: number
      readonly code: string
      readonly message: string
      readonly commandId?: string
      readonly denyReason?: string
      readonly retryAfterMs?: number
    }

export type RemoteDoorStatus = 'opened' | 'held-open' | 'locked' | 'released' | 'fever-confirmed' | 'fever-cleared'

const DONE: Readonly<Record<string, RemoteDoorStatus>> = {
  UNLOCK: 'opened',
  HOLD_OPEN: 'held-open',
  LOCK: 'locked',
  RELEASE: 'released',
  CONFIRM_FEVER: 'fever-confirmed',
  CLEAR_FEVER: 'fever-cleared',
}

/** The edge's refusal codes as HTTP statuses: its policy said no (409), the request was incomplete (400), the gate failed (502). */
const HTTP_STATUS_OF_EDGE_CODE: Readonly<Record<string, number>> = {
  DENIED_BY_POLICY: 409,
  DOOR_UNKNOWN: 409,
  NO_STAFF_CHECK_PENDING: 409,
  READING_CONTRADICTS_ACTION: 409,
  REASON_REQUIRED: 400,
  READING_REQUIRED: 400,
  INVALID: 400,
}

const MESSAGES: Readonly<Record<string, string>> = {
  DENIED_BY_POLICY: "the gate's policy refused",
  DOOR_UNKNOWN: 'the gate does not drive this door',
  DOOR_FAULT: 'the gate could not move the door',
  REPLAYED: 'the gate had already seen this command',
  EXPIRED: "the command reached the gate too late (or the clocks disagree)",
  NOT_YET_VALID: "the gate's clock is behind the hub's",
  BAD_SIGNATURE: "the gate does not trust the hub's signing key",
}

function refusedByEdge(commandId: string, code: string, denyReason: string | null, detail: string | null): RemoteOpenResult {
  const base = MESSAGES[code] ?? `the gate refused: ${code}`
  const message = [base, denyReason, detail].filter((part) => part !== null && part !== '').join(': ')
  return {
    kind: 'refused',
    httpStatus: HTTP_STATUS_OF_EDGE_CODE[code] ?? 502,
    code,
    message,
    commandId,
    ...(denyReason !== null && { denyReason }),
  }
}

export function remoteOutcomeOfReply(commandId: string, action: string, reply: CommandReply): RemoteOpenResult {
  if (reply.status === 'ok') return { kind: 'done', commandId, status: DONE[action] ?? 'opened' }
  return refusedByEdge(commandId, reply.code, reply.denyReason ?? null, reply.detail ?? null)
}

/** The outcome a stored row holds, or null while it is still pending or timed out. */
export function remoteOutcomeOfStored(commandId: string, action: string, stored: StoredRemoteCommand): RemoteOpenResult | null {
  if (stored.outcome === 'ok') return { kind: 'done', commandId, status: DONE[action] ?? 'opened' }
  if (stored.outcome === 'error') return refusedByEdge(commandId, stored.code ?? 'DOOR_FAULT', stored.denyReason, stored.detail)
  return null
}
