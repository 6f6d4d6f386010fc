import type { NeededPort } from './taken-ports.js'
import type { TcpEndpoint } from '../transports/tcp-device-server.js'

/** Every process of the demo community listens on loopback only. */
export const COMMUNITY_HOST = '127.0.0.1'
export const DEFAULT_PORT_BASE = 8080
/** The block of ports the community uses from --port-base on. */
export const PORT_BLOCK_SIZE = 40

export type SimulatedDevice = 'osdp-reader' | 'thermometer' | 'qr-scanner'

/** One `gatehouse-sim` process: a device on a `tcp://` serial link, with its control port. */
export interface SimulatorPlan {
  /** Also the reader, thermometer or scanner name in the edge config. */
  readonly name: string
  readonly device: SimulatedDevice
  readonly edgeId: string
  readonly link: TcpEndpoint
  readonly control: TcpEndpoint
}

/** A door as the hub's model knows it (POST /api/edges/:edgeId/doors); `building` is 1, 2, 3 or null for a gate. */
export interface DoorPlan {
  readonly id: string
  readonly name: string
  readonly building: 1 | 2 | 3 | null
  readonly lane: 'residents' | 'returnees' | 'assisted' | null
  readonly failMode: 'fail-safe' | 'fail-secure'
  readonly antiPassback: 'off' | 'hard'
  readonly isTemperatureRequired: boolean
  /** The reader whose output 0 drives the lock and whose input 0 is the door contact. */
  readonly lockReader: string
  readonly entries: readonly { readonly reader: string; readonly direction: 'in' | 'out' }[]
}

export interface EdgePlan {
  readonly id: string
  readonly name: string
  /** Where the edge serves its kiosk screen. */
  readonly kioskPort: number
  /** The edge reaches the broker through this relay, so chaos can cut it off the network. */
  readonly relayPort: number
  readonly doors: readonly DoorPlan[]
}

export interface CommunityPlan {
  readonly host: string
  readonly portBase: number
  readonly hubHttpPort: number
  readonly hubMqttPort: number
  readonly edges: readonly EdgePlan[]
  readonly simulators: readonly SimulatorPlan[]
}

const GATE_DOORS: readonly DoorPlan[] = [
  {
    id: 'gate-residents',
    name: "South gate, residents' lane",
    building: null,
    lane: 'residents',
    failMode: 'fail-secure',
    antiPassback: 'hard',
    isTemperatureRequired: true,
    lockReader: 'gate-res-in',
    entries: [
      { reader: 'gate-res-in', direction: 'in' },
      { reader: 'gate-res-out', direction: 'out' },
    ],
  },
  {
    id: 'gate-returnees',
    name: 'South gate, returnee lane',
    building: null,
    lane: 'returnees',
    failMode: 'fail-secure',
    antiPassback: 'hard',
    isTemperatureRequired: true,
    lockReader: 'gate-ret-in',
    entries: [{ reader: 'gate-ret-in', direction: 'in' }],
  },
  {
    id: 'gate-assisted',
    name: 'South gate, assisted lane',
    building: null,
    lane: 'assisted',
    failMode: 'fail-secure',
    antiPassback: 'off',
    isTemperatureRequired: false,
    lockReader: 'gate-assist-in',
    entries: [{ reader: 'gate-assist-in', direction: 'in' }],
  },
]

function buildingDoor(building: 1 | 2 | 3): DoorPlan {
  return {
    id: `bld-${building}-door`,
    name: `Building ${building} door`,
    building,
    lane: null,
    failMode: 'fail-safe',
    antiPassback: 'off',
    isTemperatureRequired: false,
    lockReader: `bld-${building}-in`,
    entries: [{ reader: `bld-${building}-in`, direction: 'in' }],
  }
}

/**
 * The demo community's edges, doors and simulated devices, and the ports they use from
 * `portBase` on: hub HTTP at +0, the kiosk screens at +1..+3, the hub's MQTT at +10, the edges'
 * relays to it at +11..+13, the simulators (device, control) from +20. Building 3 is the small
 * sealed building; its door hangs off the building-2 edge (one Pi serving two doors side by side).
 */
export function communityPlan(portBase = DEFAULT_PORT_BASE, host = COMMUNITY_HOST): CommunityPlan {
  const edges: EdgePlan[] = [
    { id: 'gate', name: 'South gate (temperature kiosk, three lanes)', kioskPort: portBase + 1, relayPort: portBase + 11, doors: GATE_DOORS },
    { id: 'bld-1', name: 'Building 1 door', kioskPort: portBase + 2, relayPort: portBase + 12, doors: [buildingDoor(1)] },
    { id: 'bld-2', name: 'Building 2 door (and sealed building 3 next to it)', kioskPort: portBase + 3, relayPort: portBase + 13, doors: [buildingDoor(2), buildingDoor(3)] },
  ]
  const devices: readonly [string, SimulatedDevice, string][] = [
    ...edges.flatMap((edge) => edge.doors.flatMap((door) => door.entries.map((entry): [string, SimulatedDevice, string] => [entry.reader, 'osdp-reader', edge.id]))),
    ['gate-thermo', 'thermometer', 'gate'],
    ['gate-qr', 'qr-scanner', 'gate'],
  ]
  const simulators = devices.map(([name, device, edgeId], index) => ({
    name,
    device,
    edgeId,
    link: { host, port: portBase + 20 + 2 * index },
    control: { host, port: portBase + 21 + 2 * index },
  }))
  return { host, portBase, hubHttpPort: portBase, hubMqttPort: portBase + 10, edges, simulators }
}

/** Every port the plan listens on, with what for. */
export function neededPorts(plan: CommunityPlan): NeededPort[] {
  return [
    { port: plan.hubHttpPort, purpose: 'hub HTTP (API and web apps)' },
    { port: plan.hubMqttPort, purpose: 'hub MQTT broker' },
    ...plan.edges.flatMap((edge) => [
      { port: edge.kioskPort, purpose: `kiosk screen of edge ${edge.id}` },
      { port: edge.relayPort, purpose: `MQTT relay of edge ${edge.id}` },
    ]),
    ...plan.simulators.flatMap((sim) => [
      { port: sim.link.port, purpose: `simulated ${sim.device} ${sim.name}` },
      { port: sim.control.port, purpose: `control port of ${sim.name}` },
    ]),
  ]
}

/** The device wiring an admin enters with the edge's enrollment token (the hub's EdgeHardware body). */
export function edgeWiring(plan: CommunityPlan, edge: EdgePlan): Record<string, unknown> {
  const own = plan.simulators.filter((sim) => sim.edgeId === edge.id)
  const link = (sim: SimulatorPlan) => `tcp://${sim.link.host}:${sim.link.port}`
  const readers = own.filter((sim) => sim.device === 'osdp-reader')
  const thermometers = own.filter((sim) => sim.device === 'thermometer')
  const scanners = own.filter((sim) => sim.device === 'qr-scanner')
  const doors = Object.fromEntries(edge.doors.map((door) => [door.id, doorWiring(door, thermometers[0]?.name ?? null, scanners[0]?.name ?? null)]))
  return {
    // One RS-485 bus per reader, each behind its own serial server port; 50 ms polls keep 9 buses light on a small box.
    osdpBuses: readers.map((sim) => ({
      id: `bus-${sim.name}`,
      link: link(sim),
      pollIntervalMs: 50,
      readers: [{ name: sim.name, address: 1, security: 'secure', isInstallAllowed: true }],
    })),
    thermometers: thermometers.map((sim) => ({ id: sim.name, link: link(sim), baudRate: 9600 })),
    qrScanners: scanners.map((sim) => ({ id: sim.name, link: link(sim) })),
    doors,
  }
}

function doorWiring(door: DoorPlan, thermometer: string | null, scanner: string | null): Record<string, unknown> {
  const lane = door.lane ?? 'none'
  return {
    lock: { kind: 'osdp', reader: door.lockReader, output: 0 },
    contact: { kind: 'osdp', reader: door.lockReader, input: 0 },
    pulseMs: 3000,
    entries: door.entries.map((entry) => ({ reader: entry.reader, direction: entry.direction, lane })),
    thermometer: door.isTemperatureRequired ? thermometer : null,
    qrScanner: door.lane === 'residents' ? scanner : null,
    kioskOrder: 'credential-first',
    thermometerOfflineFallback: 'assisted-lane',
  }
}
