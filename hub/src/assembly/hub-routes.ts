import type BetterSqlite3 from 'better-sqlite3'
import type { AccessRepositories } from '../adapters/http/access/access-route-deps.js'
import type { HubRoutes } from '../adapters/http/build-hub-app.js'
import type { CookieSessions } from '../adapters/http/cookie-sessions.js'
import { accessRoutes } from '../adapters/http/routes/access-routes.js'
import { accountRoutes } from '../adapters/http/routes/account-routes.js'
import { alertRoutes } from '../adapters/http/routes/alert-routes.js'
import { auditRoutes } from '../adapters/http/routes/audit-routes.js'
import { enrollmentRoutes } from '../adapters/http/routes/enrollment-routes.js'
import { healthRoutes } from '../adapters/http/routes/health-routes.js'
import { ledgerRoutes } from '../adapters/http/routes/ledger-routes.js'
import { DEFAULT_LIVE_FEED_OPTIONS, liveRoutes } from '../adapters/http/routes/live-routes.js'
import { peopleRoutes } from '../adapters/http/routes/people-routes.js'
import { policyRoutes } from '../adapters/http/routes/policy-routes.js'
import { remoteOpenRoutes } from '../adapters/http/routes/remote-open-routes.js'
import { reportRoutes } from '../adapters/http/routes/report-routes.js'
import { SqliteReportQueries } from '../adapters/sqlite/ledger/sqlite-report-queries.js'
import { sessionRoutes } from '../adapters/http/routes/session-routes.js'
import { householdLookupRoutes } from '../adapters/http/routes/household-lookup-routes.js'
import { staffCheckRoutes } from '../adapters/http/routes/staff-check-routes.js'
import { temporaryPassRoutes } from '../adapters/http/routes/temporary-pass-routes.js'
import { visitorRequestRoutes } from '../adapters/http/routes/visitor-request-routes.js'
import { webAppRoutes } from '../adapters/http/routes/web-app-routes.js'
import { findPackageRoot, WebAssetFiles } from '../adapters/http/web-asset-files.js'
import type { PeopleRepositories } from '../adapters/sqlite/people/people-repositories.js'
import { SqliteAuditLogReader } from '../adapters/sqlite/sqlite-audit-log-reader.js'
import { SqliteStaffCheckQueries } from '../adapters/sqlite/ledger/sqlite-staff-check-queries.js'
import type { Clock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import type { PolicyChangeListener } from '../ports/policy-change-listener.js'
import type { AccountAdministration } from '../services/accounts/account-administration.js'
import type { FirstAdminSetup } from '../services/accounts/first-admin-setup.js'
import type { SignInService } from '../services/accounts/sign-in-service.js'
import type { EdgeEnrollment } from '../services/enrollment/edge-enrollment.js'
import type { PolicyDistributor } from '../services/policy-distribution/policy-distributor.js'
import type { IngestServices } from './ingest-services.js'
import { SqlitePolicyVersionStore } from '../adapters/sqlite/sqlite-policy-version-store.js'
import { wirePhoneApp } from './phone-app-wiring.js'

export interface HubRoutesDeps {
  readonly connection: BetterSqlite3.Database
  readonly clock: Clock
  readonly log: Logger
  readonly policyChanges: PolicyChangeListener
  readonly people: PeopleRepositories
  readonly access: AccessRepositories
  readonly signIn: SignInService
  readonly cookies: CookieSessions
  readonly setup: FirstAdminSetup
  readonly administration: AccountAdministration
  readonly enrollment: EdgeEnrollment
  readonly distributor: PolicyDistributor
  readonly verifyEdgePassword: (edgeId: string, password: string) => boolean
  readonly ingest: IngestServices
}

/** Before the site row exists (a fresh hub), local days are China Standard Time, the schema's default. */
const CHINA_UTC_OFFSET_MINUTES = 480

/** Every route of the hub, area by area, for buildHubApp. */
export function hubRoutes(deps: HubRoutesDeps): HubRoutes[] {
  const { connection, clock, log, ingest } = deps
  const phone = wirePhoneApp({ connection, clock, log, access: deps.access, signIn: deps.signIn, cookies: deps.cookies, policyChanges: deps.policyChanges, policies: deps.distributor })
  return [
    healthRoutes({ checks: { database: () => connection.prepare('SELECT 1').get() !== undefined } }),
    sessionRoutes({ signIn: deps.signIn, cookies: deps.cookies, setup: deps.setup }),
    accountRoutes({ administration: deps.administration }),
    auditRoutes({ auditLog: new SqliteAuditLogReader(connection) }),
    ...peopleRoutes({ repositories: deps.people, clock, policyChanges: deps.policyChanges, log: log.child({ component: 'people' }) }),
    ...accessRoutes({ repositories: deps.access, clock, policyChanges: deps.policyChanges, log: log.child({ component: 'access' }) }),
    enrollmentRoutes(deps.enrollment),
    policyRoutes({ versions: new SqlitePolicyVersionStore(connection), policyStatus: deps.distributor, verifyEdgePassword: deps.verifyEdgePassword }),
    ledgerRoutes({ queries: ingest.queries, siteUtcOffsetMinutes: () => deps.people.sites.get()?.utcOffsetMinutes ?? CHINA_UTC_OFFSET_MINUTES, clock }),
    alertRoutes({ connection, alerts: ingest.alertStore, queries: ingest.queries, liveFeed: ingest.liveFeed, clock }),
    liveRoutes({ feed: ingest.liveFeed, queries: ingest.queries, alerts: ingest.alertStore, clock, options: DEFAULT_LIVE_FEED_OPTIONS }),
    remoteOpenRoutes({ remoteOpen: ingest.remoteOpen, phoneProof: phone.proofCheck }),
    phone.routes,
    reportRoutes({ queries: new SqliteReportQueries(connection), site: () => deps.people.sites.get(), clock }),
    staffCheckRoutes({ queries: new SqliteStaffCheckQueries(connection), clock }),
    householdLookupRoutes({ households: deps.people.households }),
    temporaryPassRoutes({ connection, returnees: deps.people.returnees, access: { repositories: deps.access, clock, policyChanges: deps.policyChanges, log: log.child({ component: 'access' }) } }),
    ...visitorRequestRoutes({ connection, access: deps.access, clock, policyChanges: deps.policyChanges, log: log.child({ component: 'visitors' }) }),
    webAppRoutes({ files: new WebAssetFiles(findPackageRoot()) }),
  ]
}

