import t from 'tap'
import {
  accessEventTopic,
  alarmTopic,
  commandReplyTopic,
  commandTopic,
  DEFAULT_BASE_TOPIC,
  edgeNamespaceFilter,
  edgeStatusTopic,
  edgeSubscriptionTopics,
  edgeTopic,
  hubSubscriptionFilter,
  hubSubscriptionFilters,
  isFilterCoveredBy,
  isValidBaseTopic,
  isValidEdgeId,
  matchTopic,
  policyAnnouncementTopic,
  policyAppliedTopic,
  TOPIC_KIND_NAMES,
  TOPIC_KINDS,
  topicMatchesFilter,
  type TopicKind,
} from '../../../protocol/mqtt/topics.js'

const BASES = [DEFAULT_BASE_TOPIC, 'city/community-7', 'a/b/c/d/e/f/g/h']
const EDGE_IDS = ['gate-north', '0', 'b7', 'a'.repeat(63), 'x-1-2-3']

const BUILDERS: Record<TopicKind, (base: string, edgeId: string) => string> = {
  status: edgeStatusTopic,
  event: accessEventTopic,
  alarm: alarmTopic,
  command: commandTopic,
  commandReply: commandReplyTopic,
  policy: policyAnnouncementTopic,
  policyApplied: policyAppliedTopic,
}

t.test('builds the documented topic for every kind', async (t) => {
  t.equal(edgeStatusTopic('gatehouse', 'gate-north'), 'gatehouse/edge/gate-north/status')
  t.equal(accessEventTopic('gatehouse', 'gate-north'), 'gatehouse/edge/gate-north/event')
  t.equal(alarmTopic('gatehouse', 'gate-north'), 'gatehouse/edge/gate-north/alarm')
  t.equal(commandTopic('city/community-7', 'b7'), 'city/community-7/edge/b7/command')
  t.equal(commandReplyTopic('gatehouse', 'b7'), 'gatehouse/edge/b7/command-reply')
  t.equal(policyAnnouncementTopic('gatehouse', 'b7'), 'gatehouse/edge/b7/policy')
  t.equal(policyAppliedTopic('gatehouse', 'b7'), 'gatehouse/edge/b7/policy-applied')
  t.equal(edgeNamespaceFilter('gatehouse', 'b7'), 'gatehouse/edge/b7/#')
})

t.test('matches every built topic back to its kind and edge id', async (t) => {
  for (const base of BASES) {
    for (const edgeId of EDGE_IDS) {
      for (const kind of TOPIC_KIND_NAMES) {
        const topic = BUILDERS[kind](base, edgeId)
        t.same(matchTopic(base, topic), { kind, edgeId }, topic)
        t.equal(edgeTopic(base, kind, edgeId), topic)
        t.ok(topicMatchesFilter(edgeNamespaceFilter(base, edgeId), topic), `${topic} is in its namespace`)
      }
    }
  }
})

t.test('every kind has its own last level, so no two kinds share a topic', async (t) => {
  const levels = TOPIC_KIND_NAMES.map((kind) => TOPIC_KINDS[kind].level)
  t.equal(new Set(levels).size, levels.length)
  t.same([...TOPIC_KIND_NAMES].sort(), Object.keys(TOPIC_KINDS).sort())
})

t.test('does not match topics of another base, another shape or an invalid edge id', async (t) => {
  const none = [
    'gatehouse/edge/gate-north',
    'gatehouse/edge/gate-north/status/extra',
    'gatehouse/edge/gate-north/unknown',
    'gatehouse/edge//status',
    'gatehouse/edge/Gate-North/status',
    'gatehouse/edge/-gate/status',
    'gatehouse/edges/gate-north/status',
    'other/edge/gate-north/status',
    'gatehouse2/edge/gate-north/status',
    'city/gatehouse/edge/gate-north/status',
    '/gatehouse/edge/gate-north/status',
    'gatehouse/edge/+/status',
    'gatehouse/edge/gate-north/#',
    'gatehouse/edge/gate\u0000/status',
    '$SYS/edge/gate-north/status',
    '',
  ]
  for (const topic of none) t.equal(matchTopic('gatehouse', topic), null, JSON.stringify(topic))
  t.equal(matchTopic('city/community-7', 'city/edge/gate-north/status'), null)
  t.equal(matchTopic('gatehouse', `gatehouse/edge/${'a'.repeat(64)}/status`), null)
})

t.test('accepts only the documented edge id form', async (t) => {
  for (const id of EDGE_IDS) t.ok(isValidEdgeId(id), id)
  const bad = ['', '-a', 'A', 'a/b', 'a+b', 'a#', '+', '#', 'a\u0000', 'a b', 'a_b', 'a.b', 'é', 'a'.repeat(64), 'a\n']
  for (const id of bad) t.notOk(isValidEdgeId(id), JSON.stringify(id))
})

t.test('throws BAD_TOPIC_SEGMENT when a builder gets an invalid edge id or base', async (t) => {
  for (const id of ['', 'a/b', '+', '#', 'a\u0000', 'UPPER']) {
    for (const kind of TOPIC_KIND_NAMES) {
      t.throws(() => BUILDERS[kind]('gatehouse', id), { code: 'BAD_TOPIC_SEGMENT' }, `${kind} ${JSON.stringify(id)}`)
    }
    t.throws(() => edgeNamespaceFilter('gatehouse', id), { code: 'BAD_TOPIC_SEGMENT' })
  }
  for (const base of ['', '/gatehouse', 'gatehouse/', 'a//b', 'a/+', '#', '$SYS', 'a b', 'a/b/c/d/e/f/g/h/i']) {
    t.notOk(isValidBaseTopic(base), JSON.stringify(base))
    t.throws(() => edgeStatusTopic(base, 'gate-north'), { code: 'BAD_TOPIC_SEGMENT' }, JSON.stringify(base))
    t.throws(() => hubSubscriptionFilters(base), { code: 'BAD_TOPIC_SEGMENT' })
  }
})

t.test('the hub subscribes with + to every kind edges publish, and nothing else', async (t) => {
  t.equal(hubSubscriptionFilter('gatehouse', 'event'), 'gatehouse/edge/+/event')
  t.same(hubSubscriptionFilters('gatehouse'), [
    'gatehouse/edge/+/status',
    'gatehouse/edge/+/event',
    'gatehouse/edge/+/alarm',
    'gatehouse/edge/+/command-reply',
    'gatehouse/edge/+/policy-applied',
  ])
  for (const kind of TOPIC_KIND_NAMES) {
    const topic = BUILDERS[kind]('gatehouse', 'gate-north')
    const heard = hubSubscriptionFilters('gatehouse').some((filter) => topicMatchesFilter(filter, topic))
    t.equal(heard, TOPIC_KINDS[kind].publisher === 'edge', `hub hears ${kind}: ${heard}`)
  }
})

t.test('an edge subscribes to exactly the kinds the hub publishes, in its namespace', async (t) => {
  t.same(edgeSubscriptionTopics('gatehouse', 'gate-north'), [
    'gatehouse/edge/gate-north/command',
    'gatehouse/edge/gate-north/policy',
  ])
  for (const topic of edgeSubscriptionTopics('gatehouse', 'gate-north')) {
    t.ok(isFilterCoveredBy(topic, edgeNamespaceFilter('gatehouse', 'gate-north')))
  }
})

t.test('the namespace ACL keeps an edge out of other edges and the hub wildcards', async (t) => {
  const namespace = edgeNamespaceFilter('gatehouse', 'gate-north')
  t.notOk(topicMatchesFilter(namespace, edgeStatusTopic('gatehouse', 'gate-south')))
  t.notOk(topicMatchesFilter(namespace, edgeStatusTopic('gatehouse', 'gate-north-2')))
  t.notOk(isFilterCoveredBy(hubSubscriptionFilter('gatehouse', 'event'), namespace))
  t.notOk(isFilterCoveredBy('gatehouse/#', namespace))
  t.notOk(isFilterCoveredBy('#', namespace))
  t.ok(isFilterCoveredBy('gatehouse/edge/gate-north/+', namespace))
  t.ok(isFilterCoveredBy(namespace, namespace))
})

t.test('commands are never retained, status is, and every kind is QoS 1', async (t) => {
  t.equal(TOPIC_KINDS.command.retain, false)
  t.equal(TOPIC_KINDS.command.publisher, 'hub')
  t.equal(TOPIC_KINDS.status.retain, true)
  t.equal(TOPIC_KINDS.event.retain, false)
  for (const kind of TOPIC_KIND_NAMES) t.equal(TOPIC_KINDS[kind].qos, 1, `${kind} is QoS 1`)
})
