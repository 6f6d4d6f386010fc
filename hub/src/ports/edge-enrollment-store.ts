import type { AuditActor } from '../adapters/sqlite/append-audit.js'

/** A credential just issued: the only moment the password exists outside the edge. */
export interface IssuedEdgeCredential {
  readonly credentialId: string
  readonly edgeId: string
  /** The MQTT username: the edge id. */
  readonly username: string
  readonly password: string
  /** The credential this one replaced (now revoked), if the edge had one. */
  readonly replacedCredentialId: string | null
}

export interface EdgeDoorRow {
  readonly id: string
  readonly failMode: 'fail-safe' | 'fail-secure'
}

export interface NewEnrollmentToken {
  readonly edgeId: string
  readonly tokenDigest: string
  readonly hardwareJson: string | null
  readonly issuedAtMs: number
  readonly expiresAtMs: number
  readonly actor: AuditActor
}

export type EnrollmentRefusalCode = 'ENROLLMENT_TOKEN_UNKNOWN' | 'ENROLLMENT_TOKEN_USED' | 'ENROLLMENT_TOKEN_EXPIRED' | 'ENROLLMENT_TOKEN_WITHDRAWN'

export type RedeemedToken =
  | { readonly ok: true; readonly edgeId: string; readonly hardwareJson: string | null; readonly credential: IssuedEdgeCredential }
  | { readonly ok: false; readonly code: EnrollmentRefusalCode; readonly edgeId: string | null }

/** Enrollment tokens and the credential changes they cause, each committed with its audit row. */
export interface EdgeEnrollmentStore {
  /** The edge's doors, or null when there is no such edge. */
  edgeDoors(edgeId: string): EdgeDoorRow[] | null
  /** Stores a new token for the edge and withdraws its older unused ones; returns the token row id. */
  issueToken(token: NewEnrollmentToken): string
  /** Spends a token: marks it used, issues the edge a fresh credential (revoking the old), audits. */
  redeemToken(tokenDigest: string, atMs: number): RedeemedToken
  /** Revokes the edge's active credential; whether it had one. */
  revokeCredential(edgeId: string, reason: string, actor: AuditActor, atMs: number): boolean
}
