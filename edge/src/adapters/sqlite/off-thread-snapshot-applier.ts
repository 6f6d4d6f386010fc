import type { KeyObject } from 'node:crypto'
import { Worker } from 'node:worker_threads'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { policyApplyFailure } from '../../services/policy-store.js'
import type { SnapshotReplaceOutcome, SnapshotVouch } from './snapshot-replacer.js'
import { SnapshotWorkerReply, type SnapshotWorkerRequest } from './snapshot-worker-request.js'

export interface OffThreadSnapshotApplierOptions {
  /** The edge database file (not ':memory:'). */
  readonly path: string
  readonly edgeId: string
  readonly hubPublicKey: KeyObject
  /** How long the worker waits for the write lock; the main thread's writers hold back meanwhile. */
  readonly busyTimeoutMs: number
}

const replyChecker = TypeCompiler.Compile(SnapshotWorkerReply)

/** Run from the TypeScript sources (tests, benchmarks) the worker is the .ts file; built, the .js one. */
const WORKER_URL = new URL(`./snapshot-worker-main.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url)

/**
 * Applies full policy snapshots in a worker thread (snapshot-worker-main.ts), one worker per
 * snapshot: snapshots are rare, and a fresh worker holds nothing between them. The answer is
 * always a value — the worker's outcome, or a WRITE_FAILED failure when the worker crashed,
 * answered nonsense or was stopped — and the transaction is rolled back in each of those cases.
 */
export class OffThreadSnapshotApplier {
  readonly #options: OffThreadSnapshotApplierOptions
  readonly #running = new Set<Worker>()

  constructor(options: OffThreadSnapshotApplierOptions) {
    this.#options = options
  }

  apply(body: Uint8Array, vouch: SnapshotVouch, receivedAtMs: number): Promise<SnapshotReplaceOutcome> {
    const { path, edgeId, hubPublicKey, busyTimeoutMs } = this.#options
    const hubPublicKeyDer = new Uint8Array(hubPublicKey.export({ format: 'der', type: 'spki' }))
    // Cloning 80 MB into workerData stalls this thread for hundreds of milliseconds; one plain
    // copy into a buffer of our own, then handing that buffer over (transfer), costs a fraction.
    const owned = new Uint8Array(body.byteLength)
    owned.set(body)
    const request: SnapshotWorkerRequest = { path, busyTimeoutMs, edgeId, hubPublicKeyDer, body: owned, vouch, receivedAtMs }
    return new Promise((resolve) => {
      let isSettled = false
      const settle = (outcome: SnapshotReplaceOutcome) => {
        if (isSettled) return
        isSettled = true
        this.#running.delete(worker)
        resolve(outcome)
      }
      const worker = new Worker(WORKER_URL, { workerData: request, transferList: [owned.buffer] })
      this.#running.add(worker)
      worker.once('message', (message: unknown) => {
        settle(replyChecker.Check(message) ? (message as SnapshotReplaceOutcome) : failed('the snapshot worker answered something that is not an outcome'))
      })
      worker.once('error', (error) => settle(failed(`the snapshot worker crashed: ${String(error)}`)))
      worker.once('exit', (exitCode) => settle(failed(`the snapshot worker exited with code ${exitCode} before answering`)))
    })
  }

  /** Ends any apply in progress; its transaction rolls back and its promise answers WRITE_FAILED. */
  async stop(): Promise<void> {
    await Promise.all([...this.#running].map((worker) => worker.terminate()))
  }
}

function failed(detail: string): SnapshotReplaceOutcome {
  return policyApplyFailure('APPLY_FAILED', 'WRITE_FAILED', detail)
}
