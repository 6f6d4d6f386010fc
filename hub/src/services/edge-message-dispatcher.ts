import { MESSAGE_CATALOG } from '../../../protocol/mqtt/message-catalog.js'
import type { AccessEvent } from '../../../protocol/mqtt/messages/access-event.js'
import type { Alarm } from '../../../protocol/mqtt/messages/alarm.js'
import type { CommandReply } from '../../../protocol/mqtt/messages/command-reply.js'
import type { EdgeStatus } from '../../../protocol/mqtt/messages/edge-status.js'
import type { PolicyApplied } from '../../../protocol/mqtt/messages/policy-applied.js'
import type { Static, TSchema } from '@sinclair/typebox'
import type { MessageSpec } from '../../../protocol/mqtt/message-catalog.js'
import { parseMessage, type ParseResult } from '../../../protocol/mqtt/parse-message.js'
import { timestampMs } from '../../../protocol/mqtt/timestamp-ms.js'
import { matchTopic, type TopicKind } from '../../../protocol/mqtt/topics.js'
import { localDateOf, localTimeOf } from '../../../protocol/policy/local-time.js'
import { credentialKeyOf } from '../domain/ledger/alerts-from-reports.js'
import { recordOfEvent } from '../domain/ledger/ledger-event-view.js'
import type { Clock } from '../ports/clock.js'
import type { CommandReplySink } from '../ports/command-reply-sink.js'
import type { EdgeMessageOutcome, EdgeMessageSink } from '../ports/edge-message-sink.js'
import type { EdgeStatusStore } from '../ports/edge-status-store.js'
import type { LedgerInsert, LedgerStore } from '../ports/ledger-store.js'
import type { Logger } from '../ports/logger.js'
import type { AlertService } from './alert-service.js'
import { GroupCommit } from './group-commit.js'
import type { LiveFeed, LiveItem } from './live-feed.js'

export interface EdgeMessageDispatcherDeps {
  readonly baseTopic: string
  readonly ledger: LedgerStore
  readonly statuses: EdgeStatusStore
  readonly alerts: AlertService
  readonly commandReplies: CommandReplySink
  /**
   * The policy distributor's record of what an edge applied. Called inside the ingest
   * transaction (so it is durable when `accept` returns): synchronous, throws only when storage fails.
   */
  readonly onPolicyApplied: (edgeId: string, message: PolicyApplied) => void
  readonly liveFeed: LiveFeed
  readonly clock: Clock
  readonly log: Logger
}

/** A message that passed every check, ready to be stored: run inside a transaction, then `after` once committed. */
interface Accepted {
  readonly store: () => { readonly outcome: EdgeMessageOutcome; readonly after: () => void }
}

type Refused = { readonly status: 'rejected'; readonly code: string; readonly reason: string; readonly topicKind: string }

const STORED: EdgeMessageOutcome = { status: 'stored' }
const DUPLICATE: EdgeMessageOutcome = { status: 'duplicate' }
const NOTHING_AFTER = (): void => {}

/**
 * The hub's side of everything edges publish (EdgeMessageSink): topic → kind (`matchTopic`),
 * schema (`parseMessage` with the catalog's size limit), the payload's edge id against the
 * authenticated edge and the topic, then by kind:
 *
 * - event, alarm: stored once by id (a resend is `duplicate`; the same id with other content is
 *   refused as ID_CONFLICT), alerts derived in the same transaction, then the live feed;
 * - status: the edge's newest status and the alerts it implies (offline, devices, backlog, gap);
 * - command-reply: recorded with its command, then the waiting request is woken;
 * - policy-applied: handed to the policy distributor.
 *
 * Refusals are values, counted per edge, kind and code (m006 `ingest_rejections`) and logged
 * with the reason, never the payload. Only a storage failure throws: the broker then refuses
 * the publish and the edge sends it again later. `accept` commits each message on its own;
 * `acceptBatched` commits every message that arrives in the same turn of the event loop in one
 * transaction (one fsync) and resolves each once that commit is durable.
 */
export class EdgeMessageDispatcher implements EdgeMessageSink {
  readonly #deps: EdgeMessageDispatcherDeps
  readonly #counts = new Map<string, number>()
  #groupCommit: GroupCommit<EdgeMessageOutcome> | undefined

  constructor(deps: EdgeMessageDispatcherDeps) {
    this.#deps = deps
  }

  /** Outcomes so far: `stored`, `duplicate` and `rejected:<CODE>`. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.#counts)
  }

  accept(edgeId: string, topic: string, payload: Buffer): EdgeMessageOutcome {
    const checked = this.#check(edgeId, topic, payload)
    if ('status' in checked) return this.#refuse(edgeId, checked)
    const { outcome, after } = this.#deps.ledger.transaction(() => checked.store())
    after()
    return this.#count(outcome)
  }

  acceptBatched(edgeId: string, topic: string, payload: Buffer): Promise<EdgeMessageOutcome> {
    const checked = this.#check(edgeId, topic, payload)
    if ('status' in checked) return Promise.resolve(this.#refuse(edgeId, checked))
    this.#groupCommit ??= new GroupCommit(this.#deps.ledger)
    return this.#groupCommit.submit(() => checked.store()).then((outcome) => this.#count(outcome))
  }

  #check(edgeId: string, topic: string, payload: Buffer): Accepted | Refused {
    const matched = matchTopic(this.#deps.baseTopic, topic)
    if (matched === null) return refused('-', 'UNKNOWN_TOPIC', `not a Gatehouse topic under ${this.#deps.baseTopic}`)
    const { kind } = matched
    if (matched.edgeId !== edgeId) return refused(kind, 'WRONG_EDGE_TOPIC', `edge ${edgeId} published in the namespace of ${matched.edgeId}`)
    switch (kind) {
      case 'event':
        return checked(kind, edgeId, parse(MESSAGE_CATALOG.event, payload), (event) => this.#event(event, payload))
      case 'alarm':
        return checked(kind, edgeId, parse(MESSAGE_CATALOG.alarm, payload), (alarm) => this.#alarm(alarm, payload))
      case 'status':
        return checked(kind, edgeId, parse(MESSAGE_CATALOG.status, payload), (status) => this.#status(status))
      case 'commandReply':
        return checked(kind, edgeId, parse(MESSAGE_CATALOG.commandReply, payload), (reply) => this.#commandReply(reply))
      case 'policyApplied':
        return checked(kind, edgeId, parse(MESSAGE_CATALOG.policyApplied, payload), (applied) => this.#policyApplied(applied))
      default:
        return refused(kind, 'NOT_EDGE_TOPIC', `edges do not publish ${kind} messages`)
    }
  }

  #event(event: AccessEvent, payload: Buffer): Accepted | Refused {
    const occurredAtMs = timestampMs(event.occurredAt)
    if (occurredAtMs === null) return refused('event', 'BAD_TIMESTAMP', `occurredAt ${event.occurredAt} is not a real instant`)
    return {
      store: () => {
        const { ledger, alerts, liveFeed, clock } = this.#deps
        const receivedAtMs = clock.now()
        const localDate = localDateOf(localTimeOf(occurredAtMs, ledger.siteUtcOffsetMinutes()).dayNumber)
        const row = { event, occurredAtMs, payload: payload.toString('utf8'), receivedAtMs, credentialKey: credentialKeyOf(event), localDate }
        const inserted = ledger.insertEvent(row)
        if (inserted.status !== 'stored') return this.#notInserted('event', event.edgeId, event.id, inserted)
        const changes = alerts.onEvent(event, occurredAtMs)
        const record = recordOfEvent(event, inserted.feedSeq, occurredAtMs, receivedAtMs)
        const items: LiveItem[] = [{ kind: 'access', record }, ...changes.map((change) => ({ kind: 'alert', change }) as const)]
        return { outcome: STORED, after: () => items.forEach((item) => liveFeed.publish(item)) }
      },
    }
  }

  #alarm(alarm: Alarm, payload: Buffer): Accepted | Refused {
    const atMs = timestampMs(alarm.at)
    if (atMs === null) return refused('alarm', 'BAD_TIMESTAMP', `at ${alarm.at} is not a real instant`)
    return {
      store: () => {
        const { ledger, alerts, liveFeed, clock } = this.#deps
        const inserted = ledger.insertAlarm({ alarm, atMs, payload: payload.toString('utf8'), receivedAtMs: clock.now() })
        if (inserted.status !== 'stored') return this.#notInserted('alarm', alarm.edgeId, alarm.id, inserted)
        const changes = alerts.onAlarm(alarm, atMs)
        return { outcome: STORED, after: () => changes.forEach((change) => liveFeed.publish({ kind: 'alert', change })) }
      },
    }
  }

  #status(status: EdgeStatus): Accepted | Refused {
    const atMs = timestampMs(status.at)
    if (atMs === null) return refused('status', 'BAD_TIMESTAMP', `at ${status.at} is not a real instant`)
    return {
      store: () => {
        const { statuses, alerts, liveFeed, clock } = this.#deps
        const receivedAtMs = clock.now()
        const previous = statuses.get(status.edgeId)
        // An online status older than the one we hold is a late redelivery. An offline one always
        // counts: the last will carries the time its session began, which is older by design.
        if (status.state === 'online' && previous !== null && previous.status.state === 'online' && atMs < previous.statusAtMs) {
          statuses.touch(status.edgeId, receivedAtMs)
          return { outcome: DUPLICATE, after: NOTHING_AFTER }
        }
        const state = onlineOrOffline(status.state)
        const before = previous === null ? null : { state: onlineOrOffline(previous.status.state), journalBacklog: previous.status.journalBacklog, backlogRises: previous.backlogRises }
        const { changes, backlogRises } = alerts.onStatus(status, atMs, before)
        const wasOnline = previous?.status.state === 'online'
        const onlineSinceMs = status.state === 'offline' ? null : wasOnline ? (previous?.onlineSinceMs ?? atMs) : atMs
        statuses.put({ status, statusAtMs: atMs, receivedAtMs, lastSeenAtMs: receivedAtMs, onlineSinceMs, backlogRises })
        const summary: LiveItem = { kind: 'status', edgeId: status.edgeId, state, policyVersion: status.policyVersion, journalBacklog: status.journalBacklog, atMs }
        return { outcome: STORED, after: () => [summary, ...changes.map((change) => ({ kind: 'alert', change }) as const)].forEach((item) => liveFeed.publish(item)) }
      },
    }
  }

  #commandReply(reply: CommandReply): Accepted {
    return {
      store: () => {
        const { commandReplies, clock } = this.#deps
        const recorded = commandReplies.recordReply(reply, clock.now())
        if (recorded === 'unknown') return this.#refusedInside('commandReply', reply.edgeId, 'UNKNOWN_COMMAND', `no command ${reply.id} was sent to ${reply.edgeId}`)
        if (recorded === 'duplicate') return { outcome: DUPLICATE, after: NOTHING_AFTER }
        return { outcome: STORED, after: () => commandReplies.replyCommitted(reply) }
      },
    }
  }

  #policyApplied(message: PolicyApplied): Accepted {
    return {
      store: () => {
        this.#deps.onPolicyApplied(message.edgeId, message)
        this.#deps.statuses.touch(message.edgeId, this.#deps.clock.now())
        return { outcome: STORED, after: NOTHING_AFTER }
      },
    }
  }

  #notInserted(kind: 'event' | 'alarm', edgeId: string, id: string, inserted: LedgerInsert) {
    if (inserted.status === 'duplicate') return { outcome: DUPLICATE, after: NOTHING_AFTER }
    return this.#refusedInside(kind, edgeId, 'ID_CONFLICT', `${kind} id ${id} is already stored with other content`)
  }

  /** A refusal found while storing: counted in the same transaction. */
  #refusedInside(topicKind: string, edgeId: string, code: string, reason: string) {
    this.#deps.ledger.countRejection({ edgeId, topicKind, code, reason, atMs: this.#deps.clock.now() })
    this.#deps.log.warn({ edgeId, topicKind, code, reason }, `edge message rejected: ${code}`)
    return { outcome: { status: 'rejected', code, reason } as const, after: NOTHING_AFTER }
  }

  #refuse(edgeId: string, refusal: Refused): EdgeMessageOutcome {
    const { topicKind, code, reason } = refusal
    this.#deps.ledger.countRejection({ edgeId, topicKind, code, reason, atMs: this.#deps.clock.now() })
    this.#deps.log.warn({ edgeId, topicKind, code, reason }, `edge message rejected: ${code}`)
    return this.#count({ status: 'rejected', code, reason })
  }

  #count(outcome: EdgeMessageOutcome): EdgeMessageOutcome {
    const key = outcome.status === 'rejected' ? `rejected:${outcome.code}` : outcome.status
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1)
    return outcome
  }
}

function refused(topicKind: string, code: string, reason: string): Refused {
  return { status: 'rejected', code, reason, topicKind }
}

function onlineOrOffline(state: string): 'online' | 'offline' {
  return state === 'online' ? 'online' : 'offline'
}

function parse<S extends TSchema>(spec: MessageSpec<S>, payload: Buffer): ParseResult<Static<S>> {
  return parseMessage(spec.schema, payload, { maxBytes: spec.maxPayloadBytes })
}

/** The schema passed and the payload names the edge that published it. */
function checked<M extends { readonly edgeId: string }>(
  topicKind: TopicKind,
  edgeId: string,
  parsed: ParseResult<M>,
  next: (message: M) => Accepted | Refused,
): Accepted | Refused {
  if (!parsed.ok) return refused(topicKind, parsed.code, parsed.errors.join('; '))
  const { edgeId: claimed } = parsed.value
  if (claimed !== edgeId) return refused(topicKind, 'EDGE_MISMATCH', `payload edgeId ${claimed} is not the publishing edge ${edgeId}`)
  return next(parsed.value)
}
