import t from 'tap'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { EmbeddedBroker } from '../../../hub/src/adapters/broker/embedded-broker.js'
import { EdgeCredentialStore } from '../../../hub/src/adapters/sqlite/edge-credential-store.js'
import { accessEventTopic } from '../../../protocol/mqtt/topics.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { BROKER_TEST_BASE, RecordingEdgeSink, edgeClientOptions, insertTestEdge, openTestHubDatabase } from '../../fakes/hub-broker-fixtures.js'

/** A self-signed certificate for hub.test; false when openssl is not installed. */
function makeServerCertificate(dir: string): boolean {
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'server.key', '-out', 'server.crt', '-days', '1', '-subj', '/CN=hub.test', '-addext', 'subjectAltName=DNS:hub.test,IP:127.0.0.1'],
      { cwd: dir, stdio: 'ignore' },
    )
    return true
  } catch {
    return false
  }
}

t.test('serves edges over TLS, WebSocket and secure WebSocket with the same credential check and sink', async (t) => {
  const dir = t.testdir()
  if (!makeServerCertificate(dir)) {
    t.plan(0, 'openssl is not installed: cannot make a test certificate')
    return
  }
  const database = openTestHubDatabase(dir)
  t.teardown(() => database.close())
  const credentials = new EdgeCredentialStore(database.connection)
  insertTestEdge(database.connection, 'gate-north')
  const north = credentials.issue('gate-north', 1_700_000_000_000)
  const sink = new RecordingEdgeSink()
  const broker = new EmbeddedBroker(
    {
      baseTopic: BROKER_TEST_BASE,
      listeners: [
        { transport: 'mqtts', host: '127.0.0.1', port: 0 },
        { transport: 'ws', host: '127.0.0.1', port: 0 },
        { transport: 'wss', host: '127.0.0.1', port: 0, path: '/mqtt' },
      ],
      tls: { keyFile: join(dir, 'server.key'), certFile: join(dir, 'server.crt') },
    },
    { verifyEdgePassword: credentials.verifyEdgePassword, onCredentialRevoked: (listener) => credentials.onRevoked(listener), sink, log: new SilentLogger() },
  )
  await broker.start()
  t.teardown(() => broker.stop())
  const ca = readFileSync(join(dir, 'server.crt'))
  const urls = [
    `mqtts://127.0.0.1:${broker.portOf('mqtts')}`,
    `ws://127.0.0.1:${broker.portOf('ws')}/mqtt`,
    `wss://127.0.0.1:${broker.portOf('wss')}/mqtt`,
  ]
  const topic = accessEventTopic(BROKER_TEST_BASE, 'gate-north')
  for (const url of urls) {
    const secure = url.startsWith('mqtts') || url.startsWith('wss') ? { ca, servername: 'hub.test' } : {}
    await t.rejects(mqtt.connectAsync(url, edgeClientOptions('gate-north', 'wrong', secure)), { code: 4 }, `${url}: a wrong password is refused`)
    const client = await mqtt.connectAsync(url, edgeClientOptions('gate-north', north.password, secure))
    await client.publishAsync(topic, Buffer.from(url), { qos: 1 })
    await client.endAsync()
  }
  t.same(sink.accepted.map((message) => message.payload.toString()), urls, 'every transport delivered to the sink before its PUBACK')
})
