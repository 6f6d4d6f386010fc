import { randomBytes, randomUUID, type KeyObject } from 'node:crypto'
import { DEFAULT_COMMAND_CLOCK_SKEW_MS } from '../../../protocol/mqtt/command-freshness.js'
import { signCommand } from '../../../protocol/mqtt/command-signature.js'
import { encodeMessage } from '../../../protocol/mqtt/encode-message.js'
import { MESSAGE_CATALOG } from '../../../protocol/mqtt/message-catalog.js'
import type { CommandReply } from '../../../protocol/mqtt/messages/command-reply.js'
import { MAX_COMMAND_LIFETIME_MS, type UnsignedCommand } from '../../../protocol/mqtt/messages/command.js'
import { commandTopic } from '../../../protocol/mqtt/topics.js'
import type { PolicyEntities } from '../../../protocol/policy/policy-snapshot.js'
import { PendingReplies } from '../../../edge/src/services/pending-replies.js'
import { RefusalCounts } from '../../../edge/src/services/refusal-counts.js'
import type { Caller } from '../domain/caller.js'
import { newId } from '../domain/new-id.js'
import { EntitiesPolicyView } from '../domain/remote-open/entities-policy-view.js'
import { checkRemoteOpenRights, type RemoteRequest, type RightsRefusalCode } from '../domain/remote-open/remote-open-rights.js'
import { SlidingWindowRateLimit, type RateLimitRule } from '../domain/remote-open/sliding-window-rate-limit.js'
import type { Clock } from '../ports/clock.js'
import type { CommandReplySink, ReplyRecording } from '../ports/command-reply-sink.js'
import type { EdgePolicySource } from '../ports/edge-policy-source.js'
import type { HubMessageBus } from '../ports/hub-message-bus.js'
import type { Logger } from '../ports/logger.js'
import type { RemoteCommandRequest, RemoteCommandStore, StoredRemoteCommand } from '../ports/remote-command-store.js'
import { remoteOutcomeOfReply, remoteOutcomeOfStored, type RemoteOpenResult } from './remote-open-result.js'

export interface RemoteOpenOptions {
  readonly baseTopic: string
  /** From issuedAt to expiresAt; at most MAX_COMMAND_LIFETIME_MS (30 s). */
  readonly commandLifetimeMs: number
  /** Waiting past expiresAt: the edge may still accept within its clock-skew allowance. */
  readonly replyGraceMs: number
  /** Per caller (account). */
  readonly rateLimit: RateLimitRule
}

export const DEFAULT_REMOTE_OPEN_OPTIONS: RemoteOpenOptions = {
  baseTopic: 'gatehouse',
  commandLifetimeMs: 10_000,
  replyGraceMs: DEFAULT_COMMAND_CLOCK_SKEW_MS + 500,
  rateLimit: { limit: 10, windowMs: 60_000 },
}

export interface RemoteOpenDeps {
  readonly store: RemoteCommandStore
  readonly policySource: EdgePolicySource
  readonly bus: HubMessageBus
  /** The hub's Ed25519 key (loadHubSigningKey). */
  readonly signingKey: KeyObject
  readonly clock: Clock
  readonly log: Logger
  readonly options: RemoteOpenOptions
}

const HTTP_STATUS_OF_REFUSAL: Record<RightsRefusalCode, number> = {
  FORBIDDEN: 403,
  NOT_YOUR_CHECKPOINT: 403,
  ACTION_NOT_ALLOWED: 403,
  NO_PERSON: 403,
  REASON_REQUIRED: 400,
  READING_REQUIRED: 400,
  INVALID: 400,
  POLICY_UNAVAILABLE: 503,
  DENIED_BY_POLICY: 409,
}

/**
 * Remote door requests from phones and staff consoles (issue 4 §6, ARCHITECTURE §3 "Phone opens
 * a door"): rate limit per caller → the door → the caller's rights now (remote-open-rights.ts) →
 * a command signed with the hub's key (door, action, actor, nonce, issued-at, expiry ≤ 30 s) →
 * published at QoS 1, never retained → the edge's reply with the same id, or a timeout. Every
 * request, refusal and outcome is stored and audited (RemoteCommandStore). Implements the
 * CommandReplySink ingest hands replies to.
 */
export class RemoteOpenService implements CommandReplySink {
  /** Answers since start, by door status (`opened`, `locked`, ...) or refusal code (`DENIED_BY_POLICY`, `EDGE_TIMEOUT`, ...), for /metrics. */
  readonly outcomes = new RefusalCounts()
  readonly #deps: RemoteOpenDeps
  readonly #views = new WeakMap<PolicyEntities, EntitiesPolicyView>()
  #limiter: SlidingWindowRateLimit | undefined
  #waiting: PendingReplies<string, CommandReply | null> | undefined

  constructor(deps: RemoteOpenDeps) {
    this.#deps = deps
  }

  get #replies(): PendingReplies<string, CommandReply | null> {
    this.#waiting ??= new PendingReplies(this.#deps.clock)
    return this.#waiting
  }

  /** Requests waiting for their edge's reply. */
  get waitingCount(): number {
    return this.#waiting?.size ?? 0
  }

  async open(caller: Caller, doorId: string, request: RemoteRequest): Promise<RemoteOpenResult> {
    const result = await this.#open(caller, doorId, request)
    this.outcomes.add(result.kind === 'done' ? result.status : result.code)
    return result
  }

  async #open(caller: Caller, doorId: string, request: RemoteRequest): Promise<RemoteOpenResult> {
    const { store, clock, options } = this.#deps
    const nowMs = clock.now()
    const base = { requestedAtMs: nowMs, caller, doorId, action: request.action, reason: request.reason, actor: null, expiresAtMs: null }
    this.#limiter ??= new SlidingWindowRateLimit(options.rateLimit)
    const rate = this.#limiter.take(caller.accountId, nowMs)
    if (!rate.ok) {
      const seconds = Math.ceil(rate.retryAfterMs / 1000)
      return this.#refuse({ ...base, id: newId('rcq'), edgeId: null }, 429, 'RATE_LIMITED', `too many door requests; try again in ${seconds} s`, { retryAfterMs: rate.retryAfterMs })
    }
    const door = store.doorById(doorId)
    if (door === null) return this.#refuse({ ...base, id: newId('rcq'), edgeId: null }, 404, 'DOOR_NOT_FOUND', `no door ${doorId}`)
    const rights = checkRemoteOpenRights(caller, door, request, this.#policyView(door.edgeId), nowMs)
    if (!rights.ok) {
      const extra = rights.denyReason === undefined ? {} : { denyReason: rights.denyReason }
      return this.#refuse({ ...base, id: newId('rcq'), edgeId: door.edgeId }, HTTP_STATUS_OF_REFUSAL[rights.code], rights.code, rights.message, extra)
    }
    const expiresAtMs = nowMs + Math.min(options.commandLifetimeMs, MAX_COMMAND_LIFETIME_MS)
    const unsigned: UnsignedCommand = {
      v: 1,
      id: randomUUID(),
      edgeId: door.edgeId,
      doorId,
      action: request.action,
      actor: rights.actor,
      ...(request.reason !== null && request.reason.trim() !== '' && { reason: request.reason.trim() }),
      ...(request.contactCelsius !== null && { contactCelsius: request.contactCelsius }),
      nonce: randomBytes(16).toString('base64url'),
      issuedAt: new Date(nowMs).toISOString(),
      expiresAt: new Date(expiresAtMs).toISOString(),
    }
    return this.#send(unsigned, { ...base, id: unsigned.id, edgeId: door.edgeId, actor: rights.actor, expiresAtMs })
  }

  recordReply(reply: CommandReply, receivedAtMs: number): ReplyRecording {
    return this.#deps.store.recordReply(reply, receivedAtMs)
  }

  replyCommitted(reply: CommandReply): void {
    this.#replies.settle(reply.id, reply)
  }

  /** Answers every waiting request as timed out (at shutdown). */
  stop(): void {
    this.#waiting?.cancelAll()
  }

  async #send(unsigned: UnsignedCommand, request: RemoteCommandRequest): Promise<RemoteOpenResult> {
    const { store, bus, clock, log, options, signingKey } = this.#deps
    const { schema, maxPayloadBytes } = MESSAGE_CATALOG.command
    const payload = encodeMessage(schema, signCommand(signingKey, unsigned), { maxBytes: maxPayloadBytes })
    store.recordSent(request)
    const waitMs = Math.min(options.commandLifetimeMs, MAX_COMMAND_LIFETIME_MS) + options.replyGraceMs
    const answer = this.#replies.wait(unsigned.id, waitMs)
    try {
      await bus.publish(commandTopic(options.baseTopic, unsigned.edgeId), payload, { qos: 1, retain: false })
    } catch (error) {
      this.#replies.settle(unsigned.id, null)
      log.error({ commandId: unsigned.id, edgeId: unsigned.edgeId, err: String(error) }, 'remote command not published')
      store.recordNoAnswer(unsigned.id, { code: 'PUBLISH_FAILED', detail: 'the broker did not take the command' }, clock.now())
      return { kind: 'refused', httpStatus: 503, code: 'BROKER_UNAVAILABLE', message: 'the hub could not reach the message broker; nothing was sent', commandId: unsigned.id }
    }
    const reply = await answer
    if (reply !== undefined && reply !== null) return remoteOutcomeOfReply(unsigned.id, unsigned.action, reply)
    const stored = store.recordNoAnswer(unsigned.id, { code: 'EDGE_TIMEOUT', detail: `no reply within ${waitMs} ms` }, clock.now())
    return this.#afterWait(unsigned, stored, waitMs)
  }

  #afterWait(unsigned: UnsignedCommand, stored: StoredRemoteCommand | null, waitMs: number): RemoteOpenResult {
    // A reply committed as the wait ran out is in the row: it counts.
    const settled = stored === null ? null : remoteOutcomeOfStored(unsigned.id, unsigned.action, stored)
    if (settled !== null) return settled
    this.#deps.log.warn({ commandId: unsigned.id, edgeId: unsigned.edgeId, doorId: unsigned.doorId }, 'remote command unanswered')
    const seconds = Math.round(waitMs / 1000)
    return {
      kind: 'refused',
      httpStatus: 504,
      code: 'EDGE_TIMEOUT',
      message: `the gate did not answer within ${seconds} s (it may be offline); the door was not confirmed open`,
      commandId: unsigned.id,
    }
  }

  #refuse(request: RemoteCommandRequest, httpStatus: number, code: string, message: string, extra: { denyReason?: string; retryAfterMs?: number } = {}): RemoteOpenResult {
    this.#deps.store.recordRefusal(request, { code, detail: message, ...(extra.denyReason !== undefined && { denyReason: extra.denyReason }) })
    this.#deps.log.info({ accountId: request.caller.accountId, doorId: request.doorId, action: request.action, code }, `remote door request refused: ${code}`)
    return { kind: 'refused', httpStatus, code, message, ...extra }
  }

  #policyView(edgeId: string): EntitiesPolicyView | null {
    const entities = this.#deps.policySource.currentEntities(edgeId)
    if (entities === null) return null
    let view = this.#views.get(entities)
    if (view === undefined) {
      view = new EntitiesPolicyView(entities, null)
      this.#views.set(entities, view)
    }
    return view
  }
}
