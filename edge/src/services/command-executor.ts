import type { DenyReason } from '../../../protocol/mqtt/messages/access-event.js'
import type { Command } from '../../../protocol/mqtt/messages/command.js'

/**
 * The refusals only the door side can give; every other reply code comes from `CommandReceiver`.
 * INVALID here: a value the schema admits but the door side cannot use (an implausible reading).
 */
export type CommandExecutionErrorCode = 'DENIED_BY_POLICY' | 'NO_STAFF_CHECK_PENDING' | 'READING_CONTRADICTS_ACTION' | 'INVALID' | 'DOOR_FAULT'

export type CommandExecution =
  | { readonly status: 'ok' }
  | {
      readonly status: 'error'
      readonly code: CommandExecutionErrorCode
      /** With DENIED_BY_POLICY: the reason the local policy gave, e.g. QUARANTINED. */
      readonly denyReason?: DenyReason
      /** Short, printable, no personal data: it goes to the hub as `detail`. */
      readonly detail?: string
    }

/**
 * Carries out a hub command that has passed the receiver's checks (signature, freshness, nonce,
 * known door): steps 10 and 11 of docs/mqtt-contract.md — the edge's own cached policy still
 * applies (lockdown, quarantine, ...), the attempt is journalled as an AccessEvent, then the door
 * is driven. Implemented by the door service. Expected refusals are values; a throw is answered
 * DOOR_FAULT.
 */
export interface CommandExecutor {
  execute(command: Command): Promise<CommandExecution>
}
