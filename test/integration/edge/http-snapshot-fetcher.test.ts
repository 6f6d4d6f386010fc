import t, { type Test } from 'tap'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { policySnapshotSha256 } from '../../../protocol/policy/policy-snapshot-codec.js'
import {
  HttpSnapshotFetcher,
  snapshotUrlTemplate,
  type HttpSnapshotFetcherOptions,
} from '../../../edge/src/adapters/http/http-snapshot-fetcher.js'
import { PolicyStoreUpdater } from '../../../edge/src/services/policy-store-updater.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { bodyOf, deltaAnnouncement, openStore } from './policy-store-harness.js'
import { richCommunity } from './rich-community.js'

const SHA256 = 'ab'.repeat(32)
const TOKEN = 'edge-token-7f3a'

type Handler = (request: IncomingMessage, response: ServerResponse) => void

/** A tiny hub: answers each request with `handler`, on a free port of 127.0.0.1. */
async function startHub(t: Test, handler: Handler): Promise<string> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

function fetcherFor(hubUrl: string, options: Partial<HttpSnapshotFetcherOptions> = {}, clock = new ManualClock()) {
  return new HttpSnapshotFetcher(clock, new SilentLogger(), {
    urlTemplate: snapshotUrlTemplate(hubUrl),
    edgeId: 'gate-north',
    bearerToken: TOKEN,
    maxBytes: 1024 * 1024,
    timeoutMs: 30_000,
    ...options,
  })
}

t.test('fetches a version from the standard path with the bearer token, gzip decompressed', async (t) => {
  const body = bodyOf(richCommunity(), 7)
  const seen: { url?: string; authorization?: string; acceptEncoding?: string } = {}
  const hubUrl = await startHub(t, (request, response) => {
    Object.assign(seen, { url: request.url, authorization: request.headers.authorization, acceptEncoding: request.headers['accept-encoding'] })
    const compressed = gzipSync(body)
    response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': compressed.length })
    response.end(compressed)
  })
  const fetched = await fetcherFor(`${hubUrl}/`).fetch(7, SHA256)
  t.ok(Buffer.isBuffer(fetched) && fetched.equals(body), 'the decompressed body, byte for byte')
  t.same(seen, { url: '/api/edges/gate-north/policy/7', authorization: `Bearer ${TOKEN}`, acceptEncoding: 'gzip' })
})

t.test('fills a custom URL template, encoded, and sends no token when there is none', async (t) => {
  let seen: IncomingMessage | undefined
  const hubUrl = await startHub(t, (request, response) => {
    seen = request
    response.end('{}')
  })
  const fetcher = fetcherFor(hubUrl, { urlTemplate: `${hubUrl}/p/{edgeId}/{version}?sha={sha256}`, bearerToken: null, edgeId: 'gate north' })
  t.equal(fetcher.urlOf(3, SHA256), `${hubUrl}/p/gate%20north/3?sha=${SHA256}`)
  t.same(await fetcher.fetch(3, SHA256), Buffer.from('{}'))
  t.equal(seen?.url, `/p/gate%20north/3?sha=${SHA256}`)
  t.equal(seen?.headers.authorization, undefined)
})

t.test('reports an HTTP error status, a redirect and a refused connection as FETCH_FAILED', async (t) => {
  const hubUrl = await startHub(t, (request, response) => {
    if (request.url?.endsWith('/9')) {
      response.writeHead(302, { location: 'http://elsewhere.example/policy' })
      return response.end()
    }
    response.writeHead(request.url?.endsWith('/4') ? 404 : 503)
    response.end('no')
  })
  t.match(await fetcherFor(hubUrl).fetch(4, SHA256), { ok: false, code: 'FETCH_FAILED', detail: /answered HTTP 404$/ })
  t.match(await fetcherFor(hubUrl).fetch(5, SHA256), { ok: false, code: 'FETCH_FAILED', detail: /answered HTTP 503$/ })
  t.match(await fetcherFor(hubUrl).fetch(9, SHA256), { ok: false, code: 'FETCH_FAILED', detail: /redirect/ }, 'the token never follows a redirect')
  const gone = createServer()
  await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve))
  const { port } = gone.address() as AddressInfo
  await new Promise<void>((resolve) => gone.close(() => resolve()))
  const refused = fetcherFor(`http://127.0.0.1:${port}`)
  t.match(await refused.fetch(1, SHA256), { ok: false, code: 'FETCH_FAILED', detail: /ECONNREFUSED/ })
})

t.test('refuses a body over the size limit, declared or streamed, gzip bombs included', async (t) => {
  const limit = 64 * 1024
  const hubUrl = await startHub(t, (request, response) => {
    if (request.url?.endsWith('/1')) {
      response.writeHead(200, { 'content-length': limit + 1 })
      return response.end(Buffer.alloc(limit + 1, 0x20))
    }
    if (request.url?.endsWith('/2')) {
      response.writeHead(200)
      for (let chunk = 0; chunk < 20; chunk++) response.write(Buffer.alloc(8 * 1024, 0x20))
      return response.end()
    }
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024))
    response.writeHead(200, { 'content-encoding': 'gzip', 'content-length': bomb.length })
    response.end(bomb)
  })
  const fetcher = fetcherFor(hubUrl, { maxBytes: limit })
  t.match(await fetcher.fetch(1, SHA256), { ok: false, detail: /declares 65537 bytes, over the limit of 65536/ })
  t.match(await fetcher.fetch(2, SHA256), { ok: false, detail: /sent more than the limit of 65536 bytes/ })
  t.match(await fetcher.fetch(3, SHA256), { ok: false, detail: /sent more than the limit of 65536 bytes/ }, '16 MiB of zeros in 16 KiB of gzip')
})

t.test('gives up on a download that stalls past the timeout', async (t) => {
  const clock = new ManualClock()
  let stalled: () => void = () => {}
  const isStalled = new Promise<void>((resolve) => (stalled = resolve))
  const hubUrl = await startHub(t, (_request, response) => {
    response.writeHead(200, { 'content-length': 1000 })
    response.write('{"v":1,')
    stalled()
  })
  const fetching = fetcherFor(hubUrl, { timeoutMs: 5_000 }, clock).fetch(2, SHA256)
  await isStalled
  clock.advance(4_999)
  clock.advance(1)
  t.match(await fetching, { ok: false, code: 'FETCH_FAILED', detail: /did not complete within 5000 ms/ })
})

t.test('the updater fetches an announced snapshot over HTTP and applies it', async (t) => {
  const { store } = openStore(t)
  const body = bodyOf(richCommunity(), 1)
  const hubUrl = await startHub(t, (request, response) => {
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return response.writeHead(401).end()
    response.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(body))
  })
  const updater = new PolicyStoreUpdater(store, fetcherFor(hubUrl, { maxBytes: 10 * 1024 * 1024 }), new SilentLogger())
  const { delta: _delta, ...announcement } = deltaAnnouncement(1, 0, [])
  const outcome = await updater.apply({ ...announcement, sha256: policySnapshotSha256(body) })
  t.match(outcome, { status: 'applied', policy: { version: 1, source: 'snapshot', sha256: policySnapshotSha256(body) } })
  t.equal(store.credentialByLookupKey('card:h10301:212:7041')?.personId, 'p-zhang')
})
