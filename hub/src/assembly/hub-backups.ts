import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { DEFAULT_BACKUP_PAGES_PER_STEP, SqliteBackupFiles } from '../adapters/sqlite/sqlite-backup-files.js'
import type { HubConfig } from '../config/hub-config.js'
import type { Clock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import { DEFAULT_BACKUP_TIMING, ScheduledBackups } from '../services/backup/scheduled-backups.js'

/** Where the hub keeps its files under `dataDir`, and where backups go. */
export interface HubDataPaths {
  readonly database: string
  readonly signingKey: string
  readonly pidFile: string
  readonly backupDir: string
}

export function hubDataPaths(config: HubConfig): HubDataPaths {
  return {
    database: join(config.dataDir, 'hub.db'),
    signingKey: join(config.dataDir, 'hub-signing-key.pem'),
    pidFile: join(config.dataDir, 'hub.pid'),
    backupDir: config.backup.dir ?? join(config.dataDir, 'backups'),
  }
}

/** The hub's backups of `connection` as the config says: folder, interval, how many to keep; the signing key beside them. */
export function createScheduledBackups(config: HubConfig, connection: Database.Database, clock: Clock, log: Logger, pagesPerStep = DEFAULT_BACKUP_PAGES_PER_STEP): ScheduledBackups {
  const paths = hubDataPaths(config)
  const files = new SqliteBackupFiles(connection, { dir: paths.backupDir, pagesPerStep })
  return new ScheduledBackups(files, clock, log.child({ component: 'backup' }), {
    intervalMs: config.backup.intervalMinutes * 60_000,
    keep: config.backup.keep,
    ...DEFAULT_BACKUP_TIMING,
    companionFile: paths.signingKey,
  })
}
