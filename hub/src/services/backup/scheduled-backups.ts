import { backupFileName, backupsNewestFirst, backupsToDelete, backupTimeOf, nextBackupDueMs } from '../../domain/backup/backup-rotation.js'
import type { BackupFiles, WrittenBackup } from '../../ports/backup-files.js'
import type { Clock, TimerHandle } from '../../ports/clock.js'
import type { Logger } from '../../ports/logger.js'

export interface ScheduledBackupsSettings {
  readonly intervalMs: number
  /** How many backups stay; older ones are deleted after each good backup. */
  readonly keep: number
  /** The first scheduled backup after a start waits at least this long. */
  readonly startDelayMs: number
  /** After a failure, the next try comes this soon (or at the interval, if that is sooner). */
  readonly retryMs: number
  /** Copied beside the backups (the hub's signing key): a restore needs it too. Null: nothing. */
  readonly companionFile: string | null
}

export const DEFAULT_BACKUP_TIMING = { startDelayMs: 60_000, retryMs: 15 * 60_000 } as const

export interface BackupStatus {
  readonly written: number
  readonly failed: number
  readonly lastBackup: { readonly name: string; readonly atMs: number; readonly bytes: number } | null
  readonly lastFailure: { readonly atMs: number; readonly code: string; readonly message: string } | null
  readonly nextDueMs: number | null
}

/**
 * Backs the hub database up on a schedule and on demand: one backup at a time, the newest
 * `keep` kept. A failure is logged with its code, counted, and tried again sooner; a good
 * backup is logged with its size and duration. Nothing here knows SQLite: `BackupFiles` does.
 */
export class ScheduledBackups {
  readonly #files: BackupFiles
  readonly #clock: Clock
  readonly #log: Logger
  readonly #settings: ScheduledBackupsSettings
  #timer: TimerHandle | null = null
  #nextDueMs: number | null = null
  #running: Promise<WrittenBackup> | null = null
  #isStarted = false
  #written = 0
  #failed = 0
  #lastBackup: BackupStatus['lastBackup'] = null
  #lastFailure: BackupStatus['lastFailure'] = null

  constructor(files: BackupFiles, clock: Clock, log: Logger, settings: ScheduledBackupsSettings) {
    this.#files = files
    this.#clock = clock
    this.#log = log
    this.#settings = settings
  }

  get status(): BackupStatus {
    return { written: this.#written, failed: this.#failed, lastBackup: this.#lastBackup, lastFailure: this.#lastFailure, nextDueMs: this.#nextDueMs }
  }

  /** Schedules the first backup an interval after the newest one in the folder (not before the start delay). */
  start(): void {
    if (this.#isStarted) return
    this.#isStarted = true
    const { intervalMs, startDelayMs } = this.#settings
    let newestMs: number | null = null
    try {
      const newest = backupsNewestFirst(this.#files.list())[0]
      newestMs = newest === undefined ? null : backupTimeOf(newest)
    } catch (error) {
      this.#log.warn({ code: (error as { code?: string }).code, dir: this.#files.dir, error: String(error) }, 'backup folder unreadable; backing up after the start delay')
    }
    this.#schedule(nextBackupDueMs(newestMs, this.#clock.now(), intervalMs, startDelayMs))
  }

  /** Stops the schedule; a backup under way is finished first (the database closes after this). */
  async stop(): Promise<void> {
    this.#isStarted = false
    this.#cancelTimer()
    await this.#running?.catch(() => {})
  }

  /** One backup now, rotation included; a backup already under way is joined, not doubled. Rejects on failure (also counted and logged). */
  backupNow(): Promise<WrittenBackup> {
    this.#running ??= this.#backup().finally(() => (this.#running = null))
    return this.#running
  }

  async #backup(): Promise<WrittenBackup> {
    const startedMs = this.#clock.now()
    const name = backupFileName(startedMs)
    try {
      const written = await this.#files.write(name)
      if (this.#settings.companionFile !== null) this.#files.keepCopyOf(this.#settings.companionFile)
      const deleted = backupsToDelete(this.#files.list(), this.#settings.keep)
      for (const old of deleted) this.#files.remove(old)
      this.#written++
      this.#lastBackup = { name, atMs: startedMs, bytes: written.bytes }
      this.#log.info({ file: written.path, bytes: written.bytes, elapsedMs: this.#clock.now() - startedMs, deleted: deleted.length }, 'hub database backed up')
      return written
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'BACKUP_FAILED'
      this.#failed++
      this.#lastFailure = { atMs: this.#clock.now(), code, message: String((error as Error).message ?? error) }
      this.#log.error({ code, dir: this.#files.dir, failed: this.#failed, error: String(error) }, 'hub database backup failed')
      throw error
    }
  }

  #schedule(dueMs: number): void {
    this.#cancelTimer()
    if (!this.#isStarted) return
    this.#nextDueMs = dueMs
    this.#timer = this.#clock.setTimeout(() => this.#onDue(), Math.max(0, dueMs - this.#clock.now()))
  }

  #onDue(): void {
    this.#timer = null
    this.backupNow().then(
      () => this.#schedule(this.#clock.now() + this.#settings.intervalMs),
      () => this.#schedule(this.#clock.now() + Math.min(this.#settings.retryMs, this.#settings.intervalMs)),
    )
  }

  #cancelTimer(): void {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer)
    this.#timer = null
    this.#nextDueMs = null
  }
}
