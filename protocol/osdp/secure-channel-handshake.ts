import { timingSafeEqual } from 'node:crypto'
import {
  clientCryptogram,
  deriveSessionKeys,
  initialRmac,
  serverCryptogram,
  type SessionKeys,
} from './secure-channel-crypto.js'
import { ScbType } from './osdp-codes.js'
import type { SecurityBlock } from './osdp-frame.js'

/**
 * The four-packet Secure Channel handshake (OSDP v2.2 Annex D.3): CHLNG → CCRYPT → SCRYPT →
 * RMAC_I. These are the pure steps; who sends what, and when, is the control panel's and the
 * PD's business.
 */

/** Key selector in SCS_11..13: 0 = SCBK-D (install mode), 1 = the PD's own SCBK. */
export type KeySelector = 'default' | 'scbk'

export function handshakeBlock(type: number, keySelector: KeySelector): SecurityBlock {
  return { type, data: Buffer.of(keySelector === 'default' ? 0 : 1) }
}

export function keySelectorOf(block: SecurityBlock | undefined): KeySelector | undefined {
  if (block === undefined || block.data.length !== 1) return undefined
  return block.data[0] === 0 ? 'default' : block.data[0] === 1 ? 'scbk' : undefined
}

/** SCS_14 carries 0x01 when the server cryptogram was accepted, 0xFF when not. */
export function rmacBlock(isAccepted: boolean): SecurityBlock {
  return { type: ScbType.SCS_14, data: Buffer.of(isAccepted ? 0x01 : 0xff) }
}

/** PD side of CHLNG: derive the session keys and the client cryptogram for CCRYPT. */
export function answerChallenge(scbk: Buffer, rndA: Buffer, rndB: Buffer): { keys: SessionKeys; cryptogram: Buffer } {
  const keys = deriveSessionKeys(scbk, rndA)
  return { keys, cryptogram: clientCryptogram(keys, rndA, rndB) }
}

export type ClientCheck =
  | { ok: true; keys: SessionKeys; serverCryptogram: Buffer; initialRmac: Buffer }
  | { ok: false; code: 'BAD_CLIENT_CRYPTOGRAM' }

/** Control-panel side of CCRYPT: is the PD holding the same key? */
export function checkClientCryptogram(scbk: Buffer, rndA: Buffer, rndB: Buffer, cryptogram: Buffer): ClientCheck {
  const keys = deriveSessionKeys(scbk, rndA)
  if (!sameBytes(clientCryptogram(keys, rndA, rndB), cryptogram)) return { ok: false, code: 'BAD_CLIENT_CRYPTOGRAM' }
  const server = serverCryptogram(keys, rndA, rndB)
  return { ok: true, keys, serverCryptogram: server, initialRmac: initialRmac(keys, server) }
}

export type ServerCheck = { ok: true; initialRmac: Buffer } | { ok: false; code: 'BAD_SERVER_CRYPTOGRAM' }

/** PD side of SCRYPT: is the control panel holding the same key? */
export function checkServerCryptogram(keys: SessionKeys, rndA: Buffer, rndB: Buffer, cryptogram: Buffer): ServerCheck {
  if (!sameBytes(serverCryptogram(keys, rndA, rndB), cryptogram)) return { ok: false, code: 'BAD_SERVER_CRYPTOGRAM' }
  return { ok: true, initialRmac: initialRmac(keys, cryptogram) }
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}
