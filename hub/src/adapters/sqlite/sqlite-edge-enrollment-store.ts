import type BetterSqlite3 from 'better-sqlite3'
import { newId } from '../../domain/new-id.js'
import type { EdgeCredentialMirror } from '../../ports/edge-credential-mirror.js'
import type { EdgeDoorRow, EdgeEnrollmentStore, EnrollmentRefusalCode, NewEnrollmentToken, RedeemedToken } from '../../ports/edge-enrollment-store.js'
import { appendAudit, type AuditActor } from './append-audit.js'
import type { EdgeCredentialStore } from './edge-credential-store.js'

interface TokenRow {
  readonly id: string
  readonly edge_id: string
  readonly hardware: string | null
  readonly expires_at_ms: number
  readonly used_at_ms: number | null
  readonly withdrawn_at_ms: number | null
}

/**
 * Enrollment tokens and the credential changes they cause, each in one transaction with its
 * audit row (m004). Tokens are stored as SHA-256 only; a token works once, until it expires, and
 * only while it is the newest token of its edge. Redeeming one issues a fresh credential and
 * revokes the edge's old one; callers announce the revocation after this returns (committed).
 */
export class SqliteEdgeEnrollmentStore implements EdgeEnrollmentStore {
  readonly #connection: BetterSqlite3.Database
  readonly #credentials: EdgeCredentialStore
  readonly #mirror: EdgeCredentialMirror | null

  constructor(connection: BetterSqlite3.Database, credentials: EdgeCredentialStore, mirror: EdgeCredentialMirror | null) {
    this.#connection = connection
    this.#credentials = credentials
    this.#mirror = mirror
  }

  edgeDoors(edgeId: string): EdgeDoorRow[] | null {
    const edge = this.#connection.prepare('SELECT id FROM edges WHERE id = ?').get(edgeId)
    if (edge === undefined) return null
    const rows = this.#connection.prepare('SELECT id, fail_mode FROM doors WHERE edge_id = ? ORDER BY id').all(edgeId) as Array<{ id: string; fail_mode: EdgeDoorRow['failMode'] }>
    return rows.map((row) => ({ id: row.id, failMode: row.fail_mode }))
  }

  issueToken(token: NewEnrollmentToken): string {
    const tokenId = newId('enr')
    this.#connection.transaction(() => {
      const withdrawn = this.#connection
        .prepare('UPDATE enrollment_tokens SET withdrawn_at_ms = ? WHERE edge_id = ? AND used_at_ms IS NULL AND withdrawn_at_ms IS NULL')
        .run(token.issuedAtMs, token.edgeId).changes
      this.#connection
        .prepare(
          `INSERT INTO enrollment_tokens (id, edge_id, token_sha256, hardware, issued_at_ms, issued_by_account_id, expires_at_ms)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(tokenId, token.edgeId, token.tokenDigest, token.hardwareJson, token.issuedAtMs, token.actor.id, token.expiresAtMs)
      appendAudit(this.#connection, {
        actor: token.actor,
        action: 'edge.enrollment-token-issued',
        subjectKind: 'edge',
        subjectId: token.edgeId,
        detail: { tokenId, expiresAtMs: token.expiresAtMs, hasHardware: token.hardwareJson !== null, withdrawnTokens: withdrawn },
        atMs: token.issuedAtMs,
      })
    })()
    return tokenId
  }

  redeemToken(tokenDigest: string, atMs: number): RedeemedToken {
    return this.#connection.transaction((): RedeemedToken => {
      const row = this.#connection
        .prepare('SELECT id, edge_id, hardware, expires_at_ms, used_at_ms, withdrawn_at_ms FROM enrollment_tokens WHERE token_sha256 = ?')
        .get(tokenDigest) as TokenRow | undefined
      if (row === undefined) return { ok: false, code: 'ENROLLMENT_TOKEN_UNKNOWN', edgeId: null }
      const refusal = refusalOf(row, atMs)
      if (refusal !== null) {
        appendAudit(this.#connection, { actor: edgeActor(row.edge_id), action: 'edge.enrollment-refused', subjectKind: 'edge', subjectId: row.edge_id, detail: { tokenId: row.id, code: refusal }, atMs })
        return { ok: false, code: refusal, edgeId: row.edge_id }
      }
      const credential = this.#credentials.issue(row.edge_id, atMs)
      this.#connection.prepare('UPDATE enrollment_tokens SET used_at_ms = ?, credential_id = ? WHERE id = ?').run(atMs, credential.credentialId, row.id)
      appendAudit(this.#connection, {
        actor: edgeActor(row.edge_id),
        action: 'edge.enrolled',
        subjectKind: 'edge',
        subjectId: row.edge_id,
        detail: { tokenId: row.id, credentialId: credential.credentialId, replacedCredentialId: credential.replacedCredentialId },
        atMs,
      })
      this.#mirror?.credentialIssued(row.edge_id, credential.password)
      return { ok: true, edgeId: row.edge_id, hardwareJson: row.hardware, credential }
    })()
  }

  /** Revokes the edge's active credential (an admin's decision: stolen or retired Pi). Returns whether there was one. */
  revokeCredential(edgeId: string, reason: string, actor: AuditActor, atMs: number): boolean {
    return this.#connection.transaction(() => {
      const credentialId = this.#credentials.revokeActive(edgeId, reason, atMs)
      if (credentialId === null) return false
      appendAudit(this.#connection, { actor, action: 'edge.credential-revoked', subjectKind: 'edge', subjectId: edgeId, detail: { credentialId, reason }, atMs })
      this.#mirror?.credentialRevoked(edgeId)
      return true
    })()
  }
}

function refusalOf(row: TokenRow, atMs: number): EnrollmentRefusalCode | null {
  if (row.used_at_ms !== null) return 'ENROLLMENT_TOKEN_USED'
  if (row.withdrawn_at_ms !== null) return 'ENROLLMENT_TOKEN_WITHDRAWN'
  if (atMs >= row.expires_at_ms) return 'ENROLLMENT_TOKEN_EXPIRED'
  return null
}

function edgeActor(edgeId: string): AuditActor {
  return { kind: 'edge', id: edgeId, name: `edge ${edgeId}` }
}
