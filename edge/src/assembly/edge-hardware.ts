import type { WiegandReaderSettings } from '../config/edge-config.js'
import type { GpioPinFactory } from '../ports/gpio-pin.js'
import type { WiegandCapture } from '../ports/wiegand-capture.js'
import type { ByteLinkFactory } from '../ports/byte-link.js'
import type { Clock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import type { SecretStore } from '../ports/secret-store.js'

/** What main.ts chooses: the hardware (or its simulators), and nothing below it chooses again. */
export interface EdgeHardware {
  readonly clock: Clock
  readonly log: Logger
  linkFactory(url: string, baudRate: number): ByteLinkFactory
  /** null when no door is wired to GPIO. */
  readonly gpio: GpioPinFactory | null
  readonly secrets: SecretStore
  /** The edge capture of a Wiegand reader (gpiomon or onoff, as configured); null when none is wired. */
  readonly wiegandCapture: ((reader: WiegandReaderSettings) => WiegandCapture) | null
}
