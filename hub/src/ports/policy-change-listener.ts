/**
 * Told after every committed change to the community model that may change what an edge
 * decides (a credential revoked, a rule added, an observation order placed ...). The policy
 * distributor recompiles and publishes; it coalesces bursts, but a revocation still reaches
 * every online edge within a second.
 */
export interface PolicyChangeListener {
  modelChanged(why: string): void
}
