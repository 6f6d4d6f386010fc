/** A backup written, verified and in place under its final name. */
export interface WrittenBackup {
  readonly name: string
  readonly path: string
  readonly bytes: number
}

/**
 * The folder the hub's database backups go to. `write` copies the live database online, checks
 * the copy, and only then gives it its final name: a name in the folder is always a good backup.
 */
export interface BackupFiles {
  readonly dir: string
  /** File names in the folder (none when it does not exist yet). */
  list(): string[]
  write(name: string): Promise<WrittenBackup>
  remove(name: string): void
  /** Keeps a copy of a file that belongs with every backup (the hub's signing key), replaced when it changed. */
  keepCopyOf(sourcePath: string): void
}
