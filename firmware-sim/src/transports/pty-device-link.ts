import { spawn, type ChildProcess } from 'node:child_process'
import { SerialPort } from 'serialport'
import type { SerialDevice } from '../serial-device.js'

export interface PtyDeviceLinkOptions {
  /** Where the device's end of the pair is linked (the simulator opens it). */
  readonly devicePath: string
  /** Where the host's end is linked: what the edge daemon opens as its serial port. */
  readonly hostPath: string
  readonly baudRate: number
}

/**
 * Serves a device on a pseudo-terminal pair made by socat, so the host talks to it through the
 * real serialport binding exactly as it would to /dev/ttyUSB0. Unplugging kills socat, which
 * the host sees as a disconnected port; replugging makes a fresh pair at the same paths.
 */
export class PtyDeviceLink {
  readonly #device: SerialDevice
  readonly #options: PtyDeviceLinkOptions
  #socat: ChildProcess | undefined
  #port: SerialPort | undefined

  constructor(device: SerialDevice, options: PtyDeviceLinkOptions) {
    this.#device = device
    this.#options = options
  }

  get hostPath(): string {
    return this.#options.hostPath
  }

  async start(): Promise<void> {
    this.#device.attach((bytes) => this.#port?.write(bytes))
    this.#device.start()
    await this.replug()
  }

  async stop(): Promise<void> {
    await this.unplug()
    this.#device.stop()
  }

  async replug(): Promise<void> {
    if (this.#socat !== undefined) return
    const { devicePath, hostPath, baudRate } = this.#options
    const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${hostPath}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    this.#socat = socat
    await waitForPtys(socat)
    const port = new SerialPort({ path: devicePath, baudRate, autoOpen: false })
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())))
    port.on('data', (bytes: Buffer) => this.#device.receive(bytes))
    port.on('error', () => {})
    this.#port = port
  }

  /** Kills socat first, as a pulled cable would; then releases the device end. */
  async unplug(): Promise<void> {
    const socat = this.#socat
    this.#socat = undefined
    if (socat !== undefined && socat.exitCode === null && socat.signalCode === null) {
      const exited = new Promise<void>((resolve) => socat.once('exit', () => resolve()))
      socat.kill('SIGTERM')
      await exited
    }
    const port = this.#port
    this.#port = undefined
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()))
  }
}

/** socat -d -d prints "PTY is /dev/pts/N" for each end, then "starting data transfer loop". */
function waitForPtys(socat: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('starting data transfer loop')) {
        socat.stderr?.off('data', onData)
        socat.stderr?.resume()
        resolve()
      }
    }
    socat.stderr?.on('data', onData)
    socat.once('error', (error) => reject(Object.assign(error, { code: 'SOCAT_UNAVAILABLE' })))
    socat.once('exit', (code) => reject(Object.assign(new Error(`socat exited with ${code}: ${output}`), { code: 'SOCAT_EXITED' })))
  })
}
