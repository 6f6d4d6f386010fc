import { pbkdf2Sync, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { isValidEdgeId } from '../../../../protocol/mqtt/topics.js'
import type { EdgeCredentialMirror } from '../../ports/edge-credential-mirror.js'
import type { Logger } from '../../ports/logger.js'

/** Mosquitto 2.x `$7$` entries: PBKDF2-HMAC-SHA512, 12-byte salt, 64-byte hash (what mosquitto_passwd writes). */
const PBKDF2_ITERATIONS = 101
const SALT_BYTES = 12
const HASH_BYTES = 64

/** One password file line, `username:$7$iterations$salt$hash`, as mosquitto_passwd would write it. */
export function mosquittoPasswordLine(username: string, password: string): string {
  const salt = randomBytes(SALT_BYTES)
  const hash = pbkdf2Sync(password, salt, PBKDF2_ITERATIONS, HASH_BYTES, 'sha512')
  return `${username}:$7$${PBKDF2_ITERATIONS}$${salt.toString('base64')}$${hash.toString('base64')}`
}

export interface MosquittoPasswordFileOptions {
  /** The file mosquitto.conf names in `password_file`; the hub rewrites only the edges' lines. */
  readonly path: string
  /** mosquitto's pid file (`pid_file`): sent SIGHUP after each change so it reloads; null to leave reloading to the operator. */
  readonly pidFile: string | null
}

/**
 * Keeps a Mosquitto password file in step with the hub's edge credentials (external broker mode
 * with Mosquitto on the hub's machine): a line per enrolled edge, removed on revocation, then a
 * SIGHUP so Mosquitto reloads (2.0 disconnects clients whose credential is gone). Lines whose
 * username is not an edge id (the hub's own, operators') are kept as they are. The file is
 * replaced by rename, mode 0640 (group-readable for the mosquitto group).
 */
export class MosquittoPasswordFile implements EdgeCredentialMirror {
  readonly #options: MosquittoPasswordFileOptions
  readonly #log: Logger

  constructor(options: MosquittoPasswordFileOptions, log: Logger) {
    this.#options = options
    this.#log = log
  }

  credentialIssued(edgeId: string, password: string): void {
    this.#rewrite(edgeId, mosquittoPasswordLine(edgeId, password))
  }

  credentialRevoked(edgeId: string): void {
    this.#rewrite(edgeId, null)
  }

  #rewrite(edgeId: string, line: string | null): void {
    if (!isValidEdgeId(edgeId)) throw Object.assign(new Error(`not an edge id: ${edgeId.slice(0, 80)}`), { code: 'BAD_EDGE_ID' as const })
    const path = this.#options.path
    const current = existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((entry) => entry.trim() !== '') : []
    const kept = current.filter((entry) => entry.slice(0, entry.indexOf(':')) !== edgeId)
    const text = `${[...kept, ...(line === null ? [] : [line])].join('\n')}\n`
    const temporary = `${path}.tmp-${process.pid}`
    writeFileSync(temporary, text, { mode: 0o640 })
    chmodSync(temporary, 0o640)
    renameSync(temporary, path)
    this.#reload()
  }

  #reload(): void {
    const pidFile = this.#options.pidFile
    if (pidFile === null) return
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10)
    if (!Number.isInteger(pid) || pid <= 1) throw Object.assign(new Error(`no mosquitto pid in ${pidFile}`), { code: 'MOSQUITTO_PID_UNKNOWN' as const })
    process.kill(pid, 'SIGHUP')
    this.#log.info({ pid }, 'mosquitto told to reload its password file')
  }
}
