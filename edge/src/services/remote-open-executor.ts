import { randomUUID } from 'node:crypto'
import type { AccessEvent } from '../../../protocol/mqtt/messages/access-event.js'
import type { Command } from '../../../protocol/mqtt/messages/command.js'
import { NO_DETAILS, deny, grant, personSummary, type AccessOutcome } from '../domain/access-outcome.js'
import type { DecisionContext, Direction, Lane } from '../domain/access-request.js'
import { decidePersonAccess } from '../domain/decide-person-access.js'
import type { PolicyView } from '../domain/policy-view.js'
import type { Clock } from '../ports/clock.js'
import type { Journal } from '../ports/journal.js'
import type { LockRelay } from '../ports/lock-relay.js'
import type { Logger } from '../ports/logger.js'
import type { CommandExecution, CommandExecutor } from './command-executor.js'
import { DoorModes, type RemoteDoorMode } from './door-modes.js'
import type { StaffActOutcome, StaffKiosk } from './staff-kiosk.js'

/** One door a hub command may drive. */
export interface RemoteDoor {
  readonly lock: LockRelay
  readonly pulseMs: number
  /**
   * Which way a remote open lets people through. A command carries no direction; a door is
   * opened from the phone mostly to come in, so a door is 'in' unless its lane is an exit lane,
   * and that decides whether home observation applies (going out) and temperature (coming in).
   */
  readonly direction: Direction
  /** For the journal; 'none' when omitted. */
  readonly lane?: Lane
  /**
   * The door's kiosks, for staff acting from the staff app: a staff UNLOCK goes through the
   * kiosk of a lane opened by hand (the assisted lane), CONFIRM_FEVER / CLEAR_FEVER to the kiosk
   * waiting for a staff check. None when omitted.
   */
  readonly kiosks?: readonly StaffKiosk[]
}

export interface RemoteOpenExecutorDeps {
  readonly edgeId: string
  readonly policy: PolicyView
  readonly journal: Journal
  readonly doors: ReadonlyMap<string, RemoteDoor>
  readonly decisionContext: () => DecisionContext
  /** Told about every grant, so door supervision knows the door may open (Infinity: held open). */
  readonly onGranted: (doorId: string, untilMs: number) => void
  /** Told after every journal append, so the publisher wakes up. */
  readonly onJournalled: () => void
  /** Told when LOCK or RELEASE ends an opening early; door supervision's LockReengaged. */
  readonly onLockReengaged?: (doorId: string) => void
  /** Where the doors' modes live; the runtime shares it with the kiosks' decisions. Its own when omitted. */
  readonly modes?: DoorModes
  readonly clock: Clock
  readonly log: Logger
}

type Opening = 'UNLOCK' | 'HOLD_OPEN'
type StaffCheckAction = 'CONFIRM_FEVER' | 'CLEAR_FEVER'

const NOTES: Record<Opening, string> = { UNLOCK: 'remote open', HOLD_OPEN: 'remote hold open' }

/**
 * Carries out hub commands the receiver has accepted (docs/mqtt-contract.md steps 10 and 11).
 *
 * - UNLOCK by a resident (`actor.id` = person id): the local policy still applies — the same
 *   person-level rules as the person's own card (decidePersonAccess: lockdown, home observation,
 *   permission and schedule, ...). Staff, admin and system actors open as MANUAL_OVERRIDE: the hub
 *   has checked their role. A staff UNLOCK of a door with a lane opened by hand (the assisted
 *   lane) is that kiosk's "open by hand with a reason": journalled with the staff member, the
 *   reason and whoever the kiosk had identified, and shown on its screen. Staff must give a
 *   reason for every opening (the receiver checks it, `checkCommandFields`); it is the note.
 * - CONFIRM_FEVER / CLEAR_FEVER (staff, admin, system): the contact reading goes to the door's
 *   kiosk that waits for a staff check, which decides again and journals it with the staff
 *   member; NO_STAFF_CHECK_PENDING when none waits, READING_CONTRADICTS_ACTION when the reading
 *   says otherwise than the action.
 * - HOLD_OPEN, LOCK, RELEASE change the door's mode and are for staff, admin and system only; a
 *   resident gets DENIED_BY_POLICY / DOOR_NOT_PERMITTED. LOCK relocks at once and refuses
 *   residents' opens until RELEASE (DOOR_LOCKED_BY_COMMAND); the modes live in `DoorModes`,
 *   which the runtime's decision context shares, so the door's kiosks refuse credentials too.
 *   Staff can still open a locked door on purpose. The latest mode command wins (HOLD_OPEN ends
 *   a LOCK).
 * - Every UNLOCK and HOLD_OPEN, granted or refused, is journalled as an AccessEvent (credential
 *   kind 'phone' for a resident, 'manual' for others as the contract says, masked '****', the
 *   command's actor, note 'remote open') and is durable before the relay moves. If the journal
 *   cannot take it, the door stays shut and the reply is DOOR_FAULT. LOCK and RELEASE open
 *   nothing, so they are logged, not journalled as access attempts.
 *
 * Commands are carried out one at a time, so a LOCK can never be overtaken by an UNLOCK that was
 * still waiting for its journal entry. Modes are kept in memory: after a restart every door is
 * back to 'normal'.
 */
export class RemoteOpenExecutor implements CommandExecutor {
  readonly #deps: RemoteOpenExecutorDeps
  readonly #modes: DoorModes
  #queue: Promise<unknown> = Promise.resolve()

  constructor(deps: RemoteOpenExecutorDeps) {
    this.#deps = deps
    this.#modes = deps.modes ?? new DoorModes()
  }

  modeOf(doorId: string): RemoteDoorMode {
    return this.#modes.modeOf(doorId)
  }

  /** True between a LOCK and the next RELEASE (or HOLD_OPEN): refuse credentials at this door. */
  isLockedDown(doorId: string): boolean {
    return this.modeOf(doorId) === 'locked'
  }

  execute(command: Command): Promise<CommandExecution> {
    const run = this.#queue.then(() => this.#execute(command))
    this.#queue = run.catch(() => undefined)
    return run
  }

  async #execute(command: Command): Promise<CommandExecution> {
    const door = this.#deps.doors.get(command.doorId)
    if (door === undefined) return doorFault('door not wired to this edge')
    // The schema admits only COMMAND_ACTIONS, but its static type is a plain string.
    switch (command.action) {
      case 'UNLOCK':
      case 'HOLD_OPEN':
        return this.#open(command, command.action, door)
      case 'LOCK':
      case 'RELEASE':
        return this.#setMode(command, command.action, door)
      case 'CONFIRM_FEVER':
      case 'CLEAR_FEVER':
        return this.#staffCheck(command, command.action, door)
      default:
        return doorFault('unknown action')
    }
  }

  async #open(command: Command, action: Opening, door: RemoteDoor): Promise<CommandExecution> {
    const byHand = action === 'UNLOCK' && command.actor.kind === 'staff' ? door.kiosks?.find((kiosk) => kiosk.isManualOpenAllowed) : undefined
    if (byHand !== undefined) {
      const outcome = await byHand.openByHand(staffOf(command), (command.reason ?? '').trim())
      this.#deps.log.info({ commandId: command.id, doorId: command.doorId, actorId: command.actor.id, ok: outcome.ok }, 'staff opened by hand')
      return executionOf(outcome)
    }
    const atMs = this.#deps.clock.now()
    const { outcome, detail } = this.#decide(command, action, door, atMs)
    if (!(await this.#journal(command, action, door, outcome, atMs, detail))) {
      return doorFault('attempt not journalled: door stays shut')
    }
    if (!outcome.granted) {
      this.#deps.log.warn({ commandId: command.id, doorId: command.doorId, reason: outcome.reason }, 'remote open refused by local policy')
      return { status: 'error', code: 'DENIED_BY_POLICY', denyReason: outcome.reason, ...(detail !== null && { detail }) }
    }
    return this.#drive(command, () => {
      if (action === 'HOLD_OPEN') {
        door.lock.holdOpen()
        this.#modes.set(command.doorId, 'held-open')
        this.#deps.onGranted(command.doorId, Number.POSITIVE_INFINITY)
      } else {
        this.#deps.onGranted(command.doorId, door.lock.pulse(door.pulseMs))
      }
    })
  }

  #decide(command: Command, action: Opening, door: RemoteDoor, atMs: number): { outcome: AccessOutcome; detail: string | null } {
    const { actor, doorId } = command
    const { policy } = this.#deps
    if (actor.kind !== 'resident') {
      const person = policy.person(actor.id)
      const details = { ...NO_DETAILS, person: person === null ? null : personSummary(person) }
      return { outcome: grant('MANUAL_OVERRIDE', details), detail: null }
    }
    if (action !== 'UNLOCK') return { outcome: deny('DOOR_NOT_PERMITTED', NO_DETAILS), detail: 'residents may only unlock' }
    const request = { personId: actor.id, doorId, direction: door.direction, atMs }
    const context = { ...this.#deps.decisionContext(), doorsLockedByCommand: this.#modes.locked }
    return { outcome: decidePersonAccess(request, policy, context), detail: null }
  }

  #setMode(command: Command, action: 'LOCK' | 'RELEASE', door: RemoteDoor): CommandExecution {
    const { doorId, actor } = command
    if (actor.kind === 'resident') {
      this.#deps.log.warn({ commandId: command.id, doorId, action }, 'door mode command from a resident refused')
      return { status: 'error', code: 'DENIED_BY_POLICY', denyReason: 'DOOR_NOT_PERMITTED', detail: 'residents may only unlock' }
    }
    const previous = this.modeOf(doorId)
    const execution = this.#drive(command, () => {
      // RELEASE ends a hold-open or a lock; it does not cut short a pulse someone is walking through.
      if (action === 'LOCK' || previous === 'held-open') {
        door.lock.release()
        this.#deps.onLockReengaged?.(doorId)
      }
      this.#modes.set(doorId, action === 'LOCK' ? 'locked' : 'normal')
    })
    this.#deps.log.info({ commandId: command.id, doorId, action, actor: actor.kind, actorId: actor.id, status: execution.status }, `door ${action.toLowerCase()} by command`)
    return execution
  }

  async #staffCheck(command: Command, action: StaffCheckAction, door: RemoteDoor): Promise<CommandExecution> {
    const { doorId, actor } = command
    if (actor.kind === 'resident') {
      return { status: 'error', code: 'DENIED_BY_POLICY', denyReason: 'DOOR_NOT_PERMITTED', detail: 'residents may only unlock' }
    }
    const verdict = action === 'CONFIRM_FEVER' ? 'confirmed' : 'cleared'
    // The receiver has checked that a fever action carries its reading (checkCommandFields).
    const celsius = command.contactCelsius ?? Number.NaN
    let outcome: StaffActOutcome = { ok: false, code: 'NO_STAFF_CHECK_PENDING', detail: 'no kiosk at this door waits for a staff check' }
    for (const kiosk of door.kiosks ?? []) {
      outcome = await kiosk.checkByStaff(staffOf(command), celsius, verdict)
      if (outcome.ok || outcome.code !== 'NO_STAFF_CHECK_PENDING') break
    }
    // The reading itself stays out of the log: temperatures are personal data.
    this.#deps.log.info({ commandId: command.id, doorId, action, actorId: actor.id, outcome: outcome.ok ? 'ok' : outcome.code }, 'staff temperature check by command')
    return executionOf(outcome)
  }

  #drive(command: Command, move: () => void): CommandExecution {
    try {
      move()
      return { status: 'ok' }
    } catch (error) {
      this.#deps.log.error({ commandId: command.id, doorId: command.doorId, err: String(error) }, 'lock relay failed')
      return doorFault('lock relay failed')
    }
  }

  async #journal(command: Command, action: Opening, door: RemoteDoor, outcome: AccessOutcome, atMs: number, detail: string | null): Promise<boolean> {
    const { edgeId, policy, journal, log } = this.#deps
    const { actor } = command
    const message: Omit<AccessEvent, 'seq'> = {
      v: 1,
      id: randomUUID(),
      edgeId,
      occurredAt: new Date(atMs).toISOString(),
      doorId: command.doorId,
      direction: door.direction,
      lane: door.lane ?? 'none',
      credential: { kind: actor.kind === 'resident' ? 'phone' : 'manual', maskedReference: '****' },
      ...(outcome.person !== null && { personId: outcome.person.id }),
      decision: outcome.granted ? { granted: true, reason: outcome.reason } : { granted: false, reason: outcome.reason },
      policyVersion: policy.meta()?.version ?? 0,
      actor: { kind: actor.kind, id: actor.id, ...(actor.name !== undefined && { name: actor.name }) },
      note: [NOTES[action], command.reason?.trim(), detail].filter((part) => part !== undefined && part !== null && part !== '').join('; ').slice(0, 160),
    }
    try {
      await journal.append({ kind: 'event', message })
      this.#deps.onJournalled()
      return true
    } catch (error) {
      log.error({ commandId: command.id, doorId: command.doorId, code: (error as { code?: string }).code }, 'remote open not journalled: door stays shut')
      return false
    }
  }
}

function doorFault(detail: string): CommandExecution {
  return { status: 'error', code: 'DOOR_FAULT', detail }
}

/** Staff acts are logged with the name; the hub sends it, the id stands in if it did not. */
function staffOf(command: Command): { id: string; name: string } {
  return { id: command.actor.id, name: command.actor.name ?? command.actor.id }
}

function executionOf(outcome: StaffActOutcome): CommandExecution {
  if (outcome.ok) return { status: 'ok' }
  switch (outcome.code) {
    case 'NO_STAFF_CHECK_PENDING':
    case 'READING_CONTRADICTS_ACTION':
      return { status: 'error', code: outcome.code, detail: outcome.detail }
    case 'IMPLAUSIBLE_READING':
    case 'NOT_ALLOWED':
      return { status: 'error', code: 'INVALID', detail: outcome.detail }
    case 'JOURNAL_FAILED':
    case 'STOPPED':
      return doorFault(outcome.detail)
  }
}
