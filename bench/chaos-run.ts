#!/usr/bin/env node
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLogger } from '../edge/src/adapters/create-logger.js'
import { CommunityLauncher } from '../firmware-sim/src/community/community-launcher.js'
import { communityPlan, neededPorts, type CommunityPlan } from '../firmware-sim/src/community/community-plan.js'
import { edgeProcessName, simulatorProcessName } from '../firmware-sim/src/community/community-process-specs.js'
import type { CommunityCast } from '../firmware-sim/src/community/community-files.js'
import type { ProcessOutput } from '../firmware-sim/src/community/managed-process.js'
import { DEMO_CARD_FACILITY } from '../firmware-sim/src/community/seed-people.js'
import { takenPorts } from '../firmware-sim/src/community/taken-ports.js'
import { ChaosCardStream, type StreamReader } from './chaos-card-stream.js'
import { ChaosFaults } from './chaos-faults.js'
import { ChaosLedger } from './chaos-ledger.js'
import { CHAOS_USAGE, parseChaosOptions, type ChaosOptions } from './chaos-options.js'
import { chaosTally, maskedCard } from './chaos-tally.js'
import { readDoorUnlocks } from './chaos-unlocks.js'
import { mulberry32 } from './mulberry32.js'
import { writeBenchmarksDoc } from './write-benchmarks-doc.js'

/** The doors the card stream presents at: the three building doors and the gate's assisted lane (no thermometer in the way). */
const STREAM_DOORS = ['bld-1-door', 'bld-2-door', 'bld-3-door', 'gate-assisted']
const PAUSE_MS = 400
const DRAIN_MS = 90_000
const SAMPLE_MS = 1000

const binaries = {
  hubMain: fileURLToPath(new URL('../hub/src/main.js', import.meta.url)),
  edgeMain: fileURLToPath(new URL('../edge/src/main.js', import.meta.url)),
  simMain: fileURLToPath(new URL('../firmware-sim/src/main.js', import.meta.url)),
}
const resultsPath = fileURLToPath(new URL('../../bench/results.json', import.meta.url))

async function freePortBase(random: () => number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const base = 20_000 + Math.floor(random() * 400) * 100
    if ((await takenPorts('127.0.0.1', neededPorts(communityPlan(base)))).length === 0) return base
  }
  throw new Error('no free block of 40 ports found; give one with --port-base')
}

function streamReaders(plan: CommunityPlan, cast: CommunityCast): StreamReader[] {
  return plan.edges.flatMap((edge) =>
    edge.doors
      .filter((door) => STREAM_DOORS.includes(door.id))
      .map((door) => ({
        process: simulatorProcessName(door.entries[0]!.reader),
        doorId: door.id,
        edgeId: edge.id,
        residents: cast.members.filter((member) => (door.building === null ? member.building !== 3 : member.building === door.building)),
      })),
  )
}

/** Faults spread over the duration until `kills` SIGKILLs were delivered (more kills than fit are delivered after it). */
async function injectFaults(faults: ChaosFaults, options: ChaosOptions, random: () => number, print: (line: string) => void): Promise<void> {
  const endsAtMs = Date.now() + options.durationS * 1000
  const gapMs = (options.durationS * 1000) / (options.kills / 0.75 + 1)
  while (faults.counts.kills < options.kills) {
    await delay(gapMs * (0.5 + random()))
    const fault = Date.now() < endsAtMs ? faults.pick() : random() < 0.7 ? 'kill-edge' : 'kill-hub'
    print(`[${((options.durationS * 1000 - (endsAtMs - Date.now())) / 1000).toFixed(0)} s] ${fault}`)
    await faults.inject(fault)
  }
  await delay(Math.max(0, endsAtMs - Date.now()))
}

/** Waits until every delivered read is in the ledger and every edge reports an empty backlog, or the time is up. */
async function drainLedger(ledger: ChaosLedger, stream: ChaosCardStream, timeoutMs: number): Promise<void> {
  const untilMs = Date.now() + timeoutMs
  while (Date.now() < untilMs) {
    const counts = ledger.read()
    const tally = chaosTally({ delivered: stream.delivered, ledgerRows: counts.rows, lockPulses: new Map(), grantedRows: counts.granted })
    if (tally.lost === 0 && counts.reportedBacklog === 0) return
    await delay(SAMPLE_MS)
  }
}

async function run(options: ChaosOptions): Promise<{ figures: Record<string, number>; isOnTarget: boolean }> {
  // Faults draw from their own sequence, so a seed repeats the same fault schedule; which card
  // comes next also depends on how the readers' loops interleave.
  const random = mulberry32(options.seed)
  const cardRandom = mulberry32(options.seed ^ 0x5bd1e995)
  const print = (line: string) => console.log(line)
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gatehouse-chaos-'))
  const portBase = options.portBase ?? (await freePortBase(Math.random))
  const output: ProcessOutput = options.isVerbose ? { line: (name, _stream, text) => console.log(`[${name}] ${text}`) } : { line: () => undefined }
  const launcher = new CommunityLauncher({ dataDir, portBase, households: options.households, isReset: false }, { binaries, output, print, log: createLogger('warn', undefined, 'gatehouse-chaos') })
  let fatal: string | null = null
  launcher.onFatal((reason) => (fatal = reason))
  let faults: ChaosFaults | null = null
  try {
    const community = await launcher.start()
    if (new Set(community.cast.members.map((member) => maskedCard(member.card))).size !== community.cast.members.length) {
      throw new Error('the seeded cards do not differ in their last four digits, which the ledger keeps: seed fewer households')
    }
    const edges = new Map(community.plan.edges.map((edge) => [edge.id, edgeProcessName(edge.id)]))
    faults = new ChaosFaults(launcher.processes, edges, launcher.relays, random, print)
    const stream = new ChaosCardStream(launcher.processes, streamReaders(community.plan, community.cast), { facility: DEMO_CARD_FACILITY, everyone: community.cast.members, pauseMs: PAUSE_MS, random: cardRandom })
    const ledger = new ChaosLedger(launcher.dataDir.hubDbPath)
    let maxBacklog = 0
    const sampler = setInterval(() => {
      try {
        const counts = ledger.read()
        for (const [edgeId, delivered] of stream.deliveredByEdge) maxBacklog = Math.max(maxBacklog, delivered - (counts.byEdge.get(edgeId) ?? 0))
      } catch {
        // The hub may be between a SIGKILL and its restart; the next sample reads again.
      }
    }, SAMPLE_MS)
    print(`Chaos: ${options.durationS} s, ${options.kills} kills, seed ${options.seed}, data in ${dataDir}`)
    stream.start()
    await injectFaults(faults, options, random, print)
    print('Faults done; draining (every typed card delivered, every delivered read in the ledger) ...')
    await stream.stop(DRAIN_MS)
    await drainLedger(ledger, stream, DRAIN_MS)
    clearInterval(sampler)
    const counts = ledger.read()
    const unlocks = await readDoorUnlocks(launcher.processes, community.plan)
    const tally = chaosTally({ delivered: stream.delivered, ledgerRows: counts.rows, lockPulses: unlocks, grantedRows: counts.granted })
    for (const mismatch of tally.mismatches) print(`  ledger differs: ${mismatch}`)
    const figures = {
      'chaos.presented': tally.presented,
      'chaos.typed': stream.typed,
      'chaos.kills': faults.counts.kills,
      'chaos.edge_kills': faults.counts.edgeKills,
      'chaos.hub_kills': faults.counts.hubKills,
      'chaos.network_cuts': faults.counts.cuts,
      'chaos.clock_jumps': faults.counts.clockJumps,
      'chaos.lost': tally.lost,
      'chaos.duplicates': tally.duplicates,
      'chaos.unintended_relay_pulses': tally.unintendedRelayPulses,
      'chaos.max_backlog': maxBacklog,
      'chaos.duration_s': options.durationS,
    }
    if (fatal !== null) throw new Error(`the community gave up: ${fatal}`)
    return { figures, isOnTarget: tally.lost === 0 && tally.duplicates === 0 && tally.unintendedRelayPulses === 0 }
  } finally {
    await faults?.stopVariants()
    await launcher.stop()
    if (options.dataDir === null) rmSync(dataDir, { recursive: true, force: true })
  }
}

function writeResults(figures: Record<string, number>): void {
  const previous: Record<string, unknown> = existsSync(resultsPath) ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as Record<string, unknown>) : {}
  writeFileSync(resultsPath, `${JSON.stringify({ ...previous, ...figures }, null, 2)}\n`)
  writeBenchmarksDoc()
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

async function main(): Promise<number> {
  const parsed = parseChaosOptions(process.argv.slice(2))
  if (parsed.ok === 'help') return console.log(CHAOS_USAGE), 0
  if (!parsed.ok) return console.error(`chaos: invalid options:\n${parsed.violations.map((v) => `  - ${v}`).join('\n')}\n\n${CHAOS_USAGE}`), 2
  const { figures, isOnTarget } = await run(parsed.options)
  for (const [key, value] of Object.entries(figures)) console.log(`${key.padEnd(32)} ${value}`)
  console.log(`chaos result ${JSON.stringify(figures)}`)
  if (parsed.options.isWritingResults) writeResults(figures)
  return isOnTarget ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`chaos: ${(error as Error).message}${((error as { recentLines?: readonly string[] }).recentLines ?? []).map((line) => `\n    ${line}`).join('')}`)
    process.exit(1)
  },
)
