/**
 * A real mosquitto process on a loopback port, set up as docs/external-broker.md says: no
 * anonymous access, the generated ACL (renderMosquittoAcl), a password file holding the hub's
 * `gatehouse.hub` line that the hub's MosquittoPasswordFile extends with each enrolled edge, and
 * a pid file for its SIGHUP. Its log says when it is running and when it reloaded.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import net, { type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Test } from 'tap'
import { mosquittoPasswordLine } from '../../../hub/src/adapters/broker/mosquitto-password-file.js'
import { DEFAULT_HUB_BROKER_USERNAME, renderMosquittoAcl } from '../../../hub/src/domain/broker/mosquitto-acl.js'
import { boundedWait } from '../../stories/bounded-wait.js'

/** The mosquitto binary (Debian's package puts it in /usr/sbin), or null when it is not installed. */
export function findMosquitto(): string | null {
  for (const path of ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto']) if (existsSync(path)) return path
  const which = spawnSync('sh', ['-c', 'command -v mosquitto'], { encoding: 'utf8' })
  return which.status === 0 && which.stdout.trim() !== '' ? which.stdout.trim() : null
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export interface MosquittoProcess {
  readonly host: string
  readonly port: number
  /** The `password_file` the hub's MosquittoPasswordFile keeps. */
  readonly passwordFile: string
  readonly pidFile: string
  /** A file holding the hub's own password (the hub config's `externalPasswordFile`). */
  readonly hubPasswordFile: string
  /** How many times it has reloaded its configuration so far. */
  reloads(): number
  /** Resolves once it has reloaded `count` times in all. */
  reloaded(count: number): Promise<void>
  log(): string
}

/** Starts mosquitto for `baseTopic` and resolves once it runs; the test's teardown stops it. */
export async function startMosquitto(t: Test, binary: string, baseTopic: string): Promise<MosquittoProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-mosquitto-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const port = await freeLoopbackPort()
  const hubPassword = `hub-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`
  const files = { passwordFile: join(dir, 'passwd'), pidFile: join(dir, 'mosquitto.pid'), hubPasswordFile: join(dir, 'hub-password'), acl: join(dir, 'acl'), conf: join(dir, 'mosquitto.conf') }
  writeFileSync(files.passwordFile, `${mosquittoPasswordLine(DEFAULT_HUB_BROKER_USERNAME, hubPassword)}\n`, { mode: 0o640 })
  writeFileSync(files.hubPasswordFile, `${hubPassword}\n`, { mode: 0o600 })
  writeFileSync(files.acl, renderMosquittoAcl(baseTopic))
  const conf = [
    'per_listener_settings false',
    'allow_anonymous false',
    `password_file ${files.passwordFile}`,
    `acl_file ${files.acl}`,
    `pid_file ${files.pidFile}`,
    // In memory: the hub's persistent session lives as long as this process, which outlives the hub's restart.
    'persistence false',
    'max_queued_messages 1000',
    'message_size_limit 131072',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    `listener ${port} 127.0.0.1`,
    // Started as root (CI), mosquitto would switch to the "mosquitto" user, who cannot read the test's files.
    ...(process.getuid?.() === 0 ? ['user root'] : []),
    '',
  ]
  writeFileSync(files.conf, conf.join('\n'))
  const child = spawn(binary, ['-c', files.conf], { stdio: ['ignore', 'ignore', 'pipe'] })
  // Also on exit: a test killed by its timeout skips its teardown, and mosquitto would outlive it.
  const stop = () => child.kill('SIGTERM')
  process.once('exit', stop)
  t.teardown(() => {
    process.off('exit', stop)
    stop()
  })
  let text = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    text += chunk
    child.emit('logged')
  })
  const count = (pattern: RegExp) => (text.match(pattern) ?? []).length
  const whenLogged = (what: string, isDone: () => boolean) =>
    boundedWait(what, (done) => {
      const check = () => isDone() && done()
      child.on('logged', check)
      check()
      return () => child.off('logged', check)
    }).catch((error: Error) => {
      throw new Error(`${error.message}; mosquitto ${child.exitCode === null ? 'runs' : `exited (${child.exitCode})`}, its log:\n${text}`)
    })
  await whenLogged('mosquitto running', () => count(/mosquitto version [^\n]* running/g) > 0)
  return {
    host: '127.0.0.1',
    port,
    ...files,
    reloads: () => count(/Reloading config/g),
    reloaded: (times) => whenLogged(`mosquitto reloaded ${times} times`, () => count(/Reloading config/g) >= times),
    log: () => text,
  }
}
