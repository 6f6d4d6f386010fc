import type { PolicyAnnouncement } from '../../../protocol/mqtt/messages/policy-announcement.js'
import type { Logger } from '../ports/logger.js'
import type { SnapshotFetcher } from '../ports/snapshot-fetcher.js'
import type { PolicyStore } from './policy-store.js'
import type { AppliedPolicy, PolicyUpdateOutcome, PolicyUpdater } from './policy-updater.js'

/**
 * The PolicyUpdater over the policy store (docs/mqtt-contract.md "Policy updates", step 3): the
 * announcement's delta when it applies to exactly the version in force, otherwise (no delta,
 * another base, or a delta the store refused) the full snapshot, fetched and checked against the
 * announced sha256. The PolicyListener has verified the hub's signature and calls this one
 * announcement at a time.
 */
export class PolicyStoreUpdater implements PolicyUpdater {
  readonly #store: PolicyStore
  readonly #fetcher: SnapshotFetcher
  readonly #log: Logger

  constructor(store: PolicyStore, fetcher: SnapshotFetcher, log: Logger) {
    this.#store = store
    this.#fetcher = fetcher
    this.#log = log
  }

  inForce(): AppliedPolicy | null {
    return this.#store.inForce()
  }

  async apply(announcement: PolicyAnnouncement): Promise<PolicyUpdateOutcome> {
    const { version, delta } = announcement
    if (!this.#isNewer(version)) return { status: 'current' }
    if (delta !== undefined && delta.baseVersion === (this.#store.inForce()?.version ?? 0)) {
      const result = this.#store.applyDelta(announcement)
      if (result.ok) return { status: 'applied', policy: result.policy }
      this.#log.warn({ version, refusal: result.refusal, detail: result.detail }, 'policy delta refused; fetching the full snapshot')
    }
    const body = await this.#fetcher.fetch(version, announcement.sha256)
    if (!Buffer.isBuffer(body)) return { status: 'failed', code: body.code, detail: body.detail }
    // Nothing else applies policy while this one is fetched (the listener serialises), but the
    // check costs nothing and keeps an older snapshot from ever replacing a newer one.
    if (!this.#isNewer(version)) return { status: 'current' }
    const result = await this.#store.applySnapshot(body, announcement.sha256, version)
    if (!result.ok) return { status: 'failed', code: result.code, detail: `${result.refusal}: ${result.detail}` }
    this.#log.info({ version, rowsWritten: result.rowsWritten, timingsMs: result.timingsMs }, 'policy snapshot applied')
    return { status: 'applied', policy: result.policy }
  }

  #isNewer(version: number): boolean {
    const inForce = this.#store.inForce()
    return inForce === null || version > inForce.version
  }
}
