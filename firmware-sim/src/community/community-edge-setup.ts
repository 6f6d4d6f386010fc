import { execFile } from 'node:child_process'
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { loadEdgeConfig } from '../../../edge/src/config/load-edge-config.js'

export interface EnrollCommand {
  /** dist/edge/src/main.js */
  readonly edgeMain: string
  readonly hubUrl: string
  readonly token: string
  readonly outDir: string
  readonly dataDir: string
}

/** `gatehouse-edge enroll` did not succeed, with what it said. */
export class EdgeEnrollmentError extends Error {
  readonly code = 'EDGE_ENROLLMENT_FAILED'
}

/**
 * Runs the installer's own step, `gatehouse-edge enroll --hub URL --token T`, as a process: it
 * trades the one-time token at the running hub for the edge's MQTT credential, the hub's key and
 * the config with the wiring the admin entered, and writes them (hub-password mode 0600).
 */
export function runEnrollCommand(command: EnrollCommand): Promise<string> {
  const args = [command.edgeMain, 'enroll', '--hub', command.hubUrl, '--token', command.token, '--out', command.outDir, '--data-dir', command.dataDir, '--force']
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error === null) resolve(stdout)
      else reject(new EdgeEnrollmentError(`gatehouse-edge enroll failed: ${`${stderr}${stdout}`.trim() || error.message}`))
    })
  })
}

/** What the launcher sets in an enrolled edge's config at every start (the ports may have moved). */
export interface EdgeLocalSettings {
  readonly kioskHost: string
  readonly kioskPort: number
  /** The broker through the edge's relay (mqtt://127.0.0.1:PORT). */
  readonly mqttUrl: string
  readonly hubHttpUrl: string
  readonly logLevel: 'info' | 'debug' | 'warn'
}

/**
 * Fills in what enrollment leaves to the installer — where the kiosk screen listens — and points
 * the edge at the hub through its relay; the result must pass the edge's own config check.
 */
export function configureEnrolledEdge(configPath: string, settings: EdgeLocalSettings): void {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>
  const hub = { ...(config['hub'] as Record<string, unknown>), url: settings.mqttUrl, httpUrl: settings.hubHttpUrl }
  const patched = { ...config, hub, kiosk: { host: settings.kioskHost, port: settings.kioskPort }, logLevel: settings.logLevel }
  const text = `${JSON.stringify(patched, null, 2)}\n`
  const loaded = loadEdgeConfig(text)
  if (!loaded.ok) throw new EdgeEnrollmentError(`${configPath} would not start:\n${loaded.violations.map((violation) => `  - ${violation}`).join('\n')}`)
  const temporary = `${configPath}.tmp-${process.pid}`
  writeFileSync(temporary, text, { mode: 0o640 })
  chmodSync(temporary, 0o640)
  renameSync(temporary, configPath)
}
