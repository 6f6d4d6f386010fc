import { OPENING_ACTIONS, STAFF_CHECK_ACTIONS, type UnsignedCommand } from './messages/command.js'

export type CommandFieldsCode = 'REASON_REQUIRED' | 'READING_REQUIRED' | 'INVALID'

export type CommandFieldsCheck = { readonly ok: true } | { readonly ok: false; readonly code: CommandFieldsCode; readonly detail: string }

/**
 * What the schema cannot say about a command: the fields its action and actor need. The hub runs
 * it before signing, the edge after the known-door check (docs/mqtt-contract.md, step 9):
 *
 * - REASON_REQUIRED   a staff member opens (UNLOCK, HOLD_OPEN) without a `reason`, or with one
 *                     that is only spaces: every manual act is logged with who and why.
 * - READING_REQUIRED  CONFIRM_FEVER or CLEAR_FEVER without `contactCelsius`.
 * - INVALID           `contactCelsius` on any other action (it would be silently ignored).
 */
export function checkCommandFields(command: Pick<UnsignedCommand, 'action' | 'actor' | 'reason' | 'contactCelsius'>): CommandFieldsCheck {
  const isStaffCheck = STAFF_CHECK_ACTIONS.includes(command.action)
  if (isStaffCheck && command.contactCelsius === undefined) {
    return { ok: false, code: 'READING_REQUIRED', detail: `${command.action} needs contactCelsius` }
  }
  if (!isStaffCheck && command.contactCelsius !== undefined) {
    return { ok: false, code: 'INVALID', detail: `contactCelsius is only for ${STAFF_CHECK_ACTIONS.join(' and ')}` }
  }
  const isStaffOpening = command.actor.kind === 'staff' && OPENING_ACTIONS.includes(command.action)
  if (isStaffOpening && (command.reason ?? '').trim() === '') {
    return { ok: false, code: 'REASON_REQUIRED', detail: `staff ${command.action} needs a reason` }
  }
  return { ok: true }
}
