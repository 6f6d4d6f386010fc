/**
 * Every MQTT topic Gatehouse uses is built here and nowhere else. Layout:
 *
 *   <base>/edge/<edgeId>/<kind level>
 *
 * `<base>` is configurable (default `gatehouse`) and may have several levels
 * (`city/community-7`). Everything an edge publishes or receives lives under its own namespace
 * `<base>/edge/<edgeId>/#`, which is what the broker ACL grants it.
 */
import { isValidTopicName } from './topic-filter.js'

export { isFilterCoveredBy, isValidTopicFilter, isValidTopicName, topicMatchesFilter } from './topic-filter.js'

export const DEFAULT_BASE_TOPIC = 'gatehouse'

/** The level between the base and the edge id. */
const EDGE_NAMESPACE_LEVEL = 'edge'

/** Edge ids are also topic levels, so they can never hold `/`, `+`, `#` or U+0000. */
export const EDGE_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$'
const EDGE_ID = new RegExp(EDGE_ID_PATTERN)

/** One level of the base topic. A leading `$` is excluded: `$` topics belong to the broker. */
const BASE_LEVEL = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/
const MAX_BASE_LEVELS = 8

export interface TopicKindSpec {
  /** The last topic level. */
  readonly level: string
  /** Who publishes on the topic; the other side subscribes. */
  readonly publisher: 'edge' | 'hub'
  readonly qos: 0 | 1
  readonly retain: boolean
  readonly summary: string
}

export const TOPIC_KINDS = {
  status: {
    level: 'status',
    publisher: 'edge',
    qos: 1,
    retain: true,
    summary: 'Edge status; retained. The CONNECT last will is the same message with state "offline".',
  },
  event: {
    level: 'event',
    publisher: 'edge',
    qos: 1,
    retain: false,
    summary: 'Every access attempt, granted or denied, from the edge journal.',
  },
  alarm: {
    level: 'alarm',
    publisher: 'edge',
    qos: 1,
    retain: false,
    summary: 'Alarm raised or cleared, from the edge journal.',
  },
  command: {
    level: 'command',
    publisher: 'hub',
    qos: 1,
    retain: false,
    summary: 'Signed door command. Never retained; an edge ignores a retained one.',
  },
  commandReply: {
    level: 'command-reply',
    publisher: 'edge',
    qos: 1,
    retain: false,
    summary: 'Outcome of one command, with the command id.',
  },
  policy: {
    level: 'policy',
    publisher: 'hub',
    qos: 1,
    retain: true,
    summary: 'Signed announcement of the newest policy version for this edge, maybe with a small delta.',
  },
  policyApplied: {
    level: 'policy-applied',
    publisher: 'edge',
    qos: 1,
    retain: true,
    summary: 'The policy version the edge has applied.',
  },
} as const satisfies Record<string, TopicKindSpec>

export type TopicKind = keyof typeof TOPIC_KINDS

export const TOPIC_KIND_NAMES = [
  'status',
  'event',
  'alarm',
  'command',
  'commandReply',
  'policy',
  'policyApplied',
] as const satisfies readonly TopicKind[]

/** Fails to compile if a kind is added to TOPIC_KINDS but not to TOPIC_KIND_NAMES. */
const everyKindIsNamed: Exclude<TopicKind, (typeof TOPIC_KIND_NAMES)[number]> extends never ? true : false = true
void everyKindIsNamed

const KIND_BY_LEVEL = new Map<string, TopicKind>(TOPIC_KIND_NAMES.map((kind) => [TOPIC_KINDS[kind].level, kind]))

export interface MatchedTopic {
  readonly kind: TopicKind
  readonly edgeId: string
}

export interface BadTopicSegmentError extends Error {
  readonly code: 'BAD_TOPIC_SEGMENT'
}

function badTopicSegment(what: string, value: string): BadTopicSegmentError {
  return Object.assign(new Error(`invalid ${what} for an MQTT topic: ${JSON.stringify(value.slice(0, 80))}`), {
    code: 'BAD_TOPIC_SEGMENT' as const,
  })
}

export function isValidEdgeId(edgeId: string): boolean {
  return EDGE_ID.test(edgeId)
}

export function isValidBaseTopic(base: string): boolean {
  const levels = base.split('/')
  return levels.length <= MAX_BASE_LEVELS && levels.every((level) => BASE_LEVEL.test(level))
}

function checkedBase(base: string): string {
  if (!isValidBaseTopic(base)) throw badTopicSegment('base topic', base)
  return base
}

function checkedEdgeId(edgeId: string): string {
  if (!isValidEdgeId(edgeId)) throw badTopicSegment('edge id', edgeId)
  return edgeId
}

/** The single place where topic levels are joined; builders check their segments first. */
function joinLevels(...levels: string[]): string {
  return levels.join('/')
}

/** The topic of `kind` for one edge. Throws `BAD_TOPIC_SEGMENT` on an invalid base or edge id. */
export function edgeTopic(base: string, kind: TopicKind, edgeId: string): string {
  return joinLevels(checkedBase(base), EDGE_NAMESPACE_LEVEL, checkedEdgeId(edgeId), TOPIC_KINDS[kind].level)
}

export function edgeStatusTopic(base: string, edgeId: string): string {
  return edgeTopic(base, 'status', edgeId)
}

export function accessEventTopic(base: string, edgeId: string): string {
  return edgeTopic(base, 'event', edgeId)
}

export function alarmTopic(base: string, edgeId: string): string {
  return edgeTopic(base, 'alarm', edgeId)
}

export function commandTopic(base: string, edgeId: string): string {
  return edgeTopic(base, 'command', edgeId)
}

export function commandReplyTopic(base: string, edgeId: string): string {
  return edgeTopic(base, 'commandReply', edgeId)
}

export function policyAnnouncementTopic(base: string, edgeId: string): string {
  return edgeTopic(base, 'policy', edgeId)
}

export function policyAppliedTopic(base: string, edgeId: string): string {
  return edgeTopic(base, 'policyApplied', edgeId)
}

/** `<base>/edge/<edgeId>/#`: everything one edge may publish and subscribe to (broker ACL). */
export function edgeNamespaceFilter(base: string, edgeId: string): string {
  return joinLevels(checkedBase(base), EDGE_NAMESPACE_LEVEL, checkedEdgeId(edgeId), '#')
}

/** `<base>/edge/+/<level>`: the hub's subscription to one edge-published kind from every edge. */
export function hubSubscriptionFilter(base: string, kind: TopicKind): string {
  return joinLevels(checkedBase(base), EDGE_NAMESPACE_LEVEL, '+', TOPIC_KINDS[kind].level)
}

/** Every filter the hub subscribes to: one per kind that edges publish. */
export function hubSubscriptionFilters(base: string): string[] {
  return TOPIC_KIND_NAMES.filter((kind) => TOPIC_KINDS[kind].publisher === 'edge').map((kind) =>
    hubSubscriptionFilter(base, kind),
  )
}

/** Every topic one edge subscribes to: the kinds the hub publishes, in its own namespace. */
export function edgeSubscriptionTopics(base: string, edgeId: string): string[] {
  return TOPIC_KIND_NAMES.filter((kind) => TOPIC_KINDS[kind].publisher === 'hub').map((kind) =>
    edgeTopic(base, kind, edgeId),
  )
}

/** The topic of `kind` with `{base}` and `{edgeId}` placeholders, for the contract document. */
export function topicPattern(kind: TopicKind): string {
  return joinLevels('{base}', EDGE_NAMESPACE_LEVEL, '{edgeId}', TOPIC_KINDS[kind].level)
}

/** `{base}/edge/{edgeId}/#`, for the contract document. */
export function edgeNamespacePattern(): string {
  return joinLevels('{base}', EDGE_NAMESPACE_LEVEL, '{edgeId}', '#')
}

/**
 * Recognises a topic under `base`: returns its kind and edge id, or null for anything else
 * (another base, an unknown level, an invalid edge id, extra levels). Never throws: topics come
 * off the wire.
 */
export function matchTopic(base: string, topic: string): MatchedTopic | null {
  if (!isValidTopicName(topic)) return null
  const prefix = joinLevels(base, EDGE_NAMESPACE_LEVEL, '')
  if (!topic.startsWith(prefix)) return null
  const rest = topic.slice(prefix.length).split('/')
  if (rest.length !== 2) return null
  const [edgeId, level] = rest
  if (edgeId === undefined || level === undefined || !isValidEdgeId(edgeId)) return null
  const kind = KIND_BY_LEVEL.get(level)
  return kind === undefined ? null : { kind, edgeId }
}
