/** Where the edge keeps secrets it creates itself, such as each reader's Secure Channel key. */
export interface SecretStore {
  get(name: string): Buffer | undefined
  set(name: string, value: Buffer): Promise<void>
}
