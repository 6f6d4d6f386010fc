import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import Database from 'better-sqlite3'
import type { BackupFiles, WrittenBackup } from '../../ports/backup-files.js'
import { verifyHubBackup } from './verify-hub-backup.js'
import { fsyncPath } from '../fsync-path.js'

export interface SqliteBackupFilesOptions {
  readonly dir: string
  /**
   * Pages copied per step of the online backup; the hub keeps serving between steps, and its own
   * writes in between are carried into the copy (SQLite backup API, same connection).
   */
  readonly pagesPerStep: number
}

export const DEFAULT_BACKUP_PAGES_PER_STEP = 1000

/** A coded failure of one backup; the partial file is gone by the time it is thrown. */
export class BackupError extends Error {
  readonly code: 'BACKUP_VERIFY_FAILED'

  constructor(code: BackupError['code'], message: string) {
    super(message)
    this.name = 'BackupError'
    this.code = code
  }
}

/**
 * Backups of the hub database with SQLite's online backup (better-sqlite3 `backup()`): written
 * to a hidden `.NAME.partial`, switched to a single self-contained file (journal_mode DELETE),
 * verified (`verifyHubBackup`), flushed to disk, then renamed. Folder and files are private (0700/0600).
 */
export class SqliteBackupFiles implements BackupFiles {
  readonly dir: string
  readonly #connection: Database.Database
  readonly #pagesPerStep: number

  constructor(connection: Database.Database, options: SqliteBackupFilesOptions) {
    this.#connection = connection
    this.dir = options.dir
    this.#pagesPerStep = options.pagesPerStep
  }

  list(): string[] {
    try {
      return readdirSync(this.dir)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
  }

  async write(name: string): Promise<WrittenBackup> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    const partial = join(this.dir, `.${name}.partial`)
    const path = join(this.dir, name)
    rmSync(partial, { force: true })
    try {
      await this.#connection.backup(partial, { progress: () => this.#pagesPerStep })
      const copy = new Database(partial, { fileMustExist: true })
      try {
        copy.pragma('journal_mode = DELETE')
      } finally {
        copy.close()
      }
      const check = verifyHubBackup(partial)
      if (!check.ok) throw new BackupError('BACKUP_VERIFY_FAILED', `the copy failed verification: ${check.reason}`)
      fsyncPath(partial)
      renameSync(partial, path)
      fsyncPath(this.dir)
      return { name, path, bytes: statSync(path).size }
    } catch (error) {
      rmSync(partial, { force: true })
      throw error
    }
  }

  remove(name: string): void {
    rmSync(join(this.dir, name), { force: true })
  }

  keepCopyOf(sourcePath: string): void {
    const content = readFileSync(sourcePath)
    const target = join(this.dir, basename(sourcePath))
    try {
      if (readFileSync(target).equals(content)) return
    } catch {
      // No copy yet.
    }
    mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    const temporary = `${target}.partial`
    writeFileSync(temporary, content, { mode: 0o600 })
    fsyncPath(temporary)
    renameSync(temporary, target)
  }
}
