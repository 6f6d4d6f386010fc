import { createServer, type Server, type Socket } from 'node:net'
import type { SerialDevice } from '../serial-device.js'

export interface TcpEndpoint {
  readonly host: string
  readonly port: number
}

/**
 * Serves one device on a raw TCP port, as a ser2net-style serial server does at a gate: one
 * client at a time (a second is refused while the port is in use), bytes passed through
 * unchanged, and an unplug that drops the connection and refuses new ones until replugged.
 */
export class TcpDeviceServer {
  readonly #device: SerialDevice
  readonly #endpoint: TcpEndpoint
  #server: Server | undefined
  #client: Socket | undefined
  #isUnplugged = false
  refusedConnections = 0

  constructor(device: SerialDevice, endpoint: TcpEndpoint) {
    this.#device = device
    this.#endpoint = endpoint
  }

  get isClientConnected(): boolean {
    return this.#client !== undefined
  }

  async start(): Promise<TcpEndpoint> {
    this.#device.attach((bytes) => this.#client?.write(bytes))
    this.#device.start()
    const server = createServer((socket) => this.#accept(socket))
    this.#server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.#endpoint.port, this.#endpoint.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    const address = server.address()
    const port = typeof address === 'object' && address !== null ? address.port : this.#endpoint.port
    return { host: this.#endpoint.host, port }
  }

  async stop(): Promise<void> {
    this.#device.stop()
    this.#client?.destroy()
    this.#client = undefined
    const server = this.#server
    this.#server = undefined
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  /** Drops the connection as a pulled cable or a rebooting serial server would. */
  unplug(): void {
    this.#isUnplugged = true
    this.#client?.destroy()
    this.#client = undefined
  }

  replug(): void {
    this.#isUnplugged = false
  }

  #accept(socket: Socket): void {
    if (this.#isUnplugged || this.#client !== undefined) {
      this.refusedConnections++
      socket.destroy()
      return
    }
    socket.setNoDelay(true)
    this.#client = socket
    socket.on('data', (bytes) => this.#device.receive(bytes))
    socket.on('error', () => socket.destroy())
    socket.on('close', () => {
      if (this.#client === socket) this.#client = undefined
    })
  }
}

/** Parses `tcp://HOST:PORT`; returns undefined for anything else. */
export function parseTcpUrl(url: string): TcpEndpoint | undefined {
  const match = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d{1,5})$/.exec(url)
  if (match === null) return undefined
  const port = Number(match[2])
  if (port > 65535) return undefined
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port }
}
