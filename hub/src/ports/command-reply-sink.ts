import type { CommandReply } from '../../../protocol/mqtt/messages/command-reply.js'

/** stored: the first reply for a command the hub sent to that edge; duplicate: it had one; unknown: no such command. */
export type ReplyRecording = 'stored' | 'duplicate' | 'unknown'

/** Where ingest hands the edges' command replies (the remote open service). */
export interface CommandReplySink {
  /** Inside the ingest transaction: records the reply with its command (the first reply counts). */
  recordReply(reply: CommandReply, receivedAtMs: number): ReplyRecording
  /** After the commit: wakes whoever waits for this command. */
  replyCommitted(reply: CommandReply): void
}
