/**
 * Signing and checking hub → edge commands (Ed25519, RFC 8032, through node:crypto).
 *
 * Canonical form: the UTF-8 bytes of `gatehouse-command/1`, a line feed (0x0A), then the RFC 8785
 * canonical JSON of the command without its `signature` member, i.e. every other member, names
 * sorted by UTF-16 code units, no whitespace. Example (wrapped here):
 *
 *   gatehouse-command/1\n{"action":"UNLOCK","actor":{"id":"r-1","kind":"resident"},"doorId":"gate-1",
 *   "edgeId":"gate-north","expiresAt":"...","id":"...","issuedAt":"...","nonce":"...","v":1}
 */
import type { KeyObject } from 'node:crypto'
import type { Command, UnsignedCommand } from './messages/command.js'
import { domainSeparatedBytes, signDomainSeparated, verifyDomainSeparated } from './domain-separated-signature.js'

export const COMMAND_SIGNATURE_DOMAIN = 'gatehouse-command/1'

function withoutSignature(command: UnsignedCommand | Command): UnsignedCommand {
  const { signature: _signature, ...unsigned } = { signature: undefined, ...command }
  return unsigned
}

/** The exact bytes the hub signs and the edge verifies. */
export function commandSigningBytes(command: UnsignedCommand | Command): Buffer {
  return domainSeparatedBytes(COMMAND_SIGNATURE_DOMAIN, withoutSignature(command))
}

/** Signs a command with the hub's Ed25519 private key. Throws `NOT_ED25519_KEY` for another key type. */
export function signCommand(privateKey: KeyObject, unsigned: UnsignedCommand): Command {
  const fields = withoutSignature(unsigned)
  return { ...fields, signature: signDomainSeparated(privateKey, COMMAND_SIGNATURE_DOMAIN, fields) }
}

/**
 * Whether the command's signature is the hub's over all its other fields. Check it before the
 * nonce goes into the replay cache, so that unsigned traffic cannot fill the cache.
 */
export function verifyCommandSignature(publicKey: KeyObject, command: Command): boolean {
  return verifyDomainSeparated(publicKey, COMMAND_SIGNATURE_DOMAIN, withoutSignature(command), command.signature)
}
