import type { CommunityDataDir } from './community-data-dir.js'
import type { CommunityPlan } from './community-plan.js'
import type { CommunityProcesses } from './community-processes.js'

/** The three programs the community runs, as built into dist/. */
export interface CommunityBinaries {
  readonly hubMain: string
  readonly edgeMain: string
  readonly simMain: string
}

/** The process names, in the order they come up (and the reverse of how they stop). */
export interface CommunityProcessNames {
  readonly hub: string
  readonly simulators: readonly string[]
  readonly edges: readonly string[]
}

/** `hub` prints this once it listens (hub/src/main.ts). */
export const HUB_READY_LINE = /^gatehouse-hub: API /
/** The edge logs this once its kiosk listens (edge/src/main.ts, pino JSON on stderr). */
export const EDGE_READY_LINE = /"msg":"edge running"/
/** `gatehouse-sim` prints this once its device and control ports listen. */
export const SIM_READY_LINE = /^control on tcp:/

export function simulatorProcessName(simulator: string): string {
  return `sim-${simulator}`
}

export function edgeProcessName(edgeId: string): string {
  return `edge-${edgeId}`
}

/**
 * Registers every process of the community with `processes` (none started): the hub on its config
 * file, one `gatehouse-sim` per simulated device (serial link and control port on loopback), one
 * `gatehouse-edge` per edge on the config enrollment wrote.
 */
export function registerCommunityProcesses(processes: CommunityProcesses, plan: CommunityPlan, binaries: CommunityBinaries, dataDir: CommunityDataDir): CommunityProcessNames {
  const node = process.execPath
  processes.add({ name: 'hub', command: node, args: [binaries.hubMain, '--config', dataDir.hubConfigPath], readyLine: HUB_READY_LINE, readyTimeoutMs: 60_000 })
  const simulators = plan.simulators.map((sim) => {
    const name = simulatorProcessName(sim.name)
    const args = [binaries.simMain, sim.device, '--listen', `tcp://${sim.link.host}:${sim.link.port}`, '--control', `tcp://${sim.control.host}:${sim.control.port}`]
    if (sim.device === 'osdp-reader') args.push('--address', '1')
    processes.add({ name, command: node, args, readyLine: SIM_READY_LINE }, sim.control)
    return name
  })
  const edges = plan.edges.map((edge) => {
    const name = edgeProcessName(edge.id)
    processes.add({ name, command: node, args: [binaries.edgeMain, '--config', dataDir.edgeConfigPath(edge.id)], readyLine: EDGE_READY_LINE, readyTimeoutMs: 60_000 })
    return name
  })
  return { hub: 'hub', simulators, edges }
}
