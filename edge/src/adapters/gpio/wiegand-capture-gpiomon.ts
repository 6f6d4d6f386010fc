import type { Clock, TimerHandle } from '../../ports/clock.js'
import type { Logger } from '../../ports/logger.js'
import type { WiegandCapture, WiegandCaptureListener } from '../../ports/wiegand-capture.js'
import { GpiomonEventDecoder } from './gpiomon-event-decoder.js'

interface ReadableLike {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown
}

/** The part of a `ChildProcess` the capture uses; tests pass a fake, `main.ts` node's spawn. */
export interface ChildProcessLike {
  readonly stdout: ReadableLike | null
  readonly stderr: ReadableLike | null
  on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  kill(signal?: NodeJS.Signals): boolean
}

export type SpawnProcess = (command: string, args: readonly string[]) => ChildProcessLike

export interface GpiomonCaptureOptions {
  /** Path or name of gpiomon (Debian package `gpiod`). */
  readonly command?: string
  /** Chip holding the header's lines: `gpiochip0` on a Pi 4, and on a Pi 5 with kernel 6.6+. */
  readonly chip: string
  /** Chip offsets (BCM numbers) of D0 and D1. */
  readonly d0Line: number
  readonly d1Line: number
  /** Bookworm ships libgpiod 1.6.3 (v1 command line); Trixie ships v2, whose flags differ. */
  readonly cliVersion?: 1 | 2
  /** Leave unset when the reader side has pull-ups (usual with a level shifter). */
  readonly bias?: 'pull-up' | 'pull-down' | 'disabled'
  readonly restartInitialMs?: number
  readonly restartMaxMs?: number
}

/**
 * gpiomon's command line for falling edges on D0 and D1, one line per edge: "<offset> <s>.<ns>".
 * v1: `gpiomon -b -f -F '%o %s.%n' <chip> <d0> <d1>` (-b line-buffers stdout). v2 flushes after
 * every batch by itself, takes the chip with -c and the edges with -e, and uses -b for bias.
 */
export function gpiomonArguments(options: GpiomonCaptureOptions): string[] {
  const lines = [String(options.d0Line), String(options.d1Line)]
  if ((options.cliVersion ?? 1) === 1) {
    const bias = options.bias === undefined ? [] : ['-B', options.bias === 'disabled' ? 'disable' : options.bias]
    return ['-b', '-f', ...bias, '-F', '%o %s.%n', options.chip, ...lines]
  }
  const bias = options.bias === undefined ? [] : ['-b', options.bias]
  return ['-c', options.chip, '-e', 'falling', ...bias, '-F', '%o %S', ...lines]
}

const STDERR_TAIL_CHARS = 400
/** A gpiomon that ran this long was healthy: the next restart starts from the short delay. */
const HEALTHY_RUN_MS = 10_000
const KILL_GRACE_MS = 1000

/**
 * Wiegand edges from a `gpiomon` child process: the kernel queues edge events with nanosecond
 * timestamps (GPIO character device), so a busy event loop delays edges but neither loses nor
 * reorders them, and frames are cut on the kernel's timestamps. gpiomon is restarted with a
 * backoff if it exits; every exit is reported as a fault.
 */
export class WiegandCaptureGpiomon implements WiegandCapture {
  readonly #spawn: SpawnProcess
  readonly #clock: Clock
  readonly #log: Logger
  readonly #options: GpiomonCaptureOptions
  #listener: WiegandCaptureListener | undefined
  #child: ChildProcessLike | undefined
  #decoder: GpiomonEventDecoder | undefined
  #restartTimer: TimerHandle | undefined
  #restartMs: number
  #startedAtMs = 0
  #stderrTail = ''
  #onExited: (() => void) | undefined
  #stopping: Promise<void> | undefined
  restarts = 0

  constructor(spawn: SpawnProcess, clock: Clock, log: Logger, options: GpiomonCaptureOptions) {
    this.#spawn = spawn
    this.#clock = clock
    this.#log = log
    this.#options = options
    this.#restartMs = options.restartInitialMs ?? 1000
  }

  get description(): string {
    return `${this.#command} ${this.#options.chip} ${this.#options.d0Line} ${this.#options.d1Line}`
  }

  get isCapturing(): boolean {
    return this.#child !== undefined
  }

  get #command(): string {
    return this.#options.command ?? 'gpiomon'
  }

  start(listener: WiegandCaptureListener): void {
    if (this.#listener !== undefined) return
    this.#listener = listener
    this.#launch()
  }

  async stop(): Promise<void> {
    this.#listener = undefined
    if (this.#restartTimer !== undefined) this.#clock.clearTimeout(this.#restartTimer)
    this.#restartTimer = undefined
    const child = this.#child
    if (child === undefined) return
    this.#stopping ??= this.#terminate(child)
    await this.#stopping
  }

  async #terminate(child: ChildProcessLike): Promise<void> {
    const exited = new Promise<void>((resolve) => (this.#onExited = resolve))
    child.kill('SIGTERM')
    const killTimer = this.#clock.setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS)
    await exited
    this.#clock.clearTimeout(killTimer)
    this.#stopping = undefined
  }

  #launch(): void {
    this.#restartTimer = undefined
    const args = gpiomonArguments(this.#options)
    let child: ChildProcessLike
    try {
      child = this.#spawn(this.#command, args)
    } catch (error) {
      return this.#failed('GPIOMON_SPAWN_FAILED', `cannot start ${this.#command}: ${String(error)}`)
    }
    this.#child = child
    this.#decoder = new GpiomonEventDecoder({ d0: this.#options.d0Line, d1: this.#options.d1Line })
    this.#startedAtMs = this.#clock.now()
    this.#stderrTail = ''
    this.#log.info({ command: this.#command, args }, 'gpiomon started')
    child.stdout?.on('data', (chunk) => this.#stdout(child, chunk))
    child.stderr?.on('data', (chunk) => {
      if (child === this.#child) this.#stderrTail = (this.#stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS)
    })
    child.on('error', (error) => {
      const hint = (error as NodeJS.ErrnoException).code === 'ENOENT' ? ' (is the gpiod package installed?)' : ''
      this.#ended(child, 'GPIOMON_SPAWN_FAILED', `${this.#command}: ${error.message}${hint}`)
    })
    child.on('exit', (code, signal) => {
      const how = signal === null ? `code ${code}` : `signal ${signal}`
      const stderr = this.#stderrTail.trim()
      this.#ended(child, 'GPIOMON_EXITED', `${this.#command} exited with ${how}${stderr === '' ? '' : `: ${stderr}`}`)
    })
  }

  #stdout(child: ChildProcessLike, chunk: Buffer): void {
    if (child !== this.#child || this.#decoder === undefined) return
    const result = this.#decoder.push(chunk, this.#clock.now())
    if (result.frames.length > 0) this.#listener?.edges(result.frames)
    for (const error of result.errors) this.#listener?.fault({ code: error.code, message: error.message })
  }

  /** Called once per child, whether it failed to spawn ('error') or ran and exited. */
  #ended(child: ChildProcessLike, code: string, message: string): void {
    if (child !== this.#child) return
    const leftover = this.#decoder?.expire(Number.POSITIVE_INFINITY).errors ?? []
    for (const error of leftover) this.#listener?.fault({ code: error.code, message: error.message })
    this.#child = undefined
    this.#decoder = undefined
    const onExited = this.#onExited
    this.#onExited = undefined
    if (onExited !== undefined) return onExited()
    if (this.#clock.now() - this.#startedAtMs >= HEALTHY_RUN_MS) this.#restartMs = this.#options.restartInitialMs ?? 1000
    this.#failed(code, message)
  }

  #failed(code: string, message: string): void {
    if (this.#listener === undefined) return
    this.#log.error({ code, message, retryInMs: this.#restartMs }, 'gpiomon stopped')
    this.#listener.fault({ code, message })
    const delayMs = this.#restartMs
    this.#restartMs = Math.min(delayMs * 2, this.#options.restartMaxMs ?? 30_000)
    this.restarts++
    this.#restartTimer = this.#clock.setTimeout(() => this.#launch(), delayMs)
  }
}
