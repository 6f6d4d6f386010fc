import t, { type Test } from 'tap'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { openHubDatabase } from '../../../hub/src/adapters/sqlite/open-hub-database.js'
import { SqliteBackupFiles } from '../../../hub/src/adapters/sqlite/sqlite-backup-files.js'
import { backupFileName, backupsToDelete, backupTimeOf, nextBackupDueMs } from '../../../hub/src/domain/backup/backup-rotation.js'
import { ScheduledBackups, type ScheduledBackupsSettings } from '../../../hub/src/services/backup/scheduled-backups.js'
import { seedCommunity } from '../../fakes/hub-community-seed.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { SilentLogger } from '../../fakes/silent-logger.js'

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS
const START_MS = Date.UTC(2026, 2, 14, 6, 0, 0)

function settings(overrides: Partial<ScheduledBackupsSettings> = {}): ScheduledBackupsSettings {
  return { intervalMs: 6 * HOUR_MS, keep: 3, startDelayMs: MINUTE_MS, retryMs: 15 * MINUTE_MS, companionFile: null, ...overrides }
}

/** The test's folder: t.testdir() makes it afresh on every call, so it is called here only. */
function setUp(t: Test, options: { dir?: (dataDir: string) => string; settings?: (dataDir: string) => Partial<ScheduledBackupsSettings>; pagesPerStep?: number } = {}) {
  const dataDir = t.testdir()
  const database = openHubDatabase({ path: join(dataDir, 'hub.db') })
  t.teardown(() => database.close())
  seedCommunity(database.connection)
  const dir = options.dir?.(dataDir) ?? join(dataDir, 'backups')
  const files = new SqliteBackupFiles(database.connection, { dir, pagesPerStep: options.pagesPerStep ?? 1000 })
  const clock = new ManualClock(START_MS)
  const log = new SilentLogger()
  const backups = new ScheduledBackups(files, clock, log, settings(options.settings?.(dataDir)))
  t.teardown(() => backups.stop())
  return { dataDir, database, dir, clock, log, backups }
}

t.test('names sort as times, other files are never rotated, and the next backup waits for the interval', async (t) => {
  t.equal(backupFileName(START_MS), 'hub-2026-03-14T06-00-00.000Z.db')
  t.equal(backupTimeOf('hub-2026-03-14T06-00-00.000Z.db'), START_MS)
  t.equal(backupTimeOf('hub-signing-key.pem'), null)
  t.equal(backupTimeOf('hub-2026-13-14T06-00-00.000Z.db'), null, 'month 13 is not a time')
  const names = [0, 1, 2, 3].map((n) => backupFileName(START_MS + n * HOUR_MS))
  t.same(backupsToDelete([...names, 'notes.txt', 'hub-signing-key.pem'], 2), [names[1], names[0]])
  t.same(backupsToDelete(names, 0), names.slice(0, 3).reverse(), 'at least one backup always stays')
  t.equal(nextBackupDueMs(null, START_MS, 6 * HOUR_MS, MINUTE_MS), START_MS + MINUTE_MS)
  t.equal(nextBackupDueMs(START_MS - HOUR_MS, START_MS, 6 * HOUR_MS, MINUTE_MS), START_MS + 5 * HOUR_MS, 'a restart an hour after a backup waits five more')
  t.equal(nextBackupDueMs(START_MS - 7 * HOUR_MS, START_MS, 6 * HOUR_MS, MINUTE_MS), START_MS + MINUTE_MS, 'an overdue one waits only for the start delay')
})

t.test('backs up after the start delay, then every interval, keeping the newest three', async (t) => {
  const { dataDir, dir, clock, backups, log } = setUp(t)
  backups.start()
  t.equal(backups.status.nextDueMs, START_MS + MINUTE_MS)
  clock.advance(MINUTE_MS - 1)
  t.same(readdirSync(dataDir).includes('backups'), false, 'nothing before the start delay')
  for (let run = 0; run < 5; run++) {
    clock.advance(run === 0 ? 1 : 6 * HOUR_MS)
    await backups.backupNow()
  }
  const expected = [0, 1, 2, 3, 4].map((n) => backupFileName(START_MS + MINUTE_MS + n * 6 * HOUR_MS)).slice(2)
  t.same(readdirSync(dir).sort(), expected, 'three newest, no partial file')
  t.match(backups.status, { written: 5, failed: 0, lastBackup: { name: expected[2] } })
  t.equal(log.lines.filter((line) => line.message === 'hub database backed up').length, 5)
})

t.test('a backup is one self-contained, verified SQLite file holding the data', async (t) => {
  const { dir, database, backups } = setUp(t)
  const people = database.connection.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM persons').get()!.n
  const written = await backups.backupNow()
  t.equal(written.path, join(dir, written.name))
  const copy = new Database(written.path, { readonly: true })
  t.teardown(() => copy.close())
  t.equal(copy.pragma('journal_mode', { simple: true }), 'delete', 'no -wal or -shm needed beside it')
  t.equal(copy.pragma('integrity_check', { simple: true }), 'ok')
  t.equal(copy.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM persons').get()!.n, people)
  t.ok(people > 0)
})

t.test('a restart does not back up again within the interval of the newest backup', async (t) => {
  const { database, dir, clock, backups } = setUp(t)
  await backups.backupNow()
  clock.advance(2 * HOUR_MS)
  const again = new ScheduledBackups(new SqliteBackupFiles(database.connection, { dir, pagesPerStep: 1000 }), clock, new SilentLogger(), settings())
  again.start()
  t.equal(again.status.nextDueMs, START_MS + 6 * HOUR_MS)
  await again.stop()
})

t.test('a failed backup is logged with its code, counted, leaves no file and is retried sooner', async (t) => {
  const { dataDir, clock, backups, log } = setUp(t, { dir: (dataDir) => join(dataDir, 'not-a-folder', 'backups') })
  const blocker = join(dataDir, 'not-a-folder')
  writeFileSync(blocker, 'a file where the backup folder should be')
  backups.start()
  clock.advance(MINUTE_MS)
  await t.rejects(backups.backupNow(), { code: 'ENOTDIR' })
  t.match(backups.status, { written: 0, failed: 1, lastFailure: { code: 'ENOTDIR', atMs: START_MS + MINUTE_MS } })
  t.match(log.lines.find((line) => line.level === 'error'), { message: 'hub database backup failed', object: { code: 'ENOTDIR', failed: 1 } })
  t.equal(backups.status.nextDueMs, START_MS + MINUTE_MS + 15 * MINUTE_MS)
  t.equal(readFileSync(blocker, 'utf8'), 'a file where the backup folder should be')
})

t.test('copies the signing key beside the backups and refreshes it when it changed', async (t) => {
  const { dataDir, dir, backups } = setUp(t, { settings: (dataDir) => ({ companionFile: join(dataDir, 'hub-signing-key.pem') }) })
  const key = join(dataDir, 'hub-signing-key.pem')
  writeFileSync(key, 'first key')
  await backups.backupNow()
  t.equal(readFileSync(join(dir, 'hub-signing-key.pem'), 'utf8'), 'first key')
  writeFileSync(key, 'second key')
  await backups.backupNow()
  t.equal(readFileSync(join(dir, 'hub-signing-key.pem'), 'utf8'), 'second key')
})

t.test('writes go on during a stepwise backup and the copy is consistent', async (t) => {
  const { database, backups } = setUp(t, { pagesPerStep: 1 })
  const connection = database.connection
  connection.exec('CREATE TABLE ballast (n INTEGER PRIMARY KEY, filler BLOB)')
  const insert = connection.prepare('INSERT INTO ballast (filler) VALUES (?)')
  for (let n = 0; n < 200; n++) insert.run(Buffer.alloc(2048, n))
  let isDone = false
  let duringBackup = 0
  const writeWhileBackingUp = () => {
    if (isDone) return
    insert.run(Buffer.alloc(16))
    duringBackup++
    setImmediate(writeWhileBackingUp)
  }
  setImmediate(writeWhileBackingUp)
  const written = await backups.backupNow()
  isDone = true
  t.ok(duringBackup > 10, `${duringBackup} writes committed while the backup ran`)
  const copy = new Database(written.path, { readonly: true })
  t.teardown(() => copy.close())
  t.equal(copy.pragma('integrity_check', { simple: true }), 'ok')
  const copied = copy.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM ballast').get()!.n
  t.ok(copied >= 200 && copied <= 200 + duringBackup, `the copy holds ${copied} rows: everything before, and some of what came during`)
  t.equal(copy.prepare<[], { n: number }>('SELECT MAX(n) AS n FROM ballast').get()!.n, copied, 'with no gap: a point in time, not a mix')
})
