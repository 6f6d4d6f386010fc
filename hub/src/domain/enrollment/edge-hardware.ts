import { Type, type Static } from '@sinclair/typebox'
import { EdgeConfig } from '../../../../edge/src/config/edge-config.js'

const EdgeProperties = EdgeConfig.properties

/** How one door is wired at its edge: the edge config's door without the parts the hub owns (id, fail mode). */
export const DoorWiring = Type.Omit(EdgeProperties.doors.items, ['id', 'failMode'])

export type DoorWiring = Static<typeof DoorWiring>

/**
 * The device wiring an admin enters for an edge when issuing its enrollment token: buses,
 * readers, thermometers, scanners and, per door id, its lock, inputs and entries. Enrollment
 * merges it with the doors the hub knows into the edge's config; a door left out gets no wiring,
 * and the edge refuses to start until the installer fills it in.
 */
export const EdgeHardware = Type.Object(
  {
    gpio: Type.Optional(EdgeProperties.gpio),
    osdpBuses: Type.Optional(EdgeProperties.osdpBuses),
    thermometers: Type.Optional(EdgeProperties.thermometers),
    qrScanners: Type.Optional(EdgeProperties.qrScanners),
    doors: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }), DoorWiring, { description: 'Wiring by door id.' })),
  },
  { additionalProperties: false },
)

export type EdgeHardware = Static<typeof EdgeHardware>
