import type { PolicyEntities } from '../../../protocol/policy/policy-snapshot.js'

/** The newest compiled policy of each edge, for checks the hub makes on the edge's terms (remote open). */
export interface EdgePolicySource {
  /** null when the edge is unknown or has no compiled policy yet. */
  currentEntities(edgeId: string): PolicyEntities | null
}
