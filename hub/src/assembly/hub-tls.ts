import { readFileSync } from 'node:fs'
import type { HubConfig } from '../config/hub-config.js'

/** A TLS file the config names cannot be read: the hub does not start (rather than serve plain text). */
export class HubTlsFileError extends Error {
  readonly code = 'TLS_FILE_UNREADABLE' as const

  constructor(field: string, path: string, cause: unknown) {
    super(`${field}: cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { cause })
    this.name = 'HubTlsFileError'
  }
}

function readTlsFile(field: string, path: string): Buffer {
  try {
    return readFileSync(path)
  } catch (error) {
    throw new HubTlsFileError(field, path, error)
  }
}

/** The key and certificate chain the hub serves HTTPS with; null without `http.tls`. */
export function httpsMaterial(config: HubConfig): { key: Buffer; cert: Buffer } | null {
  const tls = config.http.tls
  if (tls === undefined) return null
  return { key: readTlsFile('/http/tls/keyFile', tls.keyFile), cert: readTlsFile('/http/tls/certFile', tls.certFile) }
}

/**
 * The CA certificates an edge must trust to reach this hub over HTTPS and MQTT, as one PEM bundle
 * (`http.tls.caFile`, `mqtt.tls.caFile`, in external mode `mqtt.externalCaFile`; each file once).
 * Enrollment hands it to every edge, which then trusts these and nothing else for the hub (docs/tls.md).
 */
export function enrollmentCaPem(config: HubConfig): string | null {
  const files: [string, string | undefined][] = [
    ['/http/tls/caFile', config.http.tls?.caFile],
    ['/mqtt/tls/caFile', config.mqtt.tls?.caFile],
    ['/mqtt/externalCaFile', config.mqtt.mode === 'external' ? config.mqtt.externalCaFile : undefined],
  ]
  const pems: string[] = []
  for (const [field, path] of files) {
    if (path === undefined) continue
    const pem = readTlsFile(field, path).toString('utf8').trim()
    if (!pems.includes(pem)) pems.push(pem)
  }
  return pems.length === 0 ? null : `${pems.join('\n')}\n`
}
