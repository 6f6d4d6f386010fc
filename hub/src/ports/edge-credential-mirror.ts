/**
 * In external broker mode the broker, not the hub, checks edge passwords: the mirror hands it
 * each credential the hub issues or revokes (a Mosquitto password file, a dynamic-security API).
 * Called inside the hub's transaction, so a mirror that throws leaves the hub unchanged too.
 * The embedded broker needs none: it checks against the hub's own store.
 */
export interface EdgeCredentialMirror {
  credentialIssued(edgeId: string, password: string): void
  credentialRevoked(edgeId: string): void
}
