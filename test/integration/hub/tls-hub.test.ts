/**
 * docs/tls.md, proven: a community CA and a hub certificate made with the doc's openssl commands
 * at test time; the hub serving HTTPS and MQTTS with them; an edge enrolled over HTTPS that is
 * handed the CA and trusts it (and nothing else) for MQTT and for its policy snapshot download.
 */
import t from 'tap'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { HttpSnapshotFetcher, snapshotUrlTemplate } from '../../../edge/src/adapters/http/http-snapshot-fetcher.js'
import { systemClock } from '../../../edge/src/adapters/system-clock.js'
import { readEdgeSettings } from '../../../edge/src/config/read-edge-config.js'
import { runEnrollCommand } from '../../../edge/src/enroll/enroll-command.js'
import { HubRuntime } from '../../../hub/src/assembly/hub-runtime.js'
import { loadHubConfig } from '../../../hub/src/config/load-hub-config.js'
import { policySnapshotSha256 } from '../../../protocol/policy/policy-snapshot-codec.js'
import { makeCommunityCa, opensslMissingReason } from '../../fakes/community-ca.js'
import { connected, linkOptions, startLink, statusComposer } from '../../fakes/hub-link-fixtures.js'
import { SilentLogger } from '../../fakes/silent-logger.js'

const EDGE_ID = 'gate-north'
const DOOR_ID = 'north-gate'
const ADMIN = { username: 'office-chen', displayName: '陈主任', password: 'correct horse battery staple' }
const HARDWARE = {
  osdpBuses: [{ id: 'bus-1', link: '/dev/ttyUSB0', readers: [{ name: 'gate-in', address: 1 }] }],
  doors: { [DOOR_ID]: { lock: { kind: 'osdp', reader: 'gate-in', output: 0 }, entries: [{ reader: 'gate-in', direction: 'in' }] } },
}

type Inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => Promise<Record<string, unknown>>

/** The admin's API session, through fastify's inject (no network: the HTTPS checks are done separately). */
async function adminSession(runtime: HubRuntime): Promise<Inject> {
  const token = runtime.setup.issueTokenIfNeeded()!.token
  await runtime.app.inject({ method: 'POST', url: '/api/setup', payload: { token, ...ADMIN } })
  const session = await runtime.app.inject({ method: 'POST', url: '/api/session', payload: { username: ADMIN.username, password: ADMIN.password } })
  const headers = { cookie: String(session.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': String(session.json().csrfToken) }
  return async (method, url, payload) => {
    const reply = await runtime.app.inject({ method, url, headers, ...(payload !== undefined && { payload }) })
    if (reply.statusCode >= 300) throw new Error(`${method} ${url}: ${reply.statusCode} ${reply.body}`)
    return reply.json()
  }
}

const enroll = (args: string[]) => {
  const output: string[] = []
  return runEnrollCommand(args, { out: (line) => output.push(line), err: (line) => output.push(line) }).then((code) => ({ code, output: output.join('\n') }))
}

const missing = opensslMissingReason()

t.test('the hub serves HTTPS and MQTTS with a community certificate, and an enrolled edge trusts that CA and nothing else', { skip: missing ?? false }, async (t) => {
  const dir = t.testdir()
  for (const folder of ['ca', 'rogue', 'edge']) mkdirSync(join(dir, folder))
  const ca = makeCommunityCa(join(dir, 'ca'), { caName: 'Harmony Gardens community CA', hubNames: ['hub.community.lan', 'localhost'], hubIps: ['127.0.0.1'] })
  const rogue = makeCommunityCa(join(dir, 'rogue'), { caName: 'Somebody else', hubNames: ['hub.community.lan'], hubIps: ['127.0.0.1'] })
  const tls = { keyFile: ca.hubKey, certFile: ca.hubCert, caFile: ca.caCert }
  const loaded = loadHubConfig(JSON.stringify({ dataDir: join(dir, 'hub'), http: { host: '127.0.0.1', port: 0, tls }, mqtt: { host: '127.0.0.1', port: 0, tls }, logLevel: 'warn', backup: { enabled: false } }))
  if (!loaded.ok) throw new Error(loaded.violations.join('\n'))
  const runtime = new HubRuntime({ config: loaded.value, clock: systemClock, log: new SilentLogger() })
  const { httpUrl, mqttUrl } = await runtime.start()
  t.teardown(() => runtime.stop())
  t.match(httpUrl, /^https:\/\/127\.0\.0\.1:\d+$/)
  t.match(mqttUrl, /^mqtts:\/\/127\.0\.0\.1:\d+$/)

  await t.rejects(fetch(`${httpUrl}/openapi.json`), 'the system trust store does not know the community CA')
  await t.rejects(fetch(`${httpUrl.replace('https:', 'http:')}/openapi.json`), 'no plain HTTP on the TLS port')

  const api = await adminSession(runtime)
  await api('PUT', '/api/site', { name: '向阳小区' })
  await api('POST', '/api/edges', { id: EDGE_ID, name: 'North gate' })
  await api('POST', `/api/edges/${EDGE_ID}/doors`, { id: DOOR_ID, name: 'North gate', kind: 'gate' })
  const { token } = await api('POST', `/api/edges/${EDGE_ID}/enrollment`, { hardware: HARDWARE })
  const enrollArgs = ['--hub', httpUrl, '--token', String(token), '--out', join(dir, 'edge', 'etc'), '--data-dir', join(dir, 'edge', 'data')]
  const untrusting = await enroll(enrollArgs)
  t.equal(untrusting.code, 1, 'without --ca the enrollment request does not trust the hub')
  const enrolled = await enroll([...enrollArgs, '--ca', ca.caCert])
  t.equal(enrolled.code, 0, 'enrolled over HTTPS with --ca')

  const read = readEdgeSettings(join(dir, 'edge', 'etc', 'edge.json'))
  if (!read.ok) throw new Error(read.violations.join('\n'))
  const { config, password, tlsCa } = read.settings
  t.equal(config.hub.url, mqttUrl)
  t.equal(config.hub.httpUrl, httpUrl)
  t.equal(config.hub.caFile, join(dir, 'edge', 'etc', 'hub-ca.pem'))
  t.equal(tlsCa?.toString('utf8'), readFileSync(ca.caCert, 'utf8'), 'enrollment handed the edge the community CA')

  const credential = { edgeId: EDGE_ID, username: config.hub.username, password: password.toString('utf8').trim() }
  const link = startLink(t, linkOptions(config.hub.url, credential, { tls: { ca: tlsCa! } }), statusComposer({}, EDGE_ID))
  await connected(link)
  t.ok(link.isConnected, 'the edge link connects over mqtts, trusting the CA from enrollment')
  const refusedConnect = (ca: Buffer | undefined) =>
    mqtt.connectAsync(mqttUrl, { protocolVersion: 4, username: credential.username, password: credential.password, clientId: 'tls-check', reconnectPeriod: 0, connectTimeout: 5_000, ...(ca !== undefined && { ca }) })
  // The hub sends its own certificate only: without the CA nothing vouches for it.
  await t.rejects(refusedConnect(undefined), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }, 'refused without the CA')
  await t.rejects(refusedConnect(readFileSync(rogue.caCert)), 'refused with another CA')

  await runtime.distributor.recompileNow('test')
  const latest = runtime.distributor.status().find((status) => status.edgeId === EDGE_ID)
  t.ok(latest?.latestVersion, 'the hub issued a policy for the edge')
  const fetcherWith = (pinned: Buffer | null) =>
    new HttpSnapshotFetcher(systemClock, new SilentLogger(), { urlTemplate: snapshotUrlTemplate(config.hub.httpUrl), edgeId: EDGE_ID, bearerToken: credential.password, maxBytes: 8 * 1024 * 1024, timeoutMs: 10_000, ca: pinned })
  const snapshot = await fetcherWith(tlsCa).fetch(latest!.latestVersion!, latest!.latestSha256!)
  t.ok(Buffer.isBuffer(snapshot), 'the snapshot downloads over HTTPS with the CA')
  t.equal(policySnapshotSha256(snapshot as Buffer), latest!.latestSha256, 'byte for byte the announced snapshot')
  t.match(await fetcherWith(readFileSync(rogue.caCert)).fetch(latest!.latestVersion!, latest!.latestSha256!), { ok: false, code: 'FETCH_FAILED' }, 'another CA is not trusted for the download either')
})
