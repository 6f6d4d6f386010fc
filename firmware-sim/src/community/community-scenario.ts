import type { CommunityLauncher, RunningCommunity } from './community-launcher.js'
import type { DemoSignIn } from './community-files.js'
import { HubSession } from './hub-session.js'
import { ScenarioCast, scenarioActs } from './scenario-acts.js'
import { ScenarioStage, ScenarioStopped } from './scenario-stage.js'

/** Between two acts, and between two rounds: long enough to look at the dashboard, short enough to keep watching. */
export const PAUSE_BETWEEN_ACTS_MS = 6_000
export const PAUSE_BETWEEN_ROUNDS_MS = 20_000

/**
 * `npm start -- --scenario`: the community's stories played live, round after round, at the
 * simulated devices and through the hub's API as the people would — arrivals with cards and from
 * the phone, a fever with a re-measure, a lent pass, a resident under home observation trying to
 * go out, the sealed building, a visitor at the wrong building — one printed line per act with
 * what the gate answered (as the hub's ledger has it), so a newcomer can watch the dashboard react.
 */
export class CommunityScenario {
  readonly #launcher: CommunityLauncher
  readonly #community: RunningCommunity
  readonly #print: (line: string) => void
  readonly #abort = new AbortController()
  #running: Promise<void> | null = null

  constructor(launcher: CommunityLauncher, community: RunningCommunity, print: (line: string) => void) {
    this.#launcher = launcher
    this.#community = community
    this.#print = print
  }

  start(): void {
    this.#running ??= this.#play().catch((error: unknown) => {
      if (error instanceof ScenarioStopped) return
      this.#print(`scenario stopped: ${(error as Error).message}`)
    })
  }

  async stop(): Promise<void> {
    this.#abort.abort()
    await this.#running
  }

  async #play(): Promise<void> {
    const signIn = (username: string) => {
      const found = this.#community.signIns.find((candidate: DemoSignIn) => candidate.username === username)
      if (found === undefined) throw new Error(`no demo sign-in ${username}`)
      return new HubSession(this.#community.hubUrl, found.username, found.password)
    }
    const stage = new ScenarioStage(
      this.#launcher.processes,
      { watcher: signIn('grid1.li'), gateStaff: signIn('gate.zhou'), resident: signIn('resident.demo') },
      this.#abort.signal,
      (line) => this.#print(`${clockTime()}  ${line}`),
    )
    const acts = scenarioActs(new ScenarioCast(this.#community.cast))
    this.#print('\nScenario: waiting until every edge applied its policy ...')
    await stage.policiesApplied(new Map(), 60_000)
    for (let round = 0; ; round += 1) {
      this.#print(`\n— Round ${round + 1} (watch ${this.#community.hubUrl}/admin/ and the kiosk screens) —`)
      for (const act of acts) {
        await act(stage, round).catch((error: unknown) => {
          if (error instanceof ScenarioStopped) throw error
          stage.say(`(this act went wrong: ${(error as Error).message})`)
        })
        await stage.pause(PAUSE_BETWEEN_ACTS_MS)
      }
      await stage.pause(PAUSE_BETWEEN_ROUNDS_MS)
    }
  }
}

function clockTime(): string {
  return new Date().toTimeString().slice(0, 8)
}
