import { EventEmitter } from 'node:events'
import type { ByteLink, ByteLinkFactory, LinkCloseReason } from '../ports/byte-link.js'
import type { Clock, TimerHandle } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'

export interface ResilientLinkOptions {
  readonly initialRetryMs: number
  readonly maxRetryMs: number
}

export interface ResilientLinkEvents {
  up: []
  down: [reason: LinkCloseReason]
  data: [bytes: Buffer]
}

/**
 * Keeps one byte link open: opens it, and whenever it fails to open or closes by itself (an
 * unplugged adapter, a rebooted serial server) makes a new one after an exponential backoff.
 * serialport has no reconnect of its own (node-serialport#648), so this is where it lives.
 */
export class ResilientLink extends EventEmitter<ResilientLinkEvents> {
  readonly #factory: ByteLinkFactory
  readonly #clock: Clock
  readonly #log: Logger
  readonly #options: ResilientLinkOptions
  #link: ByteLink | undefined
  #retryTimer: TimerHandle | undefined
  #retryMs: number
  #isRunning = false
  droppedWrites = 0
  reconnects = 0

  constructor(factory: ByteLinkFactory, clock: Clock, log: Logger, options: ResilientLinkOptions) {
    super()
    this.#factory = factory
    this.#clock = clock
    this.#log = log
    this.#options = options
    this.#retryMs = options.initialRetryMs
  }

  get isUp(): boolean {
    return this.#link !== undefined
  }

  start(): void {
    this.#isRunning = true
    void this.#connect()
  }

  async stop(): Promise<void> {
    this.#isRunning = false
    if (this.#retryTimer !== undefined) this.#clock.clearTimeout(this.#retryTimer)
    this.#retryTimer = undefined
    const link = this.#link
    this.#link = undefined
    await link?.close()
  }

  /** Returns false (and counts it) when the line is down: the caller treats it as no reply. */
  write(bytes: Buffer): boolean {
    if (this.#link === undefined) {
      this.droppedWrites++
      return false
    }
    this.#link.write(bytes)
    return true
  }

  async #connect(): Promise<void> {
    this.#retryTimer = undefined
    if (!this.#isRunning) return
    const link = this.#factory()
    try {
      await link.open()
    } catch (error) {
      this.#log.warn({ link: link.description, code: (error as { code?: string }).code, err: String(error) }, 'link open failed')
      return this.#scheduleRetry()
    }
    if (!this.#isRunning) return void link.close()
    link.onData((bytes) => this.emit('data', bytes))
    link.onClose((reason) => this.#onClosed(link, reason))
    this.#link = link
    this.#retryMs = this.#options.initialRetryMs
    this.#log.info({ link: link.description }, 'link up')
    this.emit('up')
  }

  #onClosed(link: ByteLink, reason: LinkCloseReason): void {
    if (this.#link !== link) return
    this.#link = undefined
    this.#log.warn({ link: link.description, code: reason.code }, reason.message)
    this.emit('down', reason)
    void link.close()
    this.#scheduleRetry()
  }

  #scheduleRetry(): void {
    if (!this.#isRunning) return
    const delayMs = this.#retryMs
    this.#retryMs = Math.min(this.#retryMs * 2, this.#options.maxRetryMs)
    this.reconnects++
    this.#retryTimer = this.#clock.setTimeout(() => void this.#connect(), delayMs)
  }
}
