import {
  discoveryConfigTopic,
  doorEntityStateTopic,
  doorObjectId,
  edgeAvailabilityTopic,
  edgeEntityStateTopic,
  edgeObjectId,
  homeAssistantNodeId,
  hubAvailabilityTopic,
  lockCommandTopic,
  type DoorEntity,
  type EdgeEntity,
  type HomeAssistantComponent,
} from '../../../../protocol/mqtt/home-assistant-topics.js'
import { isValidEdgeId } from '../../../../protocol/mqtt/topics.js'

export interface HomeAssistantSettings {
  readonly discoveryPrefix: string
  readonly stateBase: string
  /** Announce a temperature sensor per door that measures (the readings leave the hub). */
  readonly shareTemperatures: boolean
}

/** One edge as Home Assistant shows it: a device with its doors. */
export interface HomeAssistantEdge {
  readonly id: string
  readonly name: string
  /** From the edge's last status; null before the first. */
  readonly softwareVersion: string | null
  readonly doors: readonly { readonly id: string; readonly name: string; readonly isTemperatureRequired: boolean }[]
}

/** A retained message to put on the Home Assistant broker. */
export interface HomeAssistantMessage {
  readonly topic: string
  readonly payload: string
}

/** Lock payloads: commands HA sends and states the hub reports (set explicitly, so HA's defaults do not matter). */
export const LOCK_PAYLOADS = { lock: 'LOCK', unlock: 'UNLOCK', locked: 'LOCKED', unlocked: 'UNLOCKED' } as const
export const AVAILABLE = 'online'
export const NOT_AVAILABLE = 'offline'

interface EntitySpec {
  readonly component: HomeAssistantComponent
  readonly name: string
  readonly fields: Record<string, unknown>
}

const DOOR_ALARMS: Record<Exclude<DoorEntity, 'lock' | 'temperature'>, { readonly name: string; readonly deviceClass: string }> = {
  door_forced: { name: 'forced open', deviceClass: 'safety' },
  door_held_open: { name: 'held open', deviceClass: 'problem' },
  fever: { name: 'fever', deviceClass: 'safety' },
}

const EDGE_ALARMS: Record<EdgeEntity, { readonly name: string; readonly deviceClass: string }> = {
  tamper: { name: 'Tamper', deviceClass: 'tamper' },
  offline: { name: 'Offline', deviceClass: 'problem' },
}

/** Which door or edge entity each hub alert kind turns on. */
export const ALERT_ENTITY: Readonly<Record<string, { readonly scope: 'door'; readonly entity: DoorEntity } | { readonly scope: 'edge'; readonly entity: EdgeEntity }>> = {
  FEVER: { scope: 'door', entity: 'fever' },
  DOOR_FORCED: { scope: 'door', entity: 'door_forced' },
  DOOR_HELD_OPEN: { scope: 'door', entity: 'door_held_open' },
  TAMPER: { scope: 'edge', entity: 'tamper' },
}

function binarySensor(name: string, deviceClass: string): Omit<EntitySpec, 'fields'> & { readonly fields: Record<string, unknown> } {
  return { component: 'binary_sensor', name, fields: { device_class: deviceClass, payload_on: 'ON', payload_off: 'OFF' } }
}

function availabilityOf(settings: HomeAssistantSettings, edgeId: string | null): Record<string, unknown> {
  const entries = [hubAvailabilityTopic(settings.stateBase), ...(edgeId === null ? [] : [edgeAvailabilityTopic(settings.stateBase, edgeId)])]
  return {
    availability: entries.map((topic) => ({ topic, payload_available: AVAILABLE, payload_not_available: NOT_AVAILABLE })),
    availability_mode: 'all',
  }
}

function doorEntities(edge: HomeAssistantEdge, door: HomeAssistantEdge['doors'][number], settings: HomeAssistantSettings): [DoorEntity, EntitySpec][] {
  const state = (entity: DoorEntity) => doorEntityStateTopic(settings.stateBase, edge.id, door.id, entity)
  const entities: [DoorEntity, EntitySpec][] = [
    [
      'lock',
      {
        component: 'lock',
        name: door.name,
        fields: {
          state_topic: state('lock'),
          command_topic: lockCommandTopic(settings.stateBase, edge.id, door.id),
          payload_lock: LOCK_PAYLOADS.lock,
          payload_unlock: LOCK_PAYLOADS.unlock,
          state_locked: LOCK_PAYLOADS.locked,
          state_unlocked: LOCK_PAYLOADS.unlocked,
          optimistic: false,
        },
      },
    ],
  ]
  if (settings.shareTemperatures && door.isTemperatureRequired) {
    entities.push([
      'temperature',
      {
        component: 'sensor',
        name: `${door.name} temperature`,
        fields: { state_topic: state('temperature'), device_class: 'temperature', unit_of_measurement: '°C', state_class: 'measurement', suggested_display_precision: 1 },
      },
    ])
  }
  for (const [entity, alarm] of Object.entries(DOOR_ALARMS) as [DoorEntity, { name: string; deviceClass: string }][]) {
    const spec = binarySensor(`${door.name} ${alarm.name}`, alarm.deviceClass)
    entities.push([entity, { ...spec, fields: { ...spec.fields, state_topic: state(entity) } }])
  }
  return entities
}

function discoveryPayload(edge: HomeAssistantEdge, uniqueId: string, spec: EntitySpec, availability: Record<string, unknown>): string {
  const device = {
    identifiers: [homeAssistantNodeId(edge.id)],
    name: edge.name,
    manufacturer: 'Gatehouse',
    model: 'Gatehouse edge',
    ...(edge.softwareVersion !== null && { sw_version: edge.softwareVersion }),
  }
  return JSON.stringify({ name: spec.name, unique_id: uniqueId, ...spec.fields, ...availability, qos: 1, device, origin: { name: 'Gatehouse hub' } })
}

/**
 * The retained discovery configs of one edge (HA MQTT discovery: one config per entity, a
 * `device` block per edge): each door as a lock, a temperature sensor for doors that measure
 * (when shared), door alarms and edge alarms as binary sensors. Doors whose id cannot be a topic
 * level are left out. The "offline" sensor depends on the hub's availability only: it must stay
 * readable while the edge is away.
 */
export function discoveryMessages(edge: HomeAssistantEdge, settings: HomeAssistantSettings): HomeAssistantMessage[] {
  if (!isValidEdgeId(edge.id)) return []
  const messages: HomeAssistantMessage[] = []
  const withEdge = availabilityOf(settings, edge.id)
  for (const door of edge.doors.filter((candidate) => isValidEdgeId(candidate.id))) {
    for (const [entity, spec] of doorEntities(edge, door, settings)) {
      const objectId = doorObjectId(door.id, entity)
      const payload = discoveryPayload(edge, `${homeAssistantNodeId(edge.id)}_${objectId}`, spec, withEdge)
      messages.push({ topic: discoveryConfigTopic(settings.discoveryPrefix, spec.component, edge.id, objectId), payload })
    }
  }
  for (const [entity, alarm] of Object.entries(EDGE_ALARMS) as [EdgeEntity, { name: string; deviceClass: string }][]) {
    const spec = binarySensor(alarm.name, alarm.deviceClass)
    const objectId = edgeObjectId(entity)
    const availability = entity === 'offline' ? availabilityOf(settings, null) : withEdge
    const fields = { ...spec.fields, state_topic: edgeEntityStateTopic(settings.stateBase, edge.id, entity) }
    const payload = discoveryPayload(edge, `${homeAssistantNodeId(edge.id)}_${objectId}`, { ...spec, fields }, availability)
    messages.push({ topic: discoveryConfigTopic(settings.discoveryPrefix, 'binary_sensor', edge.id, objectId), payload })
  }
  return messages
}

/** What the hub knows of one edge right now, for its states. */
export interface HomeAssistantEdgeView {
  readonly isOnline: boolean
  /** Open alerts of the edge: kind and door. */
  readonly openAlerts: readonly { readonly kind: string; readonly doorId: string | null }[]
  /** Doors shown unlocked (a grant moments ago). */
  readonly unlockedDoorIds: ReadonlySet<string>
}

/**
 * The retained states of one edge's entities, except temperatures (they come with readings):
 * availability, each lock, and every alarm sensor ON while an alert of its kind is open.
 */
export function stateMessages(edge: HomeAssistantEdge, settings: HomeAssistantSettings, view: HomeAssistantEdgeView): HomeAssistantMessage[] {
  if (!isValidEdgeId(edge.id)) return []
  const onDoor = new Set<string>()
  const onEdge = new Set<string>()
  for (const alert of view.openAlerts) {
    const target = ALERT_ENTITY[alert.kind]
    if (target?.scope === 'door' && alert.doorId !== null) onDoor.add(`${alert.doorId}/${target.entity}`)
    if (target?.scope === 'edge') onEdge.add(target.entity)
  }
  if (!view.isOnline) onEdge.add('offline')
  const messages: HomeAssistantMessage[] = [{ topic: edgeAvailabilityTopic(settings.stateBase, edge.id), payload: view.isOnline ? AVAILABLE : NOT_AVAILABLE }]
  for (const door of edge.doors.filter((candidate) => isValidEdgeId(candidate.id))) {
    const lock = view.unlockedDoorIds.has(door.id) ? LOCK_PAYLOADS.unlocked : LOCK_PAYLOADS.locked
    messages.push({ topic: doorEntityStateTopic(settings.stateBase, edge.id, door.id, 'lock'), payload: lock })
    for (const entity of Object.keys(DOOR_ALARMS) as DoorEntity[]) {
      messages.push({ topic: doorEntityStateTopic(settings.stateBase, edge.id, door.id, entity), payload: onDoor.has(`${door.id}/${entity}`) ? 'ON' : 'OFF' })
    }
  }
  for (const entity of Object.keys(EDGE_ALARMS) as EdgeEntity[]) {
    messages.push({ topic: edgeEntityStateTopic(settings.stateBase, edge.id, entity), payload: onEdge.has(entity) ? 'ON' : 'OFF' })
  }
  return messages
}
