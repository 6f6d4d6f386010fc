import { spawn, type ChildProcess } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { createInterface } from 'node:readline'

/** How to run one process of the community and how to tell it is ready. */
export interface ProcessSpec {
  /** Unique in the community: `hub`, `edge-gate`, `sim-gate-res-in`. */
  readonly name: string
  readonly command: string
  readonly args: readonly string[]
  readonly cwd?: string
  readonly env?: Readonly<Record<string, string>>
  /** A line on its stdout or stderr that says it is serving (a log line, a "listening on" line). */
  readonly readyLine: RegExp
  /** How long it may take to print `readyLine` before start() fails (default 30 s). */
  readonly readyTimeoutMs?: number
  /** How long stop() waits after SIGTERM before it sends SIGKILL (default 15 s). */
  readonly stopTimeoutMs?: number
}

export type OutputStream = 'stdout' | 'stderr'

/** Where every line a process prints goes (the launcher prefixes it, or keeps it quiet). */
export interface ProcessOutput {
  line(name: string, stream: OutputStream, text: string): void
}

export interface ProcessExit {
  readonly name: string
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  /** False when it ended by itself (a crash) once ready; true after stop() or kill(), and while starting (start() rejects instead). */
  readonly isExpected: boolean
}

/** A process that could not be brought up: it exited first, or never printed its ready line. */
export class ProcessStartError extends Error {
  readonly code = 'PROCESS_NOT_READY'
  /** The last lines it printed, to show why. */
  readonly recentLines: readonly string[]

  constructor(message: string, recentLines: readonly string[]) {
    super(message)
    this.recentLines = recentLines
  }
}

const DEFAULT_READY_TIMEOUT_MS = 30_000
const DEFAULT_STOP_TIMEOUT_MS = 15_000
const RECENT_LINES = 40

interface ManagedProcessEvents {
  line: [stream: OutputStream, text: string]
  exit: [exit: ProcessExit]
}

/**
 * One child process of the community: started and awaited until it prints its ready line,
 * stopped with SIGTERM (SIGKILL if it does not exit in time), killed with SIGKILL, restarted.
 * Every line it prints goes to the output and to `line` listeners; its exit is an `exit` event
 * that says whether anyone asked for it. Chaos and story tests drive the same class.
 */
export class ManagedProcess extends EventEmitter<ManagedProcessEvents> {
  readonly spec: ProcessSpec
  readonly #output: ProcessOutput
  readonly #recent: string[] = []
  #child: ChildProcess | null = null
  #exited: Promise<ProcessExit> | null = null
  #isStopping = false
  #isStarting = false
  #lastExit: ProcessExit | null = null

  constructor(spec: ProcessSpec, output: ProcessOutput) {
    super()
    this.spec = spec
    this.#output = output
  }

  get name(): string {
    return this.spec.name
  }

  get pid(): number | null {
    return this.#child?.pid ?? null
  }

  get isRunning(): boolean {
    return this.#child !== null
  }

  /** It was spawned at least once (so it has an exit to report, or is running). */
  get hasStarted(): boolean {
    return this.#child !== null || this.#lastExit !== null
  }

  get lastExit(): ProcessExit | null {
    return this.#lastExit
  }

  /** The last lines it printed (both streams, oldest first). */
  recentLines(): readonly string[] {
    return [...this.#recent]
  }

  /** Spawns it and resolves with its ready line; rejects (and kills it) if it exits first or takes too long. */
  start(): Promise<string> {
    if (this.#child !== null) return Promise.reject(new Error(`${this.name} is already running`))
    const readyLine = this.nextLine(this.spec.readyLine)
    const child = spawn(this.spec.command, [...this.spec.args], {
      cwd: this.spec.cwd,
      env: { ...process.env, ...this.spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a Ctrl-C at the terminal reaches the orchestrator only, which then
      // stops the children in order (edges before the devices they drive), not all at once.
      detached: true,
    })
    this.#child = child
    this.#isStopping = false
    this.#isStarting = true
    this.#exited = new Promise<ProcessExit>((resolve) => {
      child.once('error', (error) => this.#record('stderr', `spawn failed: ${error.message}`))
      child.once('close', (code, signal) => resolve(this.#onExit(child, code, signal)))
    })
    this.#follow(child.stdout!, 'stdout')
    this.#follow(child.stderr!, 'stderr')
    return this.#awaitReady(readyLine.promise, readyLine.cancel)
  }

  /** SIGTERM, then SIGKILL after the stop timeout; resolves with the exit (at once when not running). */
  async stop(): Promise<ProcessExit> {
    const child = this.#child
    if (child === null || this.#exited === null) return this.#lastExit ?? { name: this.name, code: null, signal: null, isExpected: true }
    this.#isStopping = true
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), this.spec.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS)
    try {
      return await this.#exited
    } finally {
      clearTimeout(timer)
    }
  }

  /** SIGKILL at once (a power cut); resolves with the exit. */
  async kill(): Promise<ProcessExit> {
    const child = this.#child
    if (child === null || this.#exited === null) return this.#lastExit ?? { name: this.name, code: null, signal: null, isExpected: true }
    this.#isStopping = true
    child.kill('SIGKILL')
    return this.#exited
  }

  /** Stops it (if running) and starts it again; resolves with the new ready line. */
  async restart(): Promise<string> {
    await this.stop()
    return this.start()
  }

  /** Resolves with the next line (either stream) matching `pattern`; `cancel` drops the wait. */
  nextLine(pattern: RegExp): { readonly promise: Promise<string>; cancel(): void } {
    let listener: ((stream: OutputStream, text: string) => void) | null = null
    const promise = new Promise<string>((resolve) => {
      listener = (_stream, text) => {
        if (!pattern.test(text)) return
        this.off('line', listener!)
        resolve(text)
      }
      this.on('line', listener)
    })
    return { promise, cancel: () => listener !== null && this.off('line', listener) }
  }

  async #awaitReady(ready: Promise<string>, cancel: () => void): Promise<string> {
    const timeoutMs = this.spec.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS
    let timer: NodeJS.Timeout | undefined
    const failure = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new ProcessStartError(`${this.name} was not ready after ${timeoutMs} ms`, this.recentLines())), timeoutMs)
      void this.#exited!.then((exit) => {
        const how = exit.signal !== null ? `signal ${exit.signal}` : `code ${exit.code}`
        reject(new ProcessStartError(`${this.name} exited (${how}) before it was ready`, this.recentLines()))
      })
    })
    // Once ready, a later exit settles this promise too: it is the supervisor's to report, not an unhandled rejection.
    failure.catch(() => undefined)
    try {
      return await Promise.race([ready, failure])
    } catch (error) {
      cancel()
      await this.kill()
      throw error
    } finally {
      clearTimeout(timer)
      this.#isStarting = false
    }
  }

  #follow(stream: NodeJS.ReadableStream, name: OutputStream): void {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (text) => this.#record(name, text))
  }

  #record(stream: OutputStream, text: string): void {
    this.#recent.push(text)
    if (this.#recent.length > RECENT_LINES) this.#recent.shift()
    this.#output.line(this.name, stream, text)
    this.emit('line', stream, text)
  }

  #onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): ProcessExit {
    const exit: ProcessExit = { name: this.name, code, signal, isExpected: this.#isStopping || this.#isStarting }
    if (this.#child === child) {
      this.#child = null
      this.#exited = null
    }
    this.#lastExit = exit
    this.emit('exit', exit)
    return exit
  }
}
