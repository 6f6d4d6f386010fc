/**
 * Names, order and rotation of the hub's database backups. A backup is `hub-<UTC time>.db`, the
 * time written so that names sort as times do (`hub-2026-03-14T06-00-00.000Z.db`); files with
 * other names in the backup folder are never touched.
 */
const BACKUP_NAME = /^hub-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})\.(\d{3})Z\.db$/

export function backupFileName(atMs: number): string {
  return `hub-${new Date(atMs).toISOString().replace(/:/g, '-')}.db`
}

/** When a backup was taken, from its name; null for a file that is not one of ours. */
export function backupTimeOf(fileName: string): number | null {
  const match = BACKUP_NAME.exec(fileName)
  if (match === null) return null
  const [, date, hours, minutes, seconds, millis] = match
  const atMs = Date.parse(`${date}T${hours}:${minutes}:${seconds}.${millis}Z`)
  return Number.isNaN(atMs) ? null : atMs
}

/** Our backups among `fileNames`, newest first. */
export function backupsNewestFirst(fileNames: readonly string[]): string[] {
  return fileNames.filter((name) => backupTimeOf(name) !== null).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))
}

/** The backups beyond the newest `keep`: the ones to delete. */
export function backupsToDelete(fileNames: readonly string[], keep: number): string[] {
  return backupsNewestFirst(fileNames).slice(Math.max(1, keep))
}

/**
 * When the next scheduled backup is due: an interval after the newest one, but never sooner
 * than `startDelayMs` from now, so a restarting hub does not back up while it starts.
 */
export function nextBackupDueMs(newestBackupMs: number | null, nowMs: number, intervalMs: number, startDelayMs: number): number {
  const earliestMs = nowMs + startDelayMs
  return newestBackupMs === null ? earliestMs : Math.max(earliestMs, newestBackupMs + intervalMs)
}
