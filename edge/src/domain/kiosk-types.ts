/** The values the kiosk state machine (kiosk-flow.ts) takes and gives. */
import type { DenyReason, GrantReason } from '../../../protocol/mqtt/messages/access-event.js'
import type { TemperatureEnforcement } from '../../../protocol/policy/policy-door.js'
import type { AccessOutcome, PersonSummary } from './access-outcome.js'
import type { AccessRequest, Direction, Lane, PresentedCredential } from './access-request.js'
import type { ScreeningSettings } from './screening-settings.js'
import type { StaffTemperatureCheck, TemperatureSample } from './temperature-screening.js'
import type { StaffMember, TemperatureResult } from './temperature-result.js'

/** One lane's kiosk: which door it drives and how it screens. */
export interface KioskLane {
  readonly doorId: string
  readonly direction: Direction
  readonly lane: Lane
  /** What starts a cycle from idle: a credential, or a person stepping up to the thermometer. */
  readonly order: 'credential-first' | 'temperature-first'
  readonly enforcement: TemperatureEnforcement
  /** Staff may open by hand with a reason (always on in the assisted lane). */
  readonly isManualOpenAllowed: boolean
  readonly unlockPulseMs: number
  /** How long the outcome stays on screen before the kiosk is idle again. */
  readonly feedbackMs: number
  /** Measuring without a usable measurement for this long gives up. */
  readonly measureTimeoutMs: number
  /** Temperature first: how long a measurement waits for the person's credential. */
  readonly credentialTimeoutMs: number
  /** Soft enforcement: how long staff have to check a suspected fever by hand. */
  readonly staffCheckTimeoutMs: number
  readonly screening: ScreeningSettings
  /**
   * The lane's thermometer is known to deliver readings now. When it is not (offline, stale, or
   * none wired), a person who must be measured is refused at once with TEMPERATURE_REQUIRED
   * rather than kept waiting for a measuring timeout.
   */
  readonly isThermometerAvailable: boolean
  /** What the screen tells that person: see the staff here, or go to the assisted lane. */
  readonly thermometerOfflineFallback: ThermometerOfflineFallback
}

export type ThermometerOfflineFallback = 'see-staff' | 'assisted-lane'

/** What the kiosk knows about the person of the current cycle. */
export interface KioskCycle {
  readonly credential: PresentedCredential | null
  readonly isReplay: boolean
  /** Known once a decision has named them. */
  readonly person: PersonSummary | null
  readonly temperature: TemperatureResult
  readonly staffCheck: StaffTemperatureCheck | null
}

/**
 * `identified`: a credential, first decision asked for. `measuring`: waiting for a measurement.
 * `re-measuring`: waiting before measuring again (`attempt` is the re-measure to come).
 * `staff-check`: soft lane, waiting for a contact-thermometer reading. `measured`: temperature
 * first, waiting for the credential. `decided`: everything known, the final decision asked for.
 * `feedback`: the outcome on screen. `deadlineMs`: when the service must send `deadline-reached`.
 */
export type KioskState =
  | { readonly phase: 'idle'; readonly deadlineMs: null }
  | { readonly phase: 'identified' | 'decided'; readonly deadlineMs: null; readonly cycle: KioskCycle }
  | { readonly phase: 'measuring' | 're-measuring'; readonly deadlineMs: number; readonly cycle: KioskCycle; readonly attempt: number }
  | { readonly phase: 'staff-check' | 'measured'; readonly deadlineMs: number; readonly cycle: KioskCycle }
  | {
      readonly phase: 'feedback'
      readonly deadlineMs: number
      readonly cycle: KioskCycle | null
      readonly outcome: AccessOutcome | null
    }

export type KioskPhase = KioskState['phase']

export const IDLE: KioskState = { phase: 'idle', deadlineMs: null }

export type KioskEvent =
  | { readonly type: 'credential-presented'; readonly credential: PresentedCredential; readonly isReplay: boolean }
  | { readonly type: 'person-detected' }
  | { readonly type: 'samples-collected'; readonly samples: readonly TemperatureSample[] }
  | { readonly type: 'access-decided'; readonly outcome: AccessOutcome }
  | { readonly type: 'staff-checked'; readonly celsius: number; readonly staff: StaffMember }
  | { readonly type: 'manual-open-requested'; readonly staff: StaffMember; readonly reason: string }
  | { readonly type: 'deadline-reached' }

/** One attempt for the journal; the service adds the event id, sequence and edge id. */
export interface KioskAttempt {
  readonly occurredAtMs: number
  readonly doorId: string
  readonly direction: Direction
  readonly lane: Lane
  readonly credential: PresentedCredential | null
  readonly outcome: AccessOutcome
  readonly temperature: TemperatureResult
  readonly staffCheck: StaffTemperatureCheck | null
  /** The staff member who opened by hand (MANUAL_OVERRIDE), and why. */
  readonly actor: StaffMember | null
  readonly note: string | null
}

export type FeedbackPattern = 'granted' | 'denied' | 'fever' | 'waiting'

/** `thermometer-offline` and `use-assisted-lane`: a refusal because the thermometer is out of order. */
export type KioskPrompt = 'present-credential' | 'hold-still' | 'remeasure' | 'staff-check' | 'thermometer-offline' | 'use-assisted-lane' | null

export type KioskAlarm = 'FEVER_SUSPECTED' | 'FEVER_CONFIRMED' | 'TEMPERATURE_SKIPPED' | 'STAFF_CHECK_TIMED_OUT'

/**
 * Run in order. `decide`: call decideAccess with the request and feed `access-decided` back at once.
 * `journal` must be durable before the effects after it run: a grant is journalled before the
 * relay moves and before the screen shows it as final.
 */
export type KioskEffect =
  | { readonly kind: 'decide'; readonly request: AccessRequest }
  | { readonly kind: 'start-measuring'; readonly attempt: number; readonly sampleCount: number }
  | { readonly kind: 'journal'; readonly attempt: KioskAttempt }
  | { readonly kind: 'unlock'; readonly doorId: string; readonly pulseMs: number }
  | {
      readonly kind: 'feedback'
      readonly pattern: FeedbackPattern
      readonly prompt: KioskPrompt
      readonly person: PersonSummary | null
      readonly reason: GrantReason | DenyReason | null
      readonly celsius: number | null
    }
  | { readonly kind: 'alert'; readonly alarm: KioskAlarm; readonly doorId: string; readonly celsius: number | null }
  | { readonly kind: 'ignored'; readonly eventType: KioskEvent['type']; readonly phase: KioskPhase; readonly why: string }

export interface KioskStep {
  readonly state: KioskState
  readonly effects: readonly KioskEffect[]
}
