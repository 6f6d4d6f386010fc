import type { CommunityLauncher, RunningCommunity } from './community-launcher.js'

export class CommunityScenario {
  readonly #launcher: CommunityLauncher
  readonly #community: RunningCommunity
  readonly #print: (line: string) => void

  constructor(launcher: CommunityLauncher, community: RunningCommunity, print: (line: string) => void) {
    this.#launcher = launcher
    this.#community = community
    this.#print = print
  }

  start(): void {
    this.#print(`scenario for ${this.#community.plan.edges.length} edges of ${this.#launcher.dataDir.root}`)
  }

  async stop(): Promise<void> {}
}
