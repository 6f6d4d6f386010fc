import type BetterSqlite3 from 'better-sqlite3'
import type { FastifyRequest } from 'fastify'
import type { AccessRepositories } from '../adapters/http/access/access-route-deps.js'
import type { HubRoutes } from '../adapters/http/build-hub-app.js'
import type { CookieSessions } from '../adapters/http/cookie-sessions.js'
import { phoneRoutes } from '../adapters/http/routes/phone-routes.js'
import { SqlitePhoneEnrollmentStore } from '../adapters/sqlite/phone/sqlite-phone-enrollment-store.js'
import { SqliteResidentQueries } from '../adapters/sqlite/phone/sqlite-resident-queries.js'
import type { Clock } from '../ports/clock.js'
import type { EdgePolicySource } from '../ports/edge-policy-source.js'
import type { Logger } from '../ports/logger.js'
import type { PolicyChangeListener } from '../ports/policy-change-listener.js'
import type { SignInService } from '../services/accounts/sign-in-service.js'
import { PhoneEnrollment } from '../services/phone/phone-enrollment.js'
import { PhoneOpenProofs, type PhoneOpenProof, type PhoneProofCheck } from '../services/phone/phone-open-proofs.js'

export interface PhoneAppWiringDeps {
  readonly connection: BetterSqlite3.Database
  readonly clock: Clock
  readonly log: Logger
  readonly access: AccessRepositories
  readonly signIn: SignInService
  readonly cookies: CookieSessions
  readonly policyChanges: PolicyChangeListener
  readonly policies: EdgePolicySource
}

export interface PhoneAppWiring {
  readonly routes: HubRoutes
  /** For remoteOpenRoutes: a phone session's door request must be signed by its phone. */
  readonly proofCheck: (request: FastifyRequest, doorId: string, action: string, proof: PhoneOpenProof | undefined) => PhoneProofCheck
}

/** The resident phone app's server side: enrolment, "my" routes, and the signed-open check. */
export function wirePhoneApp(deps: PhoneAppWiringDeps): PhoneAppWiring {
  const log = deps.log.child({ component: 'phone-app' })
  const store = new SqlitePhoneEnrollmentStore(deps.connection, deps.access.phoneKeys)
  const enrollment = new PhoneEnrollment({ store, places: deps.access.places, signIn: deps.signIn, policyChanges: deps.policyChanges, clock: deps.clock, log })
  const proofs = new PhoneOpenProofs(store, deps.clock, log)
  return {
    routes: phoneRoutes({ enrollment, store, residents: new SqliteResidentQueries(deps.connection, deps.policies), cookies: deps.cookies }),
    proofCheck: (request, doorId, action, proof) => proofs.check(deps.cookies.sessionOf(request)?.active.sessionSha256 ?? null, doorId, action, proof),
  }
}
