import type { KeyObject } from 'node:crypto'
import { checkCommandFields } from '../../../protocol/mqtt/command-fields.js'
import { checkCommandFreshness } from '../../../protocol/mqtt/command-freshness.js'
import { verifyCommandSignature } from '../../../protocol/mqtt/command-signature.js'
import { encodeMessage } from '../../../protocol/mqtt/encode-message.js'
import { MESSAGE_CATALOG } from '../../../protocol/mqtt/message-catalog.js'
import type { Command } from '../../../protocol/mqtt/messages/command.js'
import type { CommandErrorCode, CommandReply } from '../../../protocol/mqtt/messages/command-reply.js'
import { parseMessage } from '../../../protocol/mqtt/parse-message.js'
import { readMessageId } from '../../../protocol/mqtt/read-message-id.js'
import { timestampMs } from '../../../protocol/mqtt/timestamp-ms.js'
import { commandReplyTopic, matchTopic } from '../../../protocol/mqtt/topics.js'
import type { Clock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import { ReplayCacheError, type ReplayCache } from '../ports/replay-cache.js'
import type { CommandExecution, CommandExecutor } from './command-executor.js'
import type { HubConnection, HubMessage } from './hub-connection.js'
import { RefusalCounts } from './refusal-counts.js'

export interface CommandReceiverOptions {
  /** The hub's Ed25519 public key, from the edge's configuration. */
  readonly hubPublicKey: KeyObject
  /** How far the hub's clock may be from ours; the contract's default is `DEFAULT_COMMAND_CLOCK_SKEW_MS` (5 s). */
  readonly clockSkewMs: number
}

/** The doors this edge drives, by door id. A `ReadonlySet<string>` will do. */
export interface KnownDoors {
  has(doorId: string): boolean
}

type Refusal = { readonly status: 'error'; readonly code: CommandErrorCode; readonly detail?: string }

/**
 * Receives hub commands on the edge's command topic and checks them in the contract's order
 * (docs/mqtt-contract.md "Commands: lifecycle and replay rules"), stopping at the first failure:
 * retained (dropped, no reply) → size/JSON (dropped) → schema (INVALID if an id can be read) →
 * edge id → Ed25519 signature → freshness → nonce (replay cache) → known door → the fields the
 * action needs (a staff opening's reason, a fever action's reading) → the executor (local policy,
 * journal, door). Every other outcome is answered with a CommandReply under the
 * command's id; every refusal and drop is counted by code.
 */
export class CommandReceiver {
  readonly #connection: HubConnection
  readonly #executor: CommandExecutor
  readonly #doors: KnownDoors
  readonly #replayCache: ReplayCache
  readonly #clock: Clock
  readonly #log: Logger
  readonly #options: CommandReceiverOptions
  readonly #refusals = new RefusalCounts()
  #executed = 0
  /** Commands at the door, by id, until their reply is published. */
  readonly #executing = new Map<string, Promise<void>>()
  #unsubscribe: (() => void) | undefined

  constructor(
    connection: HubConnection,
    executor: CommandExecutor,
    doors: KnownDoors,
    replayCache: ReplayCache,
    clock: Clock,
    log: Logger,
    options: CommandReceiverOptions,
  ) {
    this.#connection = connection
    this.#executor = executor
    this.#doors = doors
    this.#replayCache = replayCache
    this.#clock = clock
    this.#log = log
    this.#options = options
  }

  /** Refused or dropped commands by code (RETAINED, TOO_LARGE, NOT_JSON, INVALID, WRONG_EDGE, ...). */
  get refusals(): RefusalCounts {
    return this.#refusals
  }

  /** Commands handed to the executor. */
  get executed(): number {
    return this.#executed
  }

  start(): void {
    this.#unsubscribe ??= this.#connection.onMessage((message) => {
      const matched = matchTopic(this.#connection.baseTopic, message.topic)
      if (matched?.kind !== 'command' || matched.edgeId !== this.#connection.edgeId) return
      this.#receive(message).catch((error: unknown) => this.#log.error({ err: String(error) }, 'command handling failed'))
    })
  }

  stop(): void {
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
  }

  async #receive(message: HubMessage): Promise<void> {
    if (message.isRetained) {
      // Stale by definition ([MQTT-3.3.1-8]): nobody waits for it, so no reply.
      return this.#drop('RETAINED', { bytes: message.payload.length })
    }
    const { schema, maxPayloadBytes } = MESSAGE_CATALOG.command
    const parsed = parseMessage(schema, message.payload, { maxBytes: maxPayloadBytes })
    if (!parsed.ok) {
      const id = parsed.code === 'INVALID' ? readMessageId(message.payload, { maxBytes: maxPayloadBytes }) : null
      if (id === null) return this.#drop(parsed.code, { errors: parsed.errors })
      this.#log.warn({ commandId: id, errors: parsed.errors }, 'command refused: INVALID')
      return this.#answer(id, { status: 'error', code: 'INVALID' })
    }
    const command = parsed.value
    const refusal = this.#check(command)
    if (refusal !== undefined) {
      // The hub keeps the first reply per id: a QoS 1 redelivery that arrives while the original
      // is still at the door is answered REPLAYED only after the original's own reply.
      if (refusal.code === 'REPLAYED') await this.#executing.get(command.id)
      this.#log.warn({ commandId: command.id, doorId: command.doorId, action: command.action, code: refusal.code }, `command refused: ${refusal.code}`)
      return this.#answer(command.id, refusal)
    }
    this.#executed++
    this.#log.info({ commandId: command.id, doorId: command.doorId, action: command.action, actor: command.actor.kind }, 'executing command')
    const answered = this.#execute(command).then((outcome) => this.#answer(command.id, outcome))
    const settled = answered.then(
      () => undefined,
      () => undefined,
    )
    this.#executing.set(command.id, settled)
    try {
      await answered
    } finally {
      this.#executing.delete(command.id)
    }
  }

  /** Steps 4 to 9 of the contract's table; undefined when the command may be executed. */
  #check(command: Command): Refusal | undefined {
    if (command.edgeId !== this.#connection.edgeId) return { status: 'error', code: 'WRONG_EDGE' }
    // Before the nonce is remembered, so forged traffic can neither fill the cache nor burn a genuine nonce.
    if (!verifyCommandSignature(this.#options.hubPublicKey, command)) return { status: 'error', code: 'BAD_SIGNATURE' }
    const nowMs = this.#clock.now()
    const freshness = checkCommandFreshness(command, nowMs, { clockSkewMs: this.#options.clockSkewMs })
    if (!freshness.ok) return { status: 'error', code: freshness.code }
    const replayed = this.#checkNonce(command, nowMs)
    if (replayed !== undefined) return replayed
    if (!this.#doors.has(command.doorId)) return { status: 'error', code: 'DOOR_UNKNOWN' }
    const fields = checkCommandFields(command)
    if (!fields.ok) return { status: 'error', code: fields.code, detail: fields.detail }
    return undefined
  }

  #checkNonce(command: Command, nowMs: number): Refusal | undefined {
    // Freshness has accepted both timestamps, so this is a real instant; the cache adds its skew.
    const expiresAtMs = timestampMs(command.expiresAt) ?? nowMs
    try {
      const verdict = this.#replayCache.checkAndRemember('command-nonce', command.nonce, expiresAtMs, nowMs)
      return verdict === 'replayed' ? { status: 'error', code: 'REPLAYED' } : undefined
    } catch (error) {
      // Fail closed: a nonce that could not be remembered could be replayed later.
      const code = error instanceof ReplayCacheError ? error.code : 'REPLAY_CACHE_FAILED'
      this.#refusals.add(code)
      this.#log.error({ commandId: command.id, code, err: String(error) }, 'replay cache unavailable; refusing command')
      return { status: 'error', code: 'REPLAYED', detail: `replay cache unavailable (${code})` }
    }
  }

  async #execute(command: Command): Promise<CommandExecution> {
    try {
      return await this.#executor.execute(command)
    } catch (error) {
      this.#log.error({ commandId: command.id, err: String(error) }, 'command executor failed')
      return { status: 'error', code: 'DOOR_FAULT' }
    }
  }

  #drop(code: string, details: object): void {
    this.#refusals.add(code)
    this.#log.warn({ code, ...details }, `command dropped: ${code}`)
  }

  async #answer(id: string, outcome: CommandExecution | Refusal): Promise<void> {
    if (outcome.status === 'error') this.#refusals.add(outcome.code)
    const { baseTopic, edgeId } = this.#connection
    const reply = { v: 1, id, edgeId, at: new Date(this.#clock.now()).toISOString(), ...outcome } as const
    await this.#connection.publish(commandReplyTopic(baseTopic, edgeId), this.#encodeReply(reply), { retain: false })
  }

  #encodeReply(reply: CommandReply): Buffer {
    const { schema, maxPayloadBytes } = MESSAGE_CATALOG.commandReply
    try {
      return encodeMessage(schema, reply, { maxBytes: maxPayloadBytes })
    } catch (error) {
      // An executor detail the schema refuses must not cost the hub its answer: send the code alone.
      this.#log.error({ commandId: reply.id, err: String(error) }, 'command reply invalid; sending it without detail')
      const { detail: _detail, ...bare } = { detail: undefined, ...reply }
      return encodeMessage(schema, bare, { maxBytes: maxPayloadBytes })
    }
  }
}
