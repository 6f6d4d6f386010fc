#!/usr/bin/env node
import { fileURLToPath } from 'node:url'
import { createLogger } from '../../../edge/src/adapters/create-logger.js'
import { CommunityLauncher, type CommunityStopReport, type RunningCommunity } from './community-launcher.js'
import { COMMUNITY_USAGE, parseCommunityOptions, type CommunityOptions } from './community-options.js'
import { CommunityScenario } from './community-scenario.js'
import { communitySummary } from './community-summary.js'
import type { ProcessOutput } from './managed-process.js'

const SAME_SIGNAL_WITHIN_MS = 1000

/** The programs next to this one in dist/. */
const binaries = {
  hubMain: fileURLToPath(new URL('../../../hub/src/main.js', import.meta.url)),
  edgeMain: fileURLToPath(new URL('../../../edge/src/main.js', import.meta.url)),
  simMain: fileURLToPath(new URL('../main.js', import.meta.url)),
}

function outputFor(options: CommunityOptions): ProcessOutput {
  if (!options.isVerbose) return { line: () => undefined }
  return { line: (name, stream, text) => (stream === 'stderr' ? process.stderr : process.stdout).write(`[${name}] ${text}\n`) }
}

/** What the stop did, in lines; clean when every process exited 0 and every lock was found safe. */
function describeStop(report: CommunityStopReport): { readonly isClean: boolean; readonly lines: string[] } {
  const unclean = report.exits.filter((exit) => exit.code !== 0)
  const lines = unclean.map((exit) => `  ${exit.name} exited ${exit.signal !== null ? `by ${exit.signal}` : `with code ${exit.code}`}`)
  for (const lock of report.locks) {
    const output = lock.isEnergised === null ? 'unknown (no answer)' : lock.isEnergised ? 'energised' : 'released'
    lines.push(`  ${lock.doorId.padEnd(16)} ${lock.failMode.padEnd(12)} relay ${output.padEnd(10)} ${lock.isSafe ? 'safe' : 'NOT SAFE'}`)
  }
  return { isClean: unclean.length === 0 && report.locks.every((lock) => lock.isSafe), lines }
}

/** `npm start`: the whole community until Ctrl-C (COMMUNITY_USAGE). */
async function main(): Promise<number> {
  const parsed = parseCommunityOptions(process.argv.slice(2))
  if (parsed.ok === 'help') return console.log(COMMUNITY_USAGE), 0
  if (!parsed.ok) return console.error(`gatehouse community: invalid options:\n${parsed.violations.map((v) => `  - ${v}`).join('\n')}\n\n${COMMUNITY_USAGE}`), 2
  const options = parsed.options
  const launcher = new CommunityLauncher(options, {
    binaries,
    output: outputFor(options),
    print: (line) => console.log(line),
    log: createLogger(options.isVerbose ? 'info' : 'warn', undefined, 'gatehouse-community'),
  })
  let scenario: CommunityScenario | null = null
  let stopping: Promise<number> | null = null
  const stop = (why: string, code: number): Promise<number> => {
    stopping ??= (async () => {
      console.log(`\n${why}: stopping the edges (every lock to its safe state), then the simulated devices, then the hub ... (Ctrl-C again forces)`)
      await scenario?.stop()
      const stopped = describeStop(await launcher.stop())
      const locks = stopped.lines.length > 0 ? '; the locks as the door controllers reported them once the edges had stopped:' : '.'
      console.log(`${stopped.isClean ? 'Stopped cleanly' : 'Stopped, but not cleanly'}${locks}`)
      for (const line of stopped.lines) console.log(line)
      return stopped.isClean ? code : 1
    })()
    return stopping
  }
  let firstSignalAtMs: number | null = null
  const stopped = new Promise<number>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (firstSignalAtMs === null) {
        firstSignalAtMs = Date.now()
        return void stop(signal === 'SIGINT' ? 'Ctrl-C' : signal, 0).then(resolve)
      }
      // npm forwards the terminal's SIGINT to us as well: the same Ctrl-C, not a second one.
      if (Date.now() - firstSignalAtMs < SAME_SIGNAL_WITHIN_MS) return
      console.log('Forced: killing every process now.')
      for (const name of launcher.processes.names()) void launcher.processes.kill(name)
      resolve(130)
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    launcher.onFatal((reason) => void stop(`Giving up: ${reason}`, 1).then(resolve))
  })
  let community: RunningCommunity
  try {
    community = await launcher.start()
  } catch (error) {
    if (stopping !== null) return stopped
    const lines = (error as { recentLines?: readonly string[] }).recentLines ?? []
    console.error(`gatehouse community: ${(error as Error).message}${lines.map((line) => `\n    ${line}`).join('')}`)
    await launcher.stop()
    return 1
  }
  for (const line of communitySummary(community, launcher.dataDir.signInsPath, launcher.dataDir.root)) console.log(line)
  if (options.isScenario && stopping === null) {
    scenario = new CommunityScenario(launcher, community, (line) => console.log(line))
    scenario.start()
  }
  return stopped
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const code = (error as { code?: string }).code
    console.error(`gatehouse community: ${code ? `${code}: ` : ''}${(error as Error).message}`)
    process.exit(1)
  },
)
