/**
 * Issue 6 §1 from the outside: `npm start` (dist/firmware-sim/src/community/main.js) run as a
 * process, as a newcomer runs it, with its hub, edges and simulated devices as real processes on
 * loopback. The community comes up seeded (counts through the hub's API, no admin, a setup token,
 * demo sign-ins in a 0600 file); a card presented at a simulated reader reaches the hub's ledger;
 * SIGTERM stops everything with exit code 0 and every lock in its safe state; a second start
 * reuses the data; --help explains; a taken port is one clear error.
 */
import t from 'tap'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execFile } from 'node:child_process'
import { ManagedProcess, type ProcessOutput } from '../../../firmware-sim/src/community/managed-process.js'
import { communityPlan, neededPorts, PORT_BLOCK_SIZE } from '../../../firmware-sim/src/community/community-plan.js'
import { SimControlClient } from '../../../firmware-sim/src/community/sim-control-client.js'
import { takenPorts } from '../../../firmware-sim/src/community/taken-ports.js'
import { SseClient, type SseFrame } from '../../fakes/sse-client.js'
import { boundedWait } from '../../stories/bounded-wait.js'
import { HubApiClient } from '../hub/hub-api-client.js'

type Json = Record<string, unknown>

const LAUNCHER = fileURLToPath(new URL('../../../dist/firmware-sim/src/community/main.js', import.meta.url))
const HOUSEHOLDS = 20
const STARTUP_MS = 90_000
const WAIT_MS = 20_000

if (!existsSync(LAUNCHER)) t.fail(`${LAUNCHER} is missing: build first (npm run build; npm test does it in pretest)`)

/** A block of ports nothing listens on (random, checked), below Linux's ephemeral range (32768+) where outgoing connections would take them. */
async function freePortBase(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 120) * 100
    if ((await takenPorts('127.0.0.1', neededPorts(communityPlan(base)))).length === 0) return base
  }
  throw new Error('no free block of ports')
}

function launcher(name: string, args: readonly string[], lines: string[]): ManagedProcess {
  const output: ProcessOutput = { line: (_name, _stream, text) => lines.push(text) }
  return new ManagedProcess({ name, command: process.execPath, args: [LAUNCHER, ...args], readyLine: /^Ctrl-C stops everything\.$/, readyTimeoutMs: STARTUP_MS, stopTimeoutMs: 60_000 }, output)
}

function runToEnd(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [LAUNCHER, ...args], { timeout: 30_000 }, (error, stdout, stderr) => resolve({ code: error === null ? 0 : ((error as { code?: number }).code ?? null), stdout, stderr }))
  })
}

t.test('--help explains every option', async (t) => {
  const { code, stdout } = await runToEnd(['--help'])
  t.equal(code, 0, 'exit code 0')
  for (const option of ['--port-base', '--data-dir', '--reset', '--scenario', '--verbose', '--households']) t.match(stdout, option, `explains ${option}`)
})

t.test('a taken port is one clear error, naming it, before anything starts', async (t) => {
  const base = await freePortBase()
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(base + 10, '127.0.0.1', resolve))
  t.teardown(() => blocker.close())
  const dataDir = join(t.testdir(), 'data')
  const { code, stderr } = await runToEnd(['--port-base', String(base), '--data-dir', dataDir])
  t.equal(code, 1, 'exit code 1')
  t.match(stderr, `${base + 10}  hub MQTT broker`, 'names the port and what it is for')
  t.match(stderr, '--port-base', 'says how to move elsewhere')
  t.notOk(existsSync(join(dataDir, 'hub')), 'nothing was seeded')
})

t.test('the community comes up seeded, a card reaches the ledger, SIGTERM stops it cleanly, a second start reuses the data', async (t) => {
  const base = await freePortBase()
  const plan = communityPlan(base)
  const dataDir = join(t.testdir(), 'data')
  const args = ['--port-base', String(base), '--data-dir', dataDir, '--households', String(HOUSEHOLDS), '--verbose']
  const hubUrl = `http://127.0.0.1:${plan.hubHttpPort}`

  // First start: seeded, enrolled, running.
  const firstLines: string[] = []
  const first = launcher('npm-start', args, firstLines)
  t.teardown(() => first.kill())
  const buildingPolicy = first.nextLine(/^\[edge-bld-1\] .*"msg":"policy (snapshot )?applied"/)
  await first.start()
  t.ok(firstLines.some((line) => line.includes('seeded just now')), 'the first start seeds')
  const tokenAt = firstLines.findIndex((line) => line.startsWith('this one-time setup token'))
  t.match(firstLines[tokenAt + 1], /^ {4}\S{20,}$/, 'prints the one-time setup token')
  const anonymous = new HubApiClient(hubUrl)
  t.same(await anonymous.expect('GET', '/api/setup'), { isSetUp: false }, 'no admin account exists: the newcomer creates it with the token')
  const signInsPath = join(dataDir, 'demo-sign-ins.json')
  t.equal(statSync(signInsPath).mode & 0o777, 0o600, 'the demo passwords are in a 0600 file')
  const signIns = JSON.parse(readFileSync(signInsPath, 'utf8')) as { username: string; password: string; role: string }[]
  t.same(signIns.map((signIn) => signIn.role).sort(), ['gate-staff', 'grid-manager', 'grid-manager', 'landlord', 'resident'], 'a demo sign-in for each staff role and a resident')
  for (const signIn of signIns) t.ok(firstLines.some((line) => line.includes(signIn.username) && line.includes(signIn.password)), `${signIn.username} is printed`)

  const managers = await Promise.all(
    ['grid1.li', 'grid2.zhao'].map(async (username) => {
      const signIn = signIns.find((candidate) => candidate.username === username)!
      const client = new HubApiClient(hubUrl)
      await client.signIn(signIn.username, signIn.password)
      return client
    }),
  )
  const [manager, manager2] = managers as [HubApiClient, HubApiClient]
  const households = async (clients: readonly HubApiClient[]) => {
    const pages = await Promise.all(clients.map((client) => client.expect<{ items: Json[] }>('GET', '/api/buildings')))
    return { buildings: pages.flatMap((page) => page.items).length, households: pages.flatMap((page) => page.items).reduce((sum, building) => sum + Number(building.householdCount), 0) }
  }
  t.same(await households(managers), { buildings: 3, households: HOUSEHOLDS }, `three buildings (building 3 the small sealed one), ${HOUSEHOLDS} households, seen by the two grid managers`)
  const lockdowns = await manager2.expect<{ items: Json[] }>('GET', '/api/lockdowns')
  t.equal(lockdowns.items.filter((lockdown) => lockdown.status === 'in-force').length, 1, 'one building sealed')
  const orders = await manager.expect<{ items: Json[] }>('GET', '/api/observation-orders')
  t.match(orders.items, [{ subjectKind: 'household', status: 'in-force' }], 'a household under home observation')
  const edges = await manager.expect<{ items: Json[] }>('GET', '/api/edges')
  t.same(edges.items.map((edge) => edge.id).sort(), ['bld-1', 'bld-2', 'gate'], 'the three edges')
  const kiosk = await fetch(`http://127.0.0.1:${plan.edges[0]!.kioskPort}/api/screens`)
  t.equal(kiosk.status, 200, 'the gate serves its kiosk screen')

  // A resident of building 1 presents their card at the building-1 door; the event reaches the ledger.
  const cast = JSON.parse(readFileSync(join(dataDir, 'community.json'), 'utf8')) as { members: { personId: string; building: number | null; role: string; card: number }[] }
  const resident = cast.members.find((member) => member.role === 'resident' && member.building === 1)!
  await boundedWait('the building-1 edge on its first policy', (done) => (void buildingPolicy.promise.then(() => done()), () => buildingPolicy.cancel()), WAIT_MS)
  const live = await SseClient.connect(`${hubUrl}/api/live`, manager.cookieHeader)
  t.teardown(() => live.close())
  const reader = plan.simulators.find((sim) => sim.name === 'bld-1-in')!
  const control = new SimControlClient(reader.control)
  t.teardown(() => control.close())
  t.equal(await control.send(`card 100 ${resident.card}`), `ok card 100/${resident.card}`, 'the card is presented at the simulated reader')
  const frame = await boundedWait<SseFrame>(
    'the access event on the live feed',
    (done) => (void live.next((candidate) => candidate.event === 'access' && (candidate.data as Json).doorId === 'bld-1-door').then(done), () => undefined),
    WAIT_MS,
  )
  t.match(frame.data, { doorId: 'bld-1-door', granted: true, personId: resident.personId }, 'granted at the door, live at the hub')
  const ledger = await manager.expect<{ events: Json[] }>('GET', '/api/events?doorId=bld-1-door')
  t.match(ledger.events, [{ doorId: 'bld-1-door', granted: true, reason: 'GRANTED', personId: resident.personId }], 'GET /api/events has it')

  // SIGTERM: edges first, every lock in its safe state, exit code 0, every port free again.
  const exit = await first.stop()
  t.match(exit, { code: 0, signal: null }, 'SIGTERM: exit code 0')
  t.ok(firstLines.includes('Stopped cleanly; the locks as the door controllers reported them once the edges had stopped:'), 'stopped cleanly')
  const lockLines = firstLines.filter((line) => / relay (energised|released|unknown)/.test(line))
  t.equal(lockLines.length, 6, 'a line for each of the six doors')
  t.ok(lockLines.every((line) => line.trimEnd().endsWith(' safe')), `every lock in its safe state:\n${lockLines.join('\n')}`)
  t.same(await takenPorts('127.0.0.1', neededPorts(plan)), [], 'no process is left listening')

  // Second start: the same community and sign-ins, no reseed, no re-enrollment.
  const secondLines: string[] = []
  const second = launcher('npm-start-again', args, secondLines)
  t.teardown(() => second.kill())
  await second.start()
  t.ok(secondLines.some((line) => line.includes('reused')), 'the second start reuses the data')
  t.notOk(secondLines.some((line) => /^Seeding|^Enrolling/.test(line)), 'nothing seeded or enrolled again')
  t.same(JSON.parse(readFileSync(signInsPath, 'utf8')), signIns, 'the same sign-ins')
  const again = await Promise.all(
    signIns
      .filter((signIn) => signIn.role === 'grid-manager')
      .map(async (signIn) => {
        const client = new HubApiClient(hubUrl)
        await client.signIn(signIn.username, signIn.password)
        return client
      }),
  )
  t.same(await households(again), { buildings: 3, households: HOUSEHOLDS }, 'the same community, the same sign-ins work')
  const afterRestart = await again[0]!.expect<{ events: Json[] }>('GET', '/api/events?doorId=bld-1-door')
  t.equal(afterRestart.events.length, 1, 'the ledger kept the first run\'s event')
  t.match(await second.stop(), { code: 0 }, 'stops with exit code 0 again')
  t.ok(PORT_BLOCK_SIZE >= neededPorts(plan).length, 'the port block holds every port')
})
