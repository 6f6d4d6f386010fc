import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import type { PasswordCheck, PasswordHasher } from '../../ports/password-hasher.js'

export interface ScryptParameters {
  /** Cost N = 2^log2N: memory 128·N·r bytes and time grow with it. */
  readonly log2N: number
  readonly r: number
  readonly p: number
  readonly saltBytes: number
  readonly keyBytes: number
}

/**
 * N = 2^15, r = 8, p = 1 (32 MiB, about 100 ms on a Pi 5): the floor OWASP's password storage
 * cheat sheet gives for scrypt, chosen over its higher settings because the hub may run on a Pi.
 */
export const DEFAULT_SCRYPT_PARAMETERS: ScryptParameters = { log2N: 15, r: 8, p: 1, saltBytes: 16, keyBytes: 32 }

const HASH_FORMAT = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/

interface ParsedHash {
  readonly parameters: ScryptParameters
  readonly salt: Buffer
  readonly key: Buffer
}

function parseHash(storedHash: string): ParsedHash | null {
  const match = HASH_FORMAT.exec(storedHash)
  if (match === null) return null
  const salt = Buffer.from(match[4]!, 'base64')
  const key = Buffer.from(match[5]!, 'base64')
  const parameters = { log2N: Number(match[1]), r: Number(match[2]), p: Number(match[3]), saltBytes: salt.length, keyBytes: key.length }
  const isSane = parameters.log2N >= 1 && parameters.log2N <= 20 && parameters.r >= 1 && parameters.p >= 1 && salt.length >= 8 && key.length >= 16
  return isSane ? { parameters, salt, key } : null
}

function derive(password: string, salt: Buffer, parameters: ScryptParameters): Promise<Buffer> {
  const N = 2 ** parameters.log2N
  const options: ScryptOptions = { N, r: parameters.r, p: parameters.p, maxmem: 256 * N * parameters.r }
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, parameters.keyBytes, options, (error, key) => (error === null ? resolve(key) : reject(error)))
  })
}

/**
 * Password hashes with node's scrypt (libuv thread pool, so the event loop keeps serving). The
 * hash string is `scrypt$<log2N>$<r>$<p>$<salt>$<key>` (base64), so parameters can be raised
 * later and old hashes still verify, reporting `needsRehash` so sign-in upgrades them.
 */
export class ScryptPasswordHasher implements PasswordHasher {
  readonly #parameters: ScryptParameters
  #decoyHash: Promise<string> | null = null

  constructor(parameters: ScryptParameters = DEFAULT_SCRYPT_PARAMETERS) {
    this.#parameters = parameters
  }

  async hash(password: string): Promise<string> {
    const { log2N, r, p, saltBytes } = this.#parameters
    const salt = randomBytes(saltBytes)
    const key = await derive(password, salt, this.#parameters)
    return `scrypt$${log2N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`
  }

  async verify(password: string, storedHash: string | null): Promise<PasswordCheck> {
    const parsed = storedHash === null ? null : parseHash(storedHash)
    if (parsed === null) {
      // Same work as a real check, so "no such account" takes as long as "wrong password".
      const decoy = parseHash(await this.#decoy())!
      await derive(password, decoy.salt, decoy.parameters)
      return { isMatch: false, needsRehash: false }
    }
    const key = await derive(password, parsed.salt, parsed.parameters)
    const isMatch = key.length === parsed.key.length && timingSafeEqual(key, parsed.key)
    return { isMatch, needsRehash: isMatch && !this.#isCurrent(parsed.parameters) }
  }

  #decoy(): Promise<string> {
    this.#decoyHash ??= this.hash(randomBytes(16).toString('base64'))
    return this.#decoyHash
  }

  #isCurrent(parameters: ScryptParameters): boolean {
    const current = this.#parameters
    return parameters.log2N === current.log2N && parameters.r === current.r && parameters.p === current.p && parameters.keyBytes === current.keyBytes && parameters.saltBytes === current.saltBytes
  }
}
