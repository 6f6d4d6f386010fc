import { OsdpReplyCode, ScbType } from '../../../../protocol/osdp/osdp-codes.js'
import type { OsdpFrame } from '../../../../protocol/osdp/osdp-frame.js'
import { decodeOsdpReply, type OsdpReply } from '../../../../protocol/osdp/osdp-replies.js'
import type { OsdpPeripheral } from './osdp-peripheral.js'

export type ReplyOutcome =
  | { readonly kind: 'reply'; readonly reply: OsdpReply }
  | { readonly kind: 'busy' }
  | { readonly kind: 'rejected'; readonly why: string }
  | { readonly kind: 'no-reply'; readonly reason: string }
  | { readonly kind: 'secure-failure'; readonly reason: string }

/**
 * Checks a reply frame against what the PD's session expects: the echoed sequence number, the
 * MAC chain under the Secure Channel, and a decodable payload. Inside a session only a plaintext
 * NAK is accepted unsealed (how a PD says the session is gone); anything else plaintext could be
 * injected and is rejected.
 */
export function readReply(pd: OsdpPeripheral, frame: OsdpFrame): ReplyOutcome {
  // OSDP v2.2 §7.15 / libosdp: BUSY comes with sequence 0; the same command is sent again.
  if (frame.code === OsdpReplyCode.BUSY && frame.securityBlock === undefined) return { kind: 'busy' }
  if (frame.sequence !== pd.sequence) return { kind: 'rejected', why: `sequence ${frame.sequence}, expected ${pd.sequence}` }
  const type = frame.securityBlock?.type
  let message: { code: number; data: Buffer } = frame
  if (type === ScbType.SCS_16 || type === ScbType.SCS_18) {
    if (pd.session === undefined) return { kind: 'rejected', why: 'sealed reply outside a session' }
    const opened = pd.session.openReply(frame)
    if (!opened.ok) return { kind: 'secure-failure', reason: opened.code }
    message = opened.value
  } else if (pd.session !== undefined && pd.handshake === undefined && frame.code !== OsdpReplyCode.NAK) {
    return { kind: 'rejected', why: 'plaintext reply inside a secure session' }
  }
  const decoded = decodeOsdpReply(message.code, message.data)
  if (!decoded.ok) return { kind: 'rejected', why: `${decoded.code}: ${decoded.message}` }
  return { kind: 'reply', reply: decoded.value }
}
