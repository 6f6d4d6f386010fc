#!/usr/bin/env node
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { createLogger } from './adapters/create-logger.js'
import { FileSecretStore } from './adapters/file-secret-store.js'
import { DoorBoardGpio } from './adapters/gpio/door-board-gpio.js'
import { findGpioChipBase } from './adapters/gpio/gpio-chip-base.js'
import { OnoffGpio, type OnoffGpioClass } from './adapters/gpio/onoff-gpio.js'
import { WiegandCaptureGpiomon } from './adapters/gpio/wiegand-capture-gpiomon.js'
import { WiegandCaptureOnoff } from './adapters/gpio/wiegand-capture-onoff.js'
import { buildKioskApp } from './adapters/kiosk/build-kiosk-app.js'
import { byteLinkFactory } from './adapters/serial/open-byte-link.js'
import { openEdgeDatabase } from './adapters/sqlite/open-edge-database.js'
import { SqliteJournal } from './adapters/sqlite/sqlite-journal.js'
import { SqlitePolicyStore } from './adapters/sqlite/sqlite-policy-store.js'
import { SqliteReplayCache } from './adapters/sqlite/sqlite-replay-cache.js'
import { offsetClock } from './adapters/offset-clock.js'
import { systemClock } from './adapters/system-clock.js'
import { EdgeRuntime } from './assembly/edge-runtime.js'
import { wireEdgeMetrics } from './assembly/edge-metrics-wiring.js'
import { HubServices } from './assembly/hub-services.js'
import type { EdgeConfig, WiegandReaderSettings } from './config/edge-config.js'
import { readEdgeSettings } from './config/read-edge-config.js'
import { runEnrollCommand } from './enroll/enroll-command.js'
import { runSafeRelaysCommand } from './safe-relays/safe-relays-command.js'
import type { EdgeHardware } from './assembly/edge-hardware.js'
import type { GpioPinFactory } from './ports/gpio-pin.js'
import type { Logger } from './ports/logger.js'
import type { WiegandCapture } from './ports/wiegand-capture.js'
import { SimulatedDoorBoard } from '../../firmware-sim/src/gpio/simulated-door-board.js'

const USAGE = `usage: gatehouse-edge --config FILE [--check] [--policy-file FILE]
       gatehouse-edge enroll --hub URL --token TOKEN [--out DIR]   (gatehouse-edge enroll --help)
       gatehouse-edge safe-relays --config FILE                     (gatehouse-edge safe-relays --help)

The Gatehouse gate daemon: reads the door hardware, decides locally, reports to the hub.

  --config FILE        the edge config (JSON; see docs/edge-config.md)
  --check              validate the config, the hub key and the credential files, then exit;
                       touches no hardware, opens no database
  --policy-file FILE   apply a signed policy snapshot file first (commissioning without a hub)
  --help               this text`

/** The one place that picks hardware: onoff on a Pi, the simulated door board for the demo. */
async function openGpio(config: EdgeConfig, log: Logger): Promise<GpioPinFactory | null> {
  const usesGpio = config.doors.some((door) => [door.lock, door.contact, door.exitButton].some((pin) => pin?.kind === 'gpio'))
  if (!usesGpio) return null
  if (config.gpio.backend === 'simulated') {
    const failMode = config.doors.find((door) => door.lock.kind === 'gpio')?.failMode ?? 'fail-secure'
    return new DoorBoardGpio(new SimulatedDoorBoard(systemClock, failMode))
  }
  const chip = await findGpioChipBase({ labels: config.gpio.chipLabels })
  const { Gpio } = (await import('onoff')) as unknown as { Gpio: OnoffGpioClass }
  log.info({ chip: chip.chip, label: chip.label, base: chip.base }, 'GPIO chip found')
  return new OnoffGpio(Gpio, chip, log.child({ component: 'gpio' }))
}

/** Wiegand readers on the header: gpiomon (the default) or onoff, per reader (docs/wiegand-on-gpio.md). */
async function openWiegandCapture(config: EdgeConfig, log: Logger): Promise<((reader: WiegandReaderSettings) => WiegandCapture) | null> {
  if (config.wiegandReaders.length === 0) return null
  const usesOnoff = config.wiegandReaders.some((reader) => reader.capture === 'onoff')
  const chip = usesOnoff ? await findGpioChipBase({ labels: config.gpio.chipLabels }) : null
  const onoff = usesOnoff ? ((await import('onoff')) as unknown as { Gpio: OnoffGpioClass }).Gpio : null
  return (reader) => {
    if (reader.capture === 'onoff' && chip !== null && onoff !== null) {
      return new WiegandCaptureOnoff(onoff, chip, systemClock, { d0Line: reader.d0Line, d1Line: reader.d1Line })
    }
    const { command, chip: chipName, cliVersion, bias } = reader.gpiomon
    const spawnProcess = (file: string, args: readonly string[]) => spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    return new WiegandCaptureGpiomon(spawnProcess, systemClock, log.child({ component: 'gpiomon', reader: reader.id }), {
      command,
      chip: chipName,
      d0Line: reader.d0Line,
      d1Line: reader.d1Line,
      cliVersion,
      ...(bias !== null && { bias }),
    })
  }
}

/** What `safe-relays` drives the locks with: the daemon's own GPIO choice, serial links and reader keys. */
async function openSafeRelaysHardware(config: EdgeConfig): Promise<EdgeHardware> {
  const log = createLogger(config.logLevel)
  const secrets = new FileSecretStore(config.secretsFile)
  secrets.load()
  return { clock: systemClock, log, linkFactory: byteLinkFactory, gpio: await openGpio(config, log), secrets, wiegandCapture: null }
}

/**
 * The daemon's clock: the system's, unless GATEHOUSE_EDGE_CLOCK_OFFSET_MS sets it off by that
 * many milliseconds (a gate with a wrong real-time clock; `npm run chaos` jumps an edge's clock
 * this way). Decisions, the journal, the policy store and the hub link read it; pino's log
 * timestamps and TLS do not.
 */
function daemonClock(log: Logger): typeof systemClock {
  const raw = process.env.GATEHOUSE_EDGE_CLOCK_OFFSET_MS
  if (raw === undefined || raw === '') return systemClock
  const offsetMs = Number(raw)
  if (!Number.isSafeInteger(offsetMs)) throw new Error(`GATEHOUSE_EDGE_CLOCK_OFFSET_MS must be an integer number of milliseconds, not "${raw}"`)
  log.warn({ offsetMs }, 'clock offset from GATEHOUSE_EDGE_CLOCK_OFFSET_MS: this edge runs with its clock off on purpose')
  return offsetClock(systemClock, offsetMs)
}

async function main(): Promise<number> {
  const consoleOutput = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) }
  if (process.argv[2] === 'enroll') return runEnrollCommand(process.argv.slice(3), consoleOutput)
  if (process.argv[2] === 'safe-relays') return runSafeRelaysCommand(process.argv.slice(3), consoleOutput, openSafeRelaysHardware)
  const { values } = parseArgs({
    options: { config: { type: 'string' }, check: { type: 'boolean', default: false }, 'policy-file': { type: 'string' }, help: { type: 'boolean', default: false } },
  })
  if (values.help) return console.log(USAGE), 0
  if (values.config === undefined) return console.error(`gatehouse-edge: --config is required\n\n${USAGE}`), 2
  const read = readEdgeSettings(values.config)
  if (!read.ok) return console.error(`gatehouse-edge: invalid configuration:\n${read.violations.map((v) => `  - ${v}`).join('\n')}`), 2
  const { config, hubPublicKey, password, tlsCa } = read.settings
  if (values.check) return console.log(`gatehouse-edge: ${values.config} is valid (${config.doors.length} doors)`), 0

  const log = createLogger(config.logLevel)
  const clock = daemonClock(log)
  mkdirSync(config.dataDir, { recursive: true })
  mkdirSync(dirname(config.secretsFile), { recursive: true })
  const database = openEdgeDatabase({ path: join(config.dataDir, 'edge.db') })
  const journal = new SqliteJournal(database, clock, log.child({ component: 'journal' }))
  const store = new SqlitePolicyStore(database, clock, log.child({ component: 'policy' }), { edgeId: config.edgeId, hubPublicKey })
  const replayCache = new SqliteReplayCache(database)
  const secrets = new FileSecretStore(config.secretsFile)
  secrets.load()
  journal.start()
  store.start()
  if (values['policy-file'] !== undefined) {
    const applied = store.applySnapshotFile(values['policy-file'])
    if (!applied.ok) return log.error({ code: applied.code, detail: applied.detail }, 'policy file refused'), 2
  }
  const gpio = await openGpio(config, log)
  const wiegandCapture = await openWiegandCapture(config, log)
  const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version
  const metrics = wireEdgeMetrics({ config, journal, policy: store, runtime: () => runtime, softwareVersion: version, clock, log })
  const counted = metrics?.journal ?? journal
  const hardware = { clock, log, linkFactory: byteLinkFactory, gpio, secrets, wiegandCapture }
  const runtime = new EdgeRuntime(config, hardware, { journal: counted, policy: store, passages: store, replayCache }, metrics?.observers)
  const hub = new HubServices({ config, runtime, journal: counted, store, replayCache, hubPublicKey, password, tlsCa, softwareVersion: version, clock, log })
  const kiosk = buildKioskApp({ screens: runtime.screens, health: () => ({ hub: runtime.isHubConnected ? 'online' : 'offline', devices: runtime.devicesHealth() }) })

  runtime.start()
  hub.start()
  await kiosk.listen({ host: config.kiosk.host, port: config.kiosk.port })
  await metrics?.app.listen({ host: config.metrics.host, port: config.metrics.port })
  log.info({ edgeId: config.edgeId, kiosk: `http://${config.kiosk.host}:${config.kiosk.port}/` }, 'edge running')

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  log.info({}, 'stopping: every lock to its safe state')
  await kiosk.close()
  await metrics?.app.close()
  await hub.stop()
  await runtime.stop()
  store.stop()
  journal.stop()
  database.close()
  return 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const code = (error as { code?: string }).code
    console.error(`gatehouse-edge: ${code ? `${code}: ` : ''}${(error as Error).message}`)
    process.exit(1)
  },
)
