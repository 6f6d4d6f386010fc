import { EventEmitter } from 'node:events'
import { H10301, WIEGAND_34, WIEGAND_34_UID, type WiegandFormat } from '../../../protocol/wiegand/wiegand-format.js'
import type { EdgeConfig, WiegandReaderSettings } from '../config/edge-config.js'
import { WiegandReader, type WiegandReaderEvent } from '../services/wiegand-reader.js'
import type { EdgeHardware } from './edge-hardware.js'

const FORMATS: Record<WiegandReaderSettings['formats'][number], WiegandFormat> = { H10301, WIEGAND_34, WIEGAND_34_UID }

export interface WiegandReadersEvents {
  event: [event: WiegandReaderEvent]
}

/**
 * Every Wiegand reader the config wires to GPIO D0/D1, each over the capture main.ts chose
 * (gpiomon or onoff); their cards, rejected frames and capture faults come out as one stream.
 */
export class WiegandReaders extends EventEmitter<WiegandReadersEvents> {
  readonly readers = new Map<string, WiegandReader>()

  constructor(config: EdgeConfig, hardware: EdgeHardware) {
    super()
    this.setMaxListeners(64)
    if (config.wiegandReaders.length === 0) return
    const capture = hardware.wiegandCapture
    if (capture === null) throw Object.assign(new Error('Wiegand readers are configured but no GPIO capture is available'), { code: 'CONFIG_INVALID' })
    for (const settings of config.wiegandReaders) {
      const log = hardware.log.child({ component: 'wiegand', reader: settings.id })
      this.readers.set(
        settings.id,
        new WiegandReader(capture(settings), hardware.clock, log, {
          readerId: settings.id,
          formats: settings.formats.map((name) => FORMATS[name]),
          frameGapMs: settings.frameGapMs,
        }),
      )
    }
  }

  start(): void {
    for (const reader of this.readers.values()) reader.start((event) => this.emit('event', event))
  }

  async stop(): Promise<void> {
    await Promise.all([...this.readers.values()].map((reader) => reader.stop()))
  }
}
