import type { KeyObject } from 'node:crypto'
import { encodeMessage } from '../../../protocol/mqtt/encode-message.js'
import { MESSAGE_CATALOG } from '../../../protocol/mqtt/message-catalog.js'
import type { PolicyAnnouncement } from '../../../protocol/mqtt/messages/policy-announcement.js'
import type { PolicyApplied, PolicyFailureCode } from '../../../protocol/mqtt/messages/policy-applied.js'
import { parseMessage } from '../../../protocol/mqtt/parse-message.js'
import { verifyPolicyAnnouncementSignature } from '../../../protocol/mqtt/policy-announcement-signature.js'
import { matchTopic, policyAppliedTopic } from '../../../protocol/mqtt/topics.js'
import type { Clock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import type { HubConnection, HubMessage } from './hub-connection.js'
import type { PolicyUpdateOutcome, PolicyUpdater } from './policy-updater.js'
import { RefusalCounts } from './refusal-counts.js'

export interface PolicyListenerOptions {
  /** The hub's Ed25519 public key, from the edge's configuration. */
  readonly hubPublicKey: KeyObject
}

interface PolicyFailure {
  readonly version: number
  readonly code: PolicyFailureCode
  readonly atMs: number
}

/**
 * Receives the hub's retained PolicyAnnouncement (docs/mqtt-contract.md "Policy updates"):
 * verifies the hub's signature, ignores a version that is not newer than the one in force (the
 * retained announcement comes again on every connect), hands the rest to the `PolicyUpdater` one
 * at a time (only the newest waiting announcement is kept), and publishes the retained
 * PolicyApplied: the version in force, plus `lastFailure` while a newer version has failed.
 * PolicyApplied is also published on every connect, so a hub that lost its retained copy gets it back.
 */
export class PolicyListener {
  readonly #connection: HubConnection
  readonly #updater: PolicyUpdater
  readonly #clock: Clock
  readonly #log: Logger
  readonly #options: PolicyListenerOptions
  readonly #refusals = new RefusalCounts()
  #unsubscribe: (() => void) | undefined
  #isApplying = false
  #waiting: PolicyAnnouncement | undefined
  #lastFailure: PolicyFailure | undefined
  #applied = 0

  constructor(connection: HubConnection, updater: PolicyUpdater, clock: Clock, log: Logger, options: PolicyListenerOptions) {
    this.#connection = connection
    this.#updater = updater
    this.#clock = clock
    this.#log = log
    this.#options = options
  }

  /** Dropped or failed announcements by code (TOO_LARGE, NOT_JSON, INVALID, WRONG_EDGE, BAD_SIGNATURE, NOT_NEWER, and the updater's failure codes). */
  get refusals(): RefusalCounts {
    return this.#refusals
  }

  /** Announcements the updater applied. */
  get applied(): number {
    return this.#applied
  }

  start(): void {
    if (this.#unsubscribe !== undefined) return
    const offMessage = this.#connection.onMessage((message) => this.#receive(message))
    const offConnection = this.#connection.onConnectionChanged((isConnected) => {
      if (isConnected) this.#publishApplied()
    })
    this.#unsubscribe = () => {
      offMessage()
      offConnection()
    }
  }

  stop(): void {
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
    this.#waiting = undefined
  }

  #receive(message: HubMessage): void {
    const matched = matchTopic(this.#connection.baseTopic, message.topic)
    if (matched?.kind !== 'policy' || matched.edgeId !== this.#connection.edgeId) return
    const { schema, maxPayloadBytes } = MESSAGE_CATALOG.policy
    const parsed = parseMessage(schema, message.payload, { maxBytes: maxPayloadBytes })
    if (!parsed.ok) return this.#drop(parsed.code, { errors: parsed.errors })
    const announcement = parsed.value
    if (announcement.edgeId !== this.#connection.edgeId) return this.#drop('WRONG_EDGE', { version: announcement.version })
    const inForceVersion = this.#updater.inForce()?.version ?? 0
    if (!verifyPolicyAnnouncementSignature(this.#options.hubPublicKey, announcement)) {
      this.#drop('BAD_SIGNATURE', { version: announcement.version })
      if (announcement.version > inForceVersion) this.#failed(announcement.version, 'BAD_SIGNATURE')
      return
    }
    if (announcement.version <= inForceVersion) {
      this.#refusals.add('NOT_NEWER')
      return this.#log.debug({ version: announcement.version, inForceVersion }, 'policy announcement not newer; ignored')
    }
    if (this.#isApplying) {
      if (announcement.version > (this.#waiting?.version ?? 0)) this.#waiting = announcement
      return
    }
    this.#applyInTurn(announcement).catch((error: unknown) => this.#log.error({ err: String(error) }, 'policy update failed'))
  }

  async #applyInTurn(first: PolicyAnnouncement): Promise<void> {
    this.#isApplying = true
    try {
      let next: PolicyAnnouncement | undefined = first
      while (next !== undefined && this.#unsubscribe !== undefined) {
        const announcement: PolicyAnnouncement = next
        this.#waiting = undefined
        if (announcement.version > (this.#updater.inForce()?.version ?? 0)) this.#settle(announcement, await this.#apply(announcement))
        next = this.#waiting
      }
    } finally {
      this.#isApplying = false
    }
  }

  async #apply(announcement: PolicyAnnouncement): Promise<PolicyUpdateOutcome> {
    try {
      return await this.#updater.apply(announcement)
    } catch (error) {
      this.#log.error({ version: announcement.version, err: String(error) }, 'policy updater threw')
      return { status: 'failed', code: 'APPLY_FAILED' }
    }
  }

  #settle(announcement: PolicyAnnouncement, outcome: PolicyUpdateOutcome): void {
    if (outcome.status === 'current') return
    if (outcome.status === 'failed') {
      this.#refusals.add(outcome.code)
      this.#log.warn({ version: announcement.version, code: outcome.code, detail: outcome.detail }, 'policy update failed; the old policy stays in force')
      return this.#failed(announcement.version, outcome.code)
    }
    this.#applied++
    this.#log.info({ version: outcome.policy.version, source: outcome.policy.source }, 'policy applied')
    this.#publishApplied()
  }

  #failed(version: number, code: PolicyFailureCode): void {
    this.#lastFailure = { version, code, atMs: this.#clock.now() }
    this.#publishApplied()
  }

  #publishApplied(): void {
    const policy = this.#updater.inForce()
    // PolicyApplied names a version ≥ 1: before the first policy there is nothing to report but
    // the status's `policyVersion: 0`.
    if (policy === null || !this.#connection.isConnected) return
    const failure = this.#lastFailure !== undefined && this.#lastFailure.version > policy.version ? this.#lastFailure : undefined
    const message: PolicyApplied = {
      v: 1,
      edgeId: this.#connection.edgeId,
      version: policy.version,
      sha256: policy.sha256,
      source: policy.source,
      appliedAt: new Date(policy.appliedAtMs).toISOString(),
      ...(failure === undefined ? {} : { lastFailure: { version: failure.version, code: failure.code, at: new Date(failure.atMs).toISOString() } }),
    }
    const { schema, maxPayloadBytes } = MESSAGE_CATALOG.policyApplied
    let payload: Buffer
    try {
      payload = encodeMessage(schema, message, { maxBytes: maxPayloadBytes })
    } catch (error) {
      // The updater reported a policy the schema refuses (a bad sha256): a bug, not input.
      return this.#log.error({ version: policy.version, err: String(error) }, 'PolicyApplied invalid; not published')
    }
    const topic = policyAppliedTopic(this.#connection.baseTopic, this.#connection.edgeId)
    this.#connection
      .publish(topic, payload, { retain: true })
      .catch((error: unknown) => this.#log.warn({ err: String(error) }, 'PolicyApplied not published'))
  }

  #drop(code: string, details: object): void {
    this.#refusals.add(code)
    this.#log.warn({ code, ...details }, `policy announcement dropped: ${code}`)
  }
}
