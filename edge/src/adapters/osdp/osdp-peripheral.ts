import type { OsdpCommand } from '../../../../protocol/osdp/osdp-commands.js'
import type { OsdpIntegrity } from '../../../../protocol/osdp/osdp-frame.js'
import type { PdCapability } from '../../../../protocol/osdp/osdp-pd-capability.js'
import type { OsdpReply, PdIdentity } from '../../../../protocol/osdp/osdp-replies.js'
import type { SessionKeys } from '../../../../protocol/osdp/secure-channel-crypto.js'
import type { SecureChannelSession } from '../../../../protocol/osdp/secure-channel-session.js'
import type { KeySelector } from '../../../../protocol/osdp/secure-channel-handshake.js'
import { EMPTY_KEYPAD_ENTRY, type KeypadEntry } from '../../domain/keypad-entry.js'

export type ReaderSecurity = 'plain' | 'secure' | 'secure-only'

export interface OsdpReaderSettings {
  /** The name events carry, e.g. "gate-1-in". */
  readonly name: string
  readonly address: number
  /** secure: Secure Channel when the reader offers it, else plaintext with a warning.
   *  secure-only: never plaintext (the reader stays offline and an alarm says why). */
  readonly security: ReaderSecurity
  /** Accept SCBK-D on a reader in install mode and give it its own key with KEYSET. */
  readonly isInstallAllowed: boolean
}

export type PeripheralState = 'offline' | 'identifying' | 'capabilities' | 'challenging' | 'confirming' | 'keying' | 'online'

export interface QueuedCommand {
  readonly command: OsdpCommand
  readonly settle: (reply: OsdpReply | undefined) => void
}

export interface PendingHandshake {
  readonly keySelector: KeySelector
  readonly scbk: Buffer
  readonly rndA: Buffer
  readonly keys?: SessionKeys
  readonly serverCryptogram?: Buffer
  readonly initialRmac?: Buffer
  readonly newKey?: Buffer
}

/** Everything the control panel knows about one PD on its bus. */
export class OsdpPeripheral {
  readonly settings: OsdpReaderSettings
  state: PeripheralState = 'offline'
  sequence = 0
  integrity: OsdpIntegrity = 'crc'
  session: SecureChannelSession | undefined
  handshake: PendingHandshake | undefined
  identity: PdIdentity | undefined
  capabilities: readonly PdCapability[] = []
  readonly queue: QueuedCommand[] = []
  inputs: readonly boolean[] = []
  keypad: KeypadEntry = EMPTY_KEYPAD_ENTRY
  nextAttemptAtMs = 0
  offlineBackoffMs: number
  wasOnline = false
  isTampered = false
  hasPowerFailure = false
  /** Replies that arrived but could not be used: wrong sequence, bad MAC, undecodable. */
  rejectedReplies = 0

  constructor(settings: OsdpReaderSettings, initialBackoffMs: number) {
    this.settings = settings
    this.offlineBackoffMs = initialBackoffMs
  }

  get isOnline(): boolean {
    return this.state === 'online'
  }

  get isSecure(): boolean {
    return this.session !== undefined
  }

  /** OSDP v2.2 §5.7: 0 starts a session, then 1, 2, 3, 1, 2, 3…; 0 is never reused. */
  advanceSequence(): void {
    this.sequence = (this.sequence % 3) + 1
  }

  resetSession(): void {
    this.sequence = 0
    this.session = undefined
    this.handshake = undefined
  }

  failQueued(): void {
    for (const queued of this.queue.splice(0)) queued.settle(undefined)
  }
}
