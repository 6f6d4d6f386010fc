/**
 * The orchestration the launcher, the story tests and chaos share: real child processes (tiny
 * node scripts, and a real `gatehouse-sim` from dist/) started until their ready line, stopped
 * with SIGTERM, killed with SIGKILL, restarted; exits nobody asked for reported; control lines
 * typed into a simulator; a TCP relay cut and restored.
 */
import t from 'tap'
import { once } from 'node:events'
import { existsSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CommunityProcesses } from '../../../firmware-sim/src/community/community-processes.js'
import { CommunitySupervisor } from '../../../firmware-sim/src/community/community-supervisor.js'
import { ProcessStartError, type ProcessExit, type ProcessOutput } from '../../../firmware-sim/src/community/managed-process.js'
import { takenPorts } from '../../../firmware-sim/src/community/taken-ports.js'
import { TcpRelay } from '../../../firmware-sim/src/community/tcp-relay.js'

const SIM_MAIN = fileURLToPath(new URL('../../../dist/firmware-sim/src/main.js', import.meta.url))

/** Prints "ready", then a line per SIGTERM it gets; exits 0 on the first unless told to ignore it. */
const SERVICE = `
const ignoresTerm = process.argv.includes('--ignore-term')
console.log('service ready pid=' + process.pid)
process.on('SIGTERM', () => { console.log('got SIGTERM'); if (!ignoresTerm) process.exit(0) })
setInterval(() => {}, 1000)
`

function recordingOutput(): ProcessOutput & { readonly lines: string[] } {
  const lines: string[] = []
  return { lines, line: (name, stream, text) => lines.push(`${name} ${stream} ${text}`) }
}

function script(dir: string, text: string): string {
  const path = join(dir, 'service.mjs')
  writeFileSync(path, text)
  return path
}

t.test('starts a process until its ready line, stops it with SIGTERM and reports the exit as expected', async (t) => {
  const output = recordingOutput()
  const processes = new CommunityProcesses(output)
  const service = processes.add({ name: 'svc', command: process.execPath, args: [script(t.testdir(), SERVICE)], readyLine: /^service ready/ })
  const unexpected: ProcessExit[] = []
  processes.onUnexpectedExit((exit) => unexpected.push(exit))
  const ready = await processes.start(['svc']).then(() => service.recentLines().at(-1))
  t.match(ready, /^service ready pid=\d+$/, 'resolved once it said so')
  t.ok(service.isRunning, 'it runs')
  const exit = await processes.stop('svc')
  t.same(exit, { name: 'svc', code: 0, signal: null, isExpected: true }, 'SIGTERM: it exited 0, as asked')
  t.ok(output.lines.includes('svc stdout got SIGTERM'), 'its lines went to the output, named')
  t.same(unexpected, [], 'a stop is not reported as a crash')
})

t.test('a process that dies on its own is reported; one killed with SIGKILL is not', async (t) => {
  const processes = new CommunityProcesses(recordingOutput())
  const service = processes.add({ name: 'svc', command: process.execPath, args: [script(t.testdir(), SERVICE)], readyLine: /^service ready/ })
  const crashed = new Promise<ProcessExit>((resolve) => processes.onUnexpectedExit(resolve))
  await service.start()
  process.kill(service.pid!, 'SIGKILL')
  t.match(await crashed, { name: 'svc', signal: 'SIGKILL', isExpected: false }, 'killed from outside: reported as unexpected')
  await service.start()
  const killed = await processes.kill('svc')
  t.match(killed, { signal: 'SIGKILL', isExpected: true }, 'kill(): SIGKILL, expected')
  const again = await processes.restart('svc')
  t.match(again, /^service ready/, 'restart() brings it back')
  await processes.stop('svc')
})

t.test('the supervisor restarts a child that died, and gives up on one that keeps dying', async (t) => {
  const processes = new CommunityProcesses(recordingOutput())
  const service = processes.add({ name: 'svc', command: process.execPath, args: [script(t.testdir(), SERVICE)], readyLine: /^service ready/ })
  const reports: string[] = []
  let onReport: (() => void) | null = null
  let giveUp: (reason: string) => void = () => undefined
  const gaveUp = new Promise<string>((resolve) => (giveUp = resolve))
  const supervisor = new CommunitySupervisor(processes, { maxRestarts: 2, windowMs: 60_000 }, {
    report: (line) => (reports.push(line), onReport?.()),
    giveUp: (reason) => giveUp(reason),
  })
  const restarted = (count: number) => new Promise<void>((resolve) => (onReport = () => reports.filter((line) => line.includes('restarted')).length >= count && resolve()))
  t.teardown(() => (supervisor.stop(), processes.stop('svc')))
  supervisor.start()
  await service.start()
  for (const round of [1, 2]) {
    const before = service.pid!
    const back = restarted(round)
    process.kill(before, 'SIGKILL')
    await back
    t.ok(service.isRunning && service.pid !== before, `killed from outside (${round}): running again with a new pid`)
  }
  t.match(reports[0], /^! svc exited unexpectedly \(signal SIGKILL\); its last lines:\n {4}service ready/, 'reported with its last lines')
  process.kill(service.pid!, 'SIGKILL')
  t.equal(await gaveUp, 'svc exited 3 times within 60 s', 'the third death within the window: it gives up')
})

t.test('stop() sends SIGKILL when SIGTERM is not enough', async (t) => {
  const processes = new CommunityProcesses(recordingOutput())
  processes.add({ name: 'stubborn', command: process.execPath, args: [script(t.testdir(), SERVICE), '--ignore-term'], readyLine: /^service ready/, stopTimeoutMs: 300 })
  await processes.start(['stubborn'])
  const termed = processes.get('stubborn').nextLine(/got SIGTERM/).promise
  const exit = await processes.stop('stubborn')
  await termed
  t.match(exit, { signal: 'SIGKILL', isExpected: true }, 'ended by SIGKILL after the stop timeout')
})

t.test('start() fails with the last lines when the process exits before it is ready', async (t) => {
  const processes = new CommunityProcesses(recordingOutput())
  const path = script(t.testdir(), `console.error('config invalid: port taken'); process.exit(2)`)
  processes.add({ name: 'broken', command: process.execPath, args: [path], readyLine: /never/ })
  const error = await processes.start(['broken']).catch((caught: unknown) => caught)
  t.ok(error instanceof ProcessStartError, 'a ProcessStartError')
  t.match((error as ProcessStartError).message, /broken exited \(code 2\) before it was ready/, 'says it exited before it was ready')
  t.same((error as ProcessStartError).recentLines, ['config invalid: port taken'], 'with what it said')
})

t.test('control lines reach a real gatehouse-sim and its answer comes back', { skip: existsSync(SIM_MAIN) ? false : 'dist/ is not built (npm run build)' }, async (t) => {
  const [device = 0, control = 0] = await freePorts(2)
  const processes = new CommunityProcesses(recordingOutput())
  processes.add(
    {
      name: 'sim-reader',
      command: process.execPath,
      args: [SIM_MAIN, 'osdp-reader', '--address', '1', '--listen', `tcp://127.0.0.1:${device}`, '--control', `tcp://127.0.0.1:${control}`],
      readyLine: /^control on tcp:/,
    },
    { host: '127.0.0.1', port: control },
  )
  t.teardown(() => processes.stopInOrder([['sim-reader']]))
  await processes.start(['sim-reader'])
  t.equal(await processes.control('sim-reader', 'card 212 7041'), 'ok card 212/7041', 'the card is queued at the reader')
  const status = await processes.control('sim-reader', 'status')
  t.match(JSON.parse(status.replace(/^ok /, '')), { reader: { address: 1, queuedEvents: 1 } }, 'status answers in one line')
  t.match(await processes.control('sim-reader', 'card x'), /^error: usage: card/, 'a bad line gets its error')
  await processes.restart('sim-reader')
  t.equal(await processes.control('sim-reader', 'door open'), 'ok door open', 'after a restart the control client reconnects')
  const exits = await processes.stopInOrder([['sim-reader']])
  t.match(exits, [{ name: 'sim-reader', code: 0, isExpected: true }], 'the simulator exits 0 on SIGTERM')
})

t.test('a TCP relay passes bytes through, cut() drops and refuses connections, restore() lets them in again', async (t) => {
  const echo = createServer((socket) => socket.pipe(socket))
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
  t.teardown(() => echo.close())
  const echoPort = (echo.address() as { port: number }).port
  const relay = new TcpRelay({ host: '127.0.0.1', port: 0 }, { host: '127.0.0.1', port: echoPort })
  const { port } = await relay.start()
  t.teardown(() => relay.stop())
  const client = connect(port, '127.0.0.1')
  client.write('ping')
  const [echoed] = (await once(client, 'data')) as [Buffer]
  t.equal(echoed.toString(), 'ping', 'bytes pass both ways')
  relay.cut()
  await once(client, 'close')
  t.equal(relay.connections, 0, 'cut() dropped the connection')
  const refused = connect(port, '127.0.0.1')
  await once(refused, 'close')
  t.ok(relay.isCut, 'a new connection is closed at once while cut')
  relay.restore()
  const after = connect(port, '127.0.0.1')
  after.write('pong')
  const [again] = (await once(after, 'data')) as [Buffer]
  t.equal(again.toString(), 'pong', 'restored: traffic flows again')
  after.destroy()
})

t.test('takenPorts names the ports something already listens on', async (t) => {
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  t.teardown(() => blocker.close())
  const busy = (blocker.address() as { port: number }).port
  const [free] = await freePorts(1)
  const taken = await takenPorts('127.0.0.1', [
    { port: free!, purpose: 'hub HTTP' },
    { port: busy, purpose: 'hub MQTT' },
  ])
  t.same(taken, [{ port: busy, purpose: 'hub MQTT' }], 'only the busy one')
})

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = createServer()
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      return server
    }),
  )
  const ports = servers.map((server) => (server.address() as { port: number }).port)
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))))
  return ports
}
