import type { OsdpCommand } from '../../../../protocol/osdp/osdp-commands.js'
import type { LedColor } from '../../../../protocol/osdp/osdp-control-records.js'

export type FeedbackPattern = 'granted' | 'denied' | 'fever' | 'waiting' | 'idle'

interface Pattern {
  readonly color: LedColor
  readonly offColor: LedColor
  readonly onMs: number
  readonly offMs: number
  readonly durationMs: number
  readonly beeps: { readonly onMs: number; readonly offMs: number; readonly count: number } | null
}

/**
 * What a person at the reader sees and hears. Denied and fever differ in sound as well as
 * colour, for people who cannot tell red from green. The permanent LED state is idle red.
 */
const PATTERNS: Record<FeedbackPattern, Pattern> = {
  granted: { color: 'green', offColor: 'green', onMs: 100, offMs: 0, durationMs: 3000, beeps: { onMs: 200, offMs: 0, count: 1 } },
  denied: { color: 'red', offColor: 'none', onMs: 200, offMs: 200, durationMs: 2000, beeps: { onMs: 100, offMs: 100, count: 3 } },
  fever: { color: 'red', offColor: 'amber', onMs: 100, offMs: 100, durationMs: 5000, beeps: { onMs: 1000, offMs: 300, count: 3 } },
  waiting: { color: 'amber', offColor: 'none', onMs: 500, offMs: 500, durationMs: 10_000, beeps: null },
  idle: { color: 'red', offColor: 'red', onMs: 100, offMs: 0, durationMs: 0, beeps: null },
}

/** The LED and buzzer commands that play a pattern on reader 0, LED 0. */
export function feedbackCommands(pattern: FeedbackPattern): OsdpCommand[] {
  const p = PATTERNS[pattern]
  const led: OsdpCommand = {
    type: 'LED',
    leds: [
      {
        reader: 0,
        led: 0,
        temporary:
          p.durationMs > 0
            ? { control: 'set', onMs: p.onMs, offMs: p.offMs, onColor: p.color, offColor: p.offColor, timerMs: p.durationMs }
            : { control: 'cancel', onMs: 0, offMs: 0, onColor: 'none', offColor: 'none', timerMs: 0 },
        permanent: { control: 'set', onMs: 100, offMs: 0, onColor: 'red', offColor: 'red' },
      },
    ],
  }
  if (p.beeps === null) return [led]
  return [led, { type: 'BUZ', reader: 0, tone: 'default', onMs: p.beeps.onMs, offMs: p.beeps.offMs, count: p.beeps.count }]
}
