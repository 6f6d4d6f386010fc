import type { Logger } from '../../../hub/src/ports/logger.js'
import { CommunityDataDir } from './community-data-dir.js'
import { configureEnrolledEdge, runEnrollCommand } from './community-edge-setup.js'
import type { CommunityCast, DemoSignIn } from './community-files.js'
import { communityPlan, neededPorts, type CommunityPlan } from './community-plan.js'
import { registerCommunityProcesses, type CommunityBinaries, type CommunityProcessNames } from './community-process-specs.js'
import { CommunityProcesses } from './community-processes.js'
import { CommunitySupervisor, DEFAULT_SUPERVISOR_POLICY } from './community-supervisor.js'
import type { ProcessExit, ProcessOutput } from './managed-process.js'
import { issueTokensFor, seedCommunity } from './seed-community.js'
import { readLockStates, type LockState } from './lock-states.js'
import { takenPorts } from './taken-ports.js'
import { TcpRelay } from './tcp-relay.js'
import { existsSync } from 'node:fs'

export interface LauncherOptions {
  readonly dataDir: string
  readonly portBase: number
  readonly households: number
  readonly isReset: boolean
}

export interface LauncherDeps {
  readonly binaries: CommunityBinaries
  /** Where child output goes (prefixed on the console with --verbose, or kept quiet). */
  readonly output: ProcessOutput
  /** One line for the person at the console. */
  readonly print: (line: string) => void
  /** For the in-process seed (its routes log refusals). */
  readonly log: Logger
}

/** Everything the newcomer needs once the community runs. */
export interface RunningCommunity {
  readonly plan: CommunityPlan
  readonly hubUrl: string
  /** null once an admin exists. */
  readonly setupToken: string | null
  readonly signIns: readonly DemoSignIn[]
  readonly cast: CommunityCast
  readonly wasSeeded: boolean
}

export interface CommunityStopReport {
  readonly exits: readonly ProcessExit[]
  /** Every door's lock as its simulated controller reported it after the edges stopped. */
  readonly locks: readonly LockState[]
}

/** The community cannot start; the message says what to do. */
export class LaunchError extends Error {
  readonly code = 'LAUNCH_FAILED'
}

const SETUP_TOKEN_LINE = /One-time setup token/
const TOKEN_WAIT_MS = 10_000

/** How long the start waits for every door controller to report its door locked. */
const LOCKS_LOCKED_WAIT_MS = 30_000
const LOCK_POLL_MS = 250

/**
 * `npm start`: seeds the demo community on the first start (or after --reset), then brings up
 * the hub, enrolls the edges that are not enrolled yet, starts the simulated devices and the
 * edges, and supervises them; `stop()` takes them down edges first (each drives its relays to
 * their safe state), then the simulators, then the hub.
 */
export class CommunityLauncher {
  readonly plan: CommunityPlan
  readonly dataDir: CommunityDataDir
  readonly processes: CommunityProcesses
  /** Each edge's way to the broker, by edge id: cut() takes the edge off the network. */
  readonly relays = new Map<string, TcpRelay>()
  readonly #options: LauncherOptions
  readonly #deps: LauncherDeps
  readonly #supervisor: CommunitySupervisor
  readonly #fatalListeners = new Set<(reason: string) => void>()
  #names: CommunityProcessNames | null = null
  #starting: Promise<RunningCommunity> | null = null
  #isStopping = false

  constructor(options: LauncherOptions, deps: LauncherDeps) {
    this.#options = options
    this.#deps = deps
    this.plan = communityPlan(options.portBase)
    this.dataDir = new CommunityDataDir(options.dataDir)
    this.processes = new CommunityProcesses(deps.output)
    this.#supervisor = new CommunitySupervisor(this.processes, DEFAULT_SUPERVISOR_POLICY, {
      report: deps.print,
      giveUp: (reason) => this.#fatalListeners.forEach((listener) => listener(reason)),
    })
  }

  get names(): CommunityProcessNames {
    if (this.#names === null) throw new Error('the community has not started')
    return this.#names
  }

  /** The supervisor gave up on a child that keeps dying; the caller stops everything. */
  onFatal(listener: (reason: string) => void): void {
    this.#fatalListeners.add(listener)
  }

  start(): Promise<RunningCommunity> {
    this.#starting ??= this.#start()
    return this.#starting
  }

  /**
   * Edges first (each drives its locks to their safe state), then — with the lock outputs read
   * from the simulated controllers — the simulators, then the hub.
   */
  async stop(): Promise<CommunityStopReport> {
    // A start under way stops at its next step; waiting for it leaves no child started behind our back.
    this.#isStopping = true
    await this.#starting?.catch(() => undefined)
    this.#supervisor.stop()
    const names = this.#names
    if (names === null) return { exits: [], locks: [] }
    const exits = await this.processes.stopInOrder([names.edges])
    const locks = await readLockStates(this.processes, this.plan)
    exits.push(...(await this.processes.stopInOrder([names.simulators, [names.hub]])))
    await Promise.all([...this.relays.values()].map((relay) => relay.stop()))
    return { exits, locks }
  }

  async #start(): Promise<RunningCommunity> {
    const { plan, dataDir } = this
    await this.#checkPorts()
    if (this.#options.isReset) dataDir.reset()
    if (dataDir.hasUnfinishedHub()) {
      throw new LaunchError(`${dataDir.hubDbPath} exists but ${dataDir.castPath} does not: an earlier first start did not finish. Start afresh with --reset.`)
    }
    const wasSeeded = !dataDir.isSeeded()
    if (wasSeeded) await this.#seed()
    this.#throwIfStopping()
    const cast = dataDir.readCast()
    const signIns = dataDir.readSignIns()
    dataDir.writeHubConfig({
      dataDir: dataDir.hubDataDir,
      http: { host: plan.host, port: plan.hubHttpPort },
      mqtt: { mode: 'embedded', host: plan.host, port: plan.hubMqttPort },
      logLevel: 'info',
    })
    const unenrolled = plan.edges.filter((edge) => !existsSync(dataDir.edgeConfigPath(edge.id))).map((edge) => edge.id)
    const tokens = unenrolled.length === 0 ? new Map<string, string>() : await issueTokensFor(dataDir.hubDbPath, plan, unenrolled, this.#deps.log)
    this.#names = registerCommunityProcesses(this.processes, plan, this.#deps.binaries, dataDir)
    const hubUrl = `http://${plan.host}:${plan.hubHttpPort}`
    const setupToken = await this.#startHub(hubUrl)
    this.#throwIfStopping()
    await this.#enrollAndConfigure(hubUrl, tokens)
    await this.#startRelays()
    this.#throwIfStopping()
    this.#deps.print(`Starting ${plan.simulators.length} simulated devices and ${plan.edges.length} edges ...`)
    await this.processes.start(this.names.simulators)
    this.#throwIfStopping()
    await this.processes.start(this.names.edges)
    this.#throwIfStopping()
    await this.#waitForLockedDoors()
    this.#supervisor.start()
    return { plan, hubUrl, setupToken, signIns, cast, wasSeeded }
  }

  /**
   * An edge drives its locks once its readers are online, a moment after the process is up; a
   * fail-safe maglock's controller output is off (the door open) until then. The community is
   * ready when every controller reports its door locked: asked again every LOCK_POLL_MS, for at
   * most LOCKS_LOCKED_WAIT_MS, then the doors still open are named and the start goes on.
   */
  async #waitForLockedDoors(): Promise<void> {
    const deadlineMs = Date.now() + LOCKS_LOCKED_WAIT_MS
    for (;;) {
      const open = (await readLockStates(this.processes, this.plan)).filter((lock) => !lock.isSafe)
      if (open.length === 0 || this.#isStopping) return
      if (Date.now() >= deadlineMs) {
        this.#deps.print(`  not locked yet after ${LOCKS_LOCKED_WAIT_MS / 1000} s: ${open.map((lock) => lock.doorId).join(', ')}`)
        return
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS))
    }
  }

  #throwIfStopping(): void {
    if (this.#isStopping) throw new LaunchError('stopped while starting')
  }

  async #checkPorts(): Promise<void> {
    const taken = await takenPorts(this.plan.host, neededPorts(this.plan))
    if (taken.length === 0) return
    const lines = taken.map((entry) => `  ${entry.port}  ${entry.purpose}`)
    throw new LaunchError(
      `these ports are taken (is another npm start running?):\n${lines.join('\n')}\nStop what uses them, or pick another block of ports with --port-base N (uses N to N+39).`,
    )
  }

  async #seed(): Promise<void> {
    const startedAtMs = Date.now()
    this.#deps.print(`Seeding the demo community (${this.#options.households} households) into ${this.dataDir.root} ...`)
    const seeded = await seedCommunity(this.dataDir.hubDbPath, this.plan, this.#options.households, this.#deps.log)
    this.dataDir.writeSeed(seeded.cast, seeded.signIns)
    this.#deps.print(`  ${seeded.cast.members.length} people with cards, ${seeded.cast.entryPasses} entry passes, in ${((Date.now() - startedAtMs) / 1000).toFixed(1)} s`)
  }

  /** Starts the hub and reads the one-time setup token it prints (the line after SETUP_TOKEN_LINE) while no admin exists. */
  async #startHub(hubUrl: string): Promise<string | null> {
    const hub = this.processes.get(this.names.hub)
    let listener: ((stream: string, text: string) => void) | null = null
    const printed = new Promise<string>((resolve) => {
      let isTokenNext = false
      listener = (_stream, text) => {
        if (isTokenNext) resolve(text.trim())
        isTokenNext = SETUP_TOKEN_LINE.test(text)
      }
      hub.on('line', listener)
    })
    try {
      this.#deps.print('Starting the hub ...')
      await hub.start()
      const setup = (await (await fetch(`${hubUrl}/api/setup`)).json()) as { isSetUp?: unknown }
      if (setup.isSetUp === true) return null
      return await withTimeout(printed, TOKEN_WAIT_MS, 'the hub did not print its one-time setup token')
    } finally {
      hub.off('line', listener!)
    }
  }

  async #enrollAndConfigure(hubUrl: string, tokens: ReadonlyMap<string, string>): Promise<void> {
    const { plan, dataDir } = this
    for (const edge of plan.edges) {
      const token = tokens.get(edge.id)
      if (token !== undefined) {
        this.#deps.print(`Enrolling edge ${edge.id} (gatehouse-edge enroll with its one-time token) ...`)
        await runEnrollCommand({ edgeMain: this.#deps.binaries.edgeMain, hubUrl, token, outDir: dataDir.edgeEtcDir(edge.id), dataDir: dataDir.edgeDataDir(edge.id) })
      }
      configureEnrolledEdge(dataDir.edgeConfigPath(edge.id), {
        kioskHost: plan.host,
        kioskPort: edge.kioskPort,
        mqttUrl: `mqtt://${plan.host}:${edge.relayPort}`,
        hubHttpUrl: hubUrl,
        logLevel: 'info',
      })
    }
  }

  async #startRelays(): Promise<void> {
    for (const edge of this.plan.edges) {
      const relay = new TcpRelay({ host: this.plan.host, port: edge.relayPort }, { host: this.plan.host, port: this.plan.hubMqttPort })
      await relay.start()
      this.relays.set(edge.id, relay)
    }
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new LaunchError(what)), timeoutMs)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
