/**
 * Issue 6 §2: the stories of ARCHITECTURE.md §1 with the hub, the three edges and the simulated
 * devices as separate processes (the `npm start` community: loopback MQTT through each edge's
 * relay, `tcp://` serial links to the simulators), told from the outside: cards and keypad codes
 * typed at the simulators' control ports, the answer read from the hub's live feed and ledger
 * (GET /api/events), the phone API and the lock outputs the simulated door controllers traced.
 *
 * Story 6 (an entry pushed live to the managers), story 2 (the lent pass meets anti-passback),
 * story 3 (home observation: the way out is refused) and story 5 (a visitor at the wrong building).
 */
import t, { type Test } from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLogger } from '../../edge/src/adapters/create-logger.js'
import { CommunityLauncher, type RunningCommunity } from '../../firmware-sim/src/community/community-launcher.js'
import { communityPlan, neededPorts } from '../../firmware-sim/src/community/community-plan.js'
import { simulatorProcessName } from '../../firmware-sim/src/community/community-process-specs.js'
import type { CastMember } from '../../firmware-sim/src/community/community-files.js'
import type { ProcessOutput } from '../../firmware-sim/src/community/managed-process.js'
import { DEMO_CARD_FACILITY } from '../../firmware-sim/src/community/seed-people.js'
import { takenPorts } from '../../firmware-sim/src/community/taken-ports.js'
import { SseClient, type SseFrame } from '../fakes/sse-client.js'
import { HubApiClient } from '../integration/hub/hub-api-client.js'
import { boundedWait } from './bounded-wait.js'

type Json = Record<string, unknown>

const DIST = new URL('../../dist/', import.meta.url)
const binaries = {
  hubMain: fileURLToPath(new URL('hub/src/main.js', DIST)),
  edgeMain: fileURLToPath(new URL('edge/src/main.js', DIST)),
  simMain: fileURLToPath(new URL('firmware-sim/src/main.js', DIST)),
}
const WAIT_MS = 30_000
const POLICY_LINE = /"msg":"policy (snapshot )?applied"/

if (!existsSync(binaries.simMain)) t.fail(`${binaries.simMain} is missing: build first (npm run build; npm test does it in pretest)`)

async function freePortBase(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 400) * 100
    if ((await takenPorts('127.0.0.1', neededPorts(communityPlan(base)))).length === 0) return base
  }
  throw new Error('no free block of ports')
}

/** Every line the community's processes print, and a wait for the n-th line of a process that matches. */
class ProcessLines implements ProcessOutput {
  readonly #lines: { readonly name: string; readonly text: string }[] = []
  readonly #listeners = new Set<() => void>()

  line(name: string, _stream: string, text: string): void {
    this.#lines.push({ name, text })
    for (const listener of this.#listeners) listener()
  }

  count(prefix: string, pattern: RegExp): number {
    return this.#lines.filter((line) => line.name.startsWith(prefix) && pattern.test(line.text)).length
  }

  /** Resolves once the processes named `prefix…` printed `count` lines matching `pattern`. */
  until(prefix: string, pattern: RegExp, count: number): Promise<void> {
    return boundedWait(`${count} lines of ${prefix} matching ${pattern}`, (done) => {
      const check = () => this.count(prefix, pattern) >= count && done()
      this.#listeners.add(check)
      check()
      return () => this.#listeners.delete(check)
    }, WAIT_MS)
  }
}

t.test('the stories, told by a community of processes', async (t) => {
  const lines = new ProcessLines()
  const dataDir = join(t.testdir(), 'data')
  const launcher = new CommunityLauncher(
    { dataDir, portBase: await freePortBase(), households: 12, isReset: false },
    { binaries, output: lines, print: () => undefined, log: createLogger('warn', undefined, 'process-stories') },
  )
  t.teardown(() => launcher.stop())
  const community: RunningCommunity = await launcher.start()
  await Promise.all(community.plan.edges.map((edge) => lines.until(`edge-${edge.id}`, POLICY_LINE, 1)))
  const { cast } = community
  const signIns = JSON.parse(readFileSync(launcher.dataDir.signInsPath, 'utf8')) as { username: string; password: string }[]
  const signedIn = async (username: string) => {
    const signIn = signIns.find((candidate) => candidate.username === username)!
    const client = new HubApiClient(community.hubUrl)
    await client.signIn(signIn.username, signIn.password)
    return client
  }
  const [grid1, grid2, gateStaff, resident] = await Promise.all(['grid1.li', 'grid2.zhao', 'gate.zhou', 'resident.demo'].map(signedIn)) as [HubApiClient, HubApiClient, HubApiClient, HubApiClient]
  const feeds = await Promise.all([grid1, grid2, gateStaff].map((client) => SseClient.connect(`${community.hubUrl}/api/live`, client.cookieHeader)))
  t.teardown(() => feeds.forEach((feed) => feed.close()))
  const seen = new Set<string>()

  const [grid1Feed, grid2Feed, gateFeed] = feeds as [SseClient, SseClient, SseClient]

  /** The next access event at the door no earlier step took, as this account's live feed shows it (people masked per role). */
  const nextAccess = (doorId: string, feed: SseClient): Promise<Json> =>
    boundedWait<Json>(`an access event at ${doorId} on the live feed`, (done) => {
      const matches = (frame: SseFrame) => frame.event === 'access' && (frame.data as Json).doorId === doorId && !seen.has(String((frame.data as Json).id))
      void feed.next(matches).then((frame) => {
        seen.add(String((frame.data as Json).id))
        done(frame.data as Json)
      }, () => undefined)
      return () => undefined
    }, WAIT_MS)
  const device = (simulator: string, line: string) => launcher.processes.control(simulatorProcessName(simulator), line)
  const lockOpenings = async (simulator: string, failMode: 'fail-safe' | 'fail-secure'): Promise<number> => {
    const status = JSON.parse((await device(simulator, 'status')).slice(3)) as { reader: { output0Energised: number; output0Released: number } }
    return failMode === 'fail-secure' ? status.reader.output0Energised : status.reader.output0Released
  }
  const card = async (t: Test, simulator: string, member: CastMember) => t.match(await device(simulator, `card ${DEMO_CARD_FACILITY} ${member.card}`), /^ok card/, `${member.name}'s card at ${simulator}`)
  const observed = cast.members.find((member) => member.personId === cast.roles.returnee)!.householdId
  const residentsOf = (building: 1 | 2) => cast.members.filter((member) => member.role !== 'staff' && member.building === building && member.householdId !== observed)

  await t.test("story 6: an entry at a building door is pushed live to the building's grid manager and opens the maglock once", async (t) => {
    const member = residentsOf(1)[0]!
    const before = await lockOpenings('bld-1-in', 'fail-safe')
    const event = nextAccess('bld-1-door', grid1Feed)
    await card(t, 'bld-1-in', member)
    t.match(await event, { doorId: 'bld-1-door', granted: true, reason: 'GRANTED', personId: member.personId }, 'the live feed shows the entry')
    const ledger = await grid1.expect<{ events: Json[] }>('GET', '/api/events?doorId=bld-1-door')
    t.match(ledger.events[0], { granted: true, personId: member.personId }, 'GET /api/events has it')
    t.equal(await lockOpenings('bld-1-in', 'fail-safe'), before + 1, 'the maglock was released once')
  })

  await t.test('story 2: a pass handed back over the fence meets anti-passback at the gate', async (t) => {
    const member = residentsOf(2)[1]!
    const before = await lockOpenings('gate-res-in', 'fail-secure')
    await device('gate-thermo', 'temp 36.5')
    t.teardown(() => device('gate-thermo', 'temp none'))
    const first = nextAccess('gate-residents', gateFeed)
    await card(t, 'gate-res-in', member)
    t.match(await first, { granted: true, personId: member.personId, direction: 'in' }, 'the owner goes in')
    const second = nextAccess('gate-residents', gateFeed)
    await card(t, 'gate-res-in', member)
    t.match(await second, { granted: false, reason: 'ANTI_PASSBACK', personId: member.personId }, 'the same card again, with no way out between: ANTI_PASSBACK')
    t.equal(await lockOpenings('gate-res-in', 'fail-secure'), before + 1, 'the strike opened for the owner only')
    const ledger = await gateStaff.expect<{ events: Json[] }>('GET', '/api/events?doorId=gate-residents')
    t.match(ledger.events.slice(0, 2), [{ reason: 'ANTI_PASSBACK' }, { reason: 'GRANTED' }], 'the gate staff see both in the ledger, newest first')
  })

  await t.test('story 3: someone of a household under home observation is refused the way out', async (t) => {
    const member = cast.members.find((candidate) => candidate.householdId === observed && candidate.personId !== cast.roles.returnee) ?? cast.members.find((candidate) => candidate.personId === cast.roles.returnee)!
    const before = await lockOpenings('gate-res-in', 'fail-secure')
    const event = nextAccess('gate-residents', gateFeed)
    await card(t, 'gate-res-out', member)
    t.match(await event, { granted: false, reason: 'QUARANTINED', direction: 'out', personId: member.personId }, 'QUARANTINED on the way out')
    t.equal(await lockOpenings('gate-res-in', 'fail-secure'), before, 'the strike stayed shut')
  })

  await t.test("story 5: a visitor's code opens the host's building, not the one next door", async (t) => {
    const policiesBefore = ['gate', 'bld-1', 'bld-2'].map((edgeId) => lines.count(`edge-${edgeId}`, POLICY_LINE))
    const invite = await resident.expect<Json>('POST', '/api/visitor-passes', { visitorName: '刘先生', validUntilMs: Date.now() + 2 * 3_600_000, codeForm: 'keypad' })
    t.match(invite, { code: /^\d+$/ }, 'the phone API hands the resident a keypad code')
    await lines.until('edge-bld-1', POLICY_LINE, policiesBefore[1]! + 1)
    const openedBefore = await lockOpenings('bld-2-in', 'fail-safe')
    const wrong = nextAccess('bld-2-door', grid2Feed)
    t.match(await device('bld-2-in', `pin ${String(invite.code)}#`), /^ok/, 'typed at building 2')
    t.match(await wrong, { granted: false, doorId: 'bld-2-door' }, 'building 2 refuses the visitor')
    t.equal(await lockOpenings('bld-2-in', 'fail-safe'), openedBefore, 'the building 2 maglock stayed energised')
    const right = nextAccess('bld-1-door', grid1Feed)
    t.match(await device('bld-1-in', `pin ${String(invite.code)}#`), /^ok/, 'typed at building 1')
    t.match(await right, { granted: true, doorId: 'bld-1-door' }, "the host's building opens")
  })
})
