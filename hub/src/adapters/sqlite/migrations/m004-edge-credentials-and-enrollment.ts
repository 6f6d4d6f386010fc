import type BetterSqlite3 from 'better-sqlite3'

/** Hub schema step 4: edge-credentials-and-enrollment. */
export function edgeCredentialsAndEnrollmentUp(connection: BetterSqlite3.Database): void {
  void connection
}
