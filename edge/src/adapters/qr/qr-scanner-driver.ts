import { EventEmitter } from 'node:events'
import { ErrorCounts } from '../../../../protocol/error-counts.js'
import { QrLineDecoder } from '../../../../protocol/qr/qr-line-decoder.js'
import type { Clock } from '../../ports/clock.js'
import type { Logger } from '../../ports/logger.js'
import type { ResilientLink } from '../../services/resilient-link.js'
import type { DeviceHealth } from '../device-health.js'

export interface QrScannerDriverEvents {
  scanned: [scan: { readonly text: string; readonly atMs: number }]
  health: [health: DeviceHealth]
}

/**
 * A serial QR scanner: each CR/LF-terminated line is one scan. Malformed lines (too long,
 * non-printable) are counted and dropped; the scanner sends nothing unprompted otherwise, so its
 * health is the health of its line.
 */
export class QrScannerDriver extends EventEmitter<QrScannerDriverEvents> {
  readonly #link: ResilientLink
  readonly #clock: Clock
  readonly #log: Logger
  readonly #decoder: QrLineDecoder
  readonly errorCounts = new ErrorCounts()
  #sinceMs = 0

  constructor(link: ResilientLink, clock: Clock, log: Logger, maxLineLength = 512) {
    super()
    this.#link = link
    this.#clock = clock
    this.#log = log
    this.#decoder = new QrLineDecoder({ maxLength: maxLineLength })
  }

  get health(): DeviceHealth {
    const state = this.#link.isUp ? 'online' : 'offline'
    return { state, sinceMs: this.#sinceMs, detail: state === 'online' ? 'line up' : 'line down', errorCounts: this.errorCounts.toJSON() }
  }

  start(): void {
    this.#link.on('data', (bytes) => this.#onBytes(bytes))
    for (const change of ['up', 'down'] as const) {
      this.#link.on(change, () => {
        this.#sinceMs = this.#clock.now()
        this.emit('health', this.health)
      })
    }
  }

  #onBytes(bytes: Buffer): void {
    const atMs = this.#clock.now()
    const { frames, errors } = this.#decoder.push(bytes, atMs)
    this.errorCounts.add(errors)
    if (errors.length > 0) this.#log.warn({ codes: errors.map((error) => error.code) }, 'QR scan rejected')
    for (const text of frames) this.emit('scanned', { text, atMs })
  }
}
