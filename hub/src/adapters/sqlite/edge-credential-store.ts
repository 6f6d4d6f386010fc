import type BetterSqlite3 from 'better-sqlite3'
import { isValidEdgeId } from '../../../../protocol/mqtt/topics.js'
import { newEdgePassword } from '../../domain/enrollment/edge-password.js'
import { isSecretMatching, secretDigest } from '../../domain/enrollment/secret-digest.js'
import { newId } from '../../domain/new-id.js'
import type { IssuedEdgeCredential } from '../../ports/edge-enrollment-store.js'

/** Checks an edge's password (MQTT CONNECT, snapshot Bearer token). Never throws on bad input. */
export type EdgePasswordVerifier = (edgeId: string, password: string | Buffer) => boolean

/** Told after a credential was revoked (and committed), so the broker can drop the edge's connection. */
export type EdgeCredentialRevokedListener = (edgeId: string) => void

interface ActiveCredentialRow {
  readonly id: string
  readonly password_sha256: string
}

/**
 * Per-edge MQTT credentials in the hub database (m004), stored as SHA-256 of a 32-byte random
 * password (why not scrypt: see m004). At most one active credential per edge.
 *
 * `issue` and `revokeActive` write inside the caller's transaction (so the audit row and the
 * token use commit with them); the caller then calls `announceRevoked(edgeId)` after commit, and
 * every listener (the embedded broker) disconnects that edge at once.
 */
export class EdgeCredentialStore {
  readonly #connection: BetterSqlite3.Database
  readonly #listeners = new Set<EdgeCredentialRevokedListener>()

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  /** Whether `password` is the edge's active credential; constant time whatever the outcome. */
  readonly verifyEdgePassword: EdgePasswordVerifier = (edgeId, password) => {
    const row = isValidEdgeId(edgeId) ? this.#activeRow(edgeId) : undefined
    return isSecretMatching(password, row?.password_sha256 ?? null)
  }

  hasActiveCredential(edgeId: string): boolean {
    return this.#activeRow(edgeId) !== undefined
  }

  /** Issues a fresh credential, revoking the active one. Call inside a transaction. */
  issue(edgeId: string, atMs: number): IssuedEdgeCredential {
    const replaced = this.revokeActive(edgeId, 're-enrolled', atMs)
    const password = newEdgePassword()
    const credentialId = newId('ecr')
    this.#connection
      .prepare('INSERT INTO edge_credentials (id, edge_id, password_sha256, issued_at_ms) VALUES (?, ?, ?, ?)')
      .run(credentialId, edgeId, secretDigest(password), atMs)
    return { credentialId, edgeId, username: edgeId, password, replacedCredentialId: replaced }
  }

  /** Revokes the edge's active credential; returns its id, or null when it had none. Call inside a transaction. */
  revokeActive(edgeId: string, reason: string, atMs: number): string | null {
    const row = this.#activeRow(edgeId)
    if (row === undefined) return null
    this.#connection
      .prepare(`UPDATE edge_credentials SET status = 'revoked', revoked_at_ms = ?, revoked_reason = ? WHERE id = ?`)
      .run(atMs, reason, row.id)
    return row.id
  }

  /** Registers a listener for committed revocations; returns the function that removes it. */
  onRevoked(listener: EdgeCredentialRevokedListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Tells every listener that `edgeId`'s credential was revoked. Call after the transaction committed. */
  announceRevoked(edgeId: string): void {
    for (const listener of this.#listeners) listener(edgeId)
  }

  #activeRow(edgeId: string): ActiveCredentialRow | undefined {
    return this.#connection
      .prepare(`SELECT id, password_sha256 FROM edge_credentials WHERE edge_id = ? AND status = 'active'`)
      .get(edgeId) as ActiveCredentialRow | undefined
  }
}
