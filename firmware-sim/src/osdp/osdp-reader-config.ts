import type { PdCapability } from '../../../protocol/osdp/osdp-pd-capability.js'
import type { PdIdentity } from '../../../protocol/osdp/osdp-replies.js'

export interface OsdpReaderSecurity {
  /** Advertised in PDCAP function 9 and required for CHLNG. */
  readonly isSupported: boolean
  /** Install mode accepts SCBK-D until KEYSET sets the reader's own key. */
  readonly isInstallMode: boolean
  /** The reader's own SCBK, once set; 16 bytes. */
  readonly scbk: Buffer | null
  /** Like libosdp's ENFORCE_SECURE: outside a session only ID, CAP, CHLNG and SCRYPT are served. */
  readonly isSecureOnly: boolean
}

export interface OsdpReaderConfig {
  readonly address: number
  readonly identity: PdIdentity
  /** 'checksum-only' plays an old reader that NAKs CRC packets, to exercise the CP's fallback. */
  readonly checkCharacter: 'crc' | 'checksum-only'
  readonly security: OsdpReaderSecurity
  /** Input 0 is the door contact, input 1 the exit button (REX). */
  readonly inputCount: number
  /** Output 0 is the lock relay. */
  readonly outputCount: number
  readonly ledCount: number
  /** Typical PD reply delay is under 3 ms; OSDP v2.2 allows 200 ms. */
  readonly replyDelayMs: number
  readonly maxQueuedEvents: number
  /** cUID sent in CCRYPT. */
  readonly clientUid: Buffer
}

export const defaultOsdpReaderConfig: OsdpReaderConfig = {
  address: 0,
  identity: {
    vendorCode: Buffer.from('5C2647', 'hex'),
    model: 1,
    version: 1,
    serialNumber: 0x00010203,
    firmware: { major: 1, minor: 0, build: 0 },
  },
  checkCharacter: 'crc',
  security: { isSupported: true, isInstallMode: true, scbk: null, isSecureOnly: false },
  inputCount: 2,
  outputCount: 1,
  ledCount: 1,
  replyDelayMs: 2,
  maxQueuedEvents: 32,
  clientUid: Buffer.from('4748534D31303031', 'hex'),
}

export function readerConfig(overrides: Partial<OsdpReaderConfig> = {}): OsdpReaderConfig {
  return { ...defaultOsdpReaderConfig, ...overrides }
}

/** PDCAP as a door controller with this configuration would report it (OSDP v2.2 Annex B). */
export function capabilitiesOf(config: OsdpReaderConfig): PdCapability[] {
  return [
    { functionCode: 1, compliance: 1, count: config.inputCount },
    { functionCode: 2, compliance: 4, count: config.outputCount },
    { functionCode: 3, compliance: 1, count: 0 },
    { functionCode: 4, compliance: 4, count: config.ledCount },
    { functionCode: 5, compliance: 2, count: 1 },
    { functionCode: 6, compliance: 1, count: 1 },
    { functionCode: 8, compliance: config.checkCharacter === 'crc' ? 1 : 0, count: 0 },
    { functionCode: 9, compliance: config.security.isSupported ? 1 : 0, count: 0 },
    { functionCode: 10, compliance: 0x00, count: 0x01 },
    { functionCode: 13, compliance: 0, count: 1 },
    { functionCode: 16, compliance: 2, count: 0 },
  ]
}
