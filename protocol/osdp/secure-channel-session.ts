import { timingSafeEqual } from 'node:crypto'
import { ScbType } from './osdp-codes.js'
import { encodeOsdpFrame, OSDP_MAC_LENGTH, type OsdpFrame, type OsdpIntegrity } from './osdp-frame.js'
import type { MessageDecodeResult } from './osdp-message-result.js'
import { computeMac, decryptData, encryptData, type SessionKeys } from './secure-channel-crypto.js'

export interface PlainMessage {
  readonly code: number
  readonly data: Buffer
}

export interface PacketAddressing {
  readonly address: number
  readonly sequence: number
  readonly integrity: OsdpIntegrity
  readonly hasMark: boolean
}

/**
 * One established Secure Channel session: the MAC chain and data encryption for every packet
 * after the handshake (OSDP v2.2 Annex D). A command's MAC and cipher IV come from the last
 * reply MAC (R-MAC), a reply's from the last command MAC (C-MAC); the chain starts at R-MAC-I.
 */
export class SecureChannelSession {
  readonly #keys: SessionKeys
  #rMac: Buffer
  #cMac: Buffer

  constructor(keys: SessionKeys, initialRmac: Buffer) {
    this.#keys = keys
    this.#rMac = initialRmac
    this.#cMac = initialRmac
  }

  sealCommand(message: PlainMessage, addressing: PacketAddressing): Buffer {
    return this.#seal(message, addressing, false)
  }

  sealReply(message: PlainMessage, addressing: PacketAddressing): Buffer {
    return this.#seal(message, addressing, true)
  }

  openCommand(frame: OsdpFrame): MessageDecodeResult<PlainMessage> {
    return this.#open(frame, false)
  }

  openReply(frame: OsdpFrame): MessageDecodeResult<PlainMessage> {
    return this.#open(frame, true)
  }

  #seal(message: PlainMessage, addressing: PacketAddressing, isReply: boolean): Buffer {
    const iv = isReply ? this.#cMac : this.#rMac
    const hasData = message.data.length > 0
    const type = isReply ? (hasData ? ScbType.SCS_18 : ScbType.SCS_16) : hasData ? ScbType.SCS_17 : ScbType.SCS_15
    let mac: Buffer = Buffer.alloc(0)
    const packet = encodeOsdpFrame(
      {
        ...addressing,
        isReply,
        securityBlock: { type, data: Buffer.alloc(0) },
        code: message.code,
        data: hasData ? encryptData(this.#keys, iv, message.data) : message.data,
      },
      (macInput) => (mac = computeMac(this.#keys, iv, macInput)),
    )
    if (isReply) this.#rMac = mac
    else this.#cMac = mac
    return packet
  }

  #open(frame: OsdpFrame, isReply: boolean): MessageDecodeResult<PlainMessage> {
    const expected = isReply ? [ScbType.SCS_16, ScbType.SCS_18] : [ScbType.SCS_15, ScbType.SCS_17]
    const type = frame.securityBlock?.type
    if (type === undefined || !(expected as number[]).includes(type) || frame.mac === undefined) {
      return { ok: false, code: 'NOT_SECURE', message: 'packet is not protected by the secure channel' }
    }
    const iv = isReply ? this.#cMac : this.#rMac
    const mac = computeMac(this.#keys, iv, frame.macInput)
    if (!timingSafeEqual(mac.subarray(0, OSDP_MAC_LENGTH), frame.mac)) {
      return { ok: false, code: 'BAD_MAC', message: 'packet MAC does not verify' }
    }
    if (isReply) this.#rMac = mac
    else this.#cMac = mac
    const hasData = type === ScbType.SCS_17 || type === ScbType.SCS_18
    if (!hasData) {
      return frame.data.length === 0
        ? { ok: true, value: { code: frame.code, data: frame.data } }
        : { ok: false, code: 'BAD_SECURITY_BLOCK', message: 'MAC-only packet carries data' }
    }
    const plain = decryptData(this.#keys, iv, frame.data)
    if (!plain.ok) return { ok: false, code: plain.code, message: 'packet data does not decrypt' }
    return { ok: true, value: { code: frame.code, data: plain.data } }
  }
}
