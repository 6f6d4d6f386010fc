import type { CommunityProcesses } from '../firmware-sim/src/community/community-processes.js'
import type { TcpRelay } from '../firmware-sim/src/community/tcp-relay.js'

export type ChaosFault = 'kill-edge' | 'kill-hub' | 'cut-edge' | 'jump-clock'

export interface ChaosFaultCounts {
  kills: number
  edgeKills: number
  hubKills: number
  cuts: number
  clockJumps: number
}

/** Clock offsets an edge is restarted under (0 puts it right again). */
const CLOCK_OFFSETS_MS = [-20 * 60_000, 0, 7 * 60_000, 2 * 3_600_000, 0]

/**
 * The faults chaos injects into a running community, each awaited until the community is back:
 * SIGKILL an edge or the hub (the embedded broker dies with it) and start it again; cut an
 * edge's MQTT relay for a while; restart an edge under a clock off by minutes or hours
 * (GATEHOUSE_EDGE_CLOCK_OFFSET_MS, read by edge/src/main.ts), as a variant process of the
 * same edge.
 */
export class ChaosFaults {
  readonly #processes: CommunityProcesses
  readonly #relays: ReadonlyMap<string, TcpRelay>
  readonly #random: () => number
  readonly #print: (line: string) => void
  /** The process now playing each edge, by edge id (a clock variant after a jump). */
  readonly #edgeProcess = new Map<string, string>()
  readonly #variants: string[] = []
  readonly counts: ChaosFaultCounts = { kills: 0, edgeKills: 0, hubKills: 0, cuts: 0, clockJumps: 0 }

  constructor(processes: CommunityProcesses, edges: ReadonlyMap<string, string>, relays: ReadonlyMap<string, TcpRelay>, random: () => number, print: (line: string) => void) {
    this.#processes = processes
    this.#relays = relays
    this.#random = random
    this.#print = print
    for (const [edgeId, name] of edges) this.#edgeProcess.set(edgeId, name)
  }

  /** Picks a fault: mostly kills (edges more than the hub), sometimes a cut or a clock jump. */
  pick(): ChaosFault {
    const roll = this.#random()
    if (roll < 0.55) return 'kill-edge'
    if (roll < 0.75) return 'kill-hub'
    if (roll < 0.9) return 'cut-edge'
    return 'jump-clock'
  }

  async inject(fault: ChaosFault): Promise<void> {
    const edgeIds = [...this.#edgeProcess.keys()]
    const edgeId = edgeIds[Math.floor(this.#random() * edgeIds.length)]!
    switch (fault) {
      case 'kill-edge':
        return this.#killAndRestart(this.#edgeProcess.get(edgeId)!, 'edgeKills')
      case 'kill-hub':
        return this.#killAndRestart('hub', 'hubKills')
      case 'cut-edge':
        return this.#cut(edgeId, 2000 + Math.floor(this.#random() * 6000))
      case 'jump-clock':
        return this.#jumpClock(edgeId, CLOCK_OFFSETS_MS[Math.floor(this.#random() * CLOCK_OFFSETS_MS.length)]!)
    }
  }

  /** Stops the clock variants still running (the launcher stops the edges it registered). */
  async stopVariants(): Promise<void> {
    await Promise.all(this.#variants.map((name) => this.#processes.stop(name)))
  }

  async #killAndRestart(name: string, kind: 'edgeKills' | 'hubKills'): Promise<void> {
    const exit = await this.#processes.kill(name)
    this.counts.kills += 1
    this.counts[kind] += 1
    this.#print(`  SIGKILL ${name} (${exit.signal ?? `code ${exit.code}`}); starting it again`)
    await this.#processes.get(name).start()
  }

  async #cut(edgeId: string, forMs: number): Promise<void> {
    const relay = this.#relays.get(edgeId)
    if (relay === undefined) throw new Error(`no relay for edge ${edgeId}`)
    this.counts.cuts += 1
    this.#print(`  cut edge ${edgeId} off the network for ${(forMs / 1000).toFixed(1)} s`)
    relay.cut()
    await new Promise((resolve) => setTimeout(resolve, forMs))
    relay.restore()
  }

  async #jumpClock(edgeId: string, offsetMs: number): Promise<void> {
    const current = this.#processes.get(this.#edgeProcess.get(edgeId)!)
    this.counts.clockJumps += 1
    const name = `${current.spec.name.split('~')[0]}~clock${this.counts.clockJumps}`
    const variant = this.#processes.add({ ...current.spec, name, env: { ...current.spec.env, GATEHOUSE_EDGE_CLOCK_OFFSET_MS: String(offsetMs) } })
    this.#print(`  jump the clock of edge ${edgeId} to ${offsetMs >= 0 ? '+' : ''}${offsetMs / 60_000} min (restarted as ${name})`)
    await current.stop()
    await variant.start()
    this.#edgeProcess.set(edgeId, name)
    this.#variants.push(name)
  }
}
