import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import type { CommandOutput } from '../../../edge/src/enroll/enroll-command.js'
import { createScheduledBackups, hubDataPaths } from '../assembly/hub-backups.js'
import type { Clock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import { configViolationText, readHubConfigFile } from './read-hub-config-file.js'

export const BACKUP_USAGE = `usage: gatehouse-hub backup [--config FILE]

One backup of the hub database now, as the scheduled ones are made: SQLite's online backup (the
hub may keep running), verified with an integrity check, written under a temporary name and
renamed, the oldest beyond backup.keep deleted, the hub's signing key copied beside it.
It goes to backup.dir (default <dataDir>/backups); the file name is printed. docs/backups.md.

  --config FILE   the hub config (the one the hub runs with)
  --help          this text

Exit code: 0 backed up; 1 the backup failed (the reason is printed); 2 bad usage or config.`

/** Copies everything in one step: from another process, SQLite restarts a stepwise copy whenever the hub writes. */
const ALL_PAGES_AT_ONCE = 0x7fffffff

export interface BackupCommandDeps {
  readonly clock: Clock
  readonly log: Logger
}

/** `gatehouse-hub backup ...`; returns the exit code. */
export async function runBackupCommand(argv: readonly string[], output: CommandOutput, deps: BackupCommandDeps): Promise<number> {
  let values
  try {
    values = parseArgs({ args: [...argv], options: { config: { type: 'string' }, help: { type: 'boolean', default: false } } }).values
  } catch (error) {
    return output.err(`gatehouse-hub backup: ${(error as Error).message}\n\n${BACKUP_USAGE}`), 2
  }
  if (values.help) return output.out(BACKUP_USAGE), 0
  const read = readHubConfigFile(values.config)
  if (!read.ok) return output.err(configViolationText('gatehouse-hub backup', read.violations)), 2
  const paths = hubDataPaths(read.config)
  if (!existsSync(paths.database)) return output.err(`gatehouse-hub backup: no hub database at ${paths.database}`), 1
  const connection = new Database(paths.database, { fileMustExist: true, timeout: 5_000 })
  try {
    const backups = createScheduledBackups(read.config, connection, deps.clock, deps.log, ALL_PAGES_AT_ONCE)
    const written = await backups.backupNow()
    output.out(`gatehouse-hub backup: ${written.path} (${written.bytes} bytes, verified)`)
    return 0
  } catch (error) {
    const code = (error as { code?: string }).code
    return output.err(`gatehouse-hub backup: failed: ${code ? `${code}: ` : ''}${(error as Error).message}`), 1
  } finally {
    connection.close()
  }
}
