import type { CREDENTIAL_KINDS } from '../../../protocol/mqtt/messages/access-event.js'
import type { TemperatureResult } from './temperature-result.js'

export type Direction = 'in' | 'out'

/** Lanes of a split entrance (ARCHITECTURE.md story 4), as in AccessEvent.lane. */
export type Lane = 'residents' | 'returnees' | 'assisted' | 'none'

/** How the person identified themselves, as in AccessEvent.credential.kind. */
export type PresentedAs = (typeof CREDENTIAL_KINDS)[number]

export interface PresentedCredential {
  readonly presentedAs: PresentedAs
  /** From protocol/policy/credential-lookup-key.ts. */
  readonly lookupKey: string
  /**
   * The enrolled phone key whose signature the caller verified on the QR code this came from
   * (a phone credential, or a digital entry pass shown on a phone); absent for cards and PINs.
   */
  readonly phoneKeyId?: string | null
  /** The holder the presentation claims (a pass QR names its holder), when it claims one. */
  readonly holderId?: string | null
}

export interface AccessRequest {
  readonly credential: PresentedCredential
  readonly doorId: string
  readonly direction: Direction
  readonly lane: Lane
  /** When the credential was presented, by the edge clock. */
  readonly atMs: number
  readonly temperature: TemperatureResult
  /** The caller's replay cache has seen this QR code or nonce before. */
  readonly isReplay: boolean
}

/** The edge's own condition, which some rules depend on. */
export interface DecisionContext {
  /** False until the clock has been synchronised (a Pi has no RTC; it boots with a stale time). */
  readonly isClockTrusted: boolean
  readonly isHubConnected: boolean
  /** How long since the edge last knew its policy to be the hub's newest; 0 while connected and current. */
  readonly policyAgeMs: number
  /** Doors staff locked with the LOCK command, until RELEASE; none when omitted. */
  readonly doorsLockedByCommand?: ReadonlySet<string>
}
