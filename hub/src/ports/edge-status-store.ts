import type { EdgeStatus } from '../../../protocol/mqtt/messages/edge-status.js'

export interface StoredEdgeStatus {
  readonly status: EdgeStatus
  readonly statusAtMs: number
  readonly receivedAtMs: number
  /** When the hub last heard anything from the edge. */
  readonly lastSeenAtMs: number
  /** `at` of the status that brought it online, null while offline. */
  readonly onlineSinceMs: number | null
  /** Successive online statuses with a growing backlog (alerts-from-status.ts). */
  readonly backlogRises: number
}

export interface EdgeStatusStore {
  get(edgeId: string): StoredEdgeStatus | null
  put(stored: StoredEdgeStatus): void
  /** Any message from the edge proves it is alive. */
  touch(edgeId: string, atMs: number): void
  list(): StoredEdgeStatus[]
}
