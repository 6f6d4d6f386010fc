import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'

export interface HubSigningKey {
  readonly privateKey: KeyObject
  readonly publicKey: KeyObject
  /** The raw 32-byte public key, standard base64: what edges get at enrollment (edge config `hub.hubPublicKey`). */
  readonly publicKeyBase64: string
}

/**
 * The hub's Ed25519 key, which signs every policy and every door command. Created on first start
 * (mode 0600, never overwritten) and read on every later start; a file that is not an Ed25519
 * private key stops the hub with code HUB_KEY_INVALID rather than silently making a new key,
 * which would leave every edge refusing the hub.
 */
export function loadHubSigningKey(path: string): HubSigningKey {
  if (!existsSync(path)) {
    const { privateKey } = generateKeyPairSync('ed25519')
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' })
    chmodSync(path, 0o600)
  }
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(readFileSync(path))
  } catch (error) {
    throw Object.assign(new Error(`hub signing key ${path} is unreadable: ${String(error)}`), { code: 'HUB_KEY_INVALID' as const })
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw Object.assign(new Error(`hub signing key ${path} is ${privateKey.asymmetricKeyType}, not ed25519`), { code: 'HUB_KEY_INVALID' as const })
  }
  const publicKey = createPublicKey(privateKey)
  const rawBase64Url = String(publicKey.export({ format: 'jwk' }).x)
  return { privateKey, publicKey, publicKeyBase64: Buffer.from(rawBase64Url, 'base64url').toString('base64') }
}
