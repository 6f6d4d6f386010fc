import type { EdgeHardware } from './edge-hardware.js'

/** File names in the draft config; the enroll command writes these files and puts their paths in. */
export const PASSWORD_FILE_PLACEHOLDER = 'hub-password'
export const CA_FILE_PLACEHOLDER = 'hub-ca.pem'

export interface EnrolledDoor {
  readonly id: string
  readonly failMode: 'fail-safe' | 'fail-secure'
}

export interface EnrolledEdgeConfigInput {
  readonly edgeId: string
  readonly mqttUrl: string
  readonly hubHttpUrl: string
  readonly baseTopic: string
  readonly username: string
  readonly hubPublicKeyBase64: string
  readonly hasCa: boolean
  readonly doors: readonly EnrolledDoor[]
  readonly hardware: EdgeHardware | null
}

export interface EnrolledEdgeConfig {
  /** The edge config as JSON (edge/src/config/edge-config.ts), defaults left to the edge's schema. */
  readonly config: Record<string, unknown>
  /** "door north-gate: lock and entries", for each door without wiring. */
  readonly missingWiring: string[]
}

/**
 * The edge config an enrolled edge starts from: its id, how to reach the hub, the hub's key, its
 * doors (id and fail mode from the hub's model) and the wiring the admin entered. A door without
 * wiring is written without `lock` and `entries`, which the edge's schema requires: `--check`
 * names them and the daemon will not start with a guessed GPIO line driving a lock.
 */
export function buildEnrolledEdgeConfig(input: EnrolledEdgeConfigInput): EnrolledEdgeConfig {
  const hardware = input.hardware
  const missingWiring: string[] = []
  const doors = input.doors.map((door) => {
    const wiring = hardware?.doors?.[door.id]
    if (wiring === undefined) missingWiring.push(`door ${door.id}: lock and entries`)
    return { id: door.id, failMode: door.failMode, ...wiring }
  })
  if (doors.length === 0) missingWiring.push('no doors: add this edge\'s doors at the hub, then enroll again')
  const config: Record<string, unknown> = {
    edgeId: input.edgeId,
    hub: {
      url: input.mqttUrl,
      httpUrl: input.hubHttpUrl,
      baseTopic: input.baseTopic,
      username: input.username,
      passwordFile: PASSWORD_FILE_PLACEHOLDER,
      caFile: input.hasCa ? CA_FILE_PLACEHOLDER : null,
      hubPublicKey: input.hubPublicKeyBase64,
    },
    ...(hardware?.gpio === undefined ? {} : { gpio: hardware.gpio }),
    osdpBuses: hardware?.osdpBuses ?? [],
    thermometers: hardware?.thermometers ?? [],
    qrScanners: hardware?.qrScanners ?? [],
    doors,
  }
  return { config, missingWiring }
}
