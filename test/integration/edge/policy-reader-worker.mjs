/**
 * Reads the policy cache on its own connection while the test thread applies a snapshot on
 * another: each read is one read transaction (meta version, one credential's status, the number
 * of people). After each read it probes whether a write transaction is open (BEGIN IMMEDIATE
 * fails with SQLITE_BUSY, no waiting): if one still is, it had not committed when the read ran.
 * Stops when the shared flag is set and it has seen the new version; posts every read.
 */
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

const { path, lookupKey, flag, newVersion } = workerData
const database = new Database(path, { fileMustExist: true, timeout: 0 })
const begin = database.prepare('BEGIN')
const beginWrite = database.prepare('BEGIN IMMEDIATE')
const rollback = database.prepare('ROLLBACK')
const commit = database.prepare('COMMIT')
const version = database.prepare('SELECT version FROM policy_meta').pluck()
const status = database.prepare('SELECT status FROM policy_credential WHERE lookup_key = ?').pluck()
const people = database.prepare('SELECT COUNT(*) FROM policy_person').pluck()
const reads = []
let hasSeenNew = false
while (!(Atomics.load(flag, 0) === 1 && hasSeenNew)) {
  begin.run()
  const read = { version: version.get(), status: status.get(lookupKey), people: people.get() }
  commit.run()
  let isWriterActive = false
  try {
    beginWrite.run()
    rollback.run()
  } catch (error) {
    if (error.code !== 'SQLITE_BUSY') throw error
    isWriterActive = true
  }
  reads.push({ ...read, isWriterActive })
  hasSeenNew ||= read.version === newVersion
  if (reads.length === 20) parentPort.postMessage({ kind: 'ready' })
}
database.close()
parentPort.postMessage({ kind: 'reads', reads })
