import { createCipheriv, createDecipheriv } from 'node:crypto'

/**
 * OSDP Secure Channel primitives (OSDP v2.2 Annex D; libosdp `src/osdp_sc.c`), AES-128 on
 * node:crypto. Verified against the specification's Annex E vectors.
 */

/** SCBK-D, the well-known install-mode key: ASCII "0123456789:;<=>?". */
export const SCBK_D = Buffer.from('303132333435363738393a3b3c3d3e3f', 'hex')

export interface SessionKeys {
  readonly sEnc: Buffer
  readonly sMac1: Buffer
  readonly sMac2: Buffer
}

const BLOCK = 16

export function aesEcbEncrypt(key: Buffer, block: Buffer): Buffer {
  const cipher = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false)
  return Buffer.concat([cipher.update(block), cipher.final()])
}

function aesCbcEncrypt(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const cipher = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false)
  return Buffer.concat([cipher.update(data), cipher.final()])
}

function aesCbcDecrypt(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const decipher = createDecipheriv('aes-128-cbc', key, iv).setAutoPadding(false)
  return Buffer.concat([decipher.update(data), decipher.final()])
}

/** Session key = E(SCBK, 01 kk RND.A[0..5] 00…), kk = 82 (S-ENC), 01 (S-MAC1), 02 (S-MAC2). */
export function deriveSessionKeys(scbk: Buffer, rndA: Buffer): SessionKeys {
  const derive = (kind: number) => {
    const block = Buffer.alloc(BLOCK)
    block[0] = 0x01
    block[1] = kind
    rndA.copy(block, 2, 0, 6)
    return aesEcbEncrypt(scbk, block)
  }
  return { sEnc: derive(0x82), sMac1: derive(0x01), sMac2: derive(0x02) }
}

/** The PD proves it holds the key: E(S-ENC, RND.A ‖ RND.B). */
export function clientCryptogram(keys: SessionKeys, rndA: Buffer, rndB: Buffer): Buffer {
  return aesEcbEncrypt(keys.sEnc, Buffer.concat([rndA, rndB]))
}

/** The control panel proves it holds the key: E(S-ENC, RND.B ‖ RND.A). */
export function serverCryptogram(keys: SessionKeys, rndA: Buffer, rndB: Buffer): Buffer {
  return aesEcbEncrypt(keys.sEnc, Buffer.concat([rndB, rndA]))
}

/** R-MAC-I = E(S-MAC2, E(S-MAC1, server cryptogram)): the first IV of the MAC chain. */
export function initialRmac(keys: SessionKeys, serverCryptogramBytes: Buffer): Buffer {
  return aesEcbEncrypt(keys.sMac2, aesEcbEncrypt(keys.sMac1, serverCryptogramBytes))
}

/** Pads with 0x80 00… to a whole number of blocks. */
function pad(data: Buffer): Buffer {
  const padded = Buffer.alloc(Math.ceil((data.length + 1) / BLOCK) * BLOCK)
  data.copy(padded)
  padded[data.length] = 0x80
  return padded
}

/**
 * The packet MAC: CBC over SOM..last data byte with IV = the previous MAC of the other side; all
 * blocks but the last under S-MAC1, the last under S-MAC2. A message that is already a whole
 * number of blocks is not padded (libosdp `osdp_compute_mac`).
 */
export function computeMac(keys: SessionKeys, iv: Buffer, message: Buffer): Buffer {
  const padded = message.length > 0 && message.length % BLOCK === 0 ? message : pad(message)
  let chainIv = iv
  if (padded.length > BLOCK) {
    const head = aesCbcEncrypt(keys.sMac1, iv, padded.subarray(0, padded.length - BLOCK))
    chainIv = head.subarray(head.length - BLOCK)
  }
  return aesCbcEncrypt(keys.sMac2, chainIv, padded.subarray(padded.length - BLOCK))
}

function invert(bytes: Buffer): Buffer {
  return Buffer.from(Array.from(bytes, (b) => ~b & 0xff))
}

/** Data after the code byte, padded with 0x80 00…, AES-CBC under S-ENC with IV = NOT(last MAC). */
export function encryptData(keys: SessionKeys, lastMac: Buffer, data: Buffer): Buffer {
  return aesCbcEncrypt(keys.sEnc, invert(lastMac), pad(data))
}

export type DecryptResult = { ok: true; data: Buffer } | { ok: false; code: 'BAD_CIPHERTEXT' | 'BAD_PADDING' }

export function decryptData(keys: SessionKeys, lastMac: Buffer, ciphertext: Buffer): DecryptResult {
  if (ciphertext.length === 0 || ciphertext.length % BLOCK !== 0) return { ok: false, code: 'BAD_CIPHERTEXT' }
  const plain = aesCbcDecrypt(keys.sEnc, invert(lastMac), ciphertext)
  let end = plain.length - 1
  while (end >= 0 && plain[end] === 0x00) end--
  if (end < 0 || plain[end] !== 0x80) return { ok: false, code: 'BAD_PADDING' }
  return { ok: true, data: Buffer.from(plain.subarray(0, end)) }
}
