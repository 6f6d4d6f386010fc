import { EventEmitter } from 'node:events'
import type { DenyReason, GrantReason } from '../../../protocol/mqtt/messages/access-event.js'
import type { KioskEffect, KioskPhase } from '../domain/kiosk-types.js'
import { REASON_TEXTS, THERMOMETER_OFFLINE_TEXTS, type BilingualText } from '../domain/reason-texts.js'

export type ScreenPhase = 'idle' | 'identified' | 'measuring' | 're-measuring' | 'decided'

/** Everything the gate screen shows for one door; nothing more (no card or phone numbers). */
export interface KioskScreen {
  readonly doorId: string
  readonly phase: ScreenPhase
  readonly personName: string | null
  readonly photoUrl: string | null
  readonly temperature: { readonly celsius: number; readonly status: 'normal' | 'fever' | 'bad-reading' } | null
  readonly decision: { readonly granted: boolean; readonly reason: GrantReason | DenyReason; readonly text: BilingualText } | null
  readonly atMs: number
}

export interface KioskScreensEvents {
  changed: [screen: KioskScreen]
}

/** The current screen of every door, for the kiosk page and its live stream. */
export class KioskScreens extends EventEmitter<KioskScreensEvents> {
  readonly #screens = new Map<string, KioskScreen>()

  constructor(doorIds: readonly string[]) {
    super()
    this.setMaxListeners(64)
    for (const doorId of doorIds) this.#screens.set(doorId, idleScreen(doorId, 0))
  }

  all(): KioskScreen[] {
    return [...this.#screens.values()]
  }

  get(doorId: string): KioskScreen | undefined {
    return this.#screens.get(doorId)
  }

  show(screen: KioskScreen): void {
    this.#screens.set(screen.doorId, screen)
    this.emit('changed', screen)
  }

  /** The text is the reason's own (REASON_TEXTS) unless the decision brings a more precise one. */
  showDecision(doorId: string, atMs: number, decision: { granted: boolean; reason: GrantReason | DenyReason; text?: BilingualText }, details: Partial<KioskScreen> = {}): void {
    const { granted, reason, text = REASON_TEXTS[reason] } = decision
    this.show({ ...idleScreen(doorId, atMs), ...details, phase: 'decided', decision: { granted, reason, text } })
  }

  /**
   * What the kiosk flow's feedback shows: the outcome with its reason (and, for a refusal because
   * the thermometer is out of order, where to go instead), or the step the person is at.
   */
  showFeedback(doorId: string, atMs: number, effect: Extract<KioskEffect, { kind: 'feedback' }>, kioskPhase: KioskPhase): void {
    const status = effect.pattern === 'fever' ? ('fever' as const) : ('normal' as const)
    const temperature = effect.celsius === null ? null : { celsius: effect.celsius, status }
    const person = { personName: effect.person?.displayName ?? null, photoUrl: effect.person?.photoId ? `/photos/${effect.person.photoId}` : null, temperature }
    if (effect.reason === null) return this.show({ doorId, phase: screenPhaseOf(kioskPhase), decision: null, atMs, ...person })
    const isThermometerDown = effect.prompt === 'thermometer-offline' || effect.prompt === 'use-assisted-lane'
    const text = isThermometerDown ? { text: THERMOMETER_OFFLINE_TEXTS[effect.prompt] } : {}
    this.showDecision(doorId, atMs, { granted: effect.pattern === 'granted', reason: effect.reason, ...text }, person)
  }

  reset(doorId: string, atMs: number): void {
    this.show(idleScreen(doorId, atMs))
  }
}

export function idleScreen(doorId: string, atMs: number): KioskScreen {
  return { doorId, phase: 'idle', personName: null, photoUrl: null, temperature: null, decision: null, atMs }
}

function screenPhaseOf(phase: KioskPhase): ScreenPhase {
  if (phase === 'measuring' || phase === 're-measuring' || phase === 'identified' || phase === 'idle') return phase
  return phase === 'measured' || phase === 'staff-check' ? 'measuring' : 'decided'
}
