import type { IncomingMessage } from 'node:http'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import type { Duplex } from 'node:stream'
import tls from 'node:tls'
import { WebSocketServer, createWebSocketStream } from 'ws'

/** mqtt: plain TCP; mqtts: TLS; ws / wss: MQTT over WebSocket (plain or TLS). */
export type BrokerTransport = 'mqtt' | 'mqtts' | 'ws' | 'wss'

export interface BrokerListenerOptions {
  readonly transport: BrokerTransport
  /** '127.0.0.1' to keep it on the machine, '0.0.0.0' for the community LAN. */
  readonly host: string
  /** 0 picks a free port (tests). */
  readonly port: number
  /** WebSocket only: the HTTP path (mqtt.js uses `/mqtt` by default). */
  readonly path?: string
}

export interface BrokerTlsMaterial {
  readonly key: Buffer
  readonly cert: Buffer
}

/** Hands each accepted connection (and, for WebSocket, its HTTP request) to the broker. */
export type ConnectionHandler = (connection: Duplex, request?: IncomingMessage) => void

/** One listening socket of the broker; `close()` stops accepting and ends its open connections. */
export interface BrokerListener {
  readonly transport: BrokerTransport
  readonly port: number
  close(): Promise<void>
}

const DEFAULT_WEBSOCKET_PATH = '/mqtt'

function listen(server: net.Server, options: BrokerListenerOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      const address = server.address()
      resolve(typeof address === 'object' && address !== null ? address.port : options.port)
    })
  })
}

/**
 * Opens one listener. Sockets are tracked so `close()` does not wait for clients that never
 * leave; the broker closes its clients itself before closing the listeners.
 */
export async function openBrokerListener(
  options: BrokerListenerOptions,
  tlsMaterial: BrokerTlsMaterial | null,
  maxWebSocketPayloadBytes: number,
  onConnection: ConnectionHandler,
): Promise<BrokerListener> {
  const sockets = new Set<net.Socket>()
  const track = (socket: net.Socket) => {
    // MQTT packets are small and latency-bound (a door command, its PUBACK): Nagle's algorithm
    // would hold each one back for the peer's delayed ACK, ~40-90 ms on loopback.
    socket.setNoDelay(true)
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  }
  const isTls = options.transport === 'mqtts' || options.transport === 'wss'
  if (isTls && tlsMaterial === null) {
    throw Object.assign(new Error(`${options.transport} listener needs a TLS key and certificate`), { code: 'BROKER_TLS_MISSING' as const })
  }
  const secure = isTls ? { key: tlsMaterial!.key, cert: tlsMaterial!.cert, minVersion: 'TLSv1.2' as const } : null
  let server: net.Server
  let webSockets: WebSocketServer | null = null
  if (options.transport === 'mqtt' || options.transport === 'mqtts') {
    const onSocket = (socket: net.Socket) => onConnection(socket)
    server = secure === null ? net.createServer(onSocket) : tls.createServer(secure, onSocket)
  } else {
    server = secure === null ? http.createServer() : https.createServer(secure)
    webSockets = new WebSocketServer({ server: server as http.Server, path: options.path ?? DEFAULT_WEBSOCKET_PATH, maxPayload: maxWebSocketPayloadBytes })
    webSockets.on('connection', (socket, request) => onConnection(createWebSocketStream(socket), request))
  }
  server.on('connection', track)
  const port = await listen(server, options)
  return {
    transport: options.transport,
    port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      webSockets?.close()
      for (const socket of sockets) socket.destroy()
      await closed
    },
  }
}
