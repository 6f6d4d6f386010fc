import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'
import { encodePhoneQrCode } from '../../protocol/policy/phone-qr-code.js'

/** A resident's enrolled phone: its Ed25519 key pair, and the policy's base64 of the raw public key. */
export interface StoryPhone {
  readonly privateKey: KeyObject
  readonly publicKeyBase64: string
}

export function storyPhone(): StoryPhone {
  const keys = generateKeyPairSync('ed25519')
  const x = keys.publicKey.export({ format: 'jwk' }).x!
  return { privateKey: keys.privateKey, publicKeyBase64: Buffer.from(x, 'base64url').toString('base64') }
}

/** The line the phone shows when it has no signal: signed now (or at `issuedAtMs`) with a fresh nonce. */
export function phoneCode(keyId: string, phone: StoryPhone, options: { passNumber?: string; issuedAtMs?: number } = {}): string {
  const fields = { keyId, issuedAtMs: options.issuedAtMs ?? Date.now(), nonce: randomBytes(16).toString('base64url'), passNumber: options.passNumber ?? null }
  return encodePhoneQrCode(fields, (bytes) => sign(null, bytes, phone.privateKey))
}
