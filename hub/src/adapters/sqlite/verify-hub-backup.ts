import Database from 'better-sqlite3'
import { HUB_MIGRATIONS } from './hub-migrations.js'

export type HubBackupCheck = { readonly ok: true; readonly schemaVersion: number } | { readonly ok: false; readonly reason: string }

/**
 * Whether a file is a sound copy of a hub database this release can open: SQLite's own
 * `PRAGMA integrity_check` passes, the schema version is one this release knows, and the hub's
 * tables are there. Opens the file read-write (a WAL-mode file needs it), changes nothing.
 */
export function verifyHubBackup(path: string): HubBackupCheck {
  let connection: Database.Database
  try {
    connection = new Database(path, { fileMustExist: true })
  } catch (error) {
    return { ok: false, reason: `cannot open ${path}: ${(error as Error).message}` }
  }
  try {
    const problems = connection.pragma('integrity_check', { simple: false }) as { integrity_check: string }[]
    const messages = problems.map((row) => row.integrity_check)
    if (messages.length !== 1 || messages[0] !== 'ok') return { ok: false, reason: `integrity check failed: ${messages.slice(0, 5).join('; ')}` }
    const schemaVersion = Number(connection.pragma('user_version', { simple: true }))
    if (schemaVersion < 1) return { ok: false, reason: 'not a hub database (schema version 0)' }
    if (schemaVersion > HUB_MIGRATIONS.length) return { ok: false, reason: `schema version ${schemaVersion} is newer than this release knows (${HUB_MIGRATIONS.length})` }
    const auditLog = connection.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get()
    if (auditLog === undefined) return { ok: false, reason: 'not a hub database (no audit_log table)' }
    return { ok: true, schemaVersion }
  } catch (error) {
    return { ok: false, reason: `${(error as { code?: string }).code ?? 'SQLITE_ERROR'}: ${(error as Error).message}` }
  } finally {
    connection.close()
  }
}
