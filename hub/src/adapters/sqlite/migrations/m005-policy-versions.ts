import type BetterSqlite3 from 'better-sqlite3'

/**
 * Hub schema step 5: the policy versions compiled for each edge, and what each edge has applied.
 *
 * policy_versions: one row per version per edge (versions count 1, 2, 3 … per edge). `sha256` is
 * of the uncompressed snapshot body, as the announcement carries it and the edge checks it;
 * `body_gzip` is that body gzip-compressed, served over HTTP as is to clients that accept gzip,
 * and set to NULL when the version is pruned (the row stays, so the route can say the version is
 * gone rather than unknown). `entities_sha256` is the snapshot statement's hash of the entities:
 * equal entities, equal hash. `announcement` is the signed PolicyAnnouncement as published, so it
 * can be published again (retained) after a broker restart.
 *
 * policy_edges: per edge, the newest version and what the edge last reported (PolicyApplied).
 * `behind_since_ms` is when the edge first missed a newer version than the one it has applied;
 * NULL while it is current.
 */
export function policyVersionsUp(connection: BetterSqlite3.Database): void {
  connection.exec(`
    CREATE TABLE policy_versions (
      edge_id TEXT NOT NULL REFERENCES edges (id) ON DELETE CASCADE,
      version INTEGER NOT NULL CHECK (version >= 1),
      issued_at_ms INTEGER NOT NULL,
      sha256 TEXT NOT NULL,
      entities_sha256 TEXT NOT NULL,
      body_bytes INTEGER NOT NULL,
      body_gzip BLOB,
      announcement TEXT NOT NULL,
      delta_changes INTEGER,
      row_counts TEXT NOT NULL,
      PRIMARY KEY (edge_id, version)
    ) STRICT;

    CREATE TABLE policy_edges (
      edge_id TEXT PRIMARY KEY REFERENCES edges (id) ON DELETE CASCADE,
      latest_version INTEGER NOT NULL DEFAULT 0,
      applied_version INTEGER,
      applied_sha256 TEXT,
      applied_source TEXT CHECK (applied_source IN ('delta', 'snapshot')),
      applied_at_ms INTEGER,
      reported_at_ms INTEGER,
      behind_since_ms INTEGER,
      last_failure_version INTEGER,
      last_failure_code TEXT,
      last_failure_at_ms INTEGER
    ) STRICT;
  `)
}
