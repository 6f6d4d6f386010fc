import type BetterSqlite3 from 'better-sqlite3'

/** Hub schema step 6: ledger-and-alerts. */
export function ledgerAndAlertsUp(connection: BetterSqlite3.Database): void {
  void connection
}
