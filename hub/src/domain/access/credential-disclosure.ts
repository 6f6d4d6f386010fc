import type { Caller } from '../caller.js'

/**
 * Who may read a credential's full lookup key (card number, pass number, visitor code): admins,
 * who look cards up and re-print passes, and the host of a visitor pass, who sends the code to
 * the visitor. A PIN is a secret and shown to nobody; everyone else sees the masked reference.
 */
export function mayDiscloseLookupKey(caller: Caller, credential: { readonly kind: string; readonly hostPersonId: string | null }): boolean {
  if (credential.kind === 'pin') return false
  if (caller.role === 'admin') return true
  return credential.kind === 'visitor' && caller.personId !== null && caller.personId === credential.hostPersonId
}
