/**
 * Which message travels on which topic kind, and how large it may be. Consumers validate with
 * `parseMessage(MESSAGE_CATALOG[kind].schema, payload, { maxBytes: MESSAGE_CATALOG[kind].maxPayloadBytes })`
 * after `matchTopic` has told them the kind.
 */
import type { TSchema } from '@sinclair/typebox'
import type { TopicKind } from './topics.js'
import { AccessEvent } from './messages/access-event.js'
import { Alarm } from './messages/alarm.js'
import { Command } from './messages/command.js'
import { CommandReply } from './messages/command-reply.js'
import { EdgeStatus } from './messages/edge-status.js'
import { PolicyAnnouncement } from './messages/policy-announcement.js'
import { PolicyApplied } from './messages/policy-applied.js'

export interface MessageSpec<S extends TSchema = TSchema> {
  /** The exported schema's name, as the contract document titles it. */
  readonly name: string
  readonly schema: S
  /** Larger payloads are refused as TOO_LARGE before they are parsed. */
  readonly maxPayloadBytes: number
}

export const MESSAGE_CATALOG = {
  status: { name: 'EdgeStatus', schema: EdgeStatus, maxPayloadBytes: 32 * 1024 },
  event: { name: 'AccessEvent', schema: AccessEvent, maxPayloadBytes: 4 * 1024 },
  alarm: { name: 'Alarm', schema: Alarm, maxPayloadBytes: 2 * 1024 },
  command: { name: 'Command', schema: Command, maxPayloadBytes: 2 * 1024 },
  commandReply: { name: 'CommandReply', schema: CommandReply, maxPayloadBytes: 2 * 1024 },
  // A delta that would not fit is left out of the announcement; the edge then fetches the snapshot.
  policy: { name: 'PolicyAnnouncement', schema: PolicyAnnouncement, maxPayloadBytes: 64 * 1024 },
  policyApplied: { name: 'PolicyApplied', schema: PolicyApplied, maxPayloadBytes: 2 * 1024 },
} as const satisfies Record<TopicKind, MessageSpec>
