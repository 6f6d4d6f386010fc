import net from 'node:net'
import type { Client, PublishPacket } from 'aedes'

export interface RunningBroker {
  readonly port: number
  stop(): Promise<void>
}

type AuthorizePublish = (client: Client | null, packet: PublishPacket, done: (error?: Error | null) => void) => void

/** An aedes broker on a loopback port with no authentication: the baseline, or a harness for a publish hook. */
export async function plainAedes(authorizePublish?: AuthorizePublish): Promise<RunningBroker> {
  const { Aedes } = await import('aedes')
  const broker = await Aedes.createBroker(authorizePublish === undefined ? {} : { authorizePublish })
  // No Nagle delay, as the hub's broker: the comparison is of brokers, not of socket options.
  const server = net.createServer((socket) => {
    socket.setNoDelay(true)
    broker.handle(socket)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    port,
    stop: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()))
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

