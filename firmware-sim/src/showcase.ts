#!/usr/bin/env node
import { connect } from 'node:net'
import { once } from 'node:events'
import { toHex } from '../../protocol/hex.js'
import { encodeOsdpFrame } from '../../protocol/osdp/osdp-frame.js'
import { ThermometerFrameDecoder } from '../../protocol/thermometer/thermometer-frame-decoder.js'
import { systemClock } from './clock.js'
import { ControlServer, serveControlLines } from './control/control-server.js'
import { CONTROL_HELP } from './control/control-command.js'
import { readerConfig } from './osdp/osdp-reader-config.js'
import { SimulatedOsdpReader } from './osdp/simulated-osdp-reader.js'
import { SimulatedQrScanner } from './qr/simulated-qr-scanner.js'
import { SimulatedThermometer } from './thermometer/simulated-thermometer.js'
import { FaultyLine } from './transports/faulty-line.js'
import { TcpDeviceServer } from './transports/tcp-device-server.js'

/**
 * `npm run showcase`: a gate's devices, simulated and served on local TCP ports the way a
 * ser2net serial server would serve real ones, with one control port to act on them. The whole
 * community (hub, edges and seeded residents) is `npm start` (firmware-sim/src/community/).
 */
const HOST = '127.0.0.1'

async function main(): Promise<void> {
  const reader = new SimulatedOsdpReader(readerConfig({ address: 1 }), systemClock)
  const thermometer = new SimulatedThermometer({ clock: systemClock, random: Math.random })
  const scanner = new SimulatedQrScanner()
  const readerLine = new FaultyLine(reader, systemClock)
  const servers = [
    { name: 'OSDP reader + door controller (address 1)', server: new TcpDeviceServer(readerLine, { host: HOST, port: 7001 }) },
    { name: 'GY-MCU90614 thermometer', server: new TcpDeviceServer(thermometer, { host: HOST, port: 7002 }) },
    { name: 'QR scanner', server: new TcpDeviceServer(scanner, { host: HOST, port: 7003 }) },
  ]
  for (const { name, server } of servers) {
    const endpoint = await server.start()
    console.log(`  ${name.padEnd(44)} tcp://${endpoint.host}:${endpoint.port}`)
  }
  const rig = { clock: systemClock, reader, thermometer, scanner, line: readerLine, transport: servers[0]!.server }
  const control = new ControlServer(rig, { host: HOST, port: 7100 })
  await control.start()
  console.log(`  ${'control (type lines on stdin, or nc)'.padEnd(44)} tcp://${HOST}:7100\n`)

  await selfCheck()
  console.log(`\nGatehouse simulator showcase is running. Try:\n  card 212 7041\n  temp 38.2\n  status\n\n${CONTROL_HELP}\n\nCtrl-C stops.`)
  serveControlLines(rig, process.stdin, process.stdout)
  const stop = async () => {
    await control.stop()
    for (const { server } of servers) await server.stop()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

/** Shows each device answering on the wire: the captured OSDP POLL, and a few temperatures. */
async function selfCheck(): Promise<void> {
  const poll = encodeOsdpFrame({ address: 1, isReply: false, sequence: 0, integrity: 'crc', hasMark: true, code: 0x60, data: Buffer.alloc(0) })
  const osdp = connect(7001, HOST)
  await once(osdp, 'connect')
  osdp.write(poll)
  const [ack] = (await once(osdp, 'data')) as [Buffer]
  console.log(`self-check  OSDP  POLL ${toHex(poll)}  →  ACK ${toHex(ack)}`)
  osdp.destroy()
  const thermo = connect(7002, HOST)
  const decoder = new ThermometerFrameDecoder()
  const readings: string[] = []
  for await (const chunk of thermo) {
    for (const reading of decoder.push(chunk as Buffer, Date.now()).frames) {
      readings.push(`${reading.objectCelsius.toFixed(2)} °C (ambient ${reading.ambientCelsius.toFixed(2)})`)
    }
    if (readings.length >= 3) break
  }
  thermo.destroy()
  console.log(`self-check  thermometer  ${readings.slice(0, 3).join(', ')}`)
}

main().catch((error: unknown) => {
  console.error(`gatehouse showcase: ${(error as Error).message}`)
  process.exitCode = 1
})
