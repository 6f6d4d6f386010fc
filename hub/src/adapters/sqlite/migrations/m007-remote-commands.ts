import type BetterSqlite3 from 'better-sqlite3'

/** Hub schema step 7: remote-commands. */
export function remoteCommandsUp(connection: BetterSqlite3.Database): void {
  void connection
}
