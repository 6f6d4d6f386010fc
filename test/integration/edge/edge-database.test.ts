import t from 'tap'
import Database from 'better-sqlite3'
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { EdgeDatabaseError, type EdgeDatabaseErrorCode } from '../../../edge/src/adapters/sqlite/edge-database-error.js'
import { EDGE_MIGRATIONS } from '../../../edge/src/adapters/sqlite/edge-migrations.js'
import { openEdgeDatabase } from '../../../edge/src/adapters/sqlite/open-edge-database.js'
import type { Migration } from '../../../edge/src/adapters/sqlite/run-migrations.js'

function openingFails(open: () => unknown, code: EdgeDatabaseErrorCode): boolean {
  try {
    open()
  } catch (error) {
    return error instanceof EdgeDatabaseError && error.code === code
  }
  return false
}

function tableNames(path: string): string[] {
  const connection = new Database(path)
  const names = connection.prepare<[], string>(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).pluck().all()
  connection.close()
  return names
}

/** A closed database file with one table over several pages; returns its page size. */
function fillerDatabase(path: string): number {
  const connection = new Database(path)
  connection.pragma('journal_mode = WAL')
  connection.exec('CREATE TABLE filler (x TEXT)')
  const insert = connection.prepare<[string], void>('INSERT INTO filler (x) VALUES (?)')
  connection.transaction(() => {
    for (let row = 0; row < 2_000; row++) insert.run(`row ${row} `.repeat(8))
  })()
  const pageSize = Number(connection.pragma('page_size', { simple: true }))
  connection.close()
  return pageSize
}

function overwrite(path: string, offset: number, bytes: Buffer): void {
  const file = openSync(path, 'r+')
  writeSync(file, bytes, 0, bytes.length, offset)
  closeSync(file)
}

function openError(path: string): unknown {
  try {
    openEdgeDatabase({ path, migrations: [] }).close()
  } catch (error) {
    return error
  }
  return undefined
}

t.test('opens a new file with WAL, synchronous=FULL, foreign keys, a busy timeout and the latest schema', async (t) => {
  const path = join(t.testdir(), 'edge.db')
  const database = openEdgeDatabase({ path, busyTimeoutMs: 2_500 })
  const pragma = (name: string) => database.connection.pragma(name, { simple: true })
  t.equal(pragma('journal_mode'), 'wal')
  t.equal(pragma('synchronous'), 2, 'FULL, not the WAL default NORMAL')
  t.equal(pragma('foreign_keys'), 1)
  t.equal(pragma('busy_timeout'), 2_500)
  t.equal(pragma('user_version'), EDGE_MIGRATIONS.length)
  t.equal(database.schemaVersion, EDGE_MIGRATIONS.length)
  t.ok(database.usedBytes() > 0)
  database.close()
  database.close()
  t.equal(database.connection.open, false, 'close is idempotent')
  const tables = tableNames(path)
  for (const table of ['journal_entries', 'replay_entries', 'sqlite_sequence', 'anti_passback_state']) t.ok(tables.includes(table), table)
  t.ok(tables.some((table) => table.startsWith('policy_')), 'the policy cache lives in the same file')
})

t.test('runs each migration once, in order, and only the new ones after an upgrade', async (t) => {
  const path = join(t.testdir(), 'edge.db')
  const ran: number[] = []
  const step = (version: number): Migration => ({
    version,
    description: `table t${version}`,
    up: (connection) => {
      ran.push(version)
      connection.exec(`CREATE TABLE t${version} (x INTEGER)`)
    },
  })
  openEdgeDatabase({ path, migrations: [step(1), step(2)] }).close()
  openEdgeDatabase({ path, migrations: [step(1), step(2)] }).close()
  const upgraded = openEdgeDatabase({ path, migrations: [step(1), step(2), step(3)] })
  t.equal(upgraded.schemaVersion, 3)
  upgraded.close()
  t.same(ran, [1, 2, 3])
})

t.test('rolls a failing migration back whole and leaves user_version where it was', async (t) => {
  const path = join(t.testdir(), 'edge.db')
  const failing: Migration = {
    version: 2,
    description: 'half a step',
    up: (connection) => {
      connection.exec('CREATE TABLE half (x INTEGER)')
      throw new Error('boom')
    },
  }
  t.ok(openingFails(() => openEdgeDatabase({ path, migrations: [EDGE_MIGRATIONS[0]!, failing] }), 'DATABASE_MIGRATION_FAILED'))
  const database = openEdgeDatabase({ path, migrations: [EDGE_MIGRATIONS[0]!] })
  t.equal(database.connection.pragma('user_version', { simple: true }), 1)
  database.close()
  t.notOk(tableNames(path).includes('half'))
})

t.test('refuses a file written by a newer release', async (t) => {
  const path = join(t.testdir(), 'edge.db')
  openEdgeDatabase({ path }).close()
  t.ok(openingFails(() => openEdgeDatabase({ path, migrations: EDGE_MIGRATIONS.slice(0, 1) }), 'DATABASE_TOO_NEW'))
})

t.test('refuses a migration list that is not numbered 1, 2, 3', async (t) => {
  const path = join(t.testdir(), 'edge.db')
  const skipping = [EDGE_MIGRATIONS[0]!, { ...EDGE_MIGRATIONS[1]!, version: 3 }]
  t.ok(openingFails(() => openEdgeDatabase({ path, migrations: skipping }), 'DATABASE_MIGRATIONS_INVALID'))
})

t.test('reports a file that is not a database as DATABASE_CORRUPT', async (t) => {
  const path = join(t.testdir(), 'edge.db')
  writeFileSync(path, Buffer.alloc(8192, 0x41))
  t.ok(openingFails(() => openEdgeDatabase({ path }), 'DATABASE_CORRUPT'))
})

t.test('reports damage that quick_check lists as DATABASE_CORRUPT, quoting what it found', async (t) => {
  const path = join(t.testdir(), 'edge.db')
  const pageSize = fillerDatabase(path)
  // Zeroes the cell pointers of a table page: the b-tree no longer adds up.
  overwrite(path, pageSize * 3 + 8, Buffer.alloc(16))
  const error = openError(path)
  t.ok(error instanceof EdgeDatabaseError && error.code === 'DATABASE_CORRUPT', String(error))
  t.match(String(error), /quick_check: .*out of range/s)
})

t.test('reports a page header too damaged to read as DATABASE_CORRUPT', async (t) => {
  const path = join(t.testdir(), 'edge.db')
  const pageSize = fillerDatabase(path)
  overwrite(path, pageSize * 3 + 2, Buffer.alloc(2, 0xff))
  const error = openError(path)
  t.ok(error instanceof EdgeDatabaseError && error.code === 'DATABASE_CORRUPT', String(error))
})

t.test('reports a directory that does not exist as DATABASE_OPEN_FAILED', async (t) => {
  const path = join(t.testdir(), 'missing', 'edge.db')
  t.ok(openingFails(() => openEdgeDatabase({ path }), 'DATABASE_OPEN_FAILED'))
})

t.test('counts pages on the free list as reusable, not used', async (t) => {
  const database = openEdgeDatabase({ path: join(t.testdir(), 'edge.db'), migrations: [] })
  t.teardown(() => database.close())
  const empty = database.usedBytes()
  database.connection.exec(`
    CREATE TABLE filler (x TEXT);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
    INSERT INTO filler (x) SELECT hex(randomblob(500)) FROM n;
  `)
  const full = database.usedBytes()
  t.ok(full > empty + 500_000, `${full} bytes after 1 MB of rows`)
  database.connection.exec('DELETE FROM filler')
  t.ok(database.usedBytes() < full / 10, 'freed pages are not counted')
})
