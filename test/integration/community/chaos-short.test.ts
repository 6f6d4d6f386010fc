/**
 * Issue 6 §3 in CI: a short `npm run chaos` (dist/bench/chaos-run.js) as a newcomer runs it, with
 * the hub, the edges and the simulated devices as processes on loopback, edges and the hub
 * SIGKILLed and restarted, an edge cut off and an edge's clock jumped. Every card read a reader
 * delivered reaches the hub's ledger once, and no lock opened without a granted decision.
 */
import t from 'tap'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const CHAOS = fileURLToPath(new URL('../../../dist/bench/chaos-run.js', import.meta.url))
const RUN_LIMIT_MS = 200_000

if (!existsSync(CHAOS)) t.fail(`${CHAOS} is missing: build first (npm run build; npm test does it in pretest)`)

interface ChaosRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

function runChaos(args: readonly string[]): Promise<ChaosRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CHAOS, ...args], { timeout: RUN_LIMIT_MS }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : ((error as { code?: number }).code ?? null), stdout, stderr })
    })
  })
}

t.test('--help explains the options', async (t) => {
  const { code, stdout } = await runChaos(['--help'])
  t.equal(code, 0, 'exit code 0')
  for (const option of ['--duration', '--kills', '--seed', '--quick', '--no-write']) t.match(stdout, option, `explains ${option}`)
})

t.test('a short chaos run loses nothing, duplicates nothing and opens no lock without a grant', { timeout: RUN_LIMIT_MS + 10_000 }, async (t) => {
  const run = await runChaos(['--duration', '15', '--kills', '3', '--seed', '3', '--households', '10', '--no-write'])
  const line = run.stdout.split('\n').find((text) => text.startsWith('chaos result '))
  t.ok(line, `the run printed its figures${line === undefined ? `; it said:\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}` : ''}`)
  if (line === undefined) return
  t.comment(run.stdout.split('\n').filter((text) => /^\s+(SIGKILL|cut|jump)/.test(text)).join('\n'))
  const figures = JSON.parse(line.slice('chaos result '.length)) as Record<string, number>
  t.equal(figures['chaos.kills'], 3, 'three SIGKILLs were delivered')
  t.ok(figures['chaos.presented']! > 20, `cards were delivered to the edges throughout (${figures['chaos.presented']})`)
  t.equal(figures['chaos.presented'], figures['chaos.typed'], 'every card typed was delivered once the edges were back')
  t.equal(figures['chaos.lost'], 0, 'no delivered read is missing from the ledger')
  t.equal(figures['chaos.duplicates'], 0, 'no read is in the ledger twice')
  t.equal(figures['chaos.unintended_relay_pulses'], 0, 'no lock opened without a granted decision')
  t.equal(run.code, 0, 'exit code 0: on target')
})
