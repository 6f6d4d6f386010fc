import { TOPIC_KINDS, edgeNamespaceFilter, isFilterCoveredBy, isValidTopicFilter, matchTopic, type TopicKind } from '../../../../protocol/mqtt/topics.js'

/** Why the broker refused something; each reason has its own counter. */
export type BrokerRefusalReason =
  | 'bad-credentials'
  | 'client-id-mismatch'
  | 'anonymous'
  | 'not-connected-as-edge'
  | 'system-topic'
  | 'foreign-topic'
  | 'other-edge'
  | 'hub-only-kind'
  | 'wrong-retain'
  | 'sink-failed'
  | 'subscribe-outside-namespace'
  | 'packet-too-large'

export type AclDecision<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: BrokerRefusalReason }

const SYSTEM_PREFIX = '$'

/**
 * Whether edge `edgeId` may publish on `topic` with this retain flag (docs/mqtt-contract.md,
 * "Broker ACL"): only in its own namespace, only kinds edges publish, only with the contract's
 * retain flag, never a `$` topic. Pure: the embedded broker and the tests share it.
 */
export function checkEdgePublish(base: string, edgeId: string, topic: string, isRetained: boolean): AclDecision<TopicKind> {
  if (topic.startsWith(SYSTEM_PREFIX)) return { ok: false, reason: 'system-topic' }
  const matched = matchTopic(base, topic)
  if (matched === null) return { ok: false, reason: 'foreign-topic' }
  if (matched.edgeId !== edgeId) return { ok: false, reason: 'other-edge' }
  const spec = TOPIC_KINDS[matched.kind]
  if (spec.publisher !== 'edge') return { ok: false, reason: 'hub-only-kind' }
  if (spec.retain !== isRetained) return { ok: false, reason: 'wrong-retain' }
  return { ok: true, value: matched.kind }
}

/**
 * Whether edge `edgeId` may subscribe to `filter`: only filters inside its namespace
 * `<base>/edge/<edgeId>/#` (a wildcard at the edge-id level, `#`, `$SYS/#` or another edge's
 * topics are refused).
 */
export function checkEdgeSubscribe(base: string, edgeId: string, filter: string): AclDecision<string> {
  if (filter.startsWith(SYSTEM_PREFIX)) return { ok: false, reason: 'system-topic' }
  if (!isValidTopicFilter(filter) || !isFilterCoveredBy(filter, edgeNamespaceFilter(base, edgeId))) {
    return { ok: false, reason: 'subscribe-outside-namespace' }
  }
  return { ok: true, value: filter }
}
