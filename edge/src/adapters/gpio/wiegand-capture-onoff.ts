import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ValueCallback } from 'onoff'
import type { WiegandDataLine } from '../../domain/wiegand-frame-assembler.js'
import type { Clock } from '../../ports/clock.js'
import type { WiegandCapture, WiegandCaptureListener } from '../../ports/wiegand-capture.js'
import type { GpioChipBase } from './gpio-chip-base.js'
import type { OnoffGpioClass, OnoffPin } from './onoff-gpio.js'

export interface OnoffWiegandOptions {
  /** Header lines (BCM numbers) of D0 and D1. */
  readonly d0Line: number
  readonly d1Line: number
}

/** Sets the kernel's edge setting of a sysfs GPIO without telling onoff (see below). */
export type NarrowToFallingEdge = (sysfsNumber: number) => void

export function writeSysfsFallingEdge(gpioClassDir: string): NarrowToFallingEdge {
  return (sysfsNumber) => writeFileSync(join(gpioClassDir, `gpio${sysfsNumber}`, 'edge'), 'falling')
}

/**
 * Wiegand edges through onoff (sysfs + epoll). Each interrupt is counted as one falling edge and
 * the value is ignored: onoff reads the value after the interrupt and, for a 'falling' watch,
 * drops the event unless it reads 0 (onoff.js `pollerEventHandler`), but a 50 µs pulse is over
 * long before that read. So each pin is opened with edge 'both' (onoff then passes every
 * interrupt on), and the kernel's edge is narrowed to 'falling' behind onoff's back, so there is
 * one interrupt per pulse. debounce must be 0. Limits that remain (reference §2): sysfs does not
 * queue edges, so two pulses on one line before Node reads the first count as one, and the
 * timestamp is when Node ran the callback. A bad frame then fails length or parity, is counted
 * and dropped; gpiomon (the default) does not have these limits.
 */
export class WiegandCaptureOnoff implements WiegandCapture {
  readonly #gpioClass: OnoffGpioClass
  readonly #chip: GpioChipBase
  readonly #clock: Clock
  readonly #options: OnoffWiegandOptions
  readonly #narrowToFallingEdge: NarrowToFallingEdge
  #pins: OnoffPin[] = []

  constructor(
    gpioClass: OnoffGpioClass,
    chip: GpioChipBase,
    clock: Clock,
    options: OnoffWiegandOptions,
    narrowToFallingEdge: NarrowToFallingEdge = writeSysfsFallingEdge(chip.gpioClassDir),
  ) {
    this.#gpioClass = gpioClass
    this.#chip = chip
    this.#clock = clock
    this.#options = options
    this.#narrowToFallingEdge = narrowToFallingEdge
  }

  get description(): string {
    return `onoff ${this.#chip.chip} lines ${this.#options.d0Line} ${this.#options.d1Line}`
  }

  get isCapturing(): boolean {
    return this.#pins.length > 0
  }

  start(listener: WiegandCaptureListener): void {
    if (this.#pins.length > 0) return
    try {
      this.#watch(0, this.#options.d0Line, listener)
      this.#watch(1, this.#options.d1Line, listener)
    } catch (error) {
      this.#releasePins()
      const code = (error as { code?: string }).code ?? 'WATCH_FAILED'
      listener.fault({ code: 'WATCH_FAILED', message: `cannot watch Wiegand D0/D1 through onoff (${code}): ${String(error)}` })
    }
  }

  async stop(): Promise<void> {
    this.#releasePins()
  }

  #watch(dataLine: WiegandDataLine, line: number, listener: WiegandCaptureListener): void {
    if (!Number.isInteger(line) || line < 0 || line >= this.#chip.lineCount) {
      throw Object.assign(new Error(`line ${line} is not on ${this.#chip.chip}`), { code: 'GPIO_LINE_OUT_OF_RANGE' })
    }
    const sysfsNumber = this.#chip.base + line
    const pin = new this.#gpioClass(sysfsNumber, 'in', 'both', { debounceTimeout: 0, activeLow: false, reconfigureDirection: false })
    this.#pins.push(pin)
    this.#narrowToFallingEdge(sysfsNumber)
    const callback: ValueCallback = (error) => {
      if (error) listener.fault({ code: 'WATCH_FAILED', message: `D${dataLine}: ${error.message}` })
      else listener.edges([{ line: dataLine, atMs: this.#clock.now() }])
    }
    pin.watch(callback)
  }

  #releasePins(): void {
    for (const pin of this.#pins) {
      pin.unwatchAll()
      pin.unexport()
    }
    this.#pins = []
  }
}
