import { newSecretToken, secretTokenSha256 } from '../../domain/accounts/secret-token.js'
import { mayManagePeopleAt } from '../../domain/access/access-scope.js'
import type { Caller } from '../../domain/caller.js'
import { auditActorOf } from '../../adapters/sqlite/append-audit.js'
import type { SubjectPlaces } from '../../adapters/sqlite/access/subject-places.js'
import type { PhoneKeyView } from '../../adapters/sqlite/access/phone-key-repository.js'
import type { EnrolmentRefusalCode, SqlitePhoneEnrollmentStore } from '../../adapters/sqlite/phone/sqlite-phone-enrollment-store.js'
import type { Clock } from '../../ports/clock.js'
import type { Logger } from '../../ports/logger.js'
import type { PolicyChangeListener } from '../../ports/policy-change-listener.js'
import { DEFAULT_SESSION_TIMEOUTS_BY_ROLE, type ActiveSession, type SignInService } from '../accounts/sign-in-service.js'

/** An office hands the link over the same day; a day later it is worthless. */
export const DEFAULT_ENROLMENT_LINK_LIFETIME_MS = 24 * 60 * 60_000

export interface PhoneEnrollmentDeps {
  readonly store: Pick<SqlitePhoneEnrollmentStore, 'issue' | 'redeem'>
  readonly places: Pick<SubjectPlaces, 'person'>
  readonly signIn: Pick<SignInService, 'activeSession'>
  readonly policyChanges: PolicyChangeListener
  readonly clock: Clock
  readonly log: Logger
  readonly linkLifetimeMs?: number
}

export type IssueOutcome =
  | { readonly ok: true; readonly token: string; readonly expiresAtMs: number }
  | { readonly ok: false; readonly code: 'NOT_FOUND' | 'OUT_OF_SCOPE'; readonly message: string }

export type EnrolOutcome =
  | { readonly ok: true; readonly sessionToken: string; readonly session: ActiveSession; readonly phoneKey: PhoneKeyView }
  | { readonly ok: false; readonly code: EnrolmentRefusalCode; readonly message: string }

/**
 * Phone enrolment (issue 5 §4): the community office issues a one-time link for a resident; the
 * phone trades it, with the public half of the key it just made, for its resident session. The
 * session is bound to that key (PhoneOpenProofs), so opening a door needs the phone itself.
 */
export class PhoneEnrollment {
  readonly #deps: PhoneEnrollmentDeps

  constructor(deps: PhoneEnrollmentDeps) {
    this.#deps = deps
  }

  /** Admin, or the grid manager of the person's grid; withdraws the person's older unused links. */
  issue(caller: Caller, personId: string): IssueOutcome {
    const place = this.#deps.places.person(personId)
    if (place === null) return { ok: false, code: 'NOT_FOUND', message: `person ${personId} not found` }
    if (!mayManagePeopleAt(caller, place)) return { ok: false, code: 'OUT_OF_SCOPE', message: `person ${personId} is not in your area` }
    const token = newSecretToken(32)
    const atMs = this.#deps.clock.now()
    const expiresAtMs = atMs + (this.#deps.linkLifetimeMs ?? DEFAULT_ENROLMENT_LINK_LIFETIME_MS)
    this.#deps.store.issue({ personId, tokenSha256: secretTokenSha256(token), expiresAtMs, atMs, actor: auditActorOf(caller) })
    return { ok: true, token, expiresAtMs }
  }

  enrol(input: { readonly token: string; readonly publicKey: string; readonly label: string | null }): EnrolOutcome {
    const atMs = this.#deps.clock.now()
    const sessionToken = newSecretToken(32)
    const outcome = this.#deps.store.redeem({
      tokenSha256: secretTokenSha256(input.token),
      publicKey: input.publicKey,
      label: input.label,
      sessionSha256: secretTokenSha256(sessionToken),
      sessionExpiresAtMs: atMs + DEFAULT_SESSION_TIMEOUTS_BY_ROLE.resident.absoluteLifetimeMs,
      atMs,
    })
    if (!outcome.ok) {
      this.#deps.log.info({ code: outcome.code }, 'phone enrolment refused')
      return outcome
    }
    this.#deps.log.info({ accountId: outcome.accountId, phoneKeyId: outcome.phoneKey.id }, 'phone enrolled')
    try {
      this.#deps.policyChanges.modelChanged(`phone-key.registered ${outcome.phoneKey.id}`)
    } catch (error) {
      this.#deps.log.error({ err: String(error) }, 'policy change listener failed')
    }
    const session = this.#deps.signIn.activeSession(sessionToken)
    if (session === null) throw new Error('the session just opened for the phone is not active')
    return { ok: true, sessionToken, session, phoneKey: outcome.phoneKey }
  }
}
