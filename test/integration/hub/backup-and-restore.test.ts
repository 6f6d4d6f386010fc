/**
 * Backups and restore as an IT volunteer runs them: the hub serving and being written to while
 * it is backed up (scheduled service and `gatehouse-hub backup`), then `gatehouse-hub restore`
 * into a fresh data folder on "another machine", and the restored hub serving the data with the
 * same signing key. Restore refuses a running hub and a bad file, changing nothing.
 */
import t from 'tap'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { systemClock } from '../../../edge/src/adapters/system-clock.js'
import { createScheduledBackups } from '../../../hub/src/assembly/hub-backups.js'
import { HubRuntime } from '../../../hub/src/assembly/hub-runtime.js'
import { runBackupCommand } from '../../../hub/src/commands/backup-command.js'
import { runRestoreCommand } from '../../../hub/src/commands/restore-command.js'
import type { HubConfig } from '../../../hub/src/config/hub-config.js'
import { loadHubConfig } from '../../../hub/src/config/load-hub-config.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { HubApiClient } from './hub-api-client.js'

const ADMIN = { username: 'office-chen', displayName: '陈主任', password: 'correct horse battery staple' }

function writeHubConfig(root: string, name: string, dataDir: string): { path: string; config: HubConfig } {
  const json = { dataDir, http: { host: '127.0.0.1', port: 0 }, mqtt: { host: '127.0.0.1', port: 0 }, logLevel: 'warn', backup: { dir: join(root, 'backups') } }
  const loaded = loadHubConfig(JSON.stringify(json))
  if (!loaded.ok) throw new Error(loaded.violations.join('\n'))
  const path = join(root, `${name}.json`)
  writeFileSync(path, JSON.stringify(json))
  return { path, config: loaded.value }
}

async function run(command: (output: { out: (line: string) => void; err: (line: string) => void }) => Promise<number>) {
  const out: string[] = []
  const err: string[] = []
  const code = await command({ out: (line) => out.push(line), err: (line) => err.push(line) })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

const restore = (configPath: string, from: string) => run((output) => runRestoreCommand(['--config', configPath, '--from', from], output, systemClock))

async function startHub(config: HubConfig): Promise<{ runtime: HubRuntime; api: HubApiClient }> {
  const runtime = new HubRuntime({ config, clock: systemClock, log: new SilentLogger() })
  const addresses = await runtime.start()
  return { runtime, api: new HubApiClient(addresses.httpUrl) }
}

const gridNames = (body: { items: { name: string }[] }) => body.items.map((grid) => grid.name)

t.test('a backup taken while the hub is written to restores onto a new machine, and that hub serves the data', async (t) => {
  const root = t.testdir()
  const first = writeHubConfig(root, 'hub-a', join(root, 'machine-a'))
  const hubA = await startHub(first.config)
  t.teardown(() => hubA.runtime.stop())
  const setup = hubA.runtime.setup.issueTokenIfNeeded()!
  await new HubApiClient(hubA.api.baseUrl).expect('POST', '/api/setup', { token: setup.token, ...ADMIN })
  await hubA.api.signIn(ADMIN.username, ADMIN.password)
  const grid = await hubA.api.expect('POST', '/api/grids', { name: '第一网格' })
  for (const name of ['1号楼', '2号楼', '3号楼']) await hubA.api.expect('POST', '/api/buildings', { name, gridId: grid.id })

  // One page per step: the API keeps committing grids between the steps of the copy.
  const backups = createScheduledBackups(first.config, hubA.runtime.database.connection, systemClock, new SilentLogger(), 1)
  let isBackingUp = true
  let during = 0
  const writer = (async () => {
    while (isBackingUp) await hubA.api.expect('POST', '/api/grids', { name: `during-${++during}` })
  })()
  const written = await backups.backupNow()
  isBackingUp = false
  await writer
  t.ok(during >= 2, `${during} grids were created while the backup ran`)
  const cli = await run((output) => runBackupCommand(['--config', first.path], output, { clock: systemClock, log: new SilentLogger() }))
  t.equal(cli.code, 0, cli.err)
  t.match(cli.out, /gatehouse-hub backup: .*hub-.*\.db \(\d+ bytes, verified\)/)
  t.ok(existsSync(join(root, 'backups', 'hub-signing-key.pem')), 'the signing key is kept beside the backups')

  const second = writeHubConfig(root, 'hub-b', join(root, 'machine-b'))
  const restored = await restore(second.path, written.path)
  t.equal(restored.code, 0, restored.err)
  t.match(restored.out, /restored from .*\n {2}signing key: restored/)
  const hubB = await startHub(second.config)
  t.teardown(() => hubB.runtime.stop())
  t.equal(hubB.runtime.signingKey.publicKeyBase64, hubA.runtime.signingKey.publicKeyBase64, 'edges keep trusting the restored hub')
  await hubB.api.signIn(ADMIN.username, ADMIN.password)
  const buildings = await hubB.api.expect<{ items: { name: string }[] }>('GET', '/api/buildings')
  t.same(buildings.items.map((building) => building.name).sort(), ['1号楼', '2号楼', '3号楼'])
  const names = gridNames(await hubB.api.expect<{ items: { name: string }[] }>('GET', '/api/grids'))
  const copiedDuring = names.filter((name) => name.startsWith('during-')).map((name) => Number(name.slice('during-'.length))).sort((a, b) => a - b)
  t.same(copiedDuring, copiedDuring.map((_, index) => index + 1), `a point in time: grids during-1…during-${copiedDuring.length} of ${during}, no gap`)
  const audit = await hubB.api.expect<{ entries: { action: string }[] }>('GET', '/api/audit')
  t.equal(audit.entries[0]?.action, 'hub.restored', 'the restore is the newest audit entry')

  const again = await restore(second.path, written.path)
  t.equal(again.code, 1)
  t.match(again.err, /refused: a hub \(pid \d+\) is running on this data folder/)
})

t.test('restore refuses a file that is not a sound backup and keeps the current database aside when it replaces it', async (t) => {
  const root = t.testdir()
  const target = writeHubConfig(root, 'hub', join(root, 'data'))
  const hub = await startHub(target.config)
  const setup = hub.runtime.setup.issueTokenIfNeeded()!
  await hub.api.expect('POST', '/api/setup', { token: setup.token, ...ADMIN })
  const backup = await createScheduledBackups(target.config, hub.runtime.database.connection, systemClock, new SilentLogger()).backupNow()
  await hub.api.signIn(ADMIN.username, ADMIN.password)
  await hub.api.expect('POST', '/api/grids', { name: 'after-the-backup' })
  await hub.runtime.stop()
  const database = join(root, 'data', 'hub.db')
  const before = readFileSync(database)

  const garbage = join(root, 'garbage.db')
  writeFileSync(garbage, Buffer.alloc(8192, 0x5a))
  const truncated = join(root, 'truncated.db')
  writeFileSync(truncated, readFileSync(backup.path).subarray(0, 4096 + 100))
  for (const bad of [garbage, truncated, join(root, 'missing.db')]) {
    const refused = await restore(target.path, bad)
    t.equal(refused.code, 1, `${bad} is refused`)
    t.ok(readFileSync(database).equals(before), 'hub.db is untouched')
  }
  t.same(readdirSync(join(root, 'data')).filter((name) => name.startsWith('.hub.db') || name.includes('before-restore')), [], 'no partial or set-aside file left')

  const replaced = await restore(target.path, backup.path)
  t.equal(replaced.code, 0, replaced.err)
  t.match(replaced.out, /signing key: kept/)
  const setAside = readdirSync(join(root, 'data')).filter((name) => name.startsWith('hub.db.before-restore-'))
  t.equal(setAside.filter((name) => !name.endsWith('-wal') && !name.endsWith('-shm')).length, 1, 'the replaced database is kept')
  const kept = new Database(join(root, 'data', setAside.find((name) => name.endsWith('Z'))!), { readonly: true })
  t.teardown(() => kept.close())
  t.ok(kept.prepare("SELECT 1 FROM grids WHERE name = 'after-the-backup'").get(), 'what came after the backup is still in the kept copy')
  const current = new Database(database, { readonly: true })
  t.teardown(() => current.close())
  t.equal(current.prepare("SELECT 1 FROM grids WHERE name = 'after-the-backup'").get(), undefined, 'the database is the backup')
})
