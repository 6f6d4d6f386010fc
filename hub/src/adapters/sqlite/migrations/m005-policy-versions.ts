import type BetterSqlite3 from 'better-sqlite3'

/** Hub schema step 5: policy-versions. */
export function policyVersionsUp(connection: BetterSqlite3.Database): void {
  void connection
}
