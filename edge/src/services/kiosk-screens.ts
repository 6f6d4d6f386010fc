import { EventEmitter } from 'node:events'
import type { DenyReason, GrantReason } from '../../../protocol/mqtt/messages/access-event.js'
import { REASON_TEXTS, type BilingualText } from '../domain/reason-texts.js'

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

  showDecision(doorId: string, atMs: number, decision: { granted: boolean; reason: GrantReason | DenyReason }, details: Partial<KioskScreen> = {}): void {
    this.show({ ...idleScreen(doorId, atMs), ...details, phase: 'decided', decision: { ...decision, text: REASON_TEXTS[decision.reason] } })
  }

  reset(doorId: string, atMs: number): void {
    this.show(idleScreen(doorId, atMs))
  }
}

export function idleScreen(doorId: string, atMs: number): KioskScreen {
  return { doorId, phase: 'idle', personName: null, photoUrl: null, temperature: null, decision: null, atMs }
}
