import t, { type Test } from 'tap'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import net, { type AddressInfo } from 'node:net'
import { join } from 'node:path'
import mqtt, { type MqttClient } from 'mqtt'
import { ExternalBrokerClient } from '../../../hub/src/adapters/broker/external-broker-client.js'
import { MosquittoPasswordFile, mosquittoPasswordLine } from '../../../hub/src/adapters/broker/mosquitto-password-file.js'
import { DEFAULT_HUB_BROKER_USERNAME, renderMosquittoAcl } from '../../../hub/src/domain/broker/mosquitto-acl.js'
import type { EnrollmentResponse } from '../../../protocol/enrollment/enrollment-response.js'
import { accessEventTopic, commandTopic, edgeStatusTopic } from '../../../protocol/mqtt/topics.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { BROKER_TEST_BASE, RecordingEdgeSink, closed, edgeClientOptions } from '../../fakes/hub-broker-fixtures.js'
import { enrollmentHub } from '../../fakes/hub-enrollment-fixtures.js'

const HUB_PASSWORD = 'hub-password-for-the-test-broker-only'

function findMosquitto(): string | null {
  for (const path of ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto']) if (existsSync(path)) return path
  const which = spawnSync('sh', ['-c', 'command -v mosquitto'], { encoding: 'utf8' })
  return which.status === 0 && which.stdout.trim() !== '' ? which.stdout.trim() : null
}

const mosquittoPath = findMosquitto()

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** mosquitto with the documented ACL and a password file the hub keeps; resolves when it runs. */
async function startMosquitto(t: Test) {
  // Not t.testdir(): the enrollment hub takes that one (a second call would empty it under mosquitto).
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-mosquitto-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const port = await freePort()
  const passwordFile = join(dir, 'passwd')
  const pidFile = join(dir, 'mosquitto.pid')
  writeFileSync(passwordFile, `${mosquittoPasswordLine(DEFAULT_HUB_BROKER_USERNAME, HUB_PASSWORD)}\n`, { mode: 0o640 })
  writeFileSync(join(dir, 'acl'), renderMosquittoAcl(BROKER_TEST_BASE))
  writeFileSync(
    join(dir, 'mosquitto.conf'),
    [
      'per_listener_settings false',
      'allow_anonymous false',
      `password_file ${passwordFile}`,
      `acl_file ${join(dir, 'acl')}`,
      `pid_file ${pidFile}`,
      'persistence false',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      'log_type notice',
      'log_type information',
      `listener ${port} 127.0.0.1`,
      // Started as root (CI), mosquitto would switch to the "mosquitto" user, who cannot read the test's files.
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      '',
    ].join('\n'),
  )
  const child: ChildProcess = spawn(mosquittoPath!, ['-c', join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] })
  // Also on exit: a test that times out is killed before its teardown, and mosquitto would outlive it.
  const stop = () => child.kill('SIGTERM')
  process.once('exit', stop)
  t.teardown(() => {
    process.off('exit', stop)
    stop()
  })
  let log = ''
  const waiters: Array<{ pattern: RegExp; count: number; resolve: () => void }> = []
  const check = () => {
    for (const waiter of [...waiters]) {
      if ((log.match(new RegExp(waiter.pattern, 'g')) ?? []).length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve()
      }
    }
  }
  child.stderr!.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8')
    check()
  })
  /** Resolves once the log holds `count` lines matching `pattern`. */
  const logged = (pattern: RegExp, count = 1) =>
    new Promise<void>((resolve, reject) => {
      waiters.push({ pattern, count, resolve })
      child.once('exit', (code) => reject(new Error(`mosquitto exited (${code}):\n${log}`)))
      check()
    })
  await logged(/mosquitto version [^\n]* running/)
  return { url: `mqtt://127.0.0.1:${port}`, passwordFile, pidFile, logged, log: () => log }
}

async function startExternalHub(t: Test) {
  const broker = await startMosquitto(t)
  const mirror = new MosquittoPasswordFile({ path: broker.passwordFile, pidFile: broker.pidFile }, new SilentLogger())
  const hub = await enrollmentHub(t, mirror)
  const sink = new RecordingEdgeSink()
  const client = new ExternalBrokerClient(
    { url: broker.url, baseTopic: BROKER_TEST_BASE, username: DEFAULT_HUB_BROKER_USERNAME, password: Buffer.from(HUB_PASSWORD), clientId: 'gatehouse-hub', ca: null, keepaliveSeconds: 30, reconnectPeriodMs: 50, connectTimeoutMs: 5_000 },
    { sink, log: new SilentLogger() },
  )
  client.start()
  t.teardown(() => client.stop())
  await client.whenSubscribed()
  let reloads = 0
  /** Enrolls an edge through the hub (which writes the password file and signals mosquitto) and connects it. */
  const enrollAndConnect = async (edgeId: string, extra: mqtt.IClientOptions = {}): Promise<{ edge: MqttClient; password: string }> => {
    const { token } = (await hub.issue(edgeId)).json()
    const response = (await hub.enroll(token)).json() as EnrollmentResponse
    reloads += 1
    await broker.logged(/Reloading config/, reloads)
    const edge = await mqtt.connectAsync(broker.url, edgeClientOptions(edgeId, response.mqtt.password, extra))
    t.teardown(() => edge.endAsync(true))
    return { edge, password: response.mqtt.password }
  }
  const nextReload = () => broker.logged(/Reloading config/, ++reloads)
  return { broker, hub, sink, client, enrollAndConnect, nextReload }
}

async function edgesStayInTheirLanes(t: Test): Promise<void> {
  const { broker, sink, client, enrollAndConnect } = await startExternalHub(t)
  const { edge: north } = await enrollAndConnect('gate-north')
  await enrollAndConnect('gate-south')

  await t.rejects(mqtt.connectAsync(broker.url, { protocolVersion: 4, clientId: 'anonymous-client', reconnectPeriod: 0 }), { code: 5 }, 'anonymous is refused')
  await t.rejects(mqtt.connectAsync(broker.url, edgeClientOptions('gate-north', 'wrong-password')), { code: 5 }, 'a wrong password is refused')

  const received: string[] = []
  north.on('message', (topic) => received.push(topic))
  for (const filter of [commandTopic(BROKER_TEST_BASE, 'gate-south'), '#', '$SYS/#', `${BROKER_TEST_BASE}/edge/+/command`]) await north.subscribeAsync(filter, { qos: 1 })
  await north.subscribeAsync(commandTopic(BROKER_TEST_BASE, 'gate-north'), { qos: 1 })
  const ownCommand = new Promise<void>((resolve) => north.on('message', (topic) => topic === commandTopic(BROKER_TEST_BASE, 'gate-north') && resolve()))
  await client.publish(commandTopic(BROKER_TEST_BASE, 'gate-south'), Buffer.from('{"for":"south"}'), { qos: 1, retain: false })
  await client.publish(commandTopic(BROKER_TEST_BASE, 'gate-north'), Buffer.from('{"for":"north"}'), { qos: 1, retain: false })
  await ownCommand
  t.same([...new Set(received)], [commandTopic(BROKER_TEST_BASE, 'gate-north')], "north got its own command only: nothing of south's, nothing from $SYS")

  const ownEvent = accessEventTopic(BROKER_TEST_BASE, 'gate-north')
  await north.publishAsync(accessEventTopic(BROKER_TEST_BASE, 'gate-south'), Buffer.from('{"forged":true}'), { qos: 1 })
  await north.publishAsync(commandTopic(BROKER_TEST_BASE, 'gate-north'), Buffer.from('{"forged":"command"}'), { qos: 1 })
  await north.publishAsync(ownEvent, Buffer.from('{"real":true}'), { qos: 1 })
  await sink.next('accepted', ownEvent)
  t.same(
    sink.accepted.map(({ edgeId, topic }) => ({ edgeId, topic })),
    [{ edgeId: 'gate-north', topic: ownEvent }],
    'the hub received the real event and nothing forged',
  )
}

async function failuresAndRevocation(t: Test): Promise<void> {
  const { sink, hub, enrollAndConnect, nextReload } = await startExternalHub(t)
  const { edge: north } = await enrollAndConnect('gate-north')
  const topic = edgeStatusTopic(BROKER_TEST_BASE, 'gate-north')
  sink.isFailing = true
  const stored = sink.next('accepted', topic)
  await north.publishAsync(topic, Buffer.from('{"state":"online"}'), { qos: 1, retain: true })
  await sink.next('failed', topic)
  sink.isFailing = false
  t.equal((await stored).payload.toString(), '{"state":"online"}', 'redelivered after the hub reconnected')

  const lost = closed(north)
  const reloaded = nextReload()
  const revocation = await hub.app.inject({
    method: 'POST',
    url: '/api/edges/gate-north/credential/revocation',
    headers: { 'x-test-role': 'admin' },
    payload: { reason: 'decommissioned' },
  })
  t.same(revocation.json(), { wasActive: true })
  await reloaded
  await lost
  t.pass('mosquitto dropped the revoked edge on reload')
}

if (mosquittoPath === null) {
  t.plan(0, 'mosquitto is not installed (Debian package "mosquitto"): the external broker tests against it are skipped')
} else {
  t.test('mosquitto with the documented ACL: edges stay in their lanes, the hub hears them and reaches them', edgesStayInTheirLanes)
  t.test('mosquitto: a sink failure is not acknowledged and the message comes again; a revoked edge is disconnected', failuresAndRevocation)
}
