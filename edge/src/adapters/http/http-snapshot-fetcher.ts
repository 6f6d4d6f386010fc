import { MAX_POLICY_SNAPSHOT_BYTES } from '../../../../protocol/policy/policy-snapshot-codec.js'
import type { Clock } from '../../ports/clock.js'
import type { Logger } from '../../ports/logger.js'
import type { SnapshotFetcher, SnapshotFetchFailure } from '../../ports/snapshot-fetcher.js'
import { getWithCa } from './get-with-ca.js'

export interface HttpSnapshotFetcherOptions {
  /**
   * Where a version's snapshot is served; `{edgeId}`, `{version}` and `{sha256}` are replaced
   * (URL-encoded). `snapshotUrlTemplate(hubHttpUrl)` gives the hub's standard path.
   */
  readonly urlTemplate: string
  readonly edgeId: string
  /** Sent as `Authorization: Bearer …`; null sends none (a hub that authenticates by TLS client certificate). */
  readonly bearerToken: string | null
  /** Most bytes accepted after decompression: a larger or endless body is refused, not buffered. */
  readonly maxBytes: number
  /** For the whole request, body included: a stalled download fails rather than hangs the updater. */
  readonly timeoutMs: number
  /**
   * The hub's CA (edge config `hub.caFile`): an https hub is then trusted with this CA only, not
   * the system's store. Without it the system's store (and NODE_EXTRA_CA_CERTS) decides.
   */
  readonly ca?: Buffer | null
}

export const SNAPSHOT_URL_PATH = '/api/edges/{edgeId}/policy/{version}'

export const DEFAULT_HTTP_SNAPSHOT_FETCHER_LIMITS = {
  maxBytes: MAX_POLICY_SNAPSHOT_BYTES,
  // ~90 MB for 100,000 residents (~25 MB gzipped) over a slow 4G or DSL uplink at a gate.
  timeoutMs: 180_000,
} as const

/** The hub's standard snapshot URL under its HTTP(S) base, e.g. "https://hub.example:8443". */
export function snapshotUrlTemplate(hubHttpUrl: string): string {
  return `${hubHttpUrl.replace(/\/+$/, '')}${SNAPSHOT_URL_PATH}`
}

function failure(detail: string): SnapshotFetchFailure {
  return { ok: false, code: 'FETCH_FAILED', detail }
}

/** Reads the body up to `maxBytes`; null (and the download cancelled) past it. */
async function readLimited(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer | null> {
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return Buffer.concat(chunks, total)
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => {})
      return null
    }
    chunks.push(value)
  }
}

/**
 * Fetches policy snapshots over HTTP(S) with Node's global fetch (undici). gzip is asked for and
 * decompressed by fetch; the size limit applies to the decompressed bytes as they arrive, so a
 * gzip bomb is cut off at `maxBytes`. Redirects are refused: the bearer token goes to the hub's
 * configured address and nowhere else. The body is not checked here; the store checks its
 * sha256 against the signed announcement.
 *
 * With `ca`, an https hub is fetched through `getWithCa` (global fetch takes no `ca` option).
 */
export class HttpSnapshotFetcher implements SnapshotFetcher {
  readonly #clock: Clock
  readonly #log: Logger
  readonly #options: HttpSnapshotFetcherOptions

  constructor(clock: Clock, log: Logger, options: HttpSnapshotFetcherOptions) {
    this.#clock = clock
    this.#log = log
    this.#options = options
  }

  /** The URL of one version's snapshot. */
  urlOf(version: number, sha256: string): string {
    const values: Record<string, string> = { edgeId: this.#options.edgeId, version: String(version), sha256 }
    return this.#options.urlTemplate.replace(/\{(edgeId|version|sha256)\}/g, (_, name: string) => encodeURIComponent(values[name]!))
  }

  async fetch(version: number, sha256: string): Promise<Buffer | SnapshotFetchFailure> {
    const { bearerToken, maxBytes, timeoutMs } = this.#options
    const url = this.urlOf(version, sha256)
    const controller = new AbortController()
    let isTimedOut = false
    const timer = this.#clock.setTimeout(() => {
      isTimedOut = true
      controller.abort()
    }, timeoutMs)
    const startMs = this.#clock.now()
    try {
      const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'gzip' }
      if (bearerToken !== null) headers.authorization = `Bearer ${bearerToken}`
      const response = await this.#get(url, headers, controller.signal)
      if (!response.ok || response.body === null) {
        await response.body?.cancel().catch(() => {})
        return failure(`GET ${url} answered HTTP ${response.status}`)
      }
      const declaredBytes = Number(response.headers.get('content-length') ?? 0)
      if (declaredBytes > maxBytes) {
        await response.body.cancel().catch(() => {})
        return failure(`GET ${url} declares ${declaredBytes} bytes, over the limit of ${maxBytes}`)
      }
      const body = await readLimited(response.body, maxBytes)
      if (body === null) return failure(`GET ${url} sent more than the limit of ${maxBytes} bytes`)
      this.#log.debug({ version, bytes: body.byteLength, elapsedMs: this.#clock.now() - startMs }, 'policy snapshot fetched')
      return body
    } catch (error) {
      if (isTimedOut) return failure(`GET ${url} did not complete within ${timeoutMs} ms`)
      const cause = error instanceof Error && error.cause !== undefined ? ` (${String(error.cause)})` : ''
      return failure(`GET ${url} failed: ${String(error)}${cause}`)
    } finally {
      this.#clock.clearTimeout(timer)
    }
  }

  #get(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
    const ca = this.#options.ca ?? null
    if (ca !== null && url.startsWith('https:')) return getWithCa(url, { headers, signal, ca })
    return fetch(url, { headers, signal, redirect: 'error' })
  }
}
