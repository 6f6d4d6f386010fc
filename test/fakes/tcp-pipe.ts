import net from 'node:net'

/**
 * A TCP relay between a client and a server on loopback, to play network failures a real gate
 * sees: `cut()` kills every connection at once (power loss, cable pulled: no DISCONNECT ever
 * reaches the broker) and `freeze()` keeps the sockets open but forwards nothing (a dead switch:
 * only keepalive notices).
 */
export class TcpPipe {
  readonly #targetPort: number
  readonly #pairs = new Set<{ readonly client: net.Socket; readonly upstream: net.Socket }>()
  #server: net.Server | undefined
  #port = 0

  constructor(targetPort: number) {
    this.#targetPort = targetPort
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.#port}`
  }

  get connections(): number {
    return this.#pairs.size
  }

  async start(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.#targetPort, '127.0.0.1')
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
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
    const address = server.address()
    this.#port = typeof address === 'object' && address !== null ? address.port : 0
    this.#server = server
  }

  cut(): void {
    for (const { client, upstream } of this.#pairs) {
      client.destroy()
      upstream.destroy()
    }
  }

  freeze(): void {
    for (const { client, upstream } of this.#pairs) {
      client.unpipe(upstream)
      upstream.unpipe(client)
      client.pause()
      upstream.pause()
    }
  }

  async stop(): Promise<void> {
    this.cut()
    const server = this.#server
    this.#server = undefined
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
