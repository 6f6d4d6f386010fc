#!/usr/bin/env node
import { systemClock } from './clock.js'
import { buildRig } from './cli/build-rig.js'
import { parseSimOptions, SIM_USAGE } from './cli/sim-options.js'
import { ControlServer, serveControlLines } from './control/control-server.js'
import { toHex } from '../../protocol/hex.js'
import { PtyDeviceLink } from './transports/pty-device-link.js'
import { TcpDeviceServer } from './transports/tcp-device-server.js'
import type { SerialDevice } from './serial-device.js'

/** `npm run sim -- DEVICE --listen tcp://HOST:PORT | --pty PATH [--control tcp://…]` */
async function main(): Promise<void> {
  const parsed = parseSimOptions(process.argv.slice(2))
  if (parsed.ok === 'help') {
    console.log(SIM_USAGE)
    return
  }
  if (!parsed.ok) {
    console.error(`gatehouse-sim: invalid options:\n${parsed.violations.map((v) => `  - ${v}`).join('\n')}\n\n${SIM_USAGE}`)
    process.exitCode = 2
    return
  }
  const options = parsed.options
  const { rig, line } = buildRig(options, systemClock)
  const served: SerialDevice = options.isVerbose ? tracing(line) : line
  let transport: { stop(): Promise<void>; unplug(): void | Promise<void>; replug(): void | Promise<void> }
  if (options.listen !== undefined) {
    const server = new TcpDeviceServer(served, options.listen)
    const endpoint = await server.start()
    console.log(`${options.device} listening on tcp://${endpoint.host}:${endpoint.port}`)
    transport = server
  } else {
    const hostPath = options.ptyPath!
    const link = new PtyDeviceLink(served, { devicePath: `${hostPath}.device`, hostPath, baudRate: options.baudRate })
    await link.start()
    console.log(`${options.device} on pseudo-terminal ${hostPath} at ${options.baudRate} baud`)
    transport = link
  }
  const fullRig = { ...rig, transport }
  const control = options.control === undefined ? undefined : new ControlServer(fullRig, options.control)
  if (control !== undefined) {
    const endpoint = await control.start()
    console.log(`control on tcp://${endpoint.host}:${endpoint.port} (type help)`)
  }
  serveControlLines(fullRig, process.stdin, process.stdout)
  const stop = async () => {
    await control?.stop()
    await transport.stop()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

/** --verbose: every byte in and out, as hex, on stderr. */
function tracing(device: SerialDevice): SerialDevice {
  return {
    receive: (bytes) => {
      console.error(`<- ${toHex(bytes)}`)
      device.receive(bytes)
    },
    attach: (transmit) =>
      device.attach((bytes) => {
        console.error(`-> ${toHex(bytes)}`)
        transmit(bytes)
      }),
    start: () => device.start(),
    stop: () => device.stop(),
  }
}

main().catch((error: unknown) => {
  const code = (error as { code?: string }).code
  console.error(`gatehouse-sim: ${code ? `${code}: ` : ''}${(error as Error).message}`)
  process.exitCode = 1
})
