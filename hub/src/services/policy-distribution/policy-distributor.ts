import type { KeyObject } from 'node:crypto'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { promisify } from 'node:util'
import { constants as zlibConstants, gzip } from 'node:zlib'
import type { PolicyApplied } from '../../../../protocol/mqtt/messages/policy-applied.js'
import type { PolicyEntities } from '../../../../protocol/policy/policy-snapshot.js'
import { compileEdgePolicy, policyRowCounts } from '../../domain/policy-compiler/compile-edge-policy.js'
import { DEFAULT_CREDENTIAL_RETENTION_MS, indexPolicyModel } from '../../domain/policy-compiler/policy-model-index.js'
import { buildPolicyVersion, type NewPolicyVersionPlan } from '../../domain/policy-distribution/build-policy-version.js'
import { SignedSnapshotEncoder } from '../../domain/policy-distribution/signed-snapshot-encoder.js'
import type { Clock, TimerHandle } from '../../ports/clock.js'
import type { EdgeMessageOutcome } from '../../ports/edge-message-sink.js'
import type { EdgePolicySource } from '../../ports/edge-policy-source.js'
import type { HubMessageBus } from '../../ports/hub-message-bus.js'
import type { Logger } from '../../ports/logger.js'
import type { PolicyChangeListener } from '../../ports/policy-change-listener.js'
import { appliedReportOf } from './applied-report-of.js'
import { PolicyAnnouncements } from './policy-announcements.js'
import { policyEdgeStatus, type PolicyEdgeStatus } from './policy-edge-status.js'
import { PolicyEdgeStates, type PolicyEdgeState } from './policy-edge-states.js'
import type { PolicyModelSource } from './policy-model-source.js'
import type { AppliedReport, NewPolicyVersion, PolicyVersionStore } from './policy-version-store.js'

const gzipAsync = promisify(gzip)

export interface PolicyDistributorDeps {
  readonly models: PolicyModelSource
  readonly versions: PolicyVersionStore
  readonly bus: HubMessageBus
  /** The hub's Ed25519 key (loadHubSigningKey). */
  readonly signingKey: { readonly privateKey: KeyObject }
  readonly clock: Clock
  readonly log: Logger
}

export interface PolicyDistributorOptions {
  readonly baseTopic: string
  /** Changes arriving within this long of the first are compiled together (default 50 ms). */
  readonly debounceMs?: number
  /** Every edge is compiled again at least this often, whatever else happens (default 15 min). */
  readonly safetyRecompileMs?: number
  /** A failed store or publish is tried again after this long (default 5 s). */
  readonly retryMs?: number
  /** Snapshot bodies kept per edge, newest first (default 3); older versions answer "gone". */
  readonly keepBodies?: number
  /** Revoked and expired credentials stay in policies this long (default 30 days), so gates say why. */
  readonly credentialRetentionMs?: number
  /** The same for visitor passes (default one day); at most `credentialRetentionMs`. */
  readonly visitorPassRetentionMs?: number
  readonly maxDeltaChanges?: number
  /** gzip level of stored bodies (default 1: a 75 MB body in a fraction of a second, ~10:1). */
  readonly gzipLevel?: number
  /** Applied reports are stored together this long after the first (default 1 s). */
  readonly reportFlushMs?: number
}

export interface PolicyDistributorStats {
  readonly passes: number
  readonly versions: number
  readonly deltas: number
  readonly failedCompiles: number
  readonly droppedRows: number
  readonly lastPassMs: number | null
}

/**
 * Turns the community model into each edge's policy, versioned, signed, stored and announced
 * (issue 4 §4; ARCHITECTURE.md §3 "Permission change"):
 *
 * - `modelChanged` (PolicyChangeListener) starts a recompile of every edge `debounceMs` after the
 *   first change of a burst; changes during a recompile cause one more right after it.
 * - Each pass reads the model once, compiles every edge, skips edges whose policy did not change,
 *   and for the others builds the next version (build-policy-version.ts), stores it (gzip body,
 *   older bodies pruned) and publishes its signed announcement, retained, with a delta when the
 *   edge can apply one.
 * - Time-driven: a pass also runs when a compiled row's inclusion changes by the clock (an order
 *   ends, a rule starts, a revoked card's retention is over: `nextChangeAtMs`), and every
 *   `safetyRecompileMs` in any case.
 * - `recordApplied` takes the edges' PolicyApplied reports (from the ingest dispatcher), which
 *   decide whether a delta can be used and give the lag per edge (`status`).
 * - `currentEntities` (EdgePolicySource) is each edge's newest policy, for remote-open checks.
 */
export class PolicyDistributor implements PolicyChangeListener, EdgePolicySource {
  readonly #deps: PolicyDistributorDeps
  readonly #options: PolicyDistributorOptions
  readonly #encoder = new SignedSnapshotEncoder()
  readonly #states = new PolicyEdgeStates()
  readonly #announcements: PolicyAnnouncements
  #isStarted = false
  #running: Promise<void> | null = null
  #isDirty = false
  #debounceTimer: TimerHandle | null = null
  #timeTimer: TimerHandle | null = null
  #retryTimer: TimerHandle | null = null
  #reportTimer: TimerHandle | null = null
  readonly #pendingReports = new Map<string, AppliedReport>()
  #stats: PolicyDistributorStats = { passes: 0, versions: 0, deltas: 0, failedCompiles: 0, droppedRows: 0, lastPassMs: null }

  constructor(deps: PolicyDistributorDeps, options: PolicyDistributorOptions) {
    this.#deps = deps
    this.#options = options
    this.#announcements = new PolicyAnnouncements(deps.bus, options.baseTopic, deps.log)
  }

  get stats(): PolicyDistributorStats {
    return this.#stats
  }

  /** Loads what is stored, publishes every edge's latest announcement again (retained), and compiles every edge once. */
  async start(): Promise<void> {
    if (this.#isStarted) return
    this.#isStarted = true
    this.#states.load(this.#deps.versions.latestVersions(), this.#deps.versions.edgeRecords())
    for (const state of this.#states.all()) {
      if (state.latest !== null) this.#announcements.queue(state.edgeId, Buffer.from(state.latest.announcement, 'utf8'))
    }
    await this.#publishPending()
    await this.recompileNow('start')
  }

  async stop(): Promise<void> {
    this.#isStarted = false
    for (const timer of [this.#debounceTimer, this.#timeTimer, this.#retryTimer, this.#reportTimer]) if (timer !== null) this.#deps.clock.clearTimeout(timer)
    this.#debounceTimer = this.#timeTimer = this.#retryTimer = this.#reportTimer = null
    await this.whenIdle()
    this.#flushReports()
  }

  modelChanged(why: string): void {
    this.#deps.log.debug({ why }, 'model changed')
    if (!this.#isStarted || this.#debounceTimer !== null) return
    this.#debounceTimer = this.#deps.clock.setTimeout(() => {
      this.#debounceTimer = null
      this.#requestPass(why)
    }, this.#options.debounceMs ?? 50)
  }

  currentEntities(edgeId: string): PolicyEntities | null {
    return this.#states.get(edgeId)?.entities ?? null
  }

  /** Compiles every edge now (after any pass under way) and resolves when done. */
  async recompileNow(why: string): Promise<void> {
    this.#requestPass(why)
    await this.whenIdle()
  }

  /** Resolves once no pass is running. */
  async whenIdle(): Promise<void> {
    while (this.#running !== null) await this.#running
  }

  /**
   * Records an edge's PolicyApplied report (the ingest dispatcher calls this with the parsed
   * message). An edge holding a version newer than the hub's latest, or the latest number with
   * other content (the hub's database was restored from a backup), gets a new version above it.
   */
  recordApplied(edgeId: string, message: PolicyApplied): EdgeMessageOutcome {
    const report = appliedReportOf(edgeId, message, this.#deps.clock.now())
    if ('status' in report) return report
    if (!this.#deps.versions.hasEdge(edgeId)) return { status: 'rejected', code: 'UNKNOWN_EDGE', reason: 'no such edge' }
    this.#pendingReports.set(edgeId, report)
    this.#armReportFlush()
    const state = this.#states.ensure(edgeId)
    state.applied = { version: message.version, sha256: message.sha256 }
    const latest = state.latest
    if (latest !== null && (message.version > latest.version || (message.version === latest.version && message.sha256 !== latest.sha256))) {
      this.#deps.log.warn({ edgeId, reported: message.version, latest: latest.version }, 'edge holds a policy this hub did not issue; issuing a newer one')
      state.isForced = true
      this.modelChanged('edge ahead of the hub')
    }
    if (message.lastFailure !== undefined) this.#deps.log.warn({ edgeId, failure: message.lastFailure }, 'edge failed to apply a policy version')
    return { status: 'stored' }
  }

  /** Every edge with a policy: latest version, applied version, lag. */
  status(): PolicyEdgeStatus[] {
    this.#flushReports()
    const records = new Map(this.#deps.versions.edgeRecords().map((record) => [record.edgeId, record]))
    const latest = new Map(this.#deps.versions.latestVersions().map((version) => [version.edgeId, version]))
    const edgeIds = [...new Set([...records.keys(), ...latest.keys()])].sort()
    const nowMs = this.#deps.clock.now()
    return edgeIds.map((edgeId) => policyEdgeStatus(edgeId, records.get(edgeId), latest.get(edgeId), nowMs))
  }

  #requestPass(why: string): void {
    if (!this.#isStarted) return
    if (this.#running !== null) {
      this.#isDirty = true
      return
    }
    this.#running = this.#runPasses(why).finally(() => {
      this.#running = null
    })
  }

  async #runPasses(why: string): Promise<void> {
    let reason = why
    do {
      this.#isDirty = false
      try {
        await this.#pass(reason)
      } catch (error) {
        this.#deps.log.error({ err: String(error), why: reason }, 'policy recompile failed; trying again shortly')
        this.#armRetry()
      }
      reason = 'changed during the previous pass'
    } while (this.#isDirty && this.#isStarted)
  }

  async #pass(why: string): Promise<void> {
    const { clock, log } = this.#deps
    const startedMs = clock.now()
    const retentionMs = this.#options.credentialRetentionMs ?? DEFAULT_CREDENTIAL_RETENTION_MS
    const model = this.#deps.models.read(startedMs, retentionMs)
    const index = indexPolicyModel(model, startedMs, {
      credentialRetentionMs: retentionMs,
      ...(this.#options.visitorPassRetentionMs !== undefined && { visitorPassRetentionMs: this.#options.visitorPassRetentionMs }),
    })
    const plans: { readonly state: PolicyEdgeState; readonly plan: NewPolicyVersionPlan }[] = []
    let nextChangeAtMs: number | null = null
    for (const edgeId of model.edgeIds) {
      const compiled = compileEdgePolicy(index, edgeId)
      if (!compiled.ok) {
        this.#stats = { ...this.#stats, failedCompiles: this.#stats.failedCompiles + 1 }
        log.warn({ edgeId, code: compiled.code }, `no policy for the edge: ${compiled.message}`)
        continue
      }
      if (compiled.nextChangeAtMs !== null) nextChangeAtMs = Math.min(nextChangeAtMs ?? Infinity, compiled.nextChangeAtMs)
      const state = this.#states.ensure(edgeId)
      const plan = buildPolicyVersion({
        edgeId,
        compiled: compiled.entities,
        nowMs: startedMs,
        previous: this.#states.previousOf(state),
        applied: state.applied,
        isForced: state.isForced,
        privateKey: this.#deps.signingKey.privateKey,
        encoder: this.#encoder,
        ...(this.#options.maxDeltaChanges !== undefined && { maxDeltaChanges: this.#options.maxDeltaChanges }),
      })
      if (plan.kind === 'unchanged') state.entities = plan.entities
      else if (plan.kind === 'failed') log.error({ edgeId, dropped: plan.dropped.slice(0, 5) }, 'policy not issued: invalid rows that keep doors shut')
      else plans.push({ state, plan })
      if (plan.kind !== 'unchanged' && plan.dropped.length > 0) {
        this.#stats = { ...this.#stats, droppedRows: this.#stats.droppedRows + plan.dropped.length }
        log.error({ edgeId, dropped: plan.dropped.slice(0, 5), count: plan.dropped.length }, 'invalid policy rows left out')
      }
      await yieldToEventLoop()
    }
    this.#forgetRemovedEdges(model.edgeIds)
    if (plans.length > 0) await this.#issue(plans)
    this.#stats = { ...this.#stats, passes: this.#stats.passes + 1, lastPassMs: clock.now() - startedMs }
    log.debug({ why, edges: model.edgeIds.length, versions: plans.length, ms: this.#stats.lastPassMs }, 'policies compiled')
    this.#armTimeTimer(nextChangeAtMs)
  }

  async #issue(plans: readonly { readonly state: PolicyEdgeState; readonly plan: NewPolicyVersionPlan }[]): Promise<void> {
    const level = this.#options.gzipLevel ?? zlibConstants.Z_BEST_SPEED
    const bodies = await Promise.all(plans.map(({ plan }) => gzipAsync(plan.encoded.body, { level })))
    const records: NewPolicyVersion[] = plans.map(({ state, plan }, at) => ({
      edgeId: state.edgeId,
      version: plan.version,
      issuedAtMs: plan.issuedAtMs,
      sha256: plan.encoded.sha256,
      entitiesSha256: plan.encoded.entitiesSha256,
      bodyBytes: plan.encoded.body.byteLength,
      bodyGzip: bodies[at]!,
      announcement: plan.payload.toString('utf8'),
      deltaChanges: plan.deltaChanges,
      rowCounts: policyRowCounts(plan.entities),
    }))
    this.#deps.versions.addVersions(records, this.#options.keepBodies ?? 3)
    for (const { state, plan } of plans) {
      this.#states.issued(state, plan, records.find((record) => record.edgeId === state.edgeId)!)
      this.#announcements.queue(state.edgeId, plan.payload)
      this.#deps.log.info(
        { edgeId: state.edgeId, version: plan.version, changes: plan.changeCount, deltaChanges: plan.deltaChanges, bytes: plan.encoded.body.byteLength },
        'policy version issued',
      )
    }
    this.#stats = {
      ...this.#stats,
      versions: this.#stats.versions + plans.length,
      deltas: this.#stats.deltas + plans.filter(({ plan }) => plan.deltaChanges !== null).length,
    }
    await this.#publishPending()
  }

  async #publishPending(): Promise<void> {
    if (!(await this.#announcements.publishPending())) this.#armRetry()
  }

  /** Edges no longer in the model: forgotten, their retained announcement cleared. */
  #forgetRemovedEdges(edgeIds: readonly string[]): void {
    for (const edgeId of this.#states.removeAllBut(new Set(edgeIds))) {
      this.#announcements.clear(edgeId)
      this.#encoder.forget(edgeId)
    }
  }

  /**
   * Reports are status, not records: they are written in one transaction a moment later rather
   * than one commit (and fsync) each as 50 edges answer a new version at once. A report lost to
   * a power cut comes again: the edge publishes it retained and on every connect.
   */
  #armReportFlush(): void {
    if (!this.#isStarted) return this.#flushReports()
    if (this.#reportTimer !== null) return
    this.#reportTimer = this.#deps.clock.setTimeout(() => {
      this.#reportTimer = null
      this.#flushReports()
    }, this.#options.reportFlushMs ?? 1_000)
  }

  #flushReports(): void {
    if (this.#pendingReports.size === 0) return
    const reports = [...this.#pendingReports.values()]
    try {
      this.#deps.versions.recordApplied(reports)
      for (const report of reports) if (this.#pendingReports.get(report.edgeId) === report) this.#pendingReports.delete(report.edgeId)
    } catch (error) {
      this.#deps.log.error({ err: String(error), reports: reports.length }, 'policy applied reports not stored; trying again')
      if (this.#isStarted && this.#reportTimer === null) this.#armReportFlush()
    }
  }

  #armTimeTimer(nextChangeAtMs: number | null): void {
    const { clock } = this.#deps
    if (this.#timeTimer !== null) clock.clearTimeout(this.#timeTimer)
    if (!this.#isStarted) return
    const safetyMs = this.#options.safetyRecompileMs ?? 15 * 60_000
    const delayMs = Math.max(0, Math.min(safetyMs, (nextChangeAtMs ?? Infinity) - clock.now()))
    this.#timeTimer = clock.setTimeout(() => {
      this.#timeTimer = null
      this.#requestPass(delayMs === safetyMs ? 'periodic' : 'time-driven change')
    }, delayMs)
  }

  #armRetry(): void {
    if (this.#retryTimer !== null || !this.#isStarted) return
    this.#retryTimer = this.#deps.clock.setTimeout(() => {
      this.#retryTimer = null
      this.#publishPending().catch((error: unknown) => this.#deps.log.error({ err: String(error) }, 'announcements not published'))
      this.#requestPass('retry')
    }, this.#options.retryMs ?? 5_000)
  }
}
