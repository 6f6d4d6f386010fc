import t from 'tap'
import {
  discoveryConfigTopic,
  doorEntityStateTopic,
  doorObjectId,
  edgeAvailabilityTopic,
  edgeEntityStateTopic,
  edgeObjectId,
  hubAvailabilityTopic,
  lockCommandFilter,
  lockCommandTopic,
  matchLockCommandTopic,
} from '../../../protocol/mqtt/home-assistant-topics.js'
import { topicMatchesFilter } from '../../../protocol/mqtt/topics.js'

t.test('discovery topics follow <prefix>/<component>/<node_id>/<object_id>/config with ids from [a-zA-Z0-9_-]', async (t) => {
  t.equal(discoveryConfigTopic('homeassistant', 'lock', 'gate-north', doorObjectId('north-gate-in', 'lock')), 'homeassistant/lock/gatehouse_gate-north/north-gate-in_lock/config')
  t.equal(discoveryConfigTopic('homeassistant', 'binary_sensor', 'gate-north', edgeObjectId('offline')), 'homeassistant/binary_sensor/gatehouse_gate-north/edge_offline/config')
  t.throws(() => discoveryConfigTopic('homeassistant', 'lock', 'gate-north', 'a/b'), { code: 'BAD_TOPIC_SEGMENT' })
  t.throws(() => discoveryConfigTopic('home/#', 'lock', 'gate-north', 'x'), { code: 'BAD_TOPIC_SEGMENT' })
  t.throws(() => doorObjectId('door+1', 'lock'), { code: 'BAD_TOPIC_SEGMENT' })
})

t.test('state topics of the hub, an edge and a door never collide, whatever the edge and door are called', async (t) => {
  const topics = [
    hubAvailabilityTopic('gatehouse-ha'),
    edgeAvailabilityTopic('gatehouse-ha', 'status'),
    edgeEntityStateTopic('gatehouse-ha', 'door', 'tamper'),
    doorEntityStateTopic('gatehouse-ha', 'gate', 'availability', 'lock'),
    lockCommandTopic('gatehouse-ha', 'gate', 'availability'),
  ]
  t.same(topics, [
    'gatehouse-ha/status',
    'gatehouse-ha/status/availability',
    'gatehouse-ha/door/tamper/state',
    'gatehouse-ha/gate/door/availability/lock/state',
    'gatehouse-ha/gate/door/availability/lock/set',
  ])
  t.equal(new Set(topics).size, topics.length)
})

t.test('lock command topics are matched back to their edge and door, and nothing else is', async (t) => {
  const topic = lockCommandTopic('gatehouse-ha', 'gate-north', 'north-gate-in')
  t.ok(topicMatchesFilter(lockCommandFilter('gatehouse-ha'), topic), 'the hub subscription covers it')
  t.same(matchLockCommandTopic('gatehouse-ha', topic), { edgeId: 'gate-north', doorId: 'north-gate-in' })
  t.equal(matchLockCommandTopic('gatehouse-ha', doorEntityStateTopic('gatehouse-ha', 'gate-north', 'north-gate-in', 'lock')), null)
  t.equal(matchLockCommandTopic('gatehouse-ha', 'gatehouse-ha/Gate/door/x/lock/set'), null)
  t.equal(matchLockCommandTopic('gatehouse-ha', 'other/gate-north/door/x/lock/set'), null)
  t.equal(matchLockCommandTopic('gatehouse-ha', 'gatehouse-ha/gate-north/door/x/y/lock/set'), null)
})
