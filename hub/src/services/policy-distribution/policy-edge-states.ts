import type { PolicyEntities } from '../../../../protocol/policy/policy-snapshot.js'
import type { NewPolicyVersionPlan, PreviousPolicyVersion, VersionRef } from '../../domain/policy-distribution/build-policy-version.js'
import type { NewPolicyVersion, PolicyEdgeRecord, StoredPolicyVersion } from './policy-version-store.js'

/** What the distributor keeps in memory per edge. */
export interface PolicyEdgeState {
  readonly edgeId: string
  /** The latest version's entities; null until compiled after a start. */
  entities: PolicyEntities | null
  latest: StoredPolicyVersion | null
  /** The version the latest announcement's delta applied to, if it carried one. */
  deltaBase: VersionRef | null
  /** The edge's last PolicyApplied report. */
  applied: VersionRef | null
  /** The next pass issues a version even if nothing changed. */
  isForced: boolean
}

export class PolicyEdgeStates {
  readonly #states = new Map<string, PolicyEdgeState>()

  /** After a start: the stored latest versions and reports. Entities are compiled again. */
  load(latest: readonly StoredPolicyVersion[], records: readonly PolicyEdgeRecord[]): void {
    this.#states.clear()
    for (const version of latest) this.ensure(version.edgeId).latest = version
    for (const record of records) {
      if (record.appliedVersion !== null && record.appliedSha256 !== null) {
        this.ensure(record.edgeId).applied = { version: record.appliedVersion, sha256: record.appliedSha256 }
      }
    }
  }

  all(): Iterable<PolicyEdgeState> {
    return this.#states.values()
  }

  get(edgeId: string): PolicyEdgeState | undefined {
    return this.#states.get(edgeId)
  }

  ensure(edgeId: string): PolicyEdgeState {
    let state = this.#states.get(edgeId)
    if (state === undefined) {
      state = { edgeId, entities: null, latest: null, deltaBase: null, applied: null, isForced: false }
      this.#states.set(edgeId, state)
    }
    return state
  }

  previousOf(state: PolicyEdgeState): PreviousPolicyVersion | null {
    const { latest } = state
    if (latest === null) return null
    return { version: latest.version, sha256: latest.sha256, entitiesSha256: latest.entitiesSha256, entities: state.entities, deltaBase: state.deltaBase }
  }

  /** The plan's version is now the edge's latest, stored as `record`. */
  issued(state: PolicyEdgeState, plan: NewPolicyVersionPlan, record: NewPolicyVersion): void {
    const previous = state.latest
    state.deltaBase = plan.deltaChanges !== null && previous !== null ? { version: previous.version, sha256: previous.sha256 } : null
    const { bodyGzip: _body, rowCounts: _counts, ...stored } = record
    state.latest = stored
    state.entities = plan.entities
    state.isForced = false
  }

  /** Forgets edges not in `edgeIds` (removed from the model); returns those that had a version. */
  removeAllBut(edgeIds: ReadonlySet<string>): string[] {
    const removed: string[] = []
    for (const [edgeId, state] of this.#states) {
      if (edgeIds.has(edgeId)) continue
      this.#states.delete(edgeId)
      if (state.latest !== null) removed.push(edgeId)
    }
    return removed
  }
}
