import t from 'tap'
import mqtt from 'mqtt'
import { edgeClientId } from '../../../edge/src/adapters/mqtt/edge-client-id.js'
import { edgeStatusTopic } from '../../../protocol/mqtt/topics.js'
import { RIG_BASE, RIG_EDGE, RIG_EDGE_PASSWORD, startRemoteOpenRig } from '../../fakes/hub-remote-open-rig.js'
import { edgeStatus } from '../../fakes/hub-ingest-fixtures.js'

t.test("an edge that drops off the network: the broker's last will reaches ingest, the edge is offline and EDGE_OFFLINE is raised", async (t) => {
  const rig = await startRemoteOpenRig({ hasEdge: false })
  t.teardown(() => rig.stop())
  const topic = edgeStatusTopic(RIG_BASE, RIG_EDGE)
  const online = edgeStatus({ edgeId: RIG_EDGE, at: new Date().toISOString() })
  const will = { ...online, state: 'offline' }
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${rig.broker.portOf('mqtt')}`, {
    protocolVersion: 4,
    clientId: edgeClientId(RIG_EDGE),
    username: RIG_EDGE,
    password: RIG_EDGE_PASSWORD,
    clean: false,
    reconnectPeriod: 0,
    will: { topic, payload: Buffer.from(JSON.stringify(will)), qos: 1, retain: true },
  })
  const stored = rig.sink.next('status')
  await client.publishAsync(topic, JSON.stringify(online), { qos: 1, retain: true })
  t.same(await stored, { status: 'stored' })
  const willIngested = rig.sink.next('status')
  client.stream.destroy()
  t.same(await willIngested, { status: 'stored' })
  const row = rig.hub.connection.prepare<[string], { state: string }>('SELECT state FROM edge_status WHERE edge_id = ?').get(RIG_EDGE)
  t.same(row, { state: 'offline' })
  const alerts = rig.hub.connection.prepare("SELECT kind, edge_id FROM alerts WHERE cleared_at_ms IS NULL").all()
  t.same(alerts, [{ kind: 'EDGE_OFFLINE', edge_id: RIG_EDGE }])
  client.end(true)
})
