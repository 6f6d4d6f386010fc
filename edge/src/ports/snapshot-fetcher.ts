/** Why a snapshot could not be fetched; PolicyApplied reports it as FETCH_FAILED. */
export interface SnapshotFetchFailure {
  readonly ok: false
  readonly code: 'FETCH_FAILED'
  /** For the log: the HTTP status, the timeout, the size limit; never the bearer token. */
  readonly detail: string
}

/**
 * Fetches the full policy snapshot body of one version from the hub (docs/mqtt-contract.md
 * "Policy updates", step 3). The caller checks the body against the signed announcement's
 * `sha256`; the fetcher only brings bytes, bounded in size and time.
 */
export interface SnapshotFetcher {
  fetch(version: number, sha256: string): Promise<Buffer | SnapshotFetchFailure>
}
