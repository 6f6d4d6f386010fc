import t, { type Test } from 'tap'
import { spawn } from 'node:child_process'
import { connect, type Socket } from 'node:net'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { SerialPort } from 'serialport'
import { systemClock } from '../../firmware-sim/src/clock.js'
import { readerConfig } from '../../firmware-sim/src/osdp/osdp-reader-config.js'
import { SimulatedOsdpReader } from '../../firmware-sim/src/osdp/simulated-osdp-reader.js'
import type { HostLink } from '../../firmware-sim/src/transports/host-link.js'
import { connectInProcess } from '../../firmware-sim/src/transports/in-process-link.js'
import { PtyDeviceLink } from '../../firmware-sim/src/transports/pty-device-link.js'
import { TcpDeviceServer } from '../../firmware-sim/src/transports/tcp-device-server.js'
import { fromHex } from '../../protocol/hex.js'
import { MinimalControlPanel } from '../fakes/minimal-control-panel.js'

function newReader() {
  return new SimulatedOsdpReader(readerConfig({ address: 0x11, replyDelayMs: 1 }), systemClock)
}

/** ID → CAP → polling → card read → LED/BUZ/OUT, as a control panel brings a reader up. */
async function bringUpAndUse(t: Test, reader: SimulatedOsdpReader, link: HostLink): Promise<void> {
  const cp = new MinimalControlPanel(link, 0x11)
  t.match((await cp.send({ type: 'ID' })).reply, { type: 'PDID', serialNumber: reader.config.identity.serialNumber })
  t.match((await cp.send({ type: 'CAP' })).reply, { type: 'PDCAP' })
  t.same((await cp.send({ type: 'POLL' })).reply, { type: 'ACK' })
  reader.presentCard({ facility: 212, card: 7041 })
  t.same((await cp.send({ type: 'POLL' })).reply, {
    type: 'RAW',
    reader: 0,
    format: 'wiegand',
    bitCount: 26,
    data: fromHex('EA 0D C0 80'),
  })
  const led = {
    reader: 0,
    led: 0,
    temporary: { control: 'nop', onMs: 0, offMs: 0, onColor: 'none', offColor: 'none', timerMs: 0 },
    permanent: { control: 'set', onMs: 100, offMs: 0, onColor: 'green', offColor: 'none' },
  } as const
  t.same((await cp.send({ type: 'LED', leds: [led] })).reply, { type: 'ACK' })
  t.same((await cp.send({ type: 'BUZ', reader: 0, tone: 'default', onMs: 200, offMs: 0, count: 1 })).reply, { type: 'ACK' })
  t.same((await cp.send({ type: 'OUT', outputs: [{ output: 0, action: 'permanent-on', timerMs: 0 }] })).reply, {
    type: 'OSTATR',
    outputs: [true],
  })
  t.same((await cp.send({ type: 'OUT', outputs: [{ output: 0, action: 'permanent-off', timerMs: 0 }] })).reply, {
    type: 'OSTATR',
    outputs: [false],
  })
  t.same(reader.door.outputTrace.map((change) => change.isActive), [true, false])
  t.equal(reader.door.leds.get(0)?.permanent.onColor, 'green')
  t.same(cp.decodeErrors, [])
}

function socketLink(socket: Socket): HostLink {
  return {
    write: (bytes) => socket.write(bytes),
    onData: (listener) => socket.on('data', listener),
    close: () => socket.destroy(),
  }
}

function serialLink(port: SerialPort): HostLink {
  return {
    write: (bytes) => port.write(bytes),
    onData: (listener) => port.on('data', listener),
    close: () => port.close(),
  }
}

t.test('in-process transport', async (t) => {
  const reader = newReader()
  const link = connectInProcess(reader)
  t.teardown(() => link.close())
  await bringUpAndUse(t, reader, link)
})

t.test('tcp:// transport, one client at a time, unplug and replug', async (t) => {
  const reader = newReader()
  const server = new TcpDeviceServer(reader, { host: '127.0.0.1', port: 0 })
  const { port } = await server.start()
  t.teardown(() => server.stop())
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  await bringUpAndUse(t, reader, socketLink(socket))
  const second = connect(port, '127.0.0.1')
  await once(second, 'close')
  t.equal(server.refusedConnections, 1, 'a second client is refused while the port is in use')
  const closed = once(socket, 'close')
  server.unplug()
  await closed
  const whileUnplugged = connect(port, '127.0.0.1')
  await once(whileUnplugged, 'close')
  t.equal(server.refusedConnections, 2)
  server.replug()
  const again = connect(port, '127.0.0.1')
  await once(again, 'connect')
  const cp = new MinimalControlPanel(socketLink(again), 0x11)
  t.same((await cp.send({ type: 'POLL' })).reply, { type: 'ACK' })
  again.destroy()
})

t.test('pseudo-terminal transport through the real serialport binding', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-pty-'))
  const reader = newReader()
  const link = new PtyDeviceLink(reader, { devicePath: join(dir, 'device'), hostPath: join(dir, 'host'), baudRate: 115200 })
  await link.start()
  t.teardown(() => link.stop())
  const port = new SerialPort({ path: link.hostPath, baudRate: 115200, autoOpen: false })
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())))
  await bringUpAndUse(t, reader, serialLink(port))
  port.on('error', () => {})
  const closed = new Promise((resolve) => port.once('close', resolve))
  await link.unplug()
  // A control panel polls without pause; its next write is what meets the hung-up line.
  port.write(Buffer.of(0x53))
  await closed
  t.equal(port.isOpen, false, 'the host port closes once the line is unplugged')
  await link.replug()
  const again = new SerialPort({ path: link.hostPath, baudRate: 115200, autoOpen: false })
  await new Promise<void>((resolve, reject) => again.open((error) => (error ? reject(error) : resolve())))
  const cp = new MinimalControlPanel(serialLink(again), 0x11)
  t.same((await cp.send({ type: 'POLL' })).reply, { type: 'ACK' }, 'the replugged line carries traffic again')
  await new Promise<void>((resolve) => again.close(() => resolve()))
})

t.test('the CLI serves the documented POLL → ACK on tcp://', async (t) => {
  const sim = spawn(process.execPath, ['dist/firmware-sim/src/main.js', 'osdp-reader', '--address', '101', '--listen', 'tcp://127.0.0.1:0'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  t.teardown(() => sim.kill('SIGTERM'))
  const [banner] = (await once(sim.stdout!, 'data')) as [Buffer]
  const port = Number(/tcp:\/\/127\.0\.0\.1:(\d+)/.exec(banner.toString())?.[1])
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  socket.write(fromHex('FF 53 65 08 00 04 60 60 90'))
  const [reply] = (await once(socket, 'data')) as [Buffer]
  t.same(reply, fromHex('FF 53 E5 08 00 04 40 D2 96'))
  sim.stdin!.write('card 212 7041\n')
  const [answer] = (await once(sim.stdout!, 'data')) as [Buffer]
  t.equal(answer.toString().trim(), 'ok card 212/7041')
  socket.destroy()
})

t.test('the CLI lists every invalid option at once and exits 2', async (t) => {
  const sim = spawn(process.execPath, ['dist/firmware-sim/src/main.js', 'toaster', '--address', '300', '--listen', 'udp://x'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  sim.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const [code] = (await once(sim, 'exit')) as [number]
  t.equal(code, 2)
  t.match(stderr, /DEVICE must be one of/)
  t.match(stderr, /--address must be 0-126/)
  t.match(stderr, /--listen must be tcp:\/\/HOST:PORT/)
})
