import { EventEmitter } from 'node:events'
import { randomBytes as cryptoRandomBytes } from 'node:crypto'
import { ErrorCounts } from '../../../protocol/error-counts.js'
import { decodeOsdpCommand, type OsdpCommand } from '../../../protocol/osdp/osdp-commands.js'
import { OSDP_BROADCAST_ADDRESS, ScbType } from '../../../protocol/osdp/osdp-codes.js'
import { encodeOsdpFrame, type OsdpFrame, type SecurityBlock } from '../../../protocol/osdp/osdp-frame.js'
import { OsdpFrameDecoder } from '../../../protocol/osdp/osdp-frame-decoder.js'
import { encodeOsdpReply, type OsdpReply } from '../../../protocol/osdp/osdp-replies.js'
import type { PacketAddressing, PlainMessage } from '../../../protocol/osdp/secure-channel-session.js'
import { toLeftJustifiedBytes } from '../../../protocol/wiegand/wiegand-bits.js'
import {
  encodeWiegand,
  H10301,
  type WiegandBits,
  type WiegandCredential,
  type WiegandFormat,
} from '../../../protocol/wiegand/wiegand-format.js'
import type { Clock, TimerHandle } from '../clock.js'
import type { SerialDevice } from '../serial-device.js'
import { DoorControllerState, type OutputChange } from './door-controller-state.js'
import { osdpReaderBehaviours, type ReaderContext } from './osdp-reader-behaviours.js'
import type { OsdpReaderConfig } from './osdp-reader-config.js'
import { PdSecureChannel } from './pd-secure-channel.js'
import { ReaderEventQueue } from './reader-event-queue.js'

export interface OsdpReaderEvents {
  command: [command: OsdpCommand, isSecure: boolean]
  output: [change: OutputChange]
  comset: [address: number, baudRate: number]
}

interface Outcome {
  readonly reply: OsdpReply
  readonly securityBlock?: SecurityBlock
  readonly isSealed: boolean
}

/** Outside a session, a secure-only reader serves just these (libosdp ENFORCE_SECURE). */
const ALLOWED_IN_PLAINTEXT_WHEN_SECURE_ONLY = new Set(['ID', 'CAP', 'CHLNG', 'SCRYPT'])

/**
 * An OSDP v2.2 peripheral device: a card reader with keypad and a door controller (lock relay on
 * output 0, door contact on input 0, exit button on input 1). It keeps sequence numbers as the
 * spec says, answers within its reply delay, and speaks the Secure Channel.
 */
export class SimulatedOsdpReader extends EventEmitter<OsdpReaderEvents> implements SerialDevice {
  readonly config: OsdpReaderConfig
  readonly #clock: Clock
  readonly #decoder = new OsdpFrameDecoder()
  readonly errorCounts = new ErrorCounts()
  readonly door: DoorControllerState
  readonly events: ReaderEventQueue
  readonly secure: PdSecureChannel
  /** Fault switch: answer the next N commands with osdp_BUSY. */
  busyReplies = 0
  /** Card reads (osdp_RAW) handed to the panel in answer to a POLL: what the panel could have seen, not what was merely presented. */
  deliveredCards = 0
  #transmit: (bytes: Buffer) => void = () => {}
  #inputs: boolean[]
  #isTampered = false
  #hasPowerFailure = false
  #address: number
  #lastReply: { sequence: number; bytes: Buffer } | undefined
  #expectedSequence: number | undefined
  #isStarted = false
  readonly #pendingReplies = new Set<TimerHandle>()

  constructor(config: OsdpReaderConfig, clock: Clock, randomBytes: (length: number) => Buffer = cryptoRandomBytes) {
    super()
    this.config = config
    this.#clock = clock
    this.#address = config.address
    this.#inputs = new Array<boolean>(config.inputCount).fill(false)
    this.door = new DoorControllerState(clock, config.outputCount, (change) => this.#onOutputChange(change))
    this.events = new ReaderEventQueue(config.maxQueuedEvents)
    this.secure = new PdSecureChannel(config.security, config.clientUid, randomBytes)
  }

  get address(): number {
    return this.#address
  }

  get inputs(): readonly boolean[] {
    return this.#inputs
  }

  attach(transmit: (bytes: Buffer) => void): void {
    this.#transmit = transmit
  }

  start(): void {
    this.#isStarted = true
  }

  stop(): void {
    this.#isStarted = false
    for (const timer of this.#pendingReplies) this.#clock.clearTimeout(timer)
    this.#pendingReplies.clear()
    this.door.stop()
  }

  receive(bytes: Buffer): void {
    if (!this.#isStarted) return
    const { frames, errors } = this.#decoder.push(bytes, this.#clock.now())
    this.errorCounts.add(errors)
    for (const frame of frames) this.#onFrame(frame)
  }

  /** A card held to the reader: reported as osdp_RAW Wiegand bits on the next POLL. */
  presentCard(credential: WiegandCredential, format: WiegandFormat = H10301): boolean {
    return this.presentBits(encodeWiegand(format, credential))
  }

  /** Raw card bits, for cards in formats the panel may not know or with bad parity. */
  presentBits(bits: WiegandBits): boolean {
    const data = toLeftJustifiedBytes(bits)
    return this.events.push({ type: 'RAW', reader: 0, format: 'wiegand', bitCount: bits.length, data })
  }

  /** Keys typed on the reader's keypad ('0'–'9', '*', '#'), reported as osdp_KEYPAD. */
  typeKeys(keys: string): boolean {
    if (!/^[0-9*#]{1,32}$/.test(keys)) {
      throw Object.assign(new Error(`not keypad keys: "${keys}"`), { code: 'BAD_KEYS' })
    }
    return this.events.push({ type: 'KEYPAD', reader: 0, keys })
  }

  /** Sets an input (0 = door contact open, 1 = exit button pressed); reported on the next POLL. */
  setInput(index: number, isActive: boolean): void {
    if (index >= this.#inputs.length || this.#inputs[index] === isActive) return
    this.#inputs[index] = isActive
    this.events.replace('ISTATR', { type: 'ISTATR', inputs: [...this.#inputs] })
  }

  setTamper(isTampered: boolean): void {
    this.#isTampered = isTampered
    this.#queueLocalStatus()
  }

  setPowerFailure(hasPowerFailure: boolean): void {
    this.#hasPowerFailure = hasPowerFailure
    this.#queueLocalStatus()
  }

  #queueLocalStatus(): void {
    this.events.replace('LSTATR', { type: 'LSTATR', isTampered: this.#isTampered, hasPowerFailure: this.#hasPowerFailure })
  }

  #onOutputChange(change: OutputChange): void {
    this.emit('output', change)
  }

  #onFrame(frame: OsdpFrame): void {
    if (frame.isReply) return
    if (frame.address !== this.#address && frame.address !== OSDP_BROADCAST_ADDRESS) return
    const addressing: PacketAddressing = {
      address: frame.address,
      sequence: frame.sequence,
      integrity: this.config.checkCharacter === 'crc' ? frame.integrity : 'checksum',
      hasMark: frame.hasMark,
    }
    if (this.config.checkCharacter === 'checksum-only' && frame.integrity === 'crc') {
      // An older PD cannot check the CRC: it answers NAK 0x01 and the CP falls back to checksums.
      return this.#send(this.#plain(nakReply('CHECK_CHARACTER'), addressing))
    }
    if (frame.sequence === 0) {
      this.secure.reset()
      this.#lastReply = undefined
    } else if (this.#lastReply !== undefined && frame.sequence === this.#lastReply.sequence) {
      // OSDP v2.2 §5.7: a repeated sequence number means our reply was lost; repeat it verbatim.
      return this.#send(this.#lastReply.bytes)
    } else if (this.#expectedSequence !== undefined && frame.sequence !== this.#expectedSequence) {
      return this.#send(this.#plain(nakReply('SEQUENCE_NUMBER'), addressing))
    }
    if (this.busyReplies > 0) {
      this.busyReplies--
      return this.#send(this.#plain({ type: 'BUSY' }, { ...addressing, sequence: 0 }))
    }
    const outcome = this.#process(frame)
    const bytes = outcome.isSealed
      ? this.secure.seal(encodeOsdpReply(outcome.reply), addressing)
      : this.#plain(outcome.reply, addressing, outcome.securityBlock)
    this.#lastReply = { sequence: frame.sequence, bytes }
    this.#expectedSequence = (frame.sequence % 3) + 1
    this.#send(bytes)
  }

  #process(frame: OsdpFrame): Outcome {
    const block = frame.securityBlock
    let message: PlainMessage = frame
    let isSecure = false
    if (block?.type === ScbType.SCS_15 || block?.type === ScbType.SCS_17) {
      const opened = this.secure.open(frame)
      if (!opened.ok) return { reply: nakReply('SC_CONDITIONS'), isSealed: false }
      message = opened.value
      isSecure = true
    } else if (this.secure.isActive && block === undefined) {
      this.secure.reset()
    }
    const decoded = decodeOsdpCommand(message.code, message.data)
    if (!decoded.ok) {
      const reason = decoded.code === 'UNKNOWN_COMMAND' ? 'UNKNOWN_COMMAND' : 'COMMAND_LENGTH'
      return { reply: nakReply(reason), isSealed: isSecure }
    }
    const command = decoded.value
    this.emit('command', command, isSecure)
    if (!isSecure && this.secure.security.isSecureOnly && !ALLOWED_IN_PLAINTEXT_WHEN_SECURE_ONLY.has(command.type)) {
      return { reply: nakReply('SC_CONDITIONS'), isSealed: false }
    }
    if (command.type === 'CHLNG' && block?.type === ScbType.SCS_11) {
      return { ...this.secure.challenge(frame, command.rndA), isSealed: false }
    }
    if (command.type === 'SCRYPT' && block?.type === ScbType.SCS_13) {
      return { ...this.secure.confirm(command.serverCryptogram), isSealed: false }
    }
    const behaviour = osdpReaderBehaviours[command.type] as ((r: ReaderContext, c: OsdpCommand) => OsdpReply) | undefined
    if (behaviour === undefined) return { reply: nakReply('SC_CONDITIONS'), isSealed: isSecure }
    return { reply: behaviour(this.#context(), command), isSealed: isSecure }
  }

  #context(): ReaderContext {
    return {
      config: this.config,
      door: this.door,
      inputs: [...this.#inputs],
      isTampered: this.#isTampered,
      hasPowerFailure: this.#hasPowerFailure,
      nowMs: this.#clock.now(),
      takeEvent: () => {
        const event = this.events.take()
        if (event?.type === 'RAW') this.deliveredCards++
        return event
      },
      setKey: (keyType, key) => this.secure.setKey(keyType, key),
      scheduleComset: (address, baudRate) => {
        this.#address = address & 0x7f
        this.emit('comset', this.#address, baudRate)
      },
    }
  }

  #plain(reply: OsdpReply, addressing: PacketAddressing, securityBlock?: SecurityBlock): Buffer {
    const { code, data } = encodeOsdpReply(reply)
    return encodeOsdpFrame({ ...addressing, isReply: true, code, data, ...(securityBlock && { securityBlock }) })
  }

  #send(bytes: Buffer): void {
    const timer = this.#clock.setTimeout(() => {
      this.#pendingReplies.delete(timer)
      if (this.#isStarted) this.#transmit(bytes)
    }, this.config.replyDelayMs)
    this.#pendingReplies.add(timer)
  }
}

function nakReply(
  reason: 'CHECK_CHARACTER' | 'COMMAND_LENGTH' | 'UNKNOWN_COMMAND' | 'SEQUENCE_NUMBER' | 'SC_CONDITIONS',
): OsdpReply {
  return { type: 'NAK', reason, detail: Buffer.alloc(0) }
}
