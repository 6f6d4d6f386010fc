import { createPublicKey, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { EdgeConfig } from './edge-config.js'
import { loadEdgeConfig } from './load-edge-config.js'

/** Ed25519 SubjectPublicKeyInfo header (RFC 8410): the 32 raw key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

export interface EdgeSettings {
  readonly config: EdgeConfig
  readonly hubPublicKey: KeyObject
  readonly password: Buffer
  readonly tlsCa: Buffer | null
}

export type EdgeSettingsResult = { ok: true; settings: EdgeSettings } | { ok: false; violations: string[] }

/**
 * Everything the edge needs from disk before it touches hardware: the config, the hub's public
 * key, the edge's hub credential and the TLS CA. Every problem is listed at once.
 */
export function readEdgeSettings(configPath: string): EdgeSettingsResult {
  let text: string
  try {
    text = readFileSync(configPath, 'utf8')
  } catch (error) {
    return { ok: false, violations: [`${configPath}: ${(error as Error).message}`] }
  }
  const loaded = loadEdgeConfig(text)
  if (!loaded.ok) return { ok: false, violations: loaded.violations.map((violation) => `${configPath}: ${violation}`) }
  const config = loaded.value
  const violations: string[] = []
  let hubPublicKey: KeyObject | undefined
  try {
    hubPublicKey = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(config.hub.hubPublicKey, 'base64')]), format: 'der', type: 'spki' })
  } catch {
    violations.push('/hub/hubPublicKey: not an Ed25519 public key')
  }
  const password = readSecretFile(config.hub.passwordFile, '/hub/passwordFile', violations)
  const tlsCa = config.hub.caFile === null ? null : readSecretFile(config.hub.caFile, '/hub/caFile', violations)
  if (violations.length > 0 || hubPublicKey === undefined || password === null) return { ok: false, violations }
  return { ok: true, settings: { config, hubPublicKey, password, tlsCa } }
}

function readSecretFile(path: string, field: string, violations: string[]): Buffer | null {
  try {
    const bytes = readFileSync(path)
    if (bytes.length === 0) violations.push(`${field}: ${path} is empty`)
    return bytes
  } catch (error) {
    violations.push(`${field}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
    return null
  }
}
