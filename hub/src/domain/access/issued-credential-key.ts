import { credentialLookupKey, type CredentialRead } from '../../../../protocol/policy/credential-lookup-key.js'
import { accessFailure, accessSuccess, type AccessOutcome } from './access-failure.js'

/** What staff type in to issue a credential at the office. */
export type IssuedCredentialRead =
  | { readonly kind: 'card'; readonly format: string; readonly facility: number | null; readonly cardNumber: number }
  | { readonly kind: 'pin'; readonly digits: string }
  | { readonly kind: 'entry-pass'; readonly passNumber: string }

/**
 * The lookup key of a card, PIN or entry pass issued at the hub, computed by the same
 * `credentialLookupKey` the edge applies to what its reader reads, so they meet. The protocol's
 * refusal code (BAD_CARD_FORMAT, BAD_PIN, ...) is kept in the details.
 */
export function issuedCredentialKey(read: IssuedCredentialRead): AccessOutcome<string> {
  const result = credentialLookupKey(toCredentialRead(read))
  return result.ok ? accessSuccess(result.lookupKey) : accessFailure('BAD_CREDENTIAL', result.message, [result.code])
}

function toCredentialRead(read: IssuedCredentialRead): CredentialRead {
  switch (read.kind) {
    case 'card':
      return { kind: 'card', format: read.format, facility: read.facility, card: read.cardNumber }
    case 'pin':
      return { kind: 'pin', digits: read.digits }
    case 'entry-pass':
      return { kind: 'entry-pass', passNumber: read.passNumber }
  }
}
