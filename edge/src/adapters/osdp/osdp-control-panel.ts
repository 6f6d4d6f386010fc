import { EventEmitter } from 'node:events'
import { randomBytes as cryptoRandomBytes } from 'node:crypto'
import { ErrorCounts } from '../../../../protocol/error-counts.js'
import { encodeOsdpCommand, type OsdpCommand } from '../../../../protocol/osdp/osdp-commands.js'
import { encodeOsdpFrame, type OsdpFrame, type SecurityBlock } from '../../../../protocol/osdp/osdp-frame.js'
import { OsdpFrameDecoder } from '../../../../protocol/osdp/osdp-frame-decoder.js'
import type { OsdpReply } from '../../../../protocol/osdp/osdp-replies.js'
import type { WiegandFormat } from '../../../../protocol/wiegand/wiegand-format.js'
import type { Clock, TimerHandle } from '../../ports/clock.js'
import type { Logger } from '../../ports/logger.js'
import type { SecretStore } from '../../ports/secret-store.js'
import { PendingReplies } from '../../services/pending-replies.js'
import type { ResilientLink } from '../../services/resilient-link.js'
import { feedbackCommands, type FeedbackPattern } from './osdp-feedback-patterns.js'
import { OsdpPeripheral, type OsdpReaderSettings } from './osdp-peripheral.js'
import { BringUp } from './osdp-bring-up.js'
import { dispatchActivity, type OsdpReaderEvents } from './osdp-activity.js'
import { readReply, type ReplyOutcome } from './osdp-reply-reader.js'

export interface OsdpControlPanelOptions {
  /** Gap between exchanges when nothing is queued; a card waits at most this long to be seen. */
  readonly pollIntervalMs: number
  /** OSDP v2.2: a PD must reply within 200 ms; the line time of the packets is added. */
  readonly replyTimeoutMs: number
  readonly maxRetries: number
  readonly baudRate: number
  readonly offlineRetryMs: { readonly initial: number; readonly max: number }
  readonly keypadTimeoutMs: number
  readonly wiegandFormats: readonly WiegandFormat[]
}

export const defaultOsdpControlPanelOptions: Omit<OsdpControlPanelOptions, 'wiegandFormats'> = {
  pollIntervalMs: 5,
  replyTimeoutMs: 200,
  maxRetries: 3,
  baudRate: 115200,
  offlineRetryMs: { initial: 500, max: 30_000 },
  keypadTimeoutMs: 10_000,
}

const BUSY_WAIT_MS = 20

/**
 * The OSDP control panel for one RS-485 bus: brings each PD up (ID → CAP → Secure Channel →
 * online), polls them in turn, one exchange on the half-duplex line at a time, retries a lost
 * reply with the same bytes, marks a silent PD offline and brings it back with a backoff, and
 * turns what PDs report into events (cards, PINs, inputs, tamper).
 */
export class OsdpControlPanel extends EventEmitter<OsdpReaderEvents> {
  readonly #link: ResilientLink
  readonly #clock: Clock
  readonly #log: Logger
  readonly #options: OsdpControlPanelOptions
  readonly #peripherals: OsdpPeripheral[]
  readonly #bringUp: BringUp
  readonly #decoder = new OsdpFrameDecoder({ interByteTimeoutMs: 50 })
  readonly #pending: PendingReplies<number, OsdpFrame>
  readonly decodeErrors = new ErrorCounts()
  #timer: TimerHandle | undefined
  #isRunning = false
  #isBusy = false
  #nextIndex = 0
  lateReplies = 0

  constructor(
    link: ResilientLink,
    readers: readonly OsdpReaderSettings[],
    secrets: SecretStore,
    clock: Clock,
    log: Logger,
    options: OsdpControlPanelOptions,
    randomBytes: (length: number) => Buffer = cryptoRandomBytes,
  ) {
    super()
    this.#link = link
    this.#clock = clock
    this.#log = log
    this.#options = options
    this.#peripherals = readers.map((settings) => new OsdpPeripheral(settings, options.offlineRetryMs.initial))
    this.#pending = new PendingReplies(clock)
    this.#bringUp = new BringUp(secrets, randomBytes, log, (pd, reason) => this.#markOffline(pd, reason), this)
  }

  /** Health of every reader, for the edge's status report. */
  get readers(): { name: string; address: number; state: string; isSecure: boolean; rejectedReplies: number }[] {
    return this.#peripherals.map((pd) => ({
      name: pd.settings.name,
      address: pd.settings.address,
      state: pd.state,
      isSecure: pd.isSecure,
      rejectedReplies: pd.rejectedReplies,
    }))
  }

  start(): void {
    this.#isRunning = true
    this.#link.on('data', (bytes) => this.#onBytes(bytes))
    this.#schedule(0)
  }

  stop(): void {
    this.#isRunning = false
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer)
    this.#timer = undefined
    this.#pending.cancelAll()
    for (const pd of this.#peripherals) pd.failQueued()
  }

  /** Sends a command to a reader once it is online; resolves with its reply. */
  send(name: string, command: OsdpCommand): Promise<OsdpReply> {
    const pd = this.#peripherals.find((candidate) => candidate.settings.name === name)
    if (pd === undefined) return Promise.reject(coded('READER_UNKNOWN', `no reader named ${name}`))
    if (!pd.isOnline) return Promise.reject(coded('READER_OFFLINE', `reader ${name} is offline`))
    return new Promise((resolve, reject) => {
      pd.queue.push({
        command,
        settle: (reply) => (reply === undefined ? reject(coded('READER_NO_REPLY', `reader ${name} did not answer`)) : resolve(reply)),
      })
      this.#scheduleNow()
    })
  }

  async feedback(name: string, pattern: FeedbackPattern): Promise<void> {
    for (const command of feedbackCommands(pattern)) await this.send(name, command)
  }

  /** Energises an output (output 0 = the lock relay) for `ms`, then the PD reverts it itself. */
  async pulseOutput(name: string, output: number, ms: number): Promise<void> {
    const reply = await this.send(name, { type: 'OUT', outputs: [{ output, action: 'temporary-on', timerMs: ms }] })
    if (reply.type !== 'OSTATR' && reply.type !== 'ACK') throw coded('OUTPUT_REFUSED', `reader ${name} refused OUT: ${reply.type}`)
  }

  async setOutput(name: string, output: number, isOn: boolean): Promise<void> {
    const action = isOn ? 'permanent-on' : 'permanent-off'
    const reply = await this.send(name, { type: 'OUT', outputs: [{ output, action, timerMs: 0 }] })
    if (reply.type !== 'OSTATR' && reply.type !== 'ACK') throw coded('OUTPUT_REFUSED', `reader ${name} refused OUT: ${reply.type}`)
  }

  /** A queued command (an unlock) goes out as soon as the line is free, not at the next poll. */
  #scheduleNow(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer)
    this.#timer = undefined
    this.#schedule(0)
  }

  #schedule(delayMs: number): void {
    if (!this.#isRunning || this.#timer !== undefined) return
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined
      void this.#cycle()
    }, delayMs)
  }

  async #cycle(): Promise<void> {
    if (this.#isBusy || !this.#isRunning) return
    this.#isBusy = true
    try {
      const pd = this.#nextDue()
      if (pd !== undefined) await this.#serve(pd)
    } catch (error) {
      this.#log.error({ err: String(error) }, 'OSDP cycle failed')
    } finally {
      this.#isBusy = false
    }
    const hasWork = this.#peripherals.some((pd) => pd.isOnline && pd.queue.length > 0)
    this.#schedule(hasWork ? 0 : this.#options.pollIntervalMs)
  }

  #nextDue(): OsdpPeripheral | undefined {
    const now = this.#clock.now()
    for (let i = 0; i < this.#peripherals.length; i++) {
      const pd = this.#peripherals[(this.#nextIndex + i) % this.#peripherals.length]!
      if (pd.isOnline || now >= pd.nextAttemptAtMs) {
        this.#nextIndex = (this.#nextIndex + i + 1) % this.#peripherals.length
        return pd
      }
    }
    return undefined
  }

  async #serve(pd: OsdpPeripheral): Promise<void> {
    const next = pd.isOnline ? { command: pd.queue[0]?.command ?? { type: 'POLL' as const } } : this.#bringUp.nextCommand(pd)
    const queued = pd.isOnline ? pd.queue.shift() : undefined
    const outcome = await this.#transact(pd, next.command, next.securityBlock)
    // Stopped meanwhile: the reply (or its absence) says nothing about the reader any more.
    if (!this.#isRunning) return queued?.settle(undefined)
    if (outcome.kind === 'no-reply') {
      queued?.settle(undefined)
      return this.#markOffline(pd, outcome.reason)
    }
    if (outcome.kind === 'secure-failure') {
      queued?.settle(undefined)
      return this.#markOffline(pd, outcome.reason)
    }
    pd.advanceSequence()
    if (!pd.isOnline) return await this.#bringUp.onReply(pd, outcome.reply)
    if (outcome.reply.type === 'NAK' && this.#bringUp.isSessionLost(pd, outcome.reply)) {
      queued?.settle(outcome.reply)
      return this.#markOffline(pd, `NAK_${String(outcome.reply.reason)}`)
    }
    dispatchActivity(pd, outcome.reply, this.#options, this.#clock.now(), this)
    queued?.settle(outcome.reply)
  }

  /** One command and its reply: retried with the same bytes, BUSY waited out. */
  async #transact(
    pd: OsdpPeripheral,
    command: OsdpCommand,
    securityBlock?: SecurityBlock,
  ): Promise<Exclude<ReplyOutcome, { kind: 'busy' | 'rejected' }>> {
    const bytes = this.#encode(pd, command, securityBlock)
    const lineMs = Math.ceil(((bytes.length + 64) * 10 * 1000) / this.#options.baudRate)
    for (let attempt = 0; attempt <= this.#options.maxRetries && this.#isRunning; attempt++) {
      if (!this.#link.write(bytes)) return { kind: 'no-reply', reason: 'LINK_DOWN' }
      const frame = await this.#pending.wait(pd.settings.address, this.#options.replyTimeoutMs + lineMs)
      if (frame === undefined) continue
      const outcome = readReply(pd, frame)
      if (outcome.kind === 'busy') {
        await new Promise<void>((resolve) => this.#clock.setTimeout(resolve, BUSY_WAIT_MS))
        continue
      }
      if (outcome.kind === 'rejected') {
        pd.rejectedReplies++
        continue
      }
      return outcome
    }
    return { kind: 'no-reply', reason: 'NO_REPLY' }
  }

  #encode(pd: OsdpPeripheral, command: OsdpCommand, securityBlock?: SecurityBlock): Buffer {
    const message = encodeOsdpCommand(command)
    const addressing = { address: pd.settings.address, sequence: pd.sequence, integrity: pd.integrity, hasMark: true }
    if (pd.session !== undefined && securityBlock === undefined) return pd.session.sealCommand(message, addressing)
    return encodeOsdpFrame({ ...addressing, isReply: false, ...message, ...(securityBlock && { securityBlock }) })
  }

  #onBytes(bytes: Buffer): void {
    const { frames, errors } = this.#decoder.push(bytes, this.#clock.now())
    this.decodeErrors.add(errors)
    for (const frame of frames) {
      if (!frame.isReply) continue
      if (!this.#pending.settle(frame.address, frame)) this.lateReplies++
    }
  }

  #markOffline(pd: OsdpPeripheral, reason: string): void {
    const wasOnline = pd.isOnline
    pd.state = 'offline'
    pd.resetSession()
    pd.failQueued()
    pd.nextAttemptAtMs = this.#clock.now() + pd.offlineBackoffMs
    pd.offlineBackoffMs = Math.min(pd.offlineBackoffMs * 2, this.#options.offlineRetryMs.max)
    if (wasOnline) {
      this.#log.warn({ reader: pd.settings.name, reason }, 'reader offline')
      this.emit('readerOffline', { name: pd.settings.name, address: pd.settings.address, reason })
    }
  }

  /** Called by the bring-up once a PD is online. */
  onOnline(pd: OsdpPeripheral): void {
    pd.offlineBackoffMs = this.#options.offlineRetryMs.initial
    pd.queue.unshift({ command: { type: 'ISTAT' }, settle: () => {} }, { command: { type: 'LSTAT' }, settle: () => {} })
    this.#log.info({ reader: pd.settings.name, isSecure: pd.isSecure }, 'reader online')
    this.emit('readerOnline', { name: pd.settings.name, address: pd.settings.address, isSecure: pd.isSecure })
  }
}

function coded(code: string, message: string): Error {
  return Object.assign(new Error(message), { code })
}
