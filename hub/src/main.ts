#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { createLogger } from '../../edge/src/adapters/create-logger.js'
import { systemClock } from '../../edge/src/adapters/system-clock.js'
import { MosquittoPasswordFile } from './adapters/broker/mosquitto-password-file.js'
import { HubRuntime } from './assembly/hub-runtime.js'
import { loadHubConfig } from './config/load-hub-config.js'
import { runBackupCommand } from './commands/backup-command.js'
import { runRestoreCommand } from './commands/restore-command.js'

const USAGE = `usage: gatehouse-hub [--config FILE] [--check] [--help]
       gatehouse-hub backup [--config FILE]                 (gatehouse-hub backup --help)
       gatehouse-hub restore [--config FILE] --from BACKUP  (gatehouse-hub restore --help)

The Gatehouse community hub: the embedded MQTT broker (or a client of an external one), the
community database, policy distribution to every edge, the ledger and the HTTP API.

  --config FILE   the hub config (JSON; see docs/hub-config.md); without it every default applies:
                  data in ./data, HTTP on 127.0.0.1:8080, MQTT on 127.0.0.1:1883
  --check         validate the config and exit
  --help          this text

On the first start (no admin yet) it prints a one-time setup token: open the printed URL and
create the first admin with it. There is no default password.`

async function main(): Promise<number> {
  const consoleOutput = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) }
  if (process.argv[2] === 'backup') return runBackupCommand(process.argv.slice(3), consoleOutput, { clock: systemClock, log: createLogger('warn', undefined, 'gatehouse-hub') })
  if (process.argv[2] === 'restore') return runRestoreCommand(process.argv.slice(3), consoleOutput, systemClock)
  const { values } = parseArgs({ options: { config: { type: 'string' }, check: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } })
  if (values.help) return console.log(USAGE), 0
  const text = values.config === undefined ? '' : readFileSync(values.config, 'utf8')
  const loaded = loadHubConfig(text)
  if (!loaded.ok) return console.error(`gatehouse-hub: invalid configuration:\n${loaded.violations.map((v) => `  - ${v}`).join('\n')}`), 2
  if (values.check) return console.log(`gatehouse-hub: ${values.config ?? 'the defaults'} valid`), 0
  const config = loaded.value
  const log = createLogger(config.logLevel, undefined, 'gatehouse-hub')
  const { mosquittoPasswordFile, mosquittoPidFile } = config.mqtt
  const credentialMirror =
    mosquittoPasswordFile === undefined ? undefined : new MosquittoPasswordFile({ path: mosquittoPasswordFile, pidFile: mosquittoPidFile ?? null }, log.child({ component: 'mosquitto' }))
  const runtime = new HubRuntime({ config, clock: systemClock, log, ...(credentialMirror !== undefined && { credentialMirror }) })
  const addresses = await runtime.start()
  console.log(`gatehouse-hub: API ${addresses.httpUrl}/api (OpenAPI ${addresses.httpUrl}/openapi.json), MQTT ${addresses.mqttUrl}`)
  const issued = runtime.setup.issueTokenIfNeeded()
  if (issued !== null) {
    // Printed on the console only, never logged: whoever reads it can create the first admin.
    console.log(`gatehouse-hub: no admin yet. One-time setup token (valid until ${new Date(issued.expiresAtMs).toISOString()}):`)
    console.log(`  ${issued.token}`)
    console.log(`  POST ${addresses.httpUrl}/api/setup with {"token", "username", "displayName", "password"}`)
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  log.info({}, 'stopping')
  await runtime.stop()
  return 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const code = (error as { code?: string }).code
    console.error(`gatehouse-hub: ${code ? `${code}: ` : ''}${(error as Error).message}`)
    process.exit(1)
  },
)
