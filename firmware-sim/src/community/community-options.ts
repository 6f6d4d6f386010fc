import { parseArgs } from 'node:util'
import { DEFAULT_PORT_BASE, PORT_BLOCK_SIZE } from './community-plan.js'

export interface CommunityOptions {
  readonly portBase: number
  readonly dataDir: string
  readonly households: number
  readonly isReset: boolean
  readonly isScenario: boolean
  readonly isVerbose: boolean
}

export const DEFAULT_HOUSEHOLDS = 300
const MIN_HOUSEHOLDS = 10
const MAX_HOUSEHOLDS = 2000

export const COMMUNITY_USAGE = `usage: npm start [-- options]

Brings up a whole demo community on this machine, on loopback only: the hub (embedded MQTT
broker, SQLite), three edges — the south gate with a temperature kiosk and three lanes
(residents, returnees, assisted), the door of building 1, the door of building 2 (and of the
small sealed building 3 beside it) — each with simulated card readers, and at the gate a
thermometer and a QR scanner; and a seeded community: two grids, three buildings, households,
residents and tenants with cards and entry passes, landlords, a household under home
observation, a sealed building, staff and resident accounts.

The first start seeds the community into the data dir and enrolls the edges; later starts
reuse it (same people, same sign-ins). There is no admin account and no default password:
the hub prints a one-time setup token to create the first admin; the demo staff and resident
accounts get generated passwords, printed and kept in DATA/demo-sign-ins.json (mode 0600).

options:
  --port-base N      first of ${PORT_BLOCK_SIZE} ports used (default ${DEFAULT_PORT_BASE}): hub HTTP at N, kiosk screens at
                     N+1..N+3, hub MQTT at N+10, the edges' MQTT relays at N+11..N+13, simulated
                     devices and their control ports from N+20. Keep the block below 32768:
                     the kernel hands out the ports above to outgoing connections
  --data-dir DIR     where the community lives (default ./data)
  --reset            forget the community in the data dir and seed a new one
  --households N     households to seed on a first start or --reset (default ${DEFAULT_HOUSEHOLDS}, ${MIN_HOUSEHOLDS}-${MAX_HOUSEHOLDS})
  --scenario         play the community's stories live, in a loop, one line per act
  --verbose          show every process's output, prefixed with its name
  --help             this text

Ctrl-C stops everything: the edges first (every lock to its safe state), then the simulated
devices, then the hub. A second Ctrl-C forces.`

export type CommunityOptionsResult = { ok: true; options: CommunityOptions } | { ok: false; violations: string[] } | { ok: 'help' }

/** Parses `npm start -- …`; every violation is listed at once. */
export function parseCommunityOptions(argv: readonly string[]): CommunityOptionsResult {
  let values
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        'port-base': { type: 'string', default: String(DEFAULT_PORT_BASE) },
        'data-dir': { type: 'string', default: './data' },
        households: { type: 'string', default: String(DEFAULT_HOUSEHOLDS) },
        reset: { type: 'boolean', default: false },
        scenario: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values
  } catch (error) {
    return { ok: false, violations: [(error as Error).message] }
  }
  if (values.help) return { ok: 'help' }
  const violations: string[] = []
  const portBase = Number(values['port-base'])
  if (!Number.isInteger(portBase) || portBase < 1024 || portBase + PORT_BLOCK_SIZE - 1 > 65_535) {
    violations.push(`--port-base must be a whole number from 1024 to ${65_535 - PORT_BLOCK_SIZE + 1} (got ${values['port-base']})`)
  }
  const households = Number(values.households)
  if (!Number.isInteger(households) || households < MIN_HOUSEHOLDS || households > MAX_HOUSEHOLDS) {
    violations.push(`--households must be a whole number from ${MIN_HOUSEHOLDS} to ${MAX_HOUSEHOLDS} (got ${values.households})`)
  }
  if (values['data-dir'].trim() === '') violations.push('--data-dir must name a directory')
  if (violations.length > 0) return { ok: false, violations }
  return {
    ok: true,
    options: { portBase, dataDir: values['data-dir'], households, isReset: values.reset, isScenario: values.scenario, isVerbose: values.verbose },
  }
}
