/**
 * The snapshot worker (worker_threads): applies ONE full policy snapshot on its own connection
 * to the edge database, so that the main thread keeps deciding, polling readers and talking to
 * the hub meanwhile. sha256 or signature, JSON decode, row validation and the one immediate
 * transaction all run here (prepareSnapshotReplacer, as in the main thread). Its only output is
 * the outcome message; every failure, expected or not, comes back as a value with a code.
 */
import Database from 'better-sqlite3'
import { createPublicKey } from 'node:crypto'
import { parentPort, workerData } from 'node:worker_threads'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { policyApplyFailure } from '../../services/policy-store.js'
import { systemClock } from '../system-clock.js'
import { prepareSnapshotReplacer, type SnapshotReplaceOutcome } from './snapshot-replacer.js'
import { SnapshotWorkerRequest } from './snapshot-worker-request.js'

function applyRequested(data: unknown): SnapshotReplaceOutcome {
  const checker = TypeCompiler.Compile(SnapshotWorkerRequest)
  if (!checker.Check(data)) {
    const first = [...checker.Errors(data)][0]
    return policyApplyFailure('APPLY_FAILED', 'WRITE_FAILED', `bad worker request at ${first?.path ?? '/'}: ${first?.message ?? 'invalid'}`)
  }
  const { path, busyTimeoutMs, edgeId, hubPublicKeyDer, body, vouch, receivedAtMs } = data
  let connection: Database.Database | undefined
  try {
    connection = new Database(path, { fileMustExist: true, timeout: busyTimeoutMs })
    // WAL is a property of the file (set by openEdgeDatabase); durability is per connection.
    if (String(connection.pragma('journal_mode', { simple: true })) !== 'wal') {
      return policyApplyFailure('APPLY_FAILED', 'WRITE_FAILED', 'the edge database is not in WAL mode')
    }
    connection.pragma('synchronous = FULL')
    connection.pragma('foreign_keys = ON')
    const hubPublicKey = createPublicKey({ key: Buffer.from(hubPublicKeyDer), format: 'der', type: 'spki' })
    return prepareSnapshotReplacer(connection, systemClock, { edgeId, hubPublicKey }).replace(body, vouch, receivedAtMs)
  } catch (error) {
    const code = (error as { code?: unknown }).code
    return policyApplyFailure('APPLY_FAILED', 'WRITE_FAILED', `the snapshot worker failed (${typeof code === 'string' ? code : 'UNKNOWN'}): ${String(error)}`)
  } finally {
    connection?.close()
  }
}

parentPort?.postMessage(applyRequested(workerData))
