import type { CommandReply } from '../../../protocol/mqtt/messages/command-reply.js'
import type { Caller } from '../domain/caller.js'
import type { ReplyRecording } from './command-reply-sink.js'

export interface RemoteDoorRecord {
  readonly id: string
  readonly edgeId: string
}

/** One remote door request as the hub received it. */
export interface RemoteCommandRequest {
  /** The command id (UUID) once a command was built; a `rcq-…` id for a request refused before. */
  readonly id: string
  readonly requestedAtMs: number
  readonly caller: Caller
  readonly doorId: string
  readonly edgeId: string | null
  readonly action: string
  readonly reason: string | null
  readonly actor: { readonly kind: string; readonly id: string } | null
  readonly expiresAtMs: number | null
}

export interface RemoteCommandRefusal {
  readonly code: string
  readonly detail: string
  readonly denyReason?: string
}

export interface StoredRemoteCommand {
  readonly id: string
  readonly outcome: 'refused' | 'pending' | 'ok' | 'error' | 'timeout'
  readonly code: string | null
  readonly denyReason: string | null
  readonly detail: string | null
}

/**
 * Every remote door request, its command and its outcome (m007 `remote_commands`), each step
 * audited in the same transaction as the row it writes.
 */
export interface RemoteCommandStore {
  doorById(doorId: string): RemoteDoorRecord | null
  recordRefusal(request: RemoteCommandRequest, refusal: RemoteCommandRefusal): void
  /** The signed command is about to be published: the row waits for its reply. */
  recordSent(request: RemoteCommandRequest): void
  /** The hub gave up waiting (or could not publish): only a command still pending changes. Returns the row. */
  recordNoAnswer(id: string, outcome: { readonly code: 'EDGE_TIMEOUT' | 'PUBLISH_FAILED'; readonly detail: string }, atMs: number): StoredRemoteCommand | null
  /** Ingest: the first reply for a command sent to that edge. A late reply (after a timeout) is kept and audited too. */
  recordReply(reply: CommandReply, receivedAtMs: number): ReplyRecording
  get(id: string): StoredRemoteCommand | null
}
