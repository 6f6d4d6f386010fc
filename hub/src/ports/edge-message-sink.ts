/**
 * Where every message an edge publishes lands at the hub. The broker calls `accept` BEFORE it
 * acknowledges the publish to the edge (embedded: from aedes' authorizePublish; external: in the
 * mqtt.js message handler, which acknowledges after it returns): when `accept` returns, whatever
 * the message carries is durable in the hub database, so the edge may forget it. `accept` throws
 * only when storage fails; the broker then refuses the publish and the edge sends it again later.
 * A malformed message is not an exception: it is counted, logged and answered `rejected`.
 */
export interface EdgeMessageSink {
  /**
   * Durable once it returns an outcome, or once the promise it returns resolves (a sink may group
   * several messages into one commit, one fsync). A throw or a rejected promise: not stored.
   */
  accept(edgeId: string, topic: string, payload: Buffer): EdgeMessageOutcome | Promise<EdgeMessageOutcome>
}

export type EdgeMessageOutcome =
  | { readonly status: 'stored' }
  | { readonly status: 'duplicate' }
  | { readonly status: 'rejected'; readonly code: string; readonly reason: string }
