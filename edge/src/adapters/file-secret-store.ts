import { existsSync, readFileSync } from 'node:fs'
import { open, rename } from 'node:fs/promises'
import type { SecretStore } from '../ports/secret-store.js'

/**
 * Secrets in one JSON file readable by the daemon's user only (mode 0600), written atomically
 * (temp file, fsync, rename) so a power cut never leaves a reader key half-written. Writes run
 * one after the other: readers on several buses keyed at the same moment would otherwise share
 * the temp file and lose each other's keys.
 */
export class FileSecretStore implements SecretStore {
  readonly #path: string
  #secrets = new Map<string, Buffer>()
  #writing: Promise<void> = Promise.resolve()

  constructor(path: string) {
    this.#path = path
  }

  load(): void {
    if (!existsSync(this.#path)) return
    const parsed: unknown = JSON.parse(readFileSync(this.#path, 'utf8'))
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw Object.assign(new Error(`${this.#path} is not a JSON object of secrets`), { code: 'SECRETS_INVALID' })
    }
    for (const [name, value] of Object.entries(parsed)) {
      if (typeof value !== 'string' || !/^[0-9a-f]*$/.test(value)) {
        throw Object.assign(new Error(`${this.#path}: secret ${name} is not hex`), { code: 'SECRETS_INVALID' })
      }
      this.#secrets.set(name, Buffer.from(value, 'hex'))
    }
  }

  get(name: string): Buffer | undefined {
    return this.#secrets.get(name)
  }

  set(name: string, value: Buffer): Promise<void> {
    const written = this.#writing.then(() => this.#write(name, value))
    this.#writing = written.catch(() => undefined)
    return written
  }

  async #write(name: string, value: Buffer): Promise<void> {
    const next = new Map(this.#secrets).set(name, Buffer.from(value))
    const text = JSON.stringify(Object.fromEntries([...next].map(([key, bytes]) => [key, bytes.toString('hex')])), null, 2)
    const temporary = `${this.#path}.tmp`
    const file = await open(temporary, 'w', 0o600)
    try {
      await file.writeFile(text)
      await file.sync()
    } finally {
      await file.close()
    }
    await rename(temporary, this.#path)
    this.#secrets = next
  }
}
