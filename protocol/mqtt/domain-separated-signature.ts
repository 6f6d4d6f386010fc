import { sign, verify, type KeyObject } from 'node:crypto'
import { canonicalJson } from './canonical-json.js'

/** RFC 8032 §5.1.6: an Ed25519 signature is 64 bytes. */
const ED25519_SIGNATURE_BYTES = 64

export interface NotEd25519KeyError extends Error {
  readonly code: 'NOT_ED25519_KEY'
}

function checkedEd25519Key(key: KeyObject, role: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw Object.assign(new Error(`${role} must be an Ed25519 key, got ${String(key.asymmetricKeyType ?? key.type)}`), {
      code: 'NOT_ED25519_KEY' as const,
    }) satisfies NotEd25519KeyError
  }
  return key
}

/**
 * The bytes a signature covers: the domain tag, a line feed, then the RFC 8785 canonical JSON of
 * the value, all UTF-8. The tag keeps a signature over one kind of message from being valid for
 * another kind with the same fields.
 */
export function domainSeparatedBytes(domain: string, value: unknown): Buffer {
  return Buffer.from(`${domain}\n${canonicalJson(value)}`, 'utf8')
}

/** Base64 Ed25519 signature over `domainSeparatedBytes(domain, value)`. */
export function signDomainSeparated(privateKey: KeyObject, domain: string, value: unknown): string {
  // Ed25519 takes no digest name: node:crypto wants null (RFC 8032 hashes internally).
  return sign(null, domainSeparatedBytes(domain, value), checkedEd25519Key(privateKey, 'the signing key')).toString(
    'base64',
  )
}

/**
 * Whether `signatureBase64` is a valid Ed25519 signature by `publicKey` over the value. Malformed
 * signatures and values that cannot be canonicalised are simply invalid; only a key that is not
 * Ed25519 throws (`NOT_ED25519_KEY`), because that is a configuration error.
 */
export function verifyDomainSeparated(
  publicKey: KeyObject,
  domain: string,
  value: unknown,
  signatureBase64: string,
): boolean {
  const key = checkedEd25519Key(publicKey, 'the verifying key')
  const signature = Buffer.from(signatureBase64, 'base64')
  if (signature.length !== ED25519_SIGNATURE_BYTES || signature.toString('base64') !== signatureBase64) return false
  try {
    return verify(null, domainSeparatedBytes(domain, value), key, signature)
  } catch {
    return false
  }
}
