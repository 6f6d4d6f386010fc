import type BetterSqlite3 from 'better-sqlite3'

/**
 * Forgets the temperatures of access events that happened before `cutoffMs`: the column and the
 * reading inside the stored payload. The entry itself (who passed where, and why) stays in the
 * ledger; only the health data goes. Returns how many events were purged.
 */
export function purgeLedgerTemperatures(connection: BetterSqlite3.Database, cutoffMs: number): number {
  return connection
    .prepare(
      `UPDATE access_events SET temperature_celsius = NULL, payload = json_remove(payload, '$.temperature')
       WHERE occurred_at_ms < ? AND (temperature_celsius IS NOT NULL OR json_type(payload, '$.temperature') IS NOT NULL)`,
    )
    .run(cutoffMs).changes
}
