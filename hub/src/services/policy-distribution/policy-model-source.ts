import type { PolicyModel } from '../../domain/policy-compiler/policy-model.js'

/** Where the distributor reads the community model from (SqlitePolicyModelReader). */
export interface PolicyModelSource {
  /**
   * The model at `nowMs`, read consistently (one transaction). Rows that can no longer reach a
   * policy may be left out: credentials and phone keys revoked or expired more than `retentionMs`
   * ago, orders that have ended.
   */
  read(nowMs: number, retentionMs: number): PolicyModel
}
