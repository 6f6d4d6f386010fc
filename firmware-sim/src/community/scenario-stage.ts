import { setTimeout as delay } from 'node:timers/promises'
import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { REASON_TEXTS } from '../../../edge/src/domain/reason-texts.js'
import { simulatorProcessName } from './community-process-specs.js'
import type { CommunityProcesses } from './community-processes.js'
import type { HubSession } from './hub-session.js'

/** What the scenario reads of a ledger event (GET /api/events). */
export const LedgerEvent = Type.Object({
  feedSeq: Type.Integer(),
  doorId: Type.String(),
  direction: Type.String(),
  granted: Type.Boolean(),
  reason: Type.String(),
  personName: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
})
export type LedgerEvent = Static<typeof LedgerEvent>

const EventsPage = Type.Object({ events: Type.Array(LedgerEvent) })
const PolicyStatus = Type.Object({ edges: Type.Array(Type.Object({ edgeId: Type.String(), latestVersion: Type.Union([Type.Integer(), Type.Null()]), isCurrent: Type.Boolean() })) })

/** An edge's policy as the hub sees it (GET /api/policy/status). */
export interface EdgePolicy {
  readonly version: number
  /** The edge applied the latest version. */
  readonly isCurrent: boolean
}

const EVENT_WAIT_MS = 15_000
const EVENT_POLL_MS = 300

/** The scenario was stopped (Ctrl-C) in the middle of an act. */
export class ScenarioStopped extends Error {
  readonly code = 'SCENARIO_STOPPED'
}

/**
 * What the scenario's acts work with: the simulated devices (control lines), the hub as the grid
 * manager watching the ledger, the gate staff and the resident's phone; pauses a human can follow,
 * cut short by Ctrl-C; one printed line per act.
 */
export class ScenarioStage {
  readonly #processes: CommunityProcesses
  readonly #watcher: HubSession
  readonly #signal: AbortSignal
  readonly say: (line: string) => void
  readonly gateStaff: HubSession
  readonly resident: HubSession

  constructor(processes: CommunityProcesses, sessions: { readonly watcher: HubSession; readonly gateStaff: HubSession; readonly resident: HubSession }, signal: AbortSignal, say: (line: string) => void) {
    this.#processes = processes
    this.#watcher = sessions.watcher
    this.gateStaff = sessions.gateStaff
    this.resident = sessions.resident
    this.#signal = signal
    this.say = say
  }

  /** A control line to a simulated device (`card 100 10021` to `gate-res-in`); throws on an `error:` answer. */
  async device(simulator: string, line: string): Promise<void> {
    this.#throwIfStopped()
    const answer = await this.#processes.control(simulatorProcessName(simulator), line)
    if (!answer.startsWith('ok')) throw new Error(`${simulator}: ${line}: ${answer}`)
  }

  /** The newest ledger position, so the next act's event can be told from earlier ones. */
  async ledgerPosition(): Promise<number> {
    const page = await this.#events('/api/events?limit=1')
    return page[0]?.feedSeq ?? 0
  }

  /** The first event at `doorId` after `position`, or null if none reaches the hub within 15 s. */
  async nextEvent(doorId: string, position: number): Promise<LedgerEvent | null> {
    const deadline = Date.now() + EVENT_WAIT_MS
    while (Date.now() < deadline) {
      const events = await this.#events(`/api/events?doorId=${encodeURIComponent(doorId)}&limit=10`)
      const next = events.filter((event) => event.feedSeq > position).at(-1)
      if (next !== undefined) return next
      await this.pause(EVENT_POLL_MS)
    }
    return null
  }

  /** Every edge's policy version and whether it applied it, by edge id. */
  async policies(): Promise<Map<string, EdgePolicy>> {
    const answer = await this.#watcher.request('GET', '/api/policy/status')
    if (answer.status !== 200 || !Value.Check(PolicyStatus, answer.body)) throw new Error(`GET /api/policy/status: ${answer.status}`)
    return new Map(answer.body.edges.map((edge) => [edge.edgeId, { version: edge.latestVersion ?? 0, isCurrent: edge.isCurrent }]))
  }

  /**
   * Resolves once every edge applied its latest policy and each edge in `newerThan` is past that
   * version (a change reached the gates); gives up after `timeoutMs` (the act then shows what the
   * gates answered anyway).
   */
  async policiesApplied(newerThan: ReadonlyMap<string, number> = new Map(), timeoutMs = 30_000): Promise<Map<string, EdgePolicy>> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const policies = await this.policies()
      const isDone = policies.size > 0 && [...policies].every(([edgeId, policy]) => policy.isCurrent && policy.version > (newerThan.get(edgeId) ?? -1))
      if (isDone || Date.now() >= deadline) return policies
      await this.pause(500)
    }
  }

  /** A pause a human can follow; Ctrl-C cuts it short. */
  async pause(ms: number): Promise<void> {
    this.#throwIfStopped()
    await delay(ms, undefined, { signal: this.#signal }).catch(() => this.#throwIfStopped())
  }

  /** "granted" or "refused QUARANTINED (Under home observation: please stay home)", with the gate's note. */
  static outcome(event: LedgerEvent | null): string {
    if (event === null) return 'no answer reached the hub within 15 s'
    const text = REASON_TEXTS[event.reason as keyof typeof REASON_TEXTS]?.en
    const said = text === undefined ? event.reason : `${event.reason}: "${text}"`
    return `${event.granted ? 'granted' : 'refused'} (${said})${event.note === null ? '' : ` — ${event.note}`}`
  }

  async #events(path: string): Promise<LedgerEvent[]> {
    const answer = await this.#watcher.request('GET', path)
    if (answer.status !== 200 || !Value.Check(EventsPage, answer.body)) throw new Error(`GET ${path}: ${answer.status}`)
    return answer.body.events
  }

  #throwIfStopped(): void {
    if (this.#signal.aborted) throw new ScenarioStopped('the scenario was stopped')
  }
}
