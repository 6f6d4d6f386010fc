import type { CommunityProcesses } from './community-processes.js'
import type { ProcessExit } from './managed-process.js'

export interface SupervisorPolicy {
  /** Restarts allowed per process within `windowMs` before the supervisor gives up (systemd's StartLimitBurst). */
  readonly maxRestarts: number
  readonly windowMs: number
}

export const DEFAULT_SUPERVISOR_POLICY: SupervisorPolicy = { maxRestarts: 3, windowMs: 60_000 }

export interface SupervisorEvents {
  /** One line per thing worth telling the person at the console. */
  report(line: string): void
  /** It keeps dying: the community cannot go on; the launcher stops everything. */
  giveUp(reason: string): void
}

/**
 * What happens when a child dies that nobody stopped: it is reported with its last lines and
 * restarted, like systemd's Restart=on-failure — a gate must come back by itself; but if it
 * dies `maxRestarts` times within the window, the supervisor gives up and says why, instead of
 * restarting it forever.
 */
export class CommunitySupervisor {
  readonly #processes: CommunityProcesses
  readonly #policy: SupervisorPolicy
  readonly #events: SupervisorEvents
  readonly #restartsAtMs = new Map<string, number[]>()
  #unsubscribe: (() => void) | null = null

  constructor(processes: CommunityProcesses, policy: SupervisorPolicy, events: SupervisorEvents) {
    this.#processes = processes
    this.#policy = policy
    this.#events = events
  }

  start(): void {
    this.#unsubscribe = this.#processes.onUnexpectedExit((exit) => void this.#onExit(exit))
  }

  stop(): void {
    this.#unsubscribe?.()
    this.#unsubscribe = null
  }

  async #onExit(exit: ProcessExit): Promise<void> {
    const how = exit.signal !== null ? `signal ${exit.signal}` : `code ${exit.code}`
    const lastLines = this.#processes.get(exit.name).recentLines().slice(-5)
    this.#events.report(`! ${exit.name} exited unexpectedly (${how}); its last lines:${lastLines.map((line) => `\n    ${line}`).join('')}`)
    const nowMs = Date.now()
    const recent = (this.#restartsAtMs.get(exit.name) ?? []).filter((atMs) => nowMs - atMs < this.#policy.windowMs)
    if (recent.length >= this.#policy.maxRestarts) {
      this.#events.giveUp(`${exit.name} exited ${recent.length + 1} times within ${this.#policy.windowMs / 1000} s`)
      return
    }
    this.#restartsAtMs.set(exit.name, [...recent, nowMs])
    try {
      await this.#processes.restart(exit.name)
      this.#events.report(`  ${exit.name} restarted (${recent.length + 1} of ${this.#policy.maxRestarts} within ${this.#policy.windowMs / 1000} s)`)
    } catch (error) {
      this.#events.giveUp(`${exit.name} could not be restarted: ${(error as Error).message}`)
    }
  }
}
