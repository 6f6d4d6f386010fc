import { randomBytes } from 'node:crypto'
import { encodeOsdpCommand, type OsdpCommand } from '../../protocol/osdp/osdp-commands.js'
import { ScbType } from '../../protocol/osdp/osdp-codes.js'
import { encodeOsdpFrame, type OsdpFrame, type OsdpIntegrity, type SecurityBlock } from '../../protocol/osdp/osdp-frame.js'
import { OsdpFrameDecoder } from '../../protocol/osdp/osdp-frame-decoder.js'
import { decodeOsdpReply, type OsdpReply } from '../../protocol/osdp/osdp-replies.js'
import { checkClientCryptogram, handshakeBlock, type KeySelector } from '../../protocol/osdp/secure-channel-handshake.js'
import { SecureChannelSession } from '../../protocol/osdp/secure-channel-session.js'
import type { HostLink } from '../../firmware-sim/src/transports/host-link.js'

export interface Exchange {
  readonly reply: OsdpReply
  readonly frame: OsdpFrame
}

/**
 * Just enough of an OSDP control panel to drive the simulated PD in tests: sequence numbers,
 * one outstanding command with a timeout, and the Secure Channel handshake. The edge daemon's
 * real control panel is a separate, complete implementation.
 */
export class MinimalControlPanel {
  readonly #link: HostLink
  readonly #address: number
  readonly #timeoutMs: number
  readonly #decoder = new OsdpFrameDecoder({ interByteTimeoutMs: 1000 })
  #waiting: ((frame: OsdpFrame) => void) | undefined
  #session: SecureChannelSession | undefined
  nextSequence = 0
  integrity: OsdpIntegrity = 'crc'
  readonly decodeErrors: string[] = []

  constructor(link: HostLink, address: number, timeoutMs = 2000) {
    this.#link = link
    this.#address = address
    this.#timeoutMs = timeoutMs
    link.onData((bytes) => this.#onData(bytes))
  }

  get isSecure(): boolean {
    return this.#session !== undefined
  }

  async send(command: OsdpCommand, securityBlock?: SecurityBlock): Promise<Exchange> {
    const sequence = this.nextSequence
    const bytes = this.#encode(command, sequence, securityBlock)
    const exchange = await this.sendRaw(bytes)
    if (exchange.reply.type !== 'BUSY') this.nextSequence = (sequence % 3) + 1
    return exchange
  }

  /** Writes bytes as they are and waits for the next reply frame addressed to this panel. */
  async sendRaw(bytes: Buffer): Promise<Exchange> {
    const frame = await new Promise<OsdpFrame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined
        reject(Object.assign(new Error('no reply within the timeout'), { code: 'READER_TIMEOUT' }))
      }, this.#timeoutMs)
      this.#waiting = (frame) => {
        clearTimeout(timer)
        resolve(frame)
      }
      this.#link.write(bytes)
    })
    return { frame, reply: this.#decodeReply(frame) }
  }

  encode(command: OsdpCommand, sequence: number): Buffer {
    return this.#encode(command, sequence)
  }

  async establishSecureChannel(scbk: Buffer, keySelector: KeySelector): Promise<void> {
    const rndA = randomBytes(8)
    const challenge = await this.send({ type: 'CHLNG', rndA }, handshakeBlock(ScbType.SCS_11, keySelector))
    if (challenge.reply.type !== 'CCRYPT') throw Object.assign(new Error(`CHLNG got ${challenge.reply.type}`), { code: 'SC_REFUSED' })
    const check = checkClientCryptogram(scbk, rndA, challenge.reply.rndB, challenge.reply.clientCryptogram)
    if (!check.ok) throw Object.assign(new Error('client cryptogram does not verify'), { code: check.code })
    const confirm = await this.send(
      { type: 'SCRYPT', serverCryptogram: check.serverCryptogram },
      handshakeBlock(ScbType.SCS_13, keySelector),
    )
    if (confirm.reply.type !== 'RMAC_I') throw Object.assign(new Error(`SCRYPT got ${confirm.reply.type}`), { code: 'SC_REFUSED' })
    this.#session = new SecureChannelSession(check.keys, check.initialRmac)
  }

  dropSecureChannel(): void {
    this.#session = undefined
  }

  #encode(command: OsdpCommand, sequence: number, securityBlock?: SecurityBlock): Buffer {
    const { code, data } = encodeOsdpCommand(command)
    const addressing = { address: this.#address, sequence, integrity: this.integrity, hasMark: true }
    if (this.#session !== undefined && securityBlock === undefined) {
      return this.#session.sealCommand({ code, data }, addressing)
    }
    return encodeOsdpFrame({ ...addressing, isReply: false, code, data, ...(securityBlock && { securityBlock }) })
  }

  #decodeReply(frame: OsdpFrame): OsdpReply {
    const isSealed = frame.securityBlock?.type === ScbType.SCS_16 || frame.securityBlock?.type === ScbType.SCS_18
    let message: { code: number; data: Buffer } = frame
    if (isSealed) {
      if (this.#session === undefined) throw Object.assign(new Error('sealed reply without a session'), { code: 'NO_SESSION' })
      const opened = this.#session.openReply(frame)
      if (!opened.ok) throw Object.assign(new Error(opened.message), { code: opened.code })
      message = opened.value
    } else if (frame.code === 0x41) {
      this.#session = undefined
    }
    const reply = decodeOsdpReply(message.code, message.data)
    if (!reply.ok) throw Object.assign(new Error(reply.message), { code: reply.code })
    return reply.value
  }

  #onData(bytes: Buffer): void {
    const { frames, errors } = this.#decoder.push(bytes, Date.now())
    this.decodeErrors.push(...errors.map((error) => error.code))
    for (const frame of frames) {
      if (!frame.isReply || (frame.address !== this.#address && frame.address !== 0x7f)) continue
      const waiting = this.#waiting
      this.#waiting = undefined
      waiting?.(frame)
    }
  }
}

