import { RefusalCounts } from '../../../../edge/src/services/refusal-counts.js'
import { newSecretToken, secretTokenSha256 } from '../../domain/accounts/secret-token.js'
import { newId } from '../../domain/new-id.js'
import { maskPhone } from '../../domain/people/mask-personal-data.js'
import { checkPhoneNumber } from '../../domain/people/phone-number.js'
import { SlidingWindowRateLimit, type RateLimitRule } from '../../domain/remote-open/sliding-window-rate-limit.js'
import { checkExpectedArrival } from '../../domain/visitors/visitor-request-terms.js'
import type { MatchedHousehold, VisitorPosterPlaces } from '../../adapters/sqlite/visitors/visitor-poster-places.js'
import type { VisitorRequestRecord, VisitorRequestRepository } from '../../adapters/sqlite/visitors/visitor-request-repository.js'
import type { Clock } from '../../ports/clock.js'
import type { Logger } from '../../ports/logger.js'

export interface VisitorRequestLimits {
  /** Requests from one client address: a visitor sends one or two, a script many. */
  readonly perAddress: RateLimitRule
  /** Requests naming one gate: the poster's whole queue, so a flood from many addresses stops too. */
  readonly perGate: RateLimitRule
}

export const DEFAULT_VISITOR_REQUEST_LIMITS: VisitorRequestLimits = {
  perAddress: { limit: 5, windowMs: 15 * 60_000 },
  perGate: { limit: 60, windowMs: 15 * 60_000 },
}

/** The household visited: a unit and room from the form's list, or the host's phone number. */
export type VisitedHousehold = { readonly kind: 'room'; readonly unitId: string; readonly room: string } | { readonly kind: 'host-phone'; readonly phone: string }

export interface VisitorRequestInput {
  readonly gateEdgeId: string
  readonly visitorName: string
  readonly visitorPhone: string
  readonly purpose: string
  readonly expectedAtMs: number
  readonly household: VisitedHousehold
}

export type IntakeRefusalCode = 'RATE_LIMITED' | 'UNKNOWN_GATE' | 'BAD_PHONE' | 'BAD_HOST_PHONE' | 'BAD_EXPECTED_TIME' | 'HOST_NOT_FOUND' | 'HOUSEHOLD_AMBIGUOUS'

export type IntakeResult =
  | { readonly ok: true; readonly request: VisitorRequestRecord; readonly token: string }
  | { readonly ok: false; readonly code: IntakeRefusalCode; readonly message: string; readonly retryAfterMs?: number }

export interface VisitorRequestIntakeDeps {
  readonly places: VisitorPosterPlaces
  readonly requests: VisitorRequestRepository
  readonly clock: Clock
  readonly log: Logger
  readonly limits?: VisitorRequestLimits
}

/**
 * Takes visitors' requests from the anonymous form (issue 5 §3): rate-limited per client address
 * and per gate, checked, matched to a household, stored with the hash of a fresh follow token the
 * visitor's page keeps. Every refusal is a value with a stable code, counted, and changes nothing.
 * An unknown household is answered plainly (the visitor must fix it); the limits keep that from
 * becoming a way to probe who lives where. Phones are masked in the logs.
 */
export class VisitorRequestIntake {
  readonly #deps: VisitorRequestIntakeDeps
  readonly #refusals = new RefusalCounts()
  #perAddress: SlidingWindowRateLimit | undefined
  #perGate: SlidingWindowRateLimit | undefined
  #accepted = 0

  constructor(deps: VisitorRequestIntakeDeps) {
    this.#deps = deps
  }

  /** Refusals by code, for status and tests. */
  get refusals(): RefusalCounts {
    return this.#refusals
  }

  get acceptedCount(): number {
    return this.#accepted
  }

  submit(input: VisitorRequestInput, clientAddress: string): IntakeResult {
    const { clock, places, requests, log } = this.#deps
    const nowMs = clock.now()
    const limits = this.#deps.limits ?? DEFAULT_VISITOR_REQUEST_LIMITS
    this.#perAddress ??= new SlidingWindowRateLimit(limits.perAddress)
    this.#perGate ??= new SlidingWindowRateLimit(limits.perGate)
    const byAddress = this.#perAddress.take(clientAddress, nowMs)
    if (!byAddress.ok) return this.#refuse('RATE_LIMITED', 'too many requests from this device; try again later', input.gateEdgeId, byAddress.retryAfterMs)
    if (places.gateName(input.gateEdgeId) === null) return this.#refuse('UNKNOWN_GATE', 'no such gate: scan the poster again', input.gateEdgeId)
    const byGate = this.#perGate.take(input.gateEdgeId, nowMs)
    if (!byGate.ok) return this.#refuse('RATE_LIMITED', 'too many requests at this gate; try again later', input.gateEdgeId, byGate.retryAfterMs)
    const phone = checkPhoneNumber(input.visitorPhone)
    if (!phone.ok) return this.#refuse('BAD_PHONE', phone.message, input.gateEdgeId)
    const expected = checkExpectedArrival(input.expectedAtMs, nowMs)
    if (!expected.ok) return this.#refuse('BAD_EXPECTED_TIME', expected.message, input.gateEdgeId)
    const household = this.#match(input.household)
    if (!household.ok) return household
    const token = newSecretToken()
    const request = requests.insert(
      {
        id: newId('vrq'),
        tokenHash: secretTokenSha256(token),
        gateEdgeId: input.gateEdgeId,
        householdId: household.value.householdId,
        matchedBy: input.household.kind,
        hostPersonId: household.value.hostPersonId,
        visitorName: input.visitorName,
        visitorPhone: phone.phone,
        purpose: input.purpose,
        expectedAtMs: input.expectedAtMs,
        lapsesAtMs: expected.lapsesAtMs,
      },
      nowMs,
    )
    this.#accepted += 1
    log.info({ requestId: request.id, gateEdgeId: request.gateEdgeId, householdId: request.householdId, visitorPhone: maskPhone(phone.phone) }, 'visitor request received')
    return { ok: true, request, token }
  }

  #match(household: VisitedHousehold): { readonly ok: true; readonly value: MatchedHousehold } | Extract<IntakeResult, { ok: false }> {
    const { places } = this.#deps
    if (household.kind === 'room') {
      const found = places.householdAtRoom(household.unitId, household.room.normalize('NFKC').trim())
      return found.ok ? found : this.#refuse(found.code, 'no household to host you there: check the building, unit and room')
    }
    const phone = checkPhoneNumber(household.phone)
    if (!phone.ok) return this.#refuse('BAD_HOST_PHONE', phone.message)
    const found = places.householdOfPhone(phone.phone)
    if (found.ok) return found
    return this.#refuse(found.code, found.code === 'HOST_NOT_FOUND' ? 'no resident with this phone number' : 'this phone number belongs to more than one household: give the room instead')
  }

  #refuse(code: IntakeRefusalCode, message: string, gateEdgeId?: string, retryAfterMs?: number): Extract<IntakeResult, { ok: false }> {
    this.#refusals.add(code)
    this.#deps.log.warn({ code, ...(gateEdgeId !== undefined && { gateEdgeId }) }, `visitor request refused: ${code}`)
    return { ok: false, code, message, ...(retryAfterMs !== undefined && { retryAfterMs }) }
  }
}
