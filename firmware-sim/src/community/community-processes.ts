import { ManagedProcess, type ProcessExit, type ProcessOutput, type ProcessSpec } from './managed-process.js'
import { SimControlClient } from './sim-control-client.js'
import type { TcpEndpoint } from '../transports/tcp-device-server.js'

/**
 * The named processes of a community (hub, edges, simulators), for the launcher, the story
 * tests and chaos: start, stop (SIGTERM), kill (SIGKILL) and restart each by name, stop groups
 * in order, hear about exits nobody asked for, and type control lines into a simulator's
 * control port.
 */
export class CommunityProcesses {
  readonly #output: ProcessOutput
  readonly #processes = new Map<string, ManagedProcess>()
  readonly #controls = new Map<string, { readonly endpoint: TcpEndpoint; client: SimControlClient | null }>()
  readonly #unexpectedExitListeners = new Set<(exit: ProcessExit) => void>()

  constructor(output: ProcessOutput) {
    this.#output = output
  }

  /** Registers a process (not started); a simulator also names its control port. */
  add(spec: ProcessSpec, control?: TcpEndpoint): ManagedProcess {
    if (this.#processes.has(spec.name)) throw new Error(`a process named ${spec.name} is already registered`)
    const process = new ManagedProcess(spec, this.#output)
    process.on('exit', (exit) => {
      if (exit.isExpected) return
      for (const listener of this.#unexpectedExitListeners) listener(exit)
    })
    this.#processes.set(spec.name, process)
    if (control !== undefined) this.#controls.set(spec.name, { endpoint: control, client: null })
    return process
  }

  get(name: string): ManagedProcess {
    const process = this.#processes.get(name)
    if (process === undefined) throw new Error(`no process named ${name}`)
    return process
  }

  names(): string[] {
    return [...this.#processes.keys()]
  }

  /** Starts these (all at once) and resolves when every one is ready; if one fails, the others started stay up. */
  async start(names: readonly string[]): Promise<void> {
    const outcomes = await Promise.allSettled(names.map((name) => this.get(name).start()))
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
    if (failed !== undefined) throw failed.reason
  }

  stop(name: string): Promise<ProcessExit> {
    return this.get(name).stop()
  }

  kill(name: string): Promise<ProcessExit> {
    return this.get(name).kill()
  }

  restart(name: string): Promise<string> {
    return this.get(name).restart()
  }

  /** Stops the groups one after the other, each group's processes at once; resolves with the exit of every process that ever started. */
  async stopInOrder(groups: readonly (readonly string[])[]): Promise<ProcessExit[]> {
    const exits: ProcessExit[] = []
    for (const group of groups) {
      const started = group.filter((name) => this.get(name).hasStarted)
      exits.push(...(await Promise.all(started.map((name) => this.stop(name)))))
    }
    this.closeControls()
    return exits
  }

  /** A process exited by itself (crashed, or its own fatal error); returns the unsubscribe. */
  onUnexpectedExit(listener: (exit: ProcessExit) => void): () => void {
    this.#unexpectedExitListeners.add(listener)
    return () => this.#unexpectedExitListeners.delete(listener)
  }

  /** Sends one control line to a simulator (`card 212 7041`, `temp 38.2`, `status`) and resolves with its one-line answer. */
  control(name: string, line: string): Promise<string> {
    const control = this.#controls.get(name)
    if (control === undefined) throw new Error(`${name} has no control port`)
    control.client ??= new SimControlClient(control.endpoint)
    return control.client.send(line)
  }

  closeControls(): void {
    for (const control of this.#controls.values()) {
      control.client?.close()
      control.client = null
    }
  }
}
