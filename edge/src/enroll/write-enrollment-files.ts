import { accessSync, chmodSync, constants, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { EnrollmentResponse } from '../../../protocol/enrollment/enrollment-response.js'
import { loadEdgeConfig } from '../config/load-edge-config.js'

export interface EnrollmentFileOptions {
  /** Where the config, password and CA files go (created if missing). */
  readonly outDir: string
  /** The edge's data directory (journal, policy cache, reader keys). */
  readonly dataDir: string
  /** Replace an existing config file (it may hold wiring edited by hand). */
  readonly isOverwriteAllowed: boolean
}

export interface WrittenEnrollment {
  readonly configPath: string
  /** True when a config already existed and the new one went beside it (`.new`). */
  readonly isConfigBeside: boolean
  readonly passwordPath: string
  readonly caPath: string | null
  /** What the edge's config check still says (wiring to fill in), empty when it would start. */
  readonly violations: string[]
}

export const CONFIG_FILE_NAME = 'edge.json'
const PASSWORD_FILE_NAME = 'hub-password'
const CA_FILE_NAME = 'hub-ca.pem'

/** Writes via a temporary file and a rename, so a crash never leaves half a file; `mode` from the start. */
function writeAtomically(path: string, content: string, mode: number): void {
  const temporary = `${path}.tmp-${process.pid}`
  writeFileSync(temporary, content, { mode, flag: 'w' })
  chmodSync(temporary, mode)
  renameSync(temporary, path)
}

/**
 * Creates `outDir` if needed and checks it is writable; the reason it is not, or null. Checked
 * before the token is spent: a token traded for a credential that cannot be saved is wasted.
 */
export function unwritableDirReason(outDir: string): string | null {
  try {
    mkdirSync(outDir, { recursive: true, mode: 0o750 })
    accessSync(outDir, constants.W_OK)
    return null
  } catch (error) {
    return `${outDir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`
  }
}

/**
 * Writes what enrollment returned: the password file (mode 0600; the old credential is already
 * revoked at the hub, so it is always replaced), the hub's CA if any, and the config with the
 * paths filled in. An existing config is kept unless overwriting is allowed; the new one is
 * then written beside it as `edge.json.new`.
 */
export function writeEnrollmentFiles(response: EnrollmentResponse, options: EnrollmentFileOptions): WrittenEnrollment {
  const outDir = resolve(options.outDir)
  const dataDir = resolve(options.dataDir)
  mkdirSync(outDir, { recursive: true, mode: 0o750 })
  const passwordPath = join(outDir, PASSWORD_FILE_NAME)
  writeAtomically(passwordPath, response.mqtt.password, 0o600)
  const caPath = response.caPem === null ? null : join(outDir, CA_FILE_NAME)
  if (caPath !== null) writeAtomically(caPath, response.caPem!, 0o644)
  const hub = { ...(response.config['hub'] as Record<string, unknown>), passwordFile: passwordPath, caFile: caPath }
  const config = { ...response.config, dataDir, secretsFile: join(dataDir, 'secrets.json'), hub }
  const text = `${JSON.stringify(config, null, 2)}\n`
  const existingPath = join(outDir, CONFIG_FILE_NAME)
  const isConfigBeside = existsSync(existingPath) && !options.isOverwriteAllowed
  const configPath = isConfigBeside ? `${existingPath}.new` : existingPath
  writeAtomically(configPath, text, 0o640)
  const loaded = loadEdgeConfig(text)
  return { configPath, isConfigBeside, passwordPath, caPath, violations: loaded.ok ? [] : loaded.violations }
}
