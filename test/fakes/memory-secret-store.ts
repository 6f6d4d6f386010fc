import type { SecretStore } from '../../edge/src/ports/secret-store.js'

export class MemorySecretStore implements SecretStore {
  readonly secrets = new Map<string, Buffer>()
  isFailing = false

  get(name: string): Buffer | undefined {
    return this.secrets.get(name)
  }

  async set(name: string, value: Buffer): Promise<void> {
    if (this.isFailing) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' })
    this.secrets.set(name, Buffer.from(value))
  }
}
