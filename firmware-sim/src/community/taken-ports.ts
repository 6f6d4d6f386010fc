import { createServer } from 'node:net'

/** A port the community needs, and what for (said in the error when it is taken). */
export interface NeededPort {
  readonly port: number
  readonly purpose: string
}

/**
 * The ports among `needed` that something else already listens on (or that cannot be bound),
 * found by binding each one briefly on `host`. Checked before anything starts, so a taken port
 * is one clear message instead of a child dying half-way through.
 */
export async function takenPorts(host: string, needed: readonly NeededPort[]): Promise<NeededPort[]> {
  const taken: NeededPort[] = []
  for (const entry of needed) {
    if (!(await isBindable(host, entry.port))) taken.push(entry)
  }
  return taken
}

function isBindable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)))
  })
}
