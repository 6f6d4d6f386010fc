import type BetterSqlite3 from 'better-sqlite3'
import { POLICY_FAILURE_CODES, type PolicyFailureCode } from '../../../../protocol/mqtt/messages/policy-applied.js'
import type {
  AppliedReport,
  NewPolicyVersion,
  PolicyEdgeRecord,
  PolicyVersionStore,
  StoredPolicyVersion,
  StoredSnapshotBody,
} from '../../services/policy-distribution/policy-version-store.js'

/** Version rows (without bodies) older than this many versions of an edge are deleted outright. */
const KEPT_VERSION_ROWS = 1_000

const VERSION_COLUMNS = `edge_id AS edgeId, version, issued_at_ms AS issuedAtMs, sha256, entities_sha256 AS entitiesSha256,
  body_bytes AS bodyBytes, announcement, delta_changes AS deltaChanges`

interface EdgeRow {
  edgeId: string
  latestVersion: number
  appliedVersion: number | null
  appliedSha256: string | null
  appliedSource: 'delta' | 'snapshot' | null
  appliedAtMs: number | null
  reportedAtMs: number | null
  behindSinceMs: number | null
  lastFailureVersion: number | null
  lastFailureCode: string | null
  lastFailureAtMs: number | null
}

function prepare(connection: BetterSqlite3.Database) {
  return {
    latest: connection.prepare<[], StoredPolicyVersion>(
      `SELECT ${VERSION_COLUMNS} FROM policy_versions v
       WHERE version = (SELECT latest_version FROM policy_edges e WHERE e.edge_id = v.edge_id) ORDER BY edge_id`,
    ),
    edges: connection.prepare<[], EdgeRow>(
      `SELECT edge_id AS edgeId, latest_version AS latestVersion, applied_version AS appliedVersion, applied_sha256 AS appliedSha256,
         applied_source AS appliedSource, applied_at_ms AS appliedAtMs, reported_at_ms AS reportedAtMs, behind_since_ms AS behindSinceMs,
         last_failure_version AS lastFailureVersion, last_failure_code AS lastFailureCode, last_failure_at_ms AS lastFailureAtMs
       FROM policy_edges ORDER BY edge_id`,
    ),
    insertVersion: connection.prepare(
      `INSERT INTO policy_versions (edge_id, version, issued_at_ms, sha256, entities_sha256, body_bytes, body_gzip, announcement, delta_changes, row_counts)
       VALUES (@edgeId, @version, @issuedAtMs, @sha256, @entitiesSha256, @bodyBytes, @bodyGzip, @announcement, @deltaChanges, @rowCounts)`,
    ),
    // A new version leaves a current edge behind from its issue on; one already behind stays behind since then.
    upsertLatest: connection.prepare<[string, number, number], void>(
      `INSERT INTO policy_edges (edge_id, latest_version, behind_since_ms) VALUES (?, ?, ?)
       ON CONFLICT (edge_id) DO UPDATE SET latest_version = excluded.latest_version,
         behind_since_ms = CASE WHEN applied_version IS NOT NULL AND applied_version >= excluded.latest_version THEN NULL
                                ELSE COALESCE(behind_since_ms, excluded.behind_since_ms) END`,
    ),
    pruneBodies: connection.prepare<[string, number], void>(
      `UPDATE policy_versions SET body_gzip = NULL WHERE edge_id = ? AND version <= ? AND body_gzip IS NOT NULL`,
    ),
    pruneRows: connection.prepare<[string, number], void>(`DELETE FROM policy_versions WHERE edge_id = ? AND version <= ?`),
    edgeExists: connection.prepare<[string], { one: number }>(`SELECT 1 AS one FROM edges WHERE id = ?`),
    firstIssuedAfter: connection.prepare<[string, number], { issuedAtMs: number | null }>(
      `SELECT MIN(issued_at_ms) AS issuedAtMs FROM policy_versions WHERE edge_id = ? AND version > ?`,
    ),
    recordApplied: connection.prepare(
      `INSERT INTO policy_edges (edge_id, latest_version, applied_version, applied_sha256, applied_source, applied_at_ms, reported_at_ms,
         behind_since_ms, last_failure_version, last_failure_code, last_failure_at_ms)
       VALUES (@edgeId, 0, @version, @sha256, @source, @appliedAtMs, @reportedAtMs, @behindSinceMs, @failureVersion, @failureCode, @failureAtMs)
       ON CONFLICT (edge_id) DO UPDATE SET applied_version = excluded.applied_version, applied_sha256 = excluded.applied_sha256,
         applied_source = excluded.applied_source, applied_at_ms = excluded.applied_at_ms, reported_at_ms = excluded.reported_at_ms,
         behind_since_ms = CASE WHEN excluded.applied_version >= latest_version THEN NULL
                                ELSE COALESCE(excluded.behind_since_ms, behind_since_ms) END,
         last_failure_version = excluded.last_failure_version, last_failure_code = excluded.last_failure_code,
         last_failure_at_ms = excluded.last_failure_at_ms`,
    ),
    body: connection.prepare<[string, number], { version: number; sha256: string; bodyBytes: number; bodyGzip: Buffer | null }>(
      `SELECT version, sha256, body_bytes AS bodyBytes, body_gzip AS bodyGzip FROM policy_versions WHERE edge_id = ? AND version = ?`,
    ),
    latestVersionOf: connection.prepare<[string], { latestVersion: number }>(
      `SELECT latest_version AS latestVersion FROM policy_edges WHERE edge_id = ?`,
    ),
  }
}

/** Policy versions and applied reports in the hub database (m005). */
export class SqlitePolicyVersionStore implements PolicyVersionStore {
  readonly #connection: BetterSqlite3.Database
  #statements: ReturnType<typeof prepare> | undefined
  #addVersions: ((versions: readonly NewPolicyVersion[], keepBodies: number) => void) | undefined
  #recordApplied: ((reports: readonly AppliedReport[]) => void) | undefined

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  /** Prepares the statements (the first call does it otherwise). */
  start(): void {
    if (this.#statements !== undefined) return
    const statements = prepare(this.#connection)
    this.#statements = statements
    this.#addVersions = this.#connection.transaction((versions: readonly NewPolicyVersion[], keepBodies: number) => {
      for (const version of versions) {
        statements.insertVersion.run({ ...version, rowCounts: JSON.stringify(version.rowCounts) })
        statements.upsertLatest.run(version.edgeId, version.version, version.issuedAtMs)
        statements.pruneBodies.run(version.edgeId, version.version - Math.max(1, keepBodies))
        statements.pruneRows.run(version.edgeId, version.version - KEPT_VERSION_ROWS)
      }
    })
    this.#recordApplied = this.#connection.transaction((reports: readonly AppliedReport[]) => {
      for (const report of reports) if (statements.edgeExists.get(report.edgeId) !== undefined) recordReport(statements, report)
    })
  }

  /** Forgets the statements; the connection belongs to the HubDatabase. */
  stop(): void {
    this.#statements = undefined
    this.#addVersions = undefined
    this.#recordApplied = undefined
  }

  latestVersions(): StoredPolicyVersion[] {
    return this.#started().latest.all()
  }

  edgeRecords(): PolicyEdgeRecord[] {
    return this.#started().edges.all().map((row) => ({
      edgeId: row.edgeId,
      latestVersion: row.latestVersion,
      appliedVersion: row.appliedVersion,
      appliedSha256: row.appliedSha256,
      appliedSource: row.appliedSource,
      appliedAtMs: row.appliedAtMs,
      reportedAtMs: row.reportedAtMs,
      behindSinceMs: row.behindSinceMs,
      lastFailure:
        row.lastFailureVersion === null || row.lastFailureAtMs === null || !isFailureCode(row.lastFailureCode)
          ? null
          : { version: row.lastFailureVersion, code: row.lastFailureCode, atMs: row.lastFailureAtMs },
    }))
  }

  addVersions(versions: readonly NewPolicyVersion[], keepBodies: number): void {
    this.#started()
    this.#addVersions!(versions, keepBodies)
  }

  hasEdge(edgeId: string): boolean {
    return this.#started().edgeExists.get(edgeId) !== undefined
  }

  recordApplied(reports: readonly AppliedReport[]): void {
    this.#started()
    this.#recordApplied!(reports)
  }

  snapshotBody(edgeId: string, version: number | 'latest'): StoredSnapshotBody {
    const statements = this.#started()
    const wanted = version === 'latest' ? (statements.latestVersionOf.get(edgeId)?.latestVersion ?? 0) : version
    const row = statements.body.get(edgeId, wanted)
    if (row === undefined) return { status: 'unknown' }
    if (row.bodyGzip === null) return { status: 'gone', version: row.version }
    return { status: 'found', version: row.version, sha256: row.sha256, bodyBytes: row.bodyBytes, bodyGzip: row.bodyGzip }
  }

  #started(): ReturnType<typeof prepare> {
    this.start()
    return this.#statements!
  }
}

function recordReport(statements: ReturnType<typeof prepare>, report: AppliedReport): void {
  statements.recordApplied.run({
    edgeId: report.edgeId,
    version: report.version,
    sha256: report.sha256,
    source: report.source,
    appliedAtMs: report.appliedAtMs,
    reportedAtMs: report.reportedAtMs,
    behindSinceMs: statements.firstIssuedAfter.get(report.edgeId, report.version)?.issuedAtMs ?? null,
    failureVersion: report.lastFailure?.version ?? null,
    failureCode: report.lastFailure?.code ?? null,
    failureAtMs: report.lastFailure?.atMs ?? null,
  })
}

function isFailureCode(code: string | null): code is PolicyFailureCode {
  return code !== null && (POLICY_FAILURE_CODES as readonly string[]).includes(code)
}
