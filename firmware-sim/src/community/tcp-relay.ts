import { connect, createServer, type Server, type Socket } from 'node:net'
import type { TcpEndpoint } from '../transports/tcp-device-server.js'

/**
 * A TCP relay between an edge and the hub's broker, so the orchestrator can cut that edge off
 * the network: `cut()` drops every connection at once (no DISCONNECT reaches the broker, as
 * when a cable is pulled) and refuses new ones until `restore()`. Everything else passes
 * through unchanged.
 */
export class TcpRelay {
  readonly #listen: TcpEndpoint
  readonly #target: TcpEndpoint
  readonly #pairs = new Set<{ readonly client: Socket; readonly upstream: Socket }>()
  #server: Server | null = null
  #isCut = false

  constructor(listen: TcpEndpoint, target: TcpEndpoint) {
    this.#listen = listen
    this.#target = target
  }

  get isCut(): boolean {
    return this.#isCut
  }

  get connections(): number {
    return this.#pairs.size
  }

  async start(): Promise<TcpEndpoint> {
    const server = createServer((client) => this.#accept(client))
    this.#server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.#listen.port, this.#listen.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    const address = server.address()
    return { host: this.#listen.host, port: typeof address === 'object' && address !== null ? address.port : this.#listen.port }
  }

  /** Drops every connection and refuses new ones until restore(). */
  cut(): void {
    this.#isCut = true
    this.#dropAll()
  }

  restore(): void {
    this.#isCut = false
  }

  async stop(): Promise<void> {
    this.#dropAll()
    const server = this.#server
    this.#server = null
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  #accept(client: Socket): void {
    if (this.#isCut) {
      client.destroy()
      return
    }
    const upstream = connect(this.#target.port, this.#target.host)
    const pair = { client, upstream }
    this.#pairs.add(pair)
    client.pipe(upstream)
    upstream.pipe(client)
    const close = () => {
      this.#pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('error', close).on('close', close)
    upstream.on('error', close).on('close', close)
  }

  #dropAll(): void {
    for (const { client, upstream } of this.#pairs) {
      client.destroy()
      upstream.destroy()
    }
    this.#pairs.clear()
  }
}
