import { ScbType } from '../../../protocol/osdp/osdp-codes.js'
import type { OsdpFrame, SecurityBlock } from '../../../protocol/osdp/osdp-frame.js'
import type { MessageDecodeResult } from '../../../protocol/osdp/osdp-message-result.js'
import type { OsdpReply } from '../../../protocol/osdp/osdp-replies.js'
import { SCBK_D, type SessionKeys } from '../../../protocol/osdp/secure-channel-crypto.js'
import {
  answerChallenge,
  checkServerCryptogram,
  handshakeBlock,
  keySelectorOf,
  rmacBlock,
  type KeySelector,
} from '../../../protocol/osdp/secure-channel-handshake.js'
import {
  SecureChannelSession,
  type PacketAddressing,
  type PlainMessage,
} from '../../../protocol/osdp/secure-channel-session.js'
import type { OsdpReaderSecurity } from './osdp-reader-config.js'

export interface SecureReply {
  readonly reply: OsdpReply
  readonly securityBlock?: SecurityBlock
}

interface PendingHandshake {
  readonly keySelector: KeySelector
  readonly keys: SessionKeys
  readonly rndA: Buffer
  readonly rndB: Buffer
}

const nak = (reason: 'SC_UNSUPPORTED' | 'SC_CONDITIONS'): SecureReply => ({
  reply: { type: 'NAK', reason, detail: Buffer.alloc(0) },
})

/** The PD's half of the Secure Channel: install mode, handshake, session, KEYSET. */
export class PdSecureChannel {
  readonly #randomBytes: (length: number) => Buffer
  readonly #clientUid: Buffer
  #security: OsdpReaderSecurity
  #handshake: PendingHandshake | undefined
  #session: SecureChannelSession | undefined

  constructor(security: OsdpReaderSecurity, clientUid: Buffer, randomBytes: (length: number) => Buffer) {
    this.#security = security
    this.#clientUid = clientUid
    this.#randomBytes = randomBytes
  }

  get isActive(): boolean {
    return this.#session !== undefined
  }

  get security(): OsdpReaderSecurity {
    return this.#security
  }

  reset(): void {
    this.#handshake = undefined
    this.#session = undefined
  }

  /** osdp_CHLNG (SCS_11) → osdp_CCRYPT (SCS_12). */
  challenge(frame: OsdpFrame, rndA: Buffer): SecureReply {
    this.reset()
    if (!this.#security.isSupported) return nak('SC_UNSUPPORTED')
    const keySelector = keySelectorOf(frame.securityBlock)
    const scbk = keySelector === 'default' && this.#security.isInstallMode ? SCBK_D : keySelector === 'scbk' ? this.#security.scbk : null
    if (keySelector === undefined || scbk === null) return nak('SC_CONDITIONS')
    const rndB = this.#randomBytes(8)
    const { keys, cryptogram } = answerChallenge(scbk, rndA, rndB)
    this.#handshake = { keySelector, keys, rndA, rndB }
    return {
      reply: { type: 'CCRYPT', clientUid: this.#clientUid, rndB, clientCryptogram: cryptogram },
      securityBlock: handshakeBlock(ScbType.SCS_12, keySelector),
    }
  }

  /** osdp_SCRYPT (SCS_13) → osdp_RMAC_I (SCS_14); the session starts here. */
  confirm(serverCryptogram: Buffer): SecureReply {
    const handshake = this.#handshake
    this.#handshake = undefined
    if (handshake === undefined) return nak('SC_CONDITIONS')
    const check = checkServerCryptogram(handshake.keys, handshake.rndA, handshake.rndB, serverCryptogram)
    if (!check.ok) return nak('SC_CONDITIONS')
    this.#session = new SecureChannelSession(handshake.keys, check.initialRmac)
    return { reply: { type: 'RMAC_I', initialRmac: check.initialRmac }, securityBlock: rmacBlock(true) }
  }

  /** Verifies and decrypts a command; a bad MAC ends the session (libosdp does the same). */
  open(frame: OsdpFrame): MessageDecodeResult<PlainMessage> {
    if (this.#session === undefined) return { ok: false, code: 'NO_SESSION', message: 'no secure channel session' }
    const opened = this.#session.openCommand(frame)
    if (!opened.ok) this.reset()
    return opened
  }

  seal(message: PlainMessage, addressing: PacketAddressing): Buffer {
    if (this.#session === undefined) {
      throw Object.assign(new Error('no secure channel session to seal with'), { code: 'NO_SESSION' })
    }
    return this.#session.sealReply(message, addressing)
  }

  /** osdp_KEYSET: only under the secure channel; the reader leaves install mode. */
  setKey(keyType: number, key: Buffer): boolean {
    if (this.#session === undefined || keyType !== 1 || key.length !== 16) return false
    this.#security = { ...this.#security, scbk: Buffer.from(key), isInstallMode: false }
    return true
  }
}

export function isHandshakeBlock(block: SecurityBlock | undefined, type: number): boolean {
  return block?.type === type
}
