import type BetterSqlite3 from 'better-sqlite3'
import type { Caller } from '../../domain/caller.js'

/** Who did it: a signed-in account, an edge (enrollment), the hub itself (a scheduled release), or the setup token. */
export interface AuditActor {
  readonly kind: 'account' | 'edge' | 'system' | 'setup'
  readonly id: string
  readonly name: string
}

export interface AuditEntry {
  readonly actor: AuditActor
  /** What was done, dotted and past tense: `credential.revoked`, `observation.placed`, `door.opened-remotely`. */
  readonly action: string
  readonly subjectKind: string
  readonly subjectId: string | null
  /** What changed; never a password, token or full ID number (masked before it gets here). */
  readonly detail?: Readonly<Record<string, unknown>>
  readonly atMs: number
}

export function auditActorOf(caller: Caller): AuditActor {
  return { kind: 'account', id: caller.accountId, name: caller.displayName }
}

/**
 * Appends one row to the audit log. Call it inside the same transaction as the change it
 * records, so a change is never committed without its audit row (or the reverse).
 */
export function appendAudit(connection: BetterSqlite3.Database, entry: AuditEntry): void {
  connection
    .prepare(
      `INSERT INTO audit_log (at_ms, actor_kind, actor_id, actor_name, action, subject_kind, subject_id, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      entry.atMs,
      entry.actor.kind,
      entry.actor.id,
      entry.actor.name,
      entry.action,
      entry.subjectKind,
      entry.subjectId,
      JSON.stringify(entry.detail ?? {}),
    )
}
