import { TypeCompiler } from '@sinclair/typebox/compiler'
import { DeviceHealth, type EdgeStatus } from '../../../protocol/mqtt/messages/edge-status.js'
import { isValidEdgeId } from '../../../protocol/mqtt/topics.js'
import type { Clock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import type { EdgeStatusSource } from './hub-connection.js'

/** Where the status's live figures come from; main.ts wires the policy store, journal and drivers. */
export interface EdgeStatusSources {
  /** The policy version decisions are made with; 0 before the first policy. */
  policyVersion(): number
  /** Journal entries the broker has not acknowledged (`Journal.backlog().count`). */
  journalBacklog(): number
  /** Health of each configured device, keyed by device id. */
  devices(): Readonly<Record<string, DeviceHealth>>
}

export interface EdgeStatusIdentity {
  readonly edgeId: string
  /** The daemon's version, e.g. "0.1.0". */
  readonly softwareVersion: string
}

/** EdgeStatus.devices holds at most 16 entries (protocol/mqtt/messages/edge-status.ts). */
const MAX_DEVICES = 16

const deviceHealthCheck = TypeCompiler.Compile(DeviceHealth)

/**
 * Builds the edge's retained `EdgeStatus` from injected sources. It never throws and never
 * produces an invalid message: a source that throws keeps its last good value, and a device
 * entry the schema would refuse is left out (and logged once), because the status is also the
 * last will and must always be publishable.
 */
export class EdgeStatusComposer implements EdgeStatusSource {
  readonly #identity: EdgeStatusIdentity
  readonly #sources: EdgeStatusSources
  readonly #clock: Clock
  readonly #log: Logger
  #lastPolicyVersion = 0
  #lastBacklog = 0
  #lastDevices: Record<string, DeviceHealth> = {}
  readonly #reportedProblems = new Set<string>()

  constructor(identity: EdgeStatusIdentity, sources: EdgeStatusSources, clock: Clock, log: Logger) {
    this.#identity = identity
    this.#sources = sources
    this.#clock = clock
    this.#log = log
  }

  compose(state: EdgeStatus['state']): EdgeStatus {
    this.#lastPolicyVersion = this.#read('policyVersion', () => this.#sources.policyVersion(), isCount, this.#lastPolicyVersion)
    this.#lastBacklog = this.#read('journalBacklog', () => this.#sources.journalBacklog(), isCount, this.#lastBacklog)
    this.#lastDevices = this.#read('devices', () => this.#validDevices(this.#sources.devices()), () => true, this.#lastDevices)
    return {
      v: 1,
      edgeId: this.#identity.edgeId,
      state,
      at: new Date(this.#clock.now()).toISOString(),
      softwareVersion: this.#identity.softwareVersion,
      policyVersion: this.#lastPolicyVersion,
      journalBacklog: this.#lastBacklog,
      devices: this.#lastDevices,
    }
  }

  #read<T>(what: string, read: () => T, isValid: (value: T) => boolean, fallback: T): T {
    try {
      const value = read()
      if (isValid(value)) return value
      this.#reportOnce(`${what}:invalid`, { source: what }, 'status source returned an invalid value; keeping the last one')
    } catch (error) {
      this.#reportOnce(`${what}:threw`, { source: what, err: String(error) }, 'status source failed; keeping the last value')
    }
    return fallback
  }

  #validDevices(devices: Readonly<Record<string, DeviceHealth>>): Record<string, DeviceHealth> {
    const valid: Record<string, DeviceHealth> = {}
    let kept = 0
    for (const deviceId of Object.keys(devices).sort()) {
      const health = devices[deviceId]
      if (!isValidEdgeId(deviceId) || !deviceHealthCheck.Check(health)) {
        this.#reportOnce(`device:${deviceId}`, { deviceId: deviceId.slice(0, 63) }, 'device health left out of the status: invalid')
      } else if (kept === MAX_DEVICES) {
        this.#reportOnce(`device-limit:${deviceId}`, { deviceId, limit: MAX_DEVICES }, 'device health left out of the status: too many devices')
      } else {
        valid[deviceId] = health
        kept++
      }
    }
    return valid
  }

  #reportOnce(key: string, details: object, message: string): void {
    if (this.#reportedProblems.has(key) || this.#reportedProblems.size >= 64) return
    this.#reportedProblems.add(key)
    this.#log.error(details, message)
  }
}

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0
}
