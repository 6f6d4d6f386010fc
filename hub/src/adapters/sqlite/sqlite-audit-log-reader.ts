import type BetterSqlite3 from 'better-sqlite3'
import { Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { AuditActor } from './append-audit.js'

export interface AuditLogFilter {
  readonly subjectKind?: string
  readonly subjectId?: string
  readonly actorId?: string
  /** `credential.` matches every credential action. */
  readonly actionPrefix?: string
  /** Inclusive. */
  readonly fromMs?: number
  /** Exclusive. */
  readonly toMs?: number
  /** Paging: only entries older than this sequence number (the previous page's `nextBeforeSeq`). */
  readonly beforeSeq?: number
  readonly limit: number
}

export interface AuditLogRecord {
  readonly seq: number
  readonly atMs: number
  readonly actor: AuditActor
  readonly action: string
  readonly subjectKind: string
  readonly subjectId: string | null
  readonly detail: Record<string, unknown>
}

interface AuditRow {
  readonly seq: number
  readonly at_ms: number
  readonly actor_kind: AuditActor['kind']
  readonly actor_id: string
  readonly actor_name: string
  readonly action: string
  readonly subject_kind: string
  readonly subject_id: string | null
  readonly detail: string
}

const DetailObject = Type.Record(Type.String(), Type.Unknown())

function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text)
    return Value.Check(DetailObject, value) ? value : { unreadable: text }
  } catch {
    return { unreadable: text }
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`)
}

/** Reads the append-only audit log, newest first, filtered, in pages keyed by sequence number. */
export class SqliteAuditLogReader {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  query(filter: AuditLogFilter): { entries: AuditLogRecord[]; nextBeforeSeq: number | null } {
    const conditions: string[] = []
    const values: unknown[] = []
    const add = (condition: string, value: unknown): void => {
      conditions.push(condition)
      values.push(value)
    }
    if (filter.subjectKind !== undefined) add('subject_kind = ?', filter.subjectKind)
    if (filter.subjectId !== undefined) add('subject_id = ?', filter.subjectId)
    if (filter.actorId !== undefined) add('actor_id = ?', filter.actorId)
    if (filter.actionPrefix !== undefined) add(`action LIKE ? ESCAPE '\\'`, `${escapeLike(filter.actionPrefix)}%`)
    if (filter.fromMs !== undefined) add('at_ms >= ?', filter.fromMs)
    if (filter.toMs !== undefined) add('at_ms < ?', filter.toMs)
    if (filter.beforeSeq !== undefined) add('seq < ?', filter.beforeSeq)
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`
    const rows = this.#connection
      .prepare(`SELECT seq, at_ms, actor_kind, actor_id, actor_name, action, subject_kind, subject_id, detail FROM audit_log ${where} ORDER BY seq DESC LIMIT ?`)
      .all(...values, filter.limit) as AuditRow[]
    const entries = rows.map((row) => ({
      seq: row.seq,
      atMs: row.at_ms,
      actor: { kind: row.actor_kind, id: row.actor_id, name: row.actor_name },
      action: row.action,
      subjectKind: row.subject_kind,
      subjectId: row.subject_id,
      detail: parseDetail(row.detail),
    }))
    return { entries, nextBeforeSeq: entries.length === filter.limit ? entries[entries.length - 1]!.seq : null }
  }
}
