import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { requestEnrollment } from './request-enrollment.js'
import { unwritableDirReason, writeEnrollmentFiles, type WrittenEnrollment } from './write-enrollment-files.js'

export const ENROLL_USAGE = `usage: gatehouse-edge enroll --hub URL --token TOKEN [--out DIR] [--data-dir DIR] [--ca FILE] [--force]

Enrolls this edge at the community hub: trades the one-time token the hub admin gave you for this
edge's MQTT credential, the hub's public key and a draft config with its doors.

  --hub URL        the hub over HTTP(S), e.g. https://hub.community.lan:8443
  --token TOKEN    the enrollment token (works once, expires; dashes and case do not matter)
  --out DIR        where edge.json, hub-password (mode 0600) and hub-ca.pem go (default /etc/gatehouse)
  --data-dir DIR   the edge's data directory written into the config (default /var/lib/gatehouse)
  --ca FILE        the CA of the hub's HTTPS certificate, if it is a private one
  --force          replace an existing edge.json (otherwise the new one is written as edge.json.new)
  --help           this text`

export interface CommandOutput {
  readonly out: (line: string) => void
  readonly err: (line: string) => void
}

const REQUEST_TIMEOUT_MS = 30_000

function nextSteps(written: WrittenEnrollment, edgeId: string): string[] {
  const lines = [`gatehouse-edge: enrolled ${edgeId}`, `  config:   ${written.configPath}`, `  password: ${written.passwordPath} (mode 0600)`]
  if (written.caPath !== null) lines.push(`  hub CA:   ${written.caPath}`)
  if (written.isConfigBeside) lines.push('', `An edge.json already existed and was kept; merge ${written.configPath} into it (the hub section and doors are new).`)
  if (written.violations.length > 0) {
    lines.push('', 'Before the edge can start, complete the config (device wiring the hub does not know):', ...written.violations.map((violation) => `  - ${violation}`))
  }
  const config = written.isConfigBeside ? written.configPath.replace(/\.new$/, '') : written.configPath
  lines.push('', 'Next:', `  gatehouse-edge --config ${config} --check`, `  gatehouse-edge --config ${config}`)
  return lines
}

/** `gatehouse-edge enroll ...`; returns the exit code (0 enrolled, 1 refused or unreachable, 2 bad usage). */
export async function runEnrollCommand(argv: readonly string[], output: CommandOutput): Promise<number> {
  let values
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        hub: { type: 'string' },
        token: { type: 'string' },
        out: { type: 'string', default: '/etc/gatehouse' },
        'data-dir': { type: 'string', default: '/var/lib/gatehouse' },
        ca: { type: 'string' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values
  } catch (error) {
    output.err(`gatehouse-edge enroll: ${(error as Error).message}\n\n${ENROLL_USAGE}`)
    return 2
  }
  if (values.help) return output.out(ENROLL_USAGE), 0
  if (values.hub === undefined || values.token === undefined) return output.err(`gatehouse-edge enroll: --hub and --token are required\n\n${ENROLL_USAGE}`), 2
  let ca: Buffer | null = null
  try {
    ca = values.ca === undefined ? null : readFileSync(values.ca)
  } catch (error) {
    return output.err(`gatehouse-edge enroll: cannot read --ca ${values.ca}: ${(error as Error).message}`), 2
  }
  const unwritable = unwritableDirReason(values.out)
  if (unwritable !== null) return output.err(`gatehouse-edge enroll: cannot write the config there (run as root, or pick --out): ${unwritable}`), 2
  const outcome = await requestEnrollment(values.hub, values.token, { ca, timeoutMs: REQUEST_TIMEOUT_MS })
  if (!outcome.ok) return output.err(`gatehouse-edge enroll: ${outcome.code}: ${outcome.message}`), 1
  const written = writeEnrollmentFiles(outcome.response, { outDir: values.out, dataDir: values['data-dir'], isOverwriteAllowed: values.force })
  for (const line of nextSteps(written, outcome.response.edgeId)) output.out(line)
  return 0
}
