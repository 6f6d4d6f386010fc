/**
 * Every topic of the optional Home Assistant integration (docs/home-assistant.md), built here and
 * nowhere else. They live on the community's Home Assistant broker, never in an edge namespace:
 *
 *   <discoveryPrefix>/<component>/<nodeId>/<objectId>/config      discovery, retained
 *   <stateBase>/status                                             the hub's availability (last will)
 *   <stateBase>/<edgeId>/availability                              the edge online or offline
 *   <stateBase>/<edgeId>/<edgeEntity>/state                        edge alarms (tamper, offline)
 *   <stateBase>/<edgeId>/door/<doorId>/<doorEntity>/state          lock, temperature, door alarms
 *   <stateBase>/<edgeId>/door/<doorId>/lock/set                    the lock's command topic
 *
 * Home Assistant's discovery topic: `<discovery_prefix>/<component>/[<node_id>/]<object_id>/config`,
 * node and object ids from `[a-zA-Z0-9_-]`.
 */
import { isValidBaseTopic, isValidEdgeId } from './topics.js'

export const DEFAULT_DISCOVERY_PREFIX = 'homeassistant'
export const DEFAULT_HOME_ASSISTANT_STATE_BASE = 'gatehouse-ha'

export const HOME_ASSISTANT_COMPONENTS = ['lock', 'sensor', 'binary_sensor'] as const
export type HomeAssistantComponent = (typeof HOME_ASSISTANT_COMPONENTS)[number]

/** What each door shows in Home Assistant. */
export const DOOR_ENTITIES = ['lock', 'temperature', 'door_forced', 'door_held_open', 'fever'] as const
export type DoorEntity = (typeof DOOR_ENTITIES)[number]

/** What each edge shows, beside its doors. */
export const EDGE_ENTITIES = ['tamper', 'offline'] as const
export type EdgeEntity = (typeof EDGE_ENTITIES)[number]

const HA_ID = /^[a-zA-Z0-9_-]{1,64}$/

export interface BadHomeAssistantTopicError extends Error {
  readonly code: 'BAD_TOPIC_SEGMENT'
}

function bad(what: string, value: string): BadHomeAssistantTopicError {
  return Object.assign(new Error(`invalid ${what} for a Home Assistant topic: ${JSON.stringify(value.slice(0, 80))}`), { code: 'BAD_TOPIC_SEGMENT' as const })
}

function base(value: string, what: string): string {
  if (!isValidBaseTopic(value)) throw bad(what, value)
  return value
}

function id(value: string, what: string): string {
  if (!isValidEdgeId(value)) throw bad(what, value)
  return value
}

/** The single place where levels of these topics are joined; every segment is checked first. */
function joinLevels(...levels: string[]): string {
  return levels.join('/')
}

/** Node id of an edge's entities: one Home Assistant device per edge. */
export function homeAssistantNodeId(edgeId: string): string {
  return `gatehouse_${id(edgeId, 'edge id')}`
}

/** `<prefix>/<component>/<nodeId>/<objectId>/config`. */
export function discoveryConfigTopic(discoveryPrefix: string, component: HomeAssistantComponent, edgeId: string, objectId: string): string {
  if (!HA_ID.test(objectId)) throw bad('object id', objectId)
  return joinLevels(base(discoveryPrefix, 'discovery prefix'), component, homeAssistantNodeId(edgeId), objectId, 'config')
}

/** Object id of a door's entity: `<doorId>_<entity>`, unique within its edge. */
export function doorObjectId(doorId: string, entity: DoorEntity): string {
  return `${id(doorId, 'door id')}_${entity}`
}

/** Object id of an edge's own entity: `edge_<entity>` (door ids never hold `_`). */
export function edgeObjectId(entity: EdgeEntity): string {
  return `edge_${entity}`
}

/** The hub's availability: "online" while connected, "offline" as its last will. */
export function hubAvailabilityTopic(stateBase: string): string {
  return joinLevels(base(stateBase, 'state base'), 'status')
}

export function edgeAvailabilityTopic(stateBase: string, edgeId: string): string {
  return joinLevels(base(stateBase, 'state base'), id(edgeId, 'edge id'), 'availability')
}

export function edgeEntityStateTopic(stateBase: string, edgeId: string, entity: EdgeEntity): string {
  return joinLevels(base(stateBase, 'state base'), id(edgeId, 'edge id'), entity, 'state')
}

export function doorEntityStateTopic(stateBase: string, edgeId: string, doorId: string, entity: DoorEntity): string {
  return joinLevels(base(stateBase, 'state base'), id(edgeId, 'edge id'), 'door', id(doorId, 'door id'), entity, 'state')
}

export function lockCommandTopic(stateBase: string, edgeId: string, doorId: string): string {
  return joinLevels(base(stateBase, 'state base'), id(edgeId, 'edge id'), 'door', id(doorId, 'door id'), 'lock', 'set')
}

/** `<stateBase>/+/door/+/lock/set`: what the hub subscribes to, to answer lock commands. */
export function lockCommandFilter(stateBase: string): string {
  return joinLevels(base(stateBase, 'state base'), '+', 'door', '+', 'lock', 'set')
}

/** The edge and door of a lock command topic, or null for any other topic (never throws: topics come off the wire). */
export function matchLockCommandTopic(stateBase: string, topic: string): { readonly edgeId: string; readonly doorId: string } | null {
  const prefix = `${stateBase}/`
  if (!topic.startsWith(prefix)) return null
  const rest = topic.slice(prefix.length).split('/')
  if (rest.length !== 5 || rest[1] !== 'door' || rest[3] !== 'lock' || rest[4] !== 'set') return null
  const [edgeId, , doorId] = rest
  if (edgeId === undefined || doorId === undefined || !isValidEdgeId(edgeId) || !isValidEdgeId(doorId)) return null
  return { edgeId, doorId }
}
