/** Shared setup for the decideAccess tests: the community policy and a request at Zhang's door. */
import { decideAccess } from '../../../../edge/src/domain/decide-access.js'
import type { AccessOutcome } from '../../../../edge/src/domain/access-outcome.js'
import type { AccessRequest, DecisionContext } from '../../../../edge/src/domain/access-request.js'
import { NO_TEMPERATURE } from '../../../../edge/src/domain/temperature-result.js'
import { InMemoryPolicyView } from '../../../fakes/in-memory-policy-view.js'
import { MONDAY_10AM_MS, communityEntities, type MutableEntities } from '../../../fakes/policy-rows.js'

export const ZHANG_CARD = 'card:h10301:212:7041'

export const TRUSTED: DecisionContext = { isClockTrusted: true, isHubConnected: true, policyAgeMs: 0 }

export function request(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    credential: { presentedAs: 'card', lookupKey: ZHANG_CARD },
    doorId: 'b1-door',
    direction: 'in',
    lane: 'none',
    atMs: MONDAY_10AM_MS,
    temperature: NO_TEMPERATURE,
    isReplay: false,
    ...overrides,
  }
}

export interface Scenario {
  readonly entities?: (entities: MutableEntities) => void
  readonly view?: (view: InMemoryPolicyView) => void
  readonly request?: Partial<AccessRequest>
  readonly context?: Partial<DecisionContext>
}

export function decide(scenario: Scenario = {}): AccessOutcome {
  const entities = communityEntities()
  scenario.entities?.(entities)
  const view = InMemoryPolicyView.fromEntities(entities)
  scenario.view?.(view)
  return decideAccess(request(scenario.request), view, { ...TRUSTED, ...scenario.context })
}

export function normal(celsius = 36.5) {
  return { status: 'normal', celsius, isRemeasured: false, checkedBy: null } as const
}

export function fever(celsius = 38.2) {
  return { status: 'fever', celsius, isRemeasured: true, checkedBy: null } as const
}
