import { randomBytes } from 'node:crypto'

/** 32 random bytes: the strength of the secret, not the hash, is what protects it (see m004). */
const EDGE_PASSWORD_BYTES = 32

/** A fresh MQTT password for an edge: 32 random bytes, base64url (43 characters, no padding). */
export function newEdgePassword(): string {
  return randomBytes(EDGE_PASSWORD_BYTES).toString('base64url')
}
