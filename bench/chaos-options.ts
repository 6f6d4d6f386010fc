import { parseArgs } from 'node:util'

export interface ChaosOptions {
  /** How long cards are presented while faults are injected (seconds). */
  readonly durationS: number
  /** SIGKILLs to deliver (edges and the hub) within the duration. */
  readonly kills: number
  /** Seeds every random choice: the same seed gives the same fault schedule and cards. */
  readonly seed: number
  readonly households: number
  /** null: a free block of ports is picked. */
  readonly portBase: number | null
  /** null: a fresh temporary directory, removed at the end. */
  readonly dataDir: string | null
  /** Merge the figures into bench/results.json and regenerate docs/benchmarks.md. */
  readonly isWritingResults: boolean
  readonly isVerbose: boolean
}

export const CHAOS_USAGE = `usage: npm run chaos -- [options]

A whole community (hub, three edges, simulated devices, as processes) under a steady stream of
card presentations while edges and the hub are SIGKILLed and restarted (the embedded broker
restarts with the hub), an edge is cut off the network, and an edge's clock jumps. At the end
it compares what the readers delivered with the hub's ledger and the lock relays' traces, and
writes chaos.* into bench/results.json (docs/chaos.md).

  --duration S     seconds of presentations and faults (default 120; --quick 40)
  --kills N        SIGKILLs of edges and the hub (default 20; --quick 6)
  --seed N         seed of every random choice (default 1)
  --households N   households in the seeded community (default 40)
  --port-base N    first of the 40 loopback ports (default: a free block)
  --data-dir DIR   keep the community here (default: a temporary directory, removed)
  --no-write       print the figures only; leave bench/results.json and docs/ alone
  --quick          a short run (same keys)
  --verbose        every process's output, prefixed
  --help`

export type ChaosOptionsResult = { readonly ok: true; readonly options: ChaosOptions } | { readonly ok: 'help' } | { readonly ok: false; readonly violations: string[] }

/** Reads `npm run chaos -- …` arguments. */
export function parseChaosOptions(argv: readonly string[]): ChaosOptionsResult {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        duration: { type: 'string' },
        kills: { type: 'string' },
        seed: { type: 'string' },
        households: { type: 'string' },
        'port-base': { type: 'string' },
        'data-dir': { type: 'string' },
        'no-write': { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values
  } catch (error) {
    return { ok: false, violations: [(error as Error).message] }
  }
  if (values.help === true) return { ok: 'help' }
  const isQuick = values.quick === true
  const violations: string[] = []
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = values[name]
    if (raw === undefined) return fallback
    const value = Number(raw)
    if (!Number.isInteger(value) || value < min || value > max) violations.push(`--${name} must be an integer from ${min} to ${max}, not "${String(raw)}"`)
    return value
  }
  const options: ChaosOptions = {
    durationS: integer('duration', isQuick ? 40 : 120, 5, 86_400),
    kills: integer('kills', isQuick ? 6 : 20, 0, 100_000),
    seed: integer('seed', 1, 0, 2 ** 31),
    households: integer('households', 40, 10, 2000),
    portBase: values['port-base'] === undefined ? null : integer('port-base', 0, 1024, 65_000),
    dataDir: typeof values['data-dir'] === 'string' ? values['data-dir'] : null,
    isWritingResults: values['no-write'] !== true,
    isVerbose: values.verbose === true,
  }
  return violations.length > 0 ? { ok: false, violations } : { ok: true, options }
}
