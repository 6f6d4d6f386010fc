import { createServer, type Server, type Socket } from 'node:net'
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { applyControlCommand, type SimulatorRig } from './apply-control-command.js'
import { parseControlCommand } from './control-command.js'
import type { TcpEndpoint } from '../transports/tcp-device-server.js'

const MAX_LINE_LENGTH = 4096

/** Answers control lines from any text stream: stdin, or a TCP connection. */
export function serveControlLines(rig: SimulatorRig, input: Readable, output: Writable): void {
  const lines = createInterface({ input, crlfDelay: Infinity })
  let queue = Promise.resolve()
  lines.on('line', (line) => {
    queue = queue.then(async () => {
      if (line.trim() === '') return
      const parsed = line.length > MAX_LINE_LENGTH ? { ok: false as const, error: 'line too long' } : parseControlCommand(line)
      const answer = parsed.ok ? await applyControlCommand(rig, parsed.command).catch(errorLine) : `error: ${parsed.error}`
      if (output.writable) output.write(`${answer}\n`)
    })
  })
}

function errorLine(error: unknown): string {
  const code = (error as { code?: string }).code
  return `error: ${code ? `${code} ` : ''}${(error as Error).message}`
}

/** A TCP port that takes the same control lines as stdin, for tests and `nc`. */
export class ControlServer {
  readonly #rig: SimulatorRig
  readonly #endpoint: TcpEndpoint
  readonly #sockets = new Set<Socket>()
  #server: Server | undefined

  constructor(rig: SimulatorRig, endpoint: TcpEndpoint) {
    this.#rig = rig
    this.#endpoint = endpoint
  }

  async start(): Promise<TcpEndpoint> {
    const server = createServer((socket) => {
      this.#sockets.add(socket)
      socket.on('close', () => this.#sockets.delete(socket))
      socket.on('error', () => socket.destroy())
      serveControlLines(this.#rig, socket, socket)
    })
    this.#server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.#endpoint.port, this.#endpoint.host, () => resolve())
    })
    const address = server.address()
    return { host: this.#endpoint.host, port: typeof address === 'object' && address ? address.port : this.#endpoint.port }
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy()
    const server = this.#server
    this.#server = undefined
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
