import t from 'tap'
import mqtt from 'mqtt'
import { Value } from '@sinclair/typebox/value'
import { EmbeddedBroker } from '../../../hub/src/adapters/broker/embedded-broker.js'
import { loadEdgeConfig } from '../../../edge/src/config/load-edge-config.js'
import { EnrollmentResponse } from '../../../protocol/enrollment/enrollment-response.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { BROKER_TEST_BASE, RecordingEdgeSink, closed, edgeClientOptions } from '../../fakes/hub-broker-fixtures.js'
import { NORTH_HARDWARE, enrollmentHub, type EnrollmentHub } from '../../fakes/hub-enrollment-fixtures.js'

const HOUR_MS = 3_600_000

function auditActions(hub: EnrollmentHub): string[] {
  return (hub.database.connection.prepare('SELECT action FROM audit_log ORDER BY rowid').all() as Array<{ action: string }>).map((row) => row.action)
}

t.test('only an admin issues enrollment tokens', async (t) => {
  const hub = await enrollmentHub(t)
  t.equal((await hub.app.inject({ method: 'POST', url: '/api/edges/gate-north/enrollment', payload: {} })).statusCode, 401)
  const staff = await hub.issue('gate-north', {}, 'gate-staff')
  t.equal(staff.statusCode, 403)
  t.equal(staff.json().error.code, 'FORBIDDEN')
  t.equal((await hub.issue('gate-nowhere')).json().error.code, 'EDGE_NOT_FOUND')
})

t.test('a token comes as text, QR payload and command line, and is stored only as a hash', async (t) => {
  const hub = await enrollmentHub(t)
  const reply = await hub.issue('gate-north')
  t.equal(reply.statusCode, 201)
  const body = reply.json()
  t.match(body.token, /^[0-9a-z]{5}(-[0-9a-z]{5}){4}$/)
  t.equal(body.expiresAt, new Date(hub.clock.now() + 24 * HOUR_MS).toISOString())
  t.equal(body.command, `gatehouse-edge enroll --hub https://hub.test:8443 --token ${body.token}`)
  t.match(body.qrPayload, body.token)
  t.same(body.missingWiring, ['door north-gate: lock and entries'])
  const stored = JSON.stringify(hub.database.connection.prepare('SELECT * FROM enrollment_tokens').all())
  t.notMatch(stored, body.token.replaceAll('-', ''), 'the token itself is not in the database')
  t.same(auditActions(hub), ['edge.enrollment-token-issued'])
})

t.test('enrolling returns a credential, the hub key and a config the edge accepts once the wiring is in', async (t) => {
  const hub = await enrollmentHub(t)
  const { token } = (await hub.issue('gate-north', { hardware: NORTH_HARDWARE })).json()
  const reply = await hub.enroll(token.toUpperCase())
  t.equal(reply.statusCode, 200)
  t.equal(reply.headers['cache-control'], 'no-store')
  const body: unknown = reply.json()
  t.ok(Value.Check(EnrollmentResponse, body), 'the response matches the protocol schema')
  const response = body as EnrollmentResponse
  t.equal(response.mqtt.username, 'gate-north')
  t.equal(response.mqtt.clientId, 'gatehouse-edge-gate-north')
  t.equal(response.hubPublicKey, hub.key.publicKeyBase64)
  t.same(response.missingWiring, [])
  t.ok(hub.credentials.verifyEdgePassword('gate-north', response.mqtt.password), 'the hub knows the password (by hash)')
  const config = { ...response.config, hub: { ...(response.config.hub as object), passwordFile: '/etc/gatehouse/hub-password' } }
  const loaded = loadEdgeConfig(JSON.stringify(config))
  t.same(loaded.ok ? [] : loaded.violations, [], 'the edge config check passes')
  t.same(auditActions(hub), ['edge.enrollment-token-issued', 'edge.enrolled'])
})

t.test('without wiring, the draft names what the installer must add, and the edge check flags it', async (t) => {
  const hub = await enrollmentHub(t)
  const { token } = (await hub.issue('gate-south')).json()
  const response = (await hub.enroll(token)).json() as EnrollmentResponse
  t.same(response.missingWiring, ['door south-gate: lock and entries'])
  t.match(response.config.doors, [{ id: 'south-gate', failMode: 'fail-safe' }])
  const loaded = loadEdgeConfig(JSON.stringify(response.config))
  t.equal(loaded.ok, false)
  t.match(loaded.ok ? [] : loaded.violations.join('\n'), /\/doors\/0.*lock|lock/)
})

t.test('wiring that the edge would refuse is refused when the token is issued', async (t) => {
  const hub = await enrollmentHub(t)
  const broken = { ...NORTH_HARDWARE, doors: { 'north-gate': { ...NORTH_HARDWARE.doors['north-gate'], entries: [{ reader: 'no-such-reader', direction: 'in' }] } } }
  const reply = await hub.issue('gate-north', { hardware: broken })
  t.equal(reply.statusCode, 400)
  t.equal(reply.json().error.code, 'INVALID_HARDWARE')
  t.match(reply.json().error.details, [/\/hardware\/doors\/north-gate\/entries\/0: unknown reader "no-such-reader"/])
  const foreign = await hub.issue('gate-north', { hardware: { doors: { 'south-gate': NORTH_HARDWARE.doors['north-gate'] } } })
  t.equal(foreign.json().error.code, 'UNKNOWN_DOOR')
})

t.test('a token works once', async (t) => {
  const hub = await enrollmentHub(t)
  const { token } = (await hub.issue('gate-north')).json()
  t.equal((await hub.enroll(token)).statusCode, 200)
  const again = await hub.enroll(token)
  t.equal(again.statusCode, 410)
  t.equal(again.json().error.code, 'ENROLLMENT_TOKEN_USED')
  t.same(auditActions(hub), ['edge.enrollment-token-issued', 'edge.enrolled', 'edge.enrollment-refused'])
})

t.test('a token expires, and a newer token withdraws an older one', async (t) => {
  const hub = await enrollmentHub(t)
  const short = (await hub.issue('gate-north', { validForHours: 1 })).json().token
  hub.clock.advance(HOUR_MS)
  const expired = await hub.enroll(short)
  t.equal(expired.statusCode, 410)
  t.equal(expired.json().error.code, 'ENROLLMENT_TOKEN_EXPIRED')
  const first = (await hub.issue('gate-north')).json().token
  const second = (await hub.issue('gate-north')).json().token
  t.equal((await hub.enroll(first)).json().error.code, 'ENROLLMENT_TOKEN_WITHDRAWN')
  t.equal((await hub.enroll(second)).statusCode, 200)
  t.equal((await hub.enroll('not-a-token')).json().error.code, 'ENROLLMENT_TOKEN_UNKNOWN')
  t.equal((await hub.enroll('k2m0q-4x7w1-zr8d3-aaaaa-bbbbb')).statusCode, 403)
})

t.test('re-enrolling revokes the old credential and announces it; an admin can revoke too', async (t) => {
  const hub = await enrollmentHub(t)
  const first = ((await hub.enroll((await hub.issue('gate-north')).json().token)).json() as EnrollmentResponse).mqtt.password
  t.same(hub.revoked, [], 'a first enrollment revokes nothing')
  const second = ((await hub.enroll((await hub.issue('gate-north')).json().token)).json() as EnrollmentResponse).mqtt.password
  t.same(hub.revoked, ['gate-north'])
  t.equal(hub.credentials.verifyEdgePassword('gate-north', first), false, 'the old password no longer works')
  t.equal(hub.credentials.verifyEdgePassword('gate-north', second), true)
  const revocation = await hub.app.inject({
    method: 'POST',
    url: '/api/edges/gate-north/credential/revocation',
    headers: { 'x-test-role': 'admin' },
    payload: { reason: 'Pi stolen from the gate box' },
  })
  t.same(revocation.json(), { wasActive: true })
  t.same(hub.revoked, ['gate-north', 'gate-north'])
  t.equal(hub.credentials.verifyEdgePassword('gate-north', second), false)
  t.equal(auditActions(hub).at(-1), 'edge.credential-revoked')
})

t.test('an enrolled edge connects to the embedded broker with its new credential; re-enrolling drops the old connection', async (t) => {
  const hub = await enrollmentHub(t)
  const broker = new EmbeddedBroker(
    { baseTopic: BROKER_TEST_BASE, listeners: [{ transport: 'mqtt', host: '127.0.0.1', port: 0 }], tls: null },
    { verifyEdgePassword: hub.credentials.verifyEdgePassword, onCredentialRevoked: (listener) => hub.credentials.onRevoked(listener), sink: new RecordingEdgeSink(), log: new SilentLogger() },
  )
  await broker.start()
  t.teardown(() => broker.stop())
  const url = `mqtt://127.0.0.1:${broker.portOf('mqtt')}`
  const first = ((await hub.enroll((await hub.issue('gate-north')).json().token)).json() as EnrollmentResponse).mqtt
  const client = await mqtt.connectAsync(url, edgeClientOptions(first.username, first.password, { clientId: first.clientId }))
  t.teardown(() => client.endAsync(true))
  t.same(broker.connectedEdgeIds, ['gate-north'])
  const lost = closed(client)
  const second = ((await hub.enroll((await hub.issue('gate-north')).json().token)).json() as EnrollmentResponse).mqtt
  await lost
  t.equal(broker.refusals.get('bad-credentials'), 0)
  await t.rejects(mqtt.connectAsync(url, edgeClientOptions('gate-north', first.password)), { code: 4 }, 'the old password is refused')
  const renewed = await mqtt.connectAsync(url, edgeClientOptions('gate-north', second.password))
  t.teardown(() => renewed.endAsync(true))
  t.same(broker.connectedEdgeIds, ['gate-north'])
})
