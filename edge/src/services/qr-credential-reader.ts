import type { DenyReason } from '../../../protocol/mqtt/messages/access-event.js'
import { parsePhoneQrCode } from '../../../protocol/policy/phone-qr-code.js'
import { parseVisitorQrCode } from '../../../protocol/policy/visitor-qr-code.js'
import type { DecisionContext } from '../domain/access-request.js'
import type { KioskEvent } from '../domain/kiosk-types.js'
import { maskTail } from '../domain/masking.js'
import type { PolicyView } from '../domain/policy-view.js'
import { verifyPhoneQr, type PhoneQrRefusalCode } from '../domain/verify-phone-qr.js'
import type { Logger } from '../ports/logger.js'
import { ReplayCacheError, type ReplayCache } from '../ports/replay-cache.js'
import { RefusalCounts } from './refusal-counts.js'

export interface QrCredentialReaderDeps {
  readonly policy: PolicyView
  readonly replayCache: ReplayCache
  /** Only `isClockTrusted` is read: a code valid for seconds cannot be judged on an unsynchronised clock. */
  readonly decisionContext: () => DecisionContext
  /** ± around the code's issue time; DEFAULT_PHONE_QR_FRESHNESS_MS (30 s) when omitted. */
  readonly freshnessWindowMs?: number
  readonly log: Logger
}

/** One line from the QR scanner, as QrScannerDriver's `scanned` event carries it. */
export interface QrScan {
  readonly text: string
  readonly atMs: number
}

export type QrRefusalCode =
  | PhoneQrRefusalCode
  /** The line is neither a Gatehouse phone code nor a visitor pass (another QR code, a barcode). */
  | 'NOT_PHONE_QR'
  /** The replay cache could not remember the code (full, disk error): refused, fail closed. */
  | 'REPLAY_CHECK_FAILED'

export type QrReading =
  | { readonly kind: 'presented'; readonly event: Extract<KioskEvent, { type: 'credential-presented' }> }
  | {
      readonly kind: 'refused'
      readonly code: QrRefusalCode
      /** What the kiosk screen shows for it (reason-texts.ts), and a journal entry would carry. */
      readonly denyReason: DenyReason
      /** Short, printable, no personal data: for logs and status. */
      readonly detail: string
      /** The phone key the code names, when it could be read: the attempt is journalled with it. */
      readonly keyId?: string
    }

/**
 * Screen reasons for refusals the kiosk never sees. A stale code most often is a photo or a
 * screenshot, and "code already used: please refresh it" is the right thing to tell the person.
 */
const SHOWN_AS: Record<QrRefusalCode, DenyReason> = {
  NOT_PHONE_QR: 'UNKNOWN_CREDENTIAL',
  BAD_FORMAT: 'UNKNOWN_CREDENTIAL',
  UNKNOWN_KEY: 'UNKNOWN_CREDENTIAL',
  BAD_SIGNATURE: 'UNKNOWN_CREDENTIAL',
  KEY_REVOKED: 'REVOKED',
  CLOCK_UNTRUSTED: 'CLOCK_UNTRUSTED',
  NOT_YET_VALID: 'REPLAYED',
  EXPIRED: 'REPLAYED',
  REPLAY_CHECK_FAILED: 'REPLAYED',
}

/**
 * Turns a scanned phone QR code or visitor pass into the kiosk's `credential-presented` event.
 *
 * A visitor pass (protocol/policy/visitor-qr-code.ts, `GHV1.<code>`) is a lookup key, nothing
 * more: it goes to the kiosk as presented, and decideAccess judges it by its policy row like a
 * card (UNKNOWN_CREDENTIAL, REVOKED, NOT_YET_VALID, EXPIRED, VISITOR_SCOPE), so every attempt is
 * journalled. It is shown at several doors and on the way out, so it is not single use; a
 * malformed one is refused here as BAD_FORMAT and counted.
 *
 * A phone code: parse → verify
 * against the cached phone key → replay cache (namespace 'qr-code'). A code seen before still
 * reaches the kiosk, with `isReplay: true`, so decideAccess refuses it with REPLAYED and the
 * attempt is journalled like any other. Codes that cannot be attributed to an enrolled phone, or
 * are stale, are refused here as values for the door assembly to show; only verified codes enter
 * the replay cache, so forged codes can neither fill it nor burn a genuine code.
 */
export class QrCredentialReader {
  readonly #deps: QrCredentialReaderDeps
  readonly #refusals = new RefusalCounts()

  constructor(deps: QrCredentialReaderDeps) {
    this.#deps = deps
  }

  /** Refusals by code, replays (REPLAYED) included, for the status and tests. */
  get refusals(): RefusalCounts {
    return this.#refusals
  }

  read(scan: QrScan): QrReading {
    const visitor = parseVisitorQrCode(scan.text)
    if (visitor.ok) {
      const credential = { presentedAs: 'qr' as const, lookupKey: visitor.value.lookupKey }
      return { kind: 'presented', event: { type: 'credential-presented', credential, isReplay: false } }
    }
    if (visitor.code !== 'NOT_VISITOR_QR') return this.#refuse('BAD_FORMAT', visitor.code)
    const parsed = parsePhoneQrCode(scan.text)
    if (!parsed.ok) return this.#refuse(parsed.code === 'NOT_PHONE_QR' ? 'NOT_PHONE_QR' : 'BAD_FORMAT', parsed.code)
    const code = parsed.value
    const verdict = verifyPhoneQr({
      code,
      phoneKey: this.#deps.policy.phoneKey(code.keyId),
      nowMs: scan.atMs,
      isClockTrusted: this.#deps.decisionContext().isClockTrusted,
      ...(this.#deps.freshnessWindowMs !== undefined && { freshnessWindowMs: this.#deps.freshnessWindowMs }),
    })
    if (!verdict.ok) return this.#refuse(verdict.code, verdict.code, code.keyId)
    let isReplay: boolean
    try {
      isReplay = this.#deps.replayCache.checkAndRemember('qr-code', verdict.replayId, verdict.replayExpiresAtMs, scan.atMs) === 'replayed'
    } catch (error) {
      const cause = error instanceof ReplayCacheError ? error.code : 'UNEXPECTED'
      this.#deps.log.error({ code: cause }, 'QR code refused: replay cache unavailable')
      return this.#refuse('REPLAY_CHECK_FAILED', cause, code.keyId)
    }
    if (isReplay) {
      this.#refusals.add('REPLAYED')
      this.#deps.log.warn({ keyId: maskTail(code.keyId) }, 'QR code replayed')
    }
    return { kind: 'presented', event: { type: 'credential-presented', credential: verdict.credential, isReplay } }
  }

  #refuse(code: QrRefusalCode, detail: string, keyId?: string): QrReading {
    this.#refusals.add(code)
    if (code !== 'REPLAY_CHECK_FAILED') {
      this.#deps.log.warn({ code, detail, ...(keyId !== undefined && { keyId: maskTail(keyId) }) }, `QR code refused: ${code}`)
    }
    return { kind: 'refused', code, denyReason: SHOWN_AS[code], detail, ...(keyId !== undefined && { keyId }) }
  }
}
