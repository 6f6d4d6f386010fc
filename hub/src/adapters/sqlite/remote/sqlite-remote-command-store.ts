import type BetterSqlite3 from 'better-sqlite3'
import type { CommandReply } from '../../../../../protocol/mqtt/messages/command-reply.js'
import type { ReplyRecording } from '../../../ports/command-reply-sink.js'
import type {
  RemoteCommandRefusal,
  RemoteCommandRequest,
  RemoteCommandStore,
  RemoteDoorRecord,
  StoredRemoteCommand,
} from '../../../ports/remote-command-store.js'
import { appendAudit, auditActorOf, type AuditActor } from '../append-audit.js'

interface CommandRow {
  id: string
  account_id: string
  account_name: string
  door_id: string
  edge_id: string | null
  action: string
  outcome: StoredRemoteCommand['outcome']
  code: string | null
  deny_reason: string | null
  detail: string | null
  reply_status: string | null
}

function storedOf(row: CommandRow): StoredRemoteCommand {
  return { id: row.id, outcome: row.outcome, code: row.code, denyReason: row.deny_reason, detail: row.detail }
}

const DOOR_SUBJECT = 'door'

/** RemoteCommandStore on m007 `remote_commands`, with the audit log (m001) in the same transactions. */
export class SqliteRemoteCommandStore implements RemoteCommandStore {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  doorById(doorId: string): RemoteDoorRecord | null {
    const row = this.#connection.prepare<[string], { id: string; edge_id: string }>('SELECT id, edge_id FROM doors WHERE id = ?').get(doorId)
    return row === undefined ? null : { id: row.id, edgeId: row.edge_id }
  }

  recordRefusal(request: RemoteCommandRequest, refusal: RemoteCommandRefusal): void {
    this.#connection.transaction(() => {
      this.#insert(request, 'refused', refusal)
      this.#audit(auditActorOf(request.caller), 'door.remote-command-refused', request.doorId, request.requestedAtMs, {
        requestId: request.id,
        action: request.action,
        code: refusal.code,
        ...(refusal.denyReason !== undefined && { denyReason: refusal.denyReason }),
        ...(request.reason !== null && { reason: request.reason }),
      })
    })()
  }

  recordSent(request: RemoteCommandRequest): void {
    this.#connection.transaction(() => {
      this.#insert(request, 'pending', null)
      this.#audit(auditActorOf(request.caller), 'door.remote-command-sent', request.doorId, request.requestedAtMs, {
        commandId: request.id,
        action: request.action,
        edgeId: request.edgeId,
        ...(request.reason !== null && { reason: request.reason }),
      })
    })()
  }

  recordNoAnswer(id: string, outcome: { code: 'EDGE_TIMEOUT' | 'PUBLISH_FAILED'; detail: string }, atMs: number): StoredRemoteCommand | null {
    return this.#connection.transaction(() => {
      const changed = this.#connection
        .prepare(`UPDATE remote_commands SET outcome = 'timeout', code = ?, detail = ?, answered_at_ms = ? WHERE id = ? AND outcome = 'pending'`)
        .run(outcome.code, outcome.detail, atMs, id)
      const row = this.#row(id)
      if (changed.changes === 1 && row !== undefined) {
        this.#audit(this.#requester(row), 'door.remote-command-unanswered', row.door_id, atMs, { commandId: id, code: outcome.code })
      }
      return row === undefined ? null : storedOf(row)
    })()
  }

  recordReply(reply: CommandReply, receivedAtMs: number): ReplyRecording {
    const row = this.#row(reply.id)
    if (row === undefined || row.edge_id !== reply.edgeId || row.outcome === 'refused') return 'unknown'
    if (row.reply_status !== null) return 'duplicate'
    const isError = reply.status === 'error'
    const code = isError ? reply.code : null
    const denyReason = isError ? (reply.denyReason ?? null) : null
    const detail = isError ? (reply.detail ?? null) : null
    this.#connection
      .prepare(
        `UPDATE remote_commands SET reply_status = ?, reply_received_at_ms = ?, reply = ?,
           outcome = CASE WHEN outcome = 'pending' THEN ? ELSE outcome END,
           code = CASE WHEN outcome = 'pending' THEN ? ELSE code END,
           deny_reason = CASE WHEN outcome = 'pending' THEN ? ELSE deny_reason END,
           detail = CASE WHEN outcome = 'pending' THEN ? ELSE detail END,
           answered_at_ms = CASE WHEN outcome = 'pending' THEN ? ELSE answered_at_ms END
         WHERE id = ?`,
      )
      .run(reply.status, receivedAtMs, JSON.stringify(reply), reply.status, code, denyReason, detail, receivedAtMs, reply.id)
    const action = row.outcome === 'pending' ? 'door.remote-command-answered' : 'door.remote-command-answered-late'
    this.#audit(this.#requester(row), action, row.door_id, receivedAtMs, {
      commandId: reply.id,
      status: reply.status,
      ...(code !== null && { code }),
      ...(denyReason !== null && { denyReason }),
    })
    return 'stored'
  }

  get(id: string): StoredRemoteCommand | null {
    const row = this.#row(id)
    return row === undefined ? null : storedOf(row)
  }

  #row(id: string): CommandRow | undefined {
    return this.#connection.prepare<[string], CommandRow>('SELECT * FROM remote_commands WHERE id = ?').get(id)
  }

  #requester(row: CommandRow): AuditActor {
    return { kind: 'account', id: row.account_id, name: row.account_name }
  }

  #insert(request: RemoteCommandRequest, outcome: 'refused' | 'pending', refusal: RemoteCommandRefusal | null): void {
    this.#connection
      .prepare(
        `INSERT INTO remote_commands (id, requested_at_ms, account_id, account_role, account_name, door_id, edge_id, action,
           actor_kind, actor_id, staff_reason, expires_at_ms, outcome, code, deny_reason, detail, answered_at_ms)
         VALUES (@id, @requestedAtMs, @accountId, @accountRole, @accountName, @doorId, @edgeId, @action,
           @actorKind, @actorId, @reason, @expiresAtMs, @outcome, @code, @denyReason, @detail, @answeredAtMs)`,
      )
      .run({
        id: request.id,
        requestedAtMs: request.requestedAtMs,
        accountId: request.caller.accountId,
        accountRole: request.caller.role,
        accountName: request.caller.displayName,
        doorId: request.doorId,
        edgeId: request.edgeId,
        action: request.action,
        actorKind: request.actor?.kind ?? null,
        actorId: request.actor?.id ?? null,
        reason: request.reason,
        expiresAtMs: request.expiresAtMs,
        outcome,
        code: refusal?.code ?? null,
        denyReason: refusal?.denyReason ?? null,
        detail: refusal?.detail ?? null,
        answeredAtMs: refusal === null ? null : request.requestedAtMs,
      })
  }

  #audit(actor: AuditActor, action: string, doorId: string, atMs: number, detail: Record<string, unknown>): void {
    appendAudit(this.#connection, { actor, action, subjectKind: DOOR_SUBJECT, subjectId: doorId, detail, atMs })
  }
}
