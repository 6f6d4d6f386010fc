import t, { type Test } from 'tap'
import { execFileSync } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { commandTopic, edgeStatusTopic, policyAnnouncementTopic } from '../../../protocol/mqtt/topics.js'
import { edgeClientId } from '../../../edge/src/adapters/mqtt/edge-client-id.js'
import type { HubMessage } from '../../../edge/src/services/hub-connection.js'
import { BASE_TOPIC, GATE_NORTH, connected, linkOptions, startLink, startTestBroker, statusComposer } from '../../fakes/hub-link-fixtures.js'
import { TcpPipe } from '../../fakes/tcp-pipe.js'
import { TestBroker, type AcceptedPublish } from '../../fakes/test-broker.js'

const STATUS_TOPIC = edgeStatusTopic(BASE_TOPIC, GATE_NORTH.edgeId)
const CLIENT_ID = edgeClientId(GATE_NORTH.edgeId)

interface StatusSeen {
  readonly state: string
  readonly journalBacklog: number
  readonly isRetained: boolean
}

function statuses(accepted: readonly AcceptedPublish[]): StatusSeen[] {
  return accepted
    .filter((publish) => publish.topic === STATUS_TOPIC)
    .map((publish) => {
      const status = JSON.parse(publish.payload.toString('utf8')) as { state: string; journalBacklog: number }
      return { state: status.state, journalBacklog: status.journalBacklog, isRetained: publish.isRetained }
    })
}

function nthStatus(broker: TestBroker, index: number, state: string): Promise<StatusSeen> {
  return broker.waitFor(`status #${index + 1} (${state})`, (accepted) => {
    const seen = statuses(accepted)[index]
    return seen?.state === state ? seen : undefined
  })
}

async function startPipe(t: Test, port: number): Promise<TcpPipe> {
  const pipe = new TcpPipe(port)
  await pipe.start()
  t.teardown(() => pipe.stop())
  return pipe
}

t.test('connects with its own credential, publishes the retained online status first and subscribes to its command and policy topics', async (t) => {
  const broker = await startTestBroker(t)
  const link = startLink(t, linkOptions(broker.url))
  await connected(link)
  const online = await nthStatus(broker, 0, 'online')
  t.equal(online.isRetained, true)
  t.equal(broker.accepted[0]?.topic, STATUS_TOPIC, 'the status is the first message after CONNACK')
  t.equal(broker.accepted[0]?.clientId, CLIENT_ID)

  for (const topic of [commandTopic(BASE_TOPIC, GATE_NORTH.edgeId), policyAnnouncementTopic(BASE_TOPIC, GATE_NORTH.edgeId)]) {
    const received = once(link, 'message', { signal: AbortSignal.timeout(5_000) })
    await broker.publishAsHub(topic, Buffer.from('{}'), { retain: false })
    const [message] = (await received) as [HubMessage]
    t.equal(message.topic, topic)
    t.equal(message.isRetained, false)
  }
  t.same(broker.refusedSubscriptions, [], 'the edge asks only for its own namespace')
})

t.test('marks the edge offline by its last will, composed at connect time, when the connection dies without a DISCONNECT', async (t) => {
  const broker = await startTestBroker(t)
  const pipe = await startPipe(t, broker.port)
  let backlog = 5
  const link = startLink(t, linkOptions(pipe.url), statusComposer({ journalBacklog: () => backlog }))
  await connected(link)
  await nthStatus(broker, 0, 'online')
  backlog = 9

  const disconnected = once(link, 'disconnected', { signal: AbortSignal.timeout(5_000) })
  pipe.cut()
  const will = await nthStatus(broker, 1, 'offline')
  t.equal(will.isRetained, true, 'the will is retained')
  t.equal(will.journalBacklog, 5, 'the will describes the moment of connecting')
  await disconnected

  await connected(link)
  const again = await nthStatus(broker, 2, 'online')
  t.equal(again.journalBacklog, 9, 'back online after the reconnect')
  pipe.cut()
  const secondWill = await nthStatus(broker, 3, 'offline')
  t.equal(secondWill.journalBacklog, 9, 'each connection registers a will of its own moment')
})

t.test('the hub sees a silent gate offline within one and a half keepalives', async (t) => {
  const broker = await startTestBroker(t)
  const pipe = await startPipe(t, broker.port)
  const link = startLink(t, linkOptions(pipe.url, GATE_NORTH, { keepaliveSeconds: 1 }))
  await connected(link)
  await nthStatus(broker, 0, 'online')
  const frozenAtMs = Date.now()
  pipe.freeze()
  await nthStatus(broker, 1, 'offline')
  const elapsedMs = Date.now() - frozenAtMs
  t.ok(elapsedMs >= 1_000 && elapsedMs < 3_000, `will published ${elapsedMs} ms after the line went silent (keepalive 1 s)`)
})

t.test('an orderly stop publishes the offline status and disconnects cleanly, so no will follows', async (t) => {
  const broker = await startTestBroker(t)
  const link = startLink(t, linkOptions(broker.url))
  await connected(link)
  await nthStatus(broker, 0, 'online')
  const gone = broker.nextClientDisconnect()
  await link.stop()
  t.equal(await gone, CLIENT_ID)
  t.same(
    statuses(broker.accepted).map((status) => status.state),
    ['online', 'offline'],
    'one offline status, published by the edge; the DISCONNECT discarded the will',
  )
  t.equal(link.isConnected, false)
})

t.test('a refused credential is retried, and the link never reports itself connected', async (t) => {
  const broker = await startTestBroker(t)
  const link = startLink(t, linkOptions(broker.url, { ...GATE_NORTH, password: 'wrong' }))
  let connects = 0
  link.on('connected', () => connects++)
  await broker.waitForAuthRefusals(2)
  t.equal(connects, 0)
  t.equal(link.isConnected, false)
  t.ok(link.stats.errors >= 1, 'the refusal is counted')
  t.same(statuses(broker.accepted), [])
})

t.test('connects over TLS with the configured CA, client certificate and key', async (t) => {
  const dir = t.testdir()
  try {
    makeTestPki(dir)
  } catch (error) {
    t.plan(0, `openssl unavailable: ${String(error)}`)
    return
  }
  const read = (name: string) => readFileSync(join(dir, name))
  const broker = new TestBroker(BASE_TOPIC, [GATE_NORTH], { key: read('server.key'), cert: read('server.crt'), clientCa: read('ca.crt') })
  await broker.start(0)
  t.teardown(() => broker.stop())
  t.match(broker.url, /^mqtts:/)
  const tls = { ca: read('ca.crt'), cert: read('edge.crt'), key: read('edge.key'), servername: 'hub.test' }
  const link = startLink(t, linkOptions(broker.url, GATE_NORTH, { tls }))
  await connected(link)
  t.equal((await nthStatus(broker, 0, 'online')).isRetained, true)
})

/** A throwaway CA, a server certificate for hub.test and a client certificate for the edge. */
function makeTestPki(dir: string): void {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' })
  run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=Gatehouse Test CA')
  for (const [name, subject] of [['server', '/CN=hub.test'], ['edge', '/CN=gate-north']] as const) {
    run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject)
    const extensions = name === 'server' ? 'subjectAltName=DNS:hub.test' : 'extendedKeyUsage=clientAuth'
    writeFileSync(join(dir, `${name}.ext`), `${extensions}\n`)
    run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '1', '-extfile', `${name}.ext`)
  }
}
