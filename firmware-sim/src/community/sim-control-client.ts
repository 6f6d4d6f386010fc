import { connect, type Socket } from 'node:net'
import { createInterface } from 'node:readline'
import type { TcpEndpoint } from '../transports/tcp-device-server.js'

interface PendingAnswer {
  readonly resolve: (answer: string) => void
  readonly reject: (error: Error) => void
}

/**
 * A simulator's control port (`gatehouse-sim --control tcp://…`) as a client: one line in, one
 * line out, in order. Connects on the first line and again after the simulator restarted; lines
 * waiting for an answer when the connection drops are rejected.
 */
export class SimControlClient {
  readonly #endpoint: TcpEndpoint
  readonly #pending: PendingAnswer[] = []
  #socket: Socket | null = null

  constructor(endpoint: TcpEndpoint) {
    this.#endpoint = endpoint
  }

  /** Resolves with the answer line ("ok …" or "error: …"). Not `help`: its answer spans many lines. */
  send(line: string): Promise<string> {
    if (/[\r\n]/.test(line)) return Promise.reject(new Error('a control line is one line'))
    if (/^\s*(help|\?)\s*$/i.test(line)) return Promise.reject(new Error('help answers on many lines; read it with nc'))
    const socket = this.#socket ?? this.#connect()
    return new Promise<string>((resolve, reject) => {
      this.#pending.push({ resolve, reject })
      socket.write(`${line}\n`)
    })
  }

  close(): void {
    this.#socket?.destroy()
    this.#socket = null
  }

  #connect(): Socket {
    const socket = connect(this.#endpoint.port, this.#endpoint.host)
    this.#socket = socket
    // The socket's own handlers below report its errors; readline re-emits them on itself.
    createInterface({ input: socket, crlfDelay: Infinity })
      .on('line', (answer) => this.#pending.shift()?.resolve(answer))
      .on('error', () => undefined)
    const fail = (error: Error) => {
      if (this.#socket === socket) this.#socket = null
      for (const pending of this.#pending.splice(0)) pending.reject(error)
    }
    socket.on('error', (error) => fail(new Error(`control port tcp://${this.#endpoint.host}:${this.#endpoint.port}: ${error.message}`)))
    socket.on('close', () => fail(new Error(`control port tcp://${this.#endpoint.host}:${this.#endpoint.port} closed`)))
    return socket
  }
}
