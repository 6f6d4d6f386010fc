import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { driveRelaysSafe } from '../assembly/drive-relays-safe.js'
import type { EdgeHardware } from '../assembly/edge-hardware.js'
import type { EdgeConfig } from '../config/edge-config.js'
import { loadEdgeConfig } from '../config/load-edge-config.js'
import type { CommandOutput } from '../enroll/enroll-command.js'

export const SAFE_RELAYS_USAGE = `usage: gatehouse-edge safe-relays --config FILE [--timeout-ms MS]

Drives every lock the config names to its safe state and exits: a fail-secure strike's relay
off, a fail-safe maglock's relay on. For after a crash or a kill: gatehouse-edge.service runs it
as ExecStopPost= (docs/deploy/systemd). It opens no database and no hub connection and never
unlocks; run it while the daemon is stopped.

  --config FILE      the edge config the daemon runs with
  --timeout-ms MS    how long an OSDP reader has to come online and acknowledge (default 5000)
  --help             this text

Exit code: 0 every lock is safe; 1 a lock could not be driven (each is listed); 2 bad usage or config.`

const DEFAULT_TIMEOUT_MS = 5_000

/** main.ts picks the hardware: onoff on a Pi (or the simulated door board), serial links, the reader keys. */
export type SafeRelaysHardwareOpener = (config: EdgeConfig) => Promise<EdgeHardware>

/** `gatehouse-edge safe-relays ...`; returns the exit code. */
export async function runSafeRelaysCommand(argv: readonly string[], output: CommandOutput, openHardware: SafeRelaysHardwareOpener): Promise<number> {
  let values
  try {
    values = parseArgs({
      args: [...argv],
      options: { config: { type: 'string' }, 'timeout-ms': { type: 'string' }, help: { type: 'boolean', default: false } },
    }).values
  } catch (error) {
    return output.err(`gatehouse-edge safe-relays: ${(error as Error).message}\n\n${SAFE_RELAYS_USAGE}`), 2
  }
  if (values.help) return output.out(SAFE_RELAYS_USAGE), 0
  if (values.config === undefined) return output.err(`gatehouse-edge safe-relays: --config is required\n\n${SAFE_RELAYS_USAGE}`), 2
  const timeoutMs = values['timeout-ms'] === undefined ? DEFAULT_TIMEOUT_MS : Number(values['timeout-ms'])
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000) {
    return output.err(`gatehouse-edge safe-relays: --timeout-ms must be a whole number of milliseconds from 1 to 600000`), 2
  }
  let text: string
  try {
    text = readFileSync(values.config, 'utf8')
  } catch (error) {
    return output.err(`gatehouse-edge safe-relays: cannot read ${values.config}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`), 2
  }
  const loaded = loadEdgeConfig(text)
  if (!loaded.ok) return output.err(`gatehouse-edge safe-relays: invalid configuration:\n${loaded.violations.map((v) => `  - ${v}`).join('\n')}`), 2
  const outcomes = await driveRelaysSafe(loaded.value, await openHardware(loaded.value), { timeoutMs })
  for (const outcome of outcomes) {
    const line = `${outcome.doorId}: ${outcome.lock}: ${outcome.isSafe ? 'safe' : 'NOT SAFE'} (${outcome.detail})`
    if (outcome.isSafe) output.out(line)
    else output.err(line)
  }
  return outcomes.every((outcome) => outcome.isSafe) ? 0 : 1
}
