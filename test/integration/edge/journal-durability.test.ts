/**
 * The journal's promise: an append that resolved is on disk. A child process appends from
 * several producers and prints "durable SEQ ID" after each append resolves; the test SIGKILLs it
 * at random moments (also before it is ready, possibly mid-migration) and, after every kill,
 * reopens the file: it must pass the integrity check and hold every entry reported durable, under
 * the same sequence number, with no gap in the sequence.
 *
 * SIGKILL is a process crash: the kernel's page cache survives it. A power cut is stronger; that
 * is what `synchronous=FULL` is for, and it can only be tested on the target hardware.
 */
import t, { type Test } from 'tap'
import { spawn } from 'node:child_process'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openEdgeDatabase } from '../../../edge/src/adapters/sqlite/open-edge-database.js'
import { transpileForChild } from '../../fakes/transpile-for-child.js'

const KILLS = 20
const PRODUCERS = 8
const MAX_DURABLE_LINES_BEFORE_KILL = 400
/** A guard against a child that hangs, not a wait: every run ends with a kill well before it. */
const CHILD_STALL_MS = 15_000
const DURABLE_LINE = /^durable (\d+) ([0-9a-f-]{36})$/

/** mulberry32: a tiny seeded PRNG, so the kill points are the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state)
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296
  }
}

interface Run {
  readonly durable: [seq: number, id: string][]
  readonly signal: NodeJS.Signals | null
}

/**
 * Runs the child until `killAfter` durable lines (-1: at once, 0: as soon as it is ready), kills
 * it with SIGKILL and resolves with every durable line it printed, including those printed
 * between the kill and its death.
 */
function runUntilKilled(script: string, path: string, killAfter: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Without tap's process-info and coverage hooks, which would triple each child's start-up.
    const env = { ...process.env, NODE_OPTIONS: '', NODE_V8_COVERAGE: '' }
    const child = spawn(process.execPath, [script, path, String(PRODUCERS)], { stdio: ['ignore', 'pipe', 'pipe'], env })
    const durable: [number, string][] = []
    let buffered = ''
    let stderr = ''
    let isKilled = false
    const kill = () => {
      if (!isKilled) child.kill('SIGKILL')
      isKilled = true
    }
    const stall = setTimeout(kill, CHILD_STALL_MS)
    if (killAfter < 0) kill()
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (buffered + chunk).split('\n')
      buffered = lines.pop()!
      for (const line of lines) {
        if (line === 'ready' && killAfter === 0) kill()
        const match = DURABLE_LINE.exec(line)
        if (match !== null) durable.push([Number(match[1]), match[2]!])
      }
      if (durable.length >= killAfter && killAfter > 0) kill()
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(stall)
      if (signal !== 'SIGKILL') reject(new Error(`the child ended by itself (code ${code}): ${stderr}`))
      else resolve({ durable, signal })
    })
  })
}

interface LaneResult {
  readonly reported: number
  readonly lost: number
  readonly conflicting: number
}

/** Kills a child `kills` times on one database file, checking the file after every kill. */
async function killLane(t: Test, script: string, path: string, kills: number, seed: number): Promise<LaneResult> {
  const random = seededRandom(seed)
  const reported = new Map<number, string>()
  let lost = 0
  let conflicting = 0
  const lane = basename(path)
  for (let kill = 0; kill < kills; kill++) {
    const killAfter = kill < 2 ? kill - 1 : Math.floor(random() * MAX_DURABLE_LINES_BEFORE_KILL)
    const run = await runUntilKilled(script, path, killAfter)
    for (const [seq, id] of run.durable) {
      if (reported.has(seq) && reported.get(seq) !== id) conflicting++
      reported.set(seq, id)
    }
    const database = openEdgeDatabase({ path })
    t.equal(database.connection.pragma('integrity_check', { simple: true }), 'ok', `${lane}: intact after kill ${kill + 1}`)
    const rows = database.connection.prepare<[], [number, string]>('SELECT seq, id FROM journal_entries ORDER BY seq').raw().all()
    database.close()
    const stored = new Map(rows)
    for (const [seq, id] of reported) if (stored.get(seq) !== id) lost++
    t.ok(rows.every(([seq], index) => seq === index + 1), `${lane}: after kill ${kill + 1}, sequence 1..${rows.length} without a gap`)
  }
  return { reported: reported.size, lost, conflicting }
}

t.test('every append reported durable survives SIGKILL at random moments, in an intact file', async (t) => {
  const dir = t.testdir()
  const script = transpileForChild(fileURLToPath(new URL('../../fakes/journal-crash-child.ts', import.meta.url)), join(dir, 'build'))
  // Two files side by side, so the children's start-ups overlap; KILLS kills in all.
  const lanes = await Promise.all([
    killLane(t, script, join(dir, 'lane-a.db'), KILLS / 2, 0x6a6f75),
    killLane(t, script, join(dir, 'lane-b.db'), KILLS / 2, 0x726e6c),
  ])
  const reported = lanes.reduce((sum, lane) => sum + lane.reported, 0)
  t.equal(lanes.reduce((sum, lane) => sum + lane.lost, 0), 0, 'no entry reported durable was lost')
  t.equal(lanes.reduce((sum, lane) => sum + lane.conflicting, 0), 0, 'no sequence number was given to two entries')
  t.ok(reported > KILLS * 20, `${reported} entries reported durable across ${KILLS} kills`)
})
