import { POLICY_FAILURE_CODES, type PolicyApplied } from '../../../../protocol/mqtt/messages/policy-applied.js'
import { timestampMs } from '../../../../protocol/mqtt/timestamp-ms.js'
import type { EdgeMessageOutcome } from '../../ports/edge-message-sink.js'
import type { AppliedReport } from './policy-version-store.js'

/**
 * A PolicyApplied message (already valid against its schema) as the report the store records, or
 * why it is refused: it names another edge than the one that sent it, or a timestamp that is
 * not a calendar instant.
 */
export function appliedReportOf(edgeId: string, message: PolicyApplied, reportedAtMs: number): AppliedReport | Extract<EdgeMessageOutcome, { status: 'rejected' }> {
  if (message.edgeId !== edgeId) return { status: 'rejected', code: 'WRONG_EDGE', reason: `report names edge ${message.edgeId}` }
  const appliedAtMs = timestampMs(message.appliedAt)
  const failure = message.lastFailure
  const failureAtMs = failure === undefined ? null : timestampMs(failure.at)
  if (appliedAtMs === null || (failure !== undefined && failureAtMs === null)) {
    return { status: 'rejected', code: 'BAD_TIMESTAMP', reason: 'a timestamp is not a calendar instant' }
  }
  // The schema admits only these values; the checks narrow its string types.
  const code = failure === undefined ? undefined : POLICY_FAILURE_CODES.find((known) => known === failure.code)
  return {
    edgeId,
    version: message.version,
    sha256: message.sha256,
    source: message.source === 'delta' ? 'delta' : 'snapshot',
    appliedAtMs,
    reportedAtMs,
    lastFailure: failure === undefined || code === undefined || failureAtMs === null ? null : { version: failure.version, code, atMs: failureAtMs },
  }
}
