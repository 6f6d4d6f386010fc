import { Value } from '@sinclair/typebox/value'
import { edgeClientId } from '../../../../edge/src/adapters/mqtt/edge-client-id.js'
import { loadEdgeConfig } from '../../../../edge/src/config/load-edge-config.js'
import type { EnrollmentResponse } from '../../../../protocol/enrollment/enrollment-response.js'
import { isValidEdgeId } from '../../../../protocol/mqtt/topics.js'
import { auditActorOf } from '../../adapters/sqlite/append-audit.js'
import type { Caller } from '../../domain/caller.js'
import { buildEnrolledEdgeConfig, type EnrolledDoor } from '../../domain/enrollment/build-enrolled-edge-config.js'
import { DoorWiring, EdgeHardware } from '../../domain/enrollment/edge-hardware.js'
import { newEnrollmentToken, normalizeEnrollmentToken } from '../../domain/enrollment/enrollment-token.js'
import { secretDigest } from '../../domain/enrollment/secret-digest.js'
import type { Clock } from '../../ports/clock.js'
import type { EdgeEnrollmentStore, EnrollmentRefusalCode } from '../../ports/edge-enrollment-store.js'
import type { Logger } from '../../ports/logger.js'

export interface EdgeEnrollmentSettings {
  /** Where edges reach the broker, preferred first (mqtts://hub.lan:8883, ...). */
  readonly mqttUrls: readonly string[]
  /** Where edges reach the hub over HTTP(S): snapshots, and the enroll command's --hub. */
  readonly hubHttpUrl: string
  readonly baseTopic: string
  readonly hubPublicKeyBase64: string
  /** PEM of a private CA behind the hub's TLS certificates, handed to edges; null for none. */
  readonly caPem: string | null
}

export interface EdgeEnrollmentDeps {
  readonly store: EdgeEnrollmentStore
  readonly clock: Clock
  readonly log: Logger
  /** After a committed revocation: drops the edge's broker connection (EdgeCredentialStore.announceRevoked). */
  readonly announceRevoked: (edgeId: string) => void
}

export const DEFAULT_TOKEN_VALIDITY_HOURS = 24
export const MAX_TOKEN_VALIDITY_HOURS = 7 * 24
const HOUR_MS = 3_600_000

export interface TokenRequest {
  readonly validForHours?: number
  readonly hardware?: EdgeHardware
}

export type IssuedToken =
  | { readonly ok: true; readonly token: string; readonly expiresAtMs: number; readonly qrPayload: string; readonly command: string; readonly missingWiring: string[] }
  | { readonly ok: false; readonly code: 'EDGE_NOT_FOUND' | 'EDGE_ID_INVALID' | 'UNKNOWN_DOOR' | 'INVALID_HARDWARE'; readonly details: string[] }

export type Enrollment = { readonly ok: true; readonly response: EnrollmentResponse } | { readonly ok: false; readonly code: EnrollmentRefusalCode }

/**
 * Enrollment of an edge: an admin gets a one-time, expiring token (text, QR payload and the
 * command line for the Pi); the Pi trades it for its MQTT credential, the hub's public key and a
 * draft config with its doors. Trading a token revokes the edge's previous credential, and the
 * broker drops that connection at once.
 */
export class EdgeEnrollment {
  readonly #settings: EdgeEnrollmentSettings
  readonly #deps: EdgeEnrollmentDeps

  constructor(settings: EdgeEnrollmentSettings, deps: EdgeEnrollmentDeps) {
    this.#settings = settings
    this.#deps = deps
  }

  issueToken(caller: Caller, edgeId: string, request: TokenRequest): IssuedToken {
    if (!isValidEdgeId(edgeId)) return { ok: false, code: 'EDGE_ID_INVALID', details: [`${edgeId.slice(0, 80)} cannot be an MQTT topic level`] }
    const doors = this.#deps.store.edgeDoors(edgeId)
    if (doors === null) return { ok: false, code: 'EDGE_NOT_FOUND', details: [] }
    const hardware = request.hardware === undefined ? null : withDefaults(request.hardware)
    const unknownDoors = Object.keys(hardware?.doors ?? {}).filter((doorId) => !doors.some((door) => door.id === doorId))
    if (unknownDoors.length > 0) return { ok: false, code: 'UNKNOWN_DOOR', details: unknownDoors.map((doorId) => `/hardware/doors/${doorId}: not a door of edge ${edgeId}`) }
    const violations = hardware === null ? [] : this.#hardwareViolations(edgeId, doors, hardware)
    if (violations.length > 0) return { ok: false, code: 'INVALID_HARDWARE', details: violations }
    const token = newEnrollmentToken()
    const nowMs = this.#deps.clock.now()
    const expiresAtMs = nowMs + (request.validForHours ?? DEFAULT_TOKEN_VALIDITY_HOURS) * HOUR_MS
    this.#deps.store.issueToken({
      edgeId,
      tokenDigest: secretDigest(normalizeEnrollmentToken(token)!),
      hardwareJson: hardware === null ? null : JSON.stringify(hardware),
      issuedAtMs: nowMs,
      expiresAtMs,
      actor: auditActorOf(caller),
    })
    this.#deps.log.info({ edgeId, expiresAtMs, accountId: caller.accountId }, 'enrollment token issued')
    const hub = this.#settings.hubHttpUrl
    const { missingWiring } = this.#draft(edgeId, doors, hardware)
    return {
      ok: true,
      token,
      expiresAtMs,
      qrPayload: `gatehouse-enroll:?hub=${encodeURIComponent(hub)}&token=${token}`,
      command: `gatehouse-edge enroll --hub ${hub} --token ${token}`,
      missingWiring,
    }
  }

  enroll(tokenText: string): Enrollment {
    const token = normalizeEnrollmentToken(tokenText)
    if (token === null) return this.#refused('ENROLLMENT_TOKEN_UNKNOWN', null)
    const redeemed = this.#deps.store.redeemToken(secretDigest(token), this.#deps.clock.now())
    if (!redeemed.ok) return this.#refused(redeemed.code, redeemed.edgeId)
    const { edgeId, credential } = redeemed
    if (credential.replacedCredentialId !== null) this.#deps.announceRevoked(edgeId)
    const doors = this.#deps.store.edgeDoors(edgeId) ?? []
    const { config, missingWiring } = this.#draft(edgeId, doors, this.#storedHardware(edgeId, redeemed.hardwareJson))
    this.#deps.log.info({ edgeId, credentialId: credential.credentialId, isReEnrollment: credential.replacedCredentialId !== null, missingWiring: missingWiring.length }, 'edge enrolled')
    const { mqttUrls, hubHttpUrl, baseTopic, hubPublicKeyBase64, caPem } = this.#settings
    return {
      ok: true,
      response: {
        edgeId,
        mqtt: { urls: [...mqttUrls], baseTopic, username: credential.username, password: credential.password, clientId: edgeClientId(edgeId) },
        hubHttpUrl,
        hubPublicKey: hubPublicKeyBase64,
        caPem,
        config,
        missingWiring,
      },
    }
  }

  /** Revokes the edge's credential and drops its connection; false when it had none. */
  revokeCredential(caller: Caller, edgeId: string, reason: string): { readonly ok: true; readonly wasActive: boolean } | { readonly ok: false; readonly code: 'EDGE_NOT_FOUND' } {
    if (!isValidEdgeId(edgeId) || this.#deps.store.edgeDoors(edgeId) === null) return { ok: false, code: 'EDGE_NOT_FOUND' }
    const wasActive = this.#deps.store.revokeCredential(edgeId, reason, auditActorOf(caller), this.#deps.clock.now())
    if (wasActive) this.#deps.announceRevoked(edgeId)
    this.#deps.log.info({ edgeId, wasActive, accountId: caller.accountId }, 'edge credential revoked')
    return { ok: true, wasActive }
  }

  #draft(edgeId: string, doors: readonly EnrolledDoor[], hardware: EdgeHardware | null) {
    const { mqttUrls, hubHttpUrl, baseTopic, hubPublicKeyBase64, caPem } = this.#settings
    return buildEnrolledEdgeConfig({ edgeId, mqttUrl: mqttUrls[0]!, hubHttpUrl, baseTopic, username: edgeId, hubPublicKeyBase64, hasCa: caPem !== null, doors, hardware })
  }

  /** Checks the wiring against the edge's own config rules, reporting paths as the admin sent them. */
  #hardwareViolations(edgeId: string, doors: readonly EnrolledDoor[], hardware: EdgeHardware): string[] {
    const wired = doors.filter((door) => hardware.doors?.[door.id] !== undefined)
    const { config } = this.#draft(edgeId, wired, hardware)
    const loaded = loadEdgeConfig(JSON.stringify(config))
    if (loaded.ok) return []
    return loaded.violations
      .filter((violation) => !(wired.length === 0 && violation.startsWith('/doors:')))
      .map((violation) => violation.replace(/^\/doors\/(\d+)/, (_, index: string) => `/hardware/doors/${wired[Number(index)]?.id ?? index}`))
  }

  #storedHardware(edgeId: string, hardwareJson: string | null): EdgeHardware | null {
    if (hardwareJson === null) return null
    const parsed: unknown = JSON.parse(hardwareJson)
    if (Value.Check(EdgeHardware, parsed)) return parsed
    this.#deps.log.warn({ edgeId }, 'stored wiring no longer matches the edge config schema; the draft config leaves it out')
    return null
  }

  #refused(code: EnrollmentRefusalCode, edgeId: string | null): Enrollment {
    this.#deps.log.warn({ code, edgeId }, 'enrollment refused')
    return { ok: false, code }
  }
}

/** The wiring with the edge schema's defaults filled in (the HTTP body may leave them out). */
function withDefaults(hardware: EdgeHardware): EdgeHardware {
  const filled = Value.Default(EdgeHardware, Value.Clone(hardware)) as EdgeHardware
  // Value.Default does not descend into a Record's values: fill each door's wiring itself.
  const doors = Object.entries(hardware.doors ?? {}).map(([doorId, wiring]) => [doorId, Value.Default(DoorWiring, Value.Clone(wiring))])
  return hardware.doors === undefined ? filled : { ...filled, doors: Object.fromEntries(doors) as Record<string, DoorWiring> }
}
