import { spawn } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { encodePolicySnapshot, policySnapshotSha256 } from '../protocol/policy/policy-snapshot-codec.js'
import { openEdgeDatabase, type EdgeDatabase } from '../edge/src/adapters/sqlite/open-edge-database.js'
import { SqlitePolicyStore } from '../edge/src/adapters/sqlite/sqlite-policy-store.js'
import { systemClock } from '../edge/src/adapters/system-clock.js'
import { decideAccess } from '../edge/src/domain/decide-access.js'
import type { AccessRequest, DecisionContext } from '../edge/src/domain/access-request.js'
import type { Logger } from '../edge/src/ports/logger.js'
import { mulberry32 } from './mulberry32.js'
import { COMMUNITY_NOW_MS, generateCommunityPolicy, type CommunityPolicy } from './policy-community-generator.js'

const EDGE_ID = 'gate-north'
const FULL_RESIDENTS = 100_000
const QUICK_RESIDENTS = 10_000
const REQUESTS = 50_000
/** Decisions and bare lookups alternate in blocks this long, so a busy moment of the machine hits both. */
const BLOCK = 500
const CONTEXT: DecisionContext = { isClockTrusted: true, isHubConnected: true, policyAgeMs: 0 }

const quietLogger: Logger = { child: () => quietLogger, trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }

function requestsFor(policy: CommunityPolicy): AccessRequest[] {
  const random = mulberry32(7)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  return Array.from({ length: REQUESTS }, (_, index): AccessRequest => {
    // One in ten is a card this community never issued.
    const lookupKey = random() < 0.9 ? pick(policy.lookupKeys) : `card:h10301:255:${index}`
    return {
      credential: { presentedAs: 'card', lookupKey, phoneKeyId: lookupKey.startsWith('phone:') ? lookupKey.slice(6) : null },
      doorId: random() < 0.8 ? 'north-gate' : pick(policy.doorIds),
      direction: random() < 0.5 ? 'in' : 'out',
      lane: 'residents',
      atMs: COMMUNITY_NOW_MS + Math.floor(random() * 86_400_000),
      temperature: { status: 'normal', celsius: 36.6, isRemeasured: false, checkedBy: null },
      isReplay: false,
    }
  })
}

function p99(samplesNs: number[]): number {
  samplesNs.sort((a, b) => a - b)
  return samplesNs[Math.floor(samplesNs.length * 0.99)]! / 1000
}

/** decideAccess with its store reads against one bare prepared-statement lookup, interleaved. */
function decisionLatencies(store: SqlitePolicyStore, database: EdgeDatabase, requests: readonly AccessRequest[], durationMs: number) {
  const bare = database.connection.prepare<[string], unknown>('SELECT * FROM policy_credential WHERE lookup_key = ?')
  const decisionsNs: number[] = []
  const lookupsNs: number[] = []
  let granted = 0
  const until = performance.now() + durationMs
  for (let next = 0; performance.now() < until || decisionsNs.length < 10 * BLOCK; ) {
    for (let i = 0; i < BLOCK; i++, next = (next + 1) % requests.length) {
      const request = requests[next]!
      const start = process.hrtime.bigint()
      const outcome = decideAccess(request, store, CONTEXT)
      decisionsNs.push(Number(process.hrtime.bigint() - start))
      if (outcome.granted) granted++
    }
    for (let i = 0, at = next; i < BLOCK; i++, at = (at + 1) % requests.length) {
      const key = requests[at]!.credential.lookupKey
      const start = process.hrtime.bigint()
      bare.get(key)
      lookupsNs.push(Number(process.hrtime.bigint() - start))
    }
  }
  return { decisionP99Us: p99(decisionsNs), lookupP99Us: p99(lookupsNs), decisions: decisionsNs.length, grantedShare: granted / decisionsNs.length }
}

/** Resident memory of a fresh process that opens the database and starts the store on it. */
async function childRssMb(path: string, lookupKeys: readonly string[]): Promise<number> {
  const isSource = import.meta.url.endsWith('.ts')
  const child = fileURLToPath(new URL(`./edge-policy-rss-child.${isSource ? 'ts' : 'js'}`, import.meta.url))
  const args = [...(isSource ? process.execArgv : []), '--expose-gc', child, path, EDGE_ID, ...lookupKeys.slice(0, 200)]
  const output = await new Promise<string>((resolve, reject) => {
    const process_ = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
    let text = ''
    process_.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
    process_.on('error', reject)
    process_.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`the RSS child exited with ${code}`))))
  })
  const { rssBytes } = JSON.parse(output.trim().split('\n').at(-1)!) as { rssBytes: number }
  return rssBytes / 2 ** 20
}

/**
 * applySnapshot as the updater calls it (off the main thread), with the announced sha256 known
 * beforehand; meanwhile a 1 ms timer measures the longest the main thread went without running it.
 */
async function timedApply(store: SqlitePolicyStore, body: Buffer, version: number) {
  const announcedSha256 = policySnapshotSha256(body)
  let longestStallMs = 0
  let lastTickMs = performance.now()
  let isApplying = true
  const tick = () => {
    const nowMs = performance.now()
    longestStallMs = Math.max(longestStallMs, nowMs - lastTickMs)
    lastTickMs = nowMs
    if (isApplying) setTimeout(tick, 1)
  }
  setTimeout(tick, 1)
  const start = performance.now()
  const result = await store.applySnapshot(body, announcedSha256, version)
  const elapsedMs = performance.now() - start
  isApplying = false
  if (!result.ok) throw new Error(`snapshot ${version} refused: ${result.refusal} ${result.detail}`)
  return { elapsedMs, longestStallMs, ...result.timingsMs }
}

/** The same apply on the main thread, blocking it throughout: what the worker saves the daemon. */
function timedApplyInThread(store: SqlitePolicyStore, body: Buffer, version: number): number {
  const start = performance.now()
  const result = store.applySnapshotInThread(body, policySnapshotSha256(body), version)
  if (!result.ok) throw new Error(`snapshot ${version} refused: ${result.refusal} ${result.detail}`)
  return performance.now() - start
}

function round(value: number, digits = 1): number {
  return Math.round(value * 10 ** digits) / 10 ** digits
}

/**
 * The edge policy cache (issue 3 §6): a decision's p99 with 100,000 residents and 250,000
 * credentials cached, against a bare SQLite point lookup in the same run; a full snapshot apply
 * (sha256, decode, validate, one transaction, in the snapshot worker as the daemon does it, and the
 * main thread's longest stall meanwhile) replacing a populated cache; and the resident memory
 * of a process holding that cache open. `--quick` uses 10,000 residents (`edge.bench.residents`).
 */
export async function edgePolicyBenchmarks(durationMs: number, isQuick: boolean): Promise<Record<string, number>> {
  const residents = isQuick ? QUICK_RESIDENTS : FULL_RESIDENTS
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-policy-bench-'))
  const path = join(dir, 'edge.db')
  try {
    const database = openEdgeDatabase({ path })
    const hubPublicKey = generateKeyPairSync('ed25519').publicKey
    const store = new SqlitePolicyStore(database, systemClock, quietLogger, { edgeId: EDGE_ID, hubPublicKey })
    store.start()
    // A small policy first, as a commissioned edge has: JIT-warm code, a cache to replace.
    await timedApply(store, encodePolicySnapshot(generateCommunityPolicy(1_000, EDGE_ID, 1).snapshot), 1)
    const policy = generateCommunityPolicy(residents, EDGE_ID, 2)
    const first = await timedApply(store, encodePolicySnapshot(policy.snapshot), 2)
    const body = encodePolicySnapshot({ ...policy.snapshot, version: 3 })
    const replace = await timedApply(store, body, 3)
    // Half the residents have passed the gate already: anti-passback finds a row for them.
    database.connection.transaction(() => {
      for (let index = 0; index < residents; index += 2) {
        store.recordPassage(`p${String(index).padStart(6, '0')}`, 'compound', 'in', COMMUNITY_NOW_MS - 3_600_000, 'north-gate')
      }
    })()
    const latencies = decisionLatencies(store, database, requestsFor(policy), durationMs)
    // After the decisions, so its garbage does not land in their p99.
    const inThreadMs = timedApplyInThread(store, encodePolicySnapshot({ ...policy.snapshot, version: 4 }), 4)
    store.stop()
    database.close()
    const rssMb = await childRssMb(path, policy.lookupKeys)
    return {
      'edge.bench.residents': residents,
      'edge.bench.credentials': policy.snapshot.entities.credential.length,
      'edge.bench.snapshot_mb': round(body.byteLength / 2 ** 20),
      'edge.decision.p99_us': round(latencies.decisionP99Us),
      'edge.decision.sqlite_lookup_p99_us': round(latencies.lookupP99Us),
      'edge.decision.ratio_vs_sqlite_lookup': round(latencies.decisionP99Us / latencies.lookupP99Us, 2),
      // Off the main thread, as the daemon applies it: the whole apply, worker start included.
      'edge.snapshot_apply.ms': Math.round(replace.elapsedMs),
      'edge.snapshot_apply.first_ms': Math.round(first.elapsedMs),
      // The split of that same apply, as the worker timed it (whole milliseconds).
      'edge.snapshot_apply.sha256_ms': replace.verify,
      'edge.snapshot_apply.decode_validate_ms': replace.decode,
      'edge.snapshot_apply.transaction_ms': replace.write,
      // The longest the main thread went without running a 1 ms timer meanwhile, and the same
      // apply done on the main thread (every millisecond of it a stall).
      'edge.snapshot_apply.main_thread_longest_stall_ms': round(replace.longestStallMs),
      'edge.snapshot_apply.in_thread_ms': Math.round(inThreadMs),
      'edge.rss_mb': round(rssMb),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
