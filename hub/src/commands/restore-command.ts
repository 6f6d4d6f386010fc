import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import type { CommandOutput } from '../../../edge/src/enroll/enroll-command.js'
import { HubPidFile, HubRunningError } from '../adapters/hub-pid-file.js'
import { appendAudit } from '../adapters/sqlite/append-audit.js'
import { openHubDatabase } from '../adapters/sqlite/open-hub-database.js'
import { verifyHubBackup } from '../adapters/sqlite/verify-hub-backup.js'
import { hubDataPaths, type HubDataPaths } from '../assembly/hub-backups.js'
import type { Clock } from '../ports/clock.js'
import { configViolationText, readHubConfigFile } from './read-hub-config-file.js'
import { fsyncPath } from '../adapters/fsync-path.js'

export const RESTORE_USAGE = `usage: gatehouse-hub restore [--config FILE] --from BACKUP

Replaces the hub database with a backup. Refused while a hub runs on the data folder: stop it
first (systemctl stop gatehouse-hub). Then:
  1. BACKUP is copied into the data folder and the copy verified (integrity check, a schema
     this release knows); a bad backup changes nothing;
  2. the current hub.db, with its -wal and -shm, is kept aside as hub.db.before-restore-<time>;
  3. the copy becomes hub.db, and the restore is written to its audit log;
  4. with no signing key in the data folder (a new machine), the hub-signing-key.pem beside
     BACKUP is restored too; an existing key is kept.
docs/backups.md.

  --config FILE   the hub config (the one the hub runs with)
  --from BACKUP   the backup file, e.g. /var/lib/gatehouse-hub/backups/hub-2026-03-14T06-00-00.000Z.db
  --help          this text

Exit code: 0 restored; 1 refused or failed (nothing changed; the reason is printed); 2 bad usage or config.`

const SIDE_FILES = ['', '-wal', '-shm'] as const

/** `gatehouse-hub restore ...`; returns the exit code. */
export async function runRestoreCommand(argv: readonly string[], output: CommandOutput, clock: Clock): Promise<number> {
  let values
  try {
    values = parseArgs({ args: [...argv], options: { config: { type: 'string' }, from: { type: 'string' }, help: { type: 'boolean', default: false } } }).values
  } catch (error) {
    return output.err(`gatehouse-hub restore: ${(error as Error).message}\n\n${RESTORE_USAGE}`), 2
  }
  if (values.help) return output.out(RESTORE_USAGE), 0
  if (values.from === undefined) return output.err(`gatehouse-hub restore: --from is required\n\n${RESTORE_USAGE}`), 2
  const read = readHubConfigFile(values.config)
  if (!read.ok) return output.err(configViolationText('gatehouse-hub restore', read.violations)), 2
  const paths = hubDataPaths(read.config)
  mkdirSync(read.config.dataDir, { recursive: true, mode: 0o700 })
  // Any live holder refuses, this very process included (a hub started in-process); then the
  // file is held for the whole restore, so a hub starting meanwhile is refused (HUB_RUNNING).
  const pidFile = new HubPidFile(paths.pidFile)
  const runningPid = pidFile.runningPid()
  if (runningPid !== null) return output.err(`gatehouse-hub restore: refused: ${new HubRunningError(paths.pidFile, runningPid).message}`), 1
  pidFile.acquire()
  try {
    return restore(values.from, paths, output, clock)
  } finally {
    pidFile.release()
  }
}

function restore(from: string, paths: HubDataPaths, output: CommandOutput, clock: Clock): number {
  if (!existsSync(from)) return output.err(`gatehouse-hub restore: no backup at ${from}`), 1
  const incoming = join(dirname(paths.database), '.hub.db.restoring')
  for (const suffix of SIDE_FILES) rmSync(`${incoming}${suffix}`, { force: true })
  copyFileSync(from, incoming)
  const check = verifyHubBackup(incoming)
  for (const suffix of SIDE_FILES.slice(1)) rmSync(`${incoming}${suffix}`, { force: true })
  if (!check.ok) {
    rmSync(incoming, { force: true })
    return output.err(`gatehouse-hub restore: refused: ${from} is not a usable backup: ${check.reason}. Nothing was changed.`), 1
  }
  fsyncPath(incoming)
  const stamp = new Date(clock.now()).toISOString().replace(/:/g, '-')
  const setAside = existsSync(paths.database) ? `${paths.database}.before-restore-${stamp}` : null
  if (setAside !== null) {
    for (const suffix of SIDE_FILES) if (existsSync(`${paths.database}${suffix}`)) renameSync(`${paths.database}${suffix}`, `${setAside}${suffix}`)
  }
  renameSync(incoming, paths.database)
  fsyncPath(dirname(paths.database))
  const signingKey = restoreSigningKey(from, paths, output)
  recordRestore(paths, { from: basename(from), schemaVersion: check.schemaVersion, setAside: setAside === null ? null : basename(setAside), signingKey }, clock)
  output.out(`gatehouse-hub restore: ${paths.database} restored from ${from} (schema version ${check.schemaVersion})`)
  if (setAside !== null) output.out(`  the previous database is kept as ${setAside}`)
  output.out(`  signing key: ${signingKey}`)
  return 0
}

type SigningKeyOutcome = 'kept' | 'restored' | 'missing'

/** A new machine gets the key that signed the backed-up policies; an existing key is never replaced. */
function restoreSigningKey(from: string, paths: HubDataPaths, output: CommandOutput): SigningKeyOutcome {
  const beside = join(dirname(from), basename(paths.signingKey))
  const hasBeside = existsSync(beside)
  if (existsSync(paths.signingKey)) {
    if (hasBeside && !readFileSync(beside).equals(readFileSync(paths.signingKey))) {
      output.err(`gatehouse-hub restore: warning: ${beside} differs from this hub's key ${paths.signingKey}; this hub's key was kept`)
    }
    return 'kept'
  }
  if (!hasBeside) {
    output.err(`gatehouse-hub restore: warning: no signing key in the data folder nor beside the backup; the hub will make a new one and every edge must be enrolled again`)
    return 'missing'
  }
  copyFileSync(beside, paths.signingKey)
  chmodSync(paths.signingKey, 0o600)
  fsyncPath(paths.signingKey)
  return 'restored'
}

function recordRestore(paths: HubDataPaths, detail: Record<string, unknown>, clock: Clock): void {
  const database = openHubDatabase({ path: paths.database })
  try {
    database.connection.transaction(() =>
      appendAudit(database.connection, { actor: { kind: 'system', id: 'gatehouse-hub-restore', name: 'gatehouse-hub restore' }, action: 'hub.restored', subjectKind: 'hub', subjectId: null, detail, atMs: clock.now() }),
    )()
  } finally {
    database.close()
  }
}
