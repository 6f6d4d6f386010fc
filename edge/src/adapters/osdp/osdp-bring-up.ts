import type { OsdpCommand } from '../../../../protocol/osdp/osdp-commands.js'
import { ScbType } from '../../../../protocol/osdp/osdp-codes.js'
import type { SecurityBlock } from '../../../../protocol/osdp/osdp-frame.js'
import { supportsSecureChannel } from '../../../../protocol/osdp/osdp-pd-capability.js'
import type { OsdpReply } from '../../../../protocol/osdp/osdp-replies.js'
import { SCBK_D } from '../../../../protocol/osdp/secure-channel-crypto.js'
import { checkClientCryptogram, handshakeBlock } from '../../../../protocol/osdp/secure-channel-handshake.js'
import { SecureChannelSession } from '../../../../protocol/osdp/secure-channel-session.js'
import type { Logger } from '../../ports/logger.js'
import type { SecretStore } from '../../ports/secret-store.js'
import type { ActivityEmitter } from './osdp-activity.js'
import type { OsdpPeripheral } from './osdp-peripheral.js'

export interface BringUpHost extends ActivityEmitter {
  onOnline(pd: OsdpPeripheral): void
}

export interface NextCommand {
  readonly command: OsdpCommand
  readonly securityBlock?: SecurityBlock
}

/** The name a reader's own Secure Channel key has in the secret store. */
export function readerKeyName(readerName: string): string {
  return `osdp-scbk:${readerName}`
}

/**
 * Brings a PD online as libosdp's control panel does: ID → CAP → (CHLNG → SCRYPT → KEYSET when
 * it is still on the install key) → online. A reader on SCBK-D gets its own random key, stored
 * in the secret store before KEYSET is sent: if KEYSET is lost the reader still takes SCBK-D
 * next time, whereas a key set on the reader but never stored would lock us out of it.
 */
export class BringUp {
  readonly #secrets: SecretStore
  readonly #randomBytes: (length: number) => Buffer
  readonly #log: Logger
  readonly #markOffline: (pd: OsdpPeripheral, reason: string) => void
  readonly #host: BringUpHost

  constructor(
    secrets: SecretStore,
    randomBytes: (length: number) => Buffer,
    log: Logger,
    markOffline: (pd: OsdpPeripheral, reason: string) => void,
    host: BringUpHost,
  ) {
    this.#secrets = secrets
    this.#randomBytes = randomBytes
    this.#log = log
    this.#markOffline = markOffline
    this.#host = host
  }

  nextCommand(pd: OsdpPeripheral): NextCommand {
    switch (pd.state) {
      case 'offline':
        pd.resetSession()
        pd.state = 'identifying'
        return { command: { type: 'ID' } }
      case 'identifying':
        return { command: { type: 'ID' } }
      case 'capabilities':
        return { command: { type: 'CAP' } }
      case 'challenging':
        return {
          command: { type: 'CHLNG', rndA: pd.handshake!.rndA },
          securityBlock: handshakeBlock(ScbType.SCS_11, pd.handshake!.keySelector),
        }
      case 'confirming':
        return {
          command: { type: 'SCRYPT', serverCryptogram: pd.handshake!.serverCryptogram! },
          securityBlock: handshakeBlock(ScbType.SCS_13, pd.handshake!.keySelector),
        }
      case 'keying':
        return { command: { type: 'KEYSET', keyType: 1, key: pd.handshake!.newKey! } }
      case 'online':
        return { command: { type: 'POLL' } }
    }
  }

  /** A NAK that means the session must start over (OSDP v2.2 §5.7, Annex D). */
  isSessionLost(pd: OsdpPeripheral, nak: Extract<OsdpReply, { type: 'NAK' }>): boolean {
    if (nak.reason === 'CHECK_CHARACTER' && pd.integrity === 'crc') pd.integrity = 'checksum'
    return nak.reason === 'SEQUENCE_NUMBER' || nak.reason === 'CHECK_CHARACTER' || (nak.reason === 'SC_CONDITIONS' && pd.isSecure)
  }

  async onReply(pd: OsdpPeripheral, reply: OsdpReply): Promise<void> {
    if (reply.type === 'NAK') return this.#onNak(pd, reply)
    const expected = { identifying: 'PDID', capabilities: 'PDCAP', challenging: 'CCRYPT', confirming: 'RMAC_I', keying: 'ACK' }
    if (pd.state === 'offline' || pd.state === 'online' || expected[pd.state] !== reply.type) {
      return this.#markOffline(pd, `UNEXPECTED_${reply.type}`)
    }
    if (reply.type === 'PDID') {
      pd.identity = reply
      pd.state = 'capabilities'
    } else if (reply.type === 'PDCAP') {
      pd.capabilities = reply.capabilities
      if (pd.settings.security === 'plain') this.#goOnline(pd)
      else if (supportsSecureChannel(reply.capabilities)) this.#beginHandshake(pd, true)
      else this.#secureFailed(pd, 'SC_UNSUPPORTED')
    } else if (reply.type === 'CCRYPT') {
      this.#onClientCryptogram(pd, reply)
    } else if (reply.type === 'RMAC_I') {
      await this.#onInitialRmac(pd, reply.initialRmac)
    } else {
      this.#log.info({ reader: pd.settings.name }, 'reader now uses its own Secure Channel key')
      pd.handshake = undefined
      this.#goOnline(pd)
    }
  }

  #onNak(pd: OsdpPeripheral, nak: Extract<OsdpReply, { type: 'NAK' }>): void {
    const isHandshake = pd.state === 'challenging' || pd.state === 'confirming' || pd.state === 'keying'
    if (isHandshake && (nak.reason === 'SC_CONDITIONS' || nak.reason === 'SC_UNSUPPORTED')) {
      if (pd.state === 'challenging' && pd.handshake?.keySelector === 'scbk' && pd.settings.isInstallAllowed) {
        return this.#beginHandshake(pd, false)
      }
      return this.#secureFailed(pd, `NAK_${String(nak.reason)}`)
    }
    this.isSessionLost(pd, nak)
    this.#markOffline(pd, `NAK_${String(nak.reason)}`)
    pd.nextAttemptAtMs = 0
  }

  #beginHandshake(pd: OsdpPeripheral, isOwnKeyFirst: boolean): void {
    const ownKey = this.#secrets.get(readerKeyName(pd.settings.name))
    if (isOwnKeyFirst && ownKey !== undefined) {
      pd.handshake = { keySelector: 'scbk', scbk: ownKey, rndA: this.#randomBytes(8) }
    } else if (pd.settings.isInstallAllowed) {
      pd.handshake = { keySelector: 'default', scbk: SCBK_D, rndA: this.#randomBytes(8) }
    } else {
      return this.#secureFailed(pd, 'NO_READER_KEY')
    }
    pd.state = 'challenging'
  }

  #onClientCryptogram(pd: OsdpPeripheral, reply: Extract<OsdpReply, { type: 'CCRYPT' }>): void {
    const handshake = pd.handshake!
    const check = checkClientCryptogram(handshake.scbk, handshake.rndA, reply.rndB, reply.clientCryptogram)
    if (!check.ok) {
      if (handshake.keySelector === 'scbk' && pd.settings.isInstallAllowed) return this.#beginHandshake(pd, false)
      return this.#secureFailed(pd, check.code)
    }
    pd.handshake = { ...handshake, keys: check.keys, serverCryptogram: check.serverCryptogram, initialRmac: check.initialRmac }
    pd.state = 'confirming'
  }

  async #onInitialRmac(pd: OsdpPeripheral, initialRmac: Buffer): Promise<void> {
    const handshake = pd.handshake!
    if (!handshake.initialRmac!.equals(initialRmac)) return this.#secureFailed(pd, 'BAD_INITIAL_RMAC')
    pd.session = new SecureChannelSession(handshake.keys!, handshake.initialRmac!)
    if (handshake.keySelector === 'scbk') {
      pd.handshake = undefined
      return this.#goOnline(pd)
    }
    const newKey = this.#randomBytes(16)
    try {
      await this.#secrets.set(readerKeyName(pd.settings.name), newKey)
    } catch (error) {
      this.#log.error({ reader: pd.settings.name, err: String(error) }, 'could not store the reader key')
      return this.#secureFailed(pd, 'KEY_NOT_STORED')
    }
    pd.handshake = { ...handshake, newKey }
    pd.state = 'keying'
  }

  #secureFailed(pd: OsdpPeripheral, reason: string): void {
    pd.handshake = undefined
    pd.session = undefined
    const ref = { name: pd.settings.name, address: pd.settings.address, reason }
    if (pd.settings.security === 'secure-only') {
      this.#log.error(ref, 'secure-only reader refused: no Secure Channel')
      this.#host.emit('securityRefused', ref)
      return this.#markOffline(pd, `SECURE_CHANNEL_${reason}`)
    }
    this.#log.warn(ref, 'reader runs without the Secure Channel')
    this.#host.emit('securityDowngraded', ref)
    this.#goOnline(pd)
  }

  #goOnline(pd: OsdpPeripheral): void {
    pd.state = 'online'
    pd.wasOnline = true
    this.#host.onOnline(pd)
  }
}
