import type { Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildHubApp } from '../../hub/src/adapters/http/build-hub-app.js'
import { alertRoutes } from '../../hub/src/adapters/http/routes/alert-routes.js'
import { ledgerRoutes } from '../../hub/src/adapters/http/routes/ledger-routes.js'
import { DEFAULT_LIVE_FEED_OPTIONS, liveRoutes, type LiveFeedOptions } from '../../hub/src/adapters/http/routes/live-routes.js'
import { SqliteLedgerQueries } from '../../hub/src/adapters/sqlite/ledger/sqlite-ledger-queries.js'
import type { Caller } from '../../hub/src/domain/caller.js'
import type { Clock } from '../../hub/src/ports/clock.js'
import { seedCommunity, type SeededCommunity } from './hub-community-seed.js'
import { ingestRig, type IngestRig } from './hub-ingest-fixtures.js'

export interface IngestApp {
  readonly rig: IngestRig
  readonly community: SeededCommunity
  readonly app: FastifyInstance
  readonly queries: SqliteLedgerQueries
  caller: Caller | null
  /** Callers of the seeded community. */
  readonly admin: Caller
  readonly gridManager: Caller
  readonly gateStaff: Caller
  /** A resident of grid 0 and one of grid 1. */
  readonly ownGridPerson: string
  readonly otherGridPerson: string
}

function caller(accountId: string, role: Caller['role'], scope: Partial<Caller> = {}): Caller {
  return { accountId, displayName: accountId, role, gridId: null, checkpointEdgeId: null, landlordId: null, personId: null, ...scope }
}

/** The ledger, alert and live routes over a seeded community, in an app that is not listening. */
export function ingestApp(t: Test, options: { liveClock?: Clock; live?: Partial<LiveFeedOptions> } = {}): IngestApp {
  const rig = ingestRig(t)
  const community = seedCommunity(rig.database.connection, { households: 8, grids: 2 })
  const queries = new SqliteLedgerQueries(rig.database.connection, rig.statuses, rig.alerts)
  const gridOf = (personId: string) => queries.gridOfPerson(personId)
  const residents = [...community.residentIds]
  const ownGridPerson = residents.find((personId) => gridOf(personId) === community.gridIds[0])!
  const otherGridPerson = residents.find((personId) => gridOf(personId) === community.gridIds[1])!
  const app = buildHubApp({
    log: rig.log,
    authenticate: () => fixture.caller,
    routes: [
      ledgerRoutes({ queries, siteUtcOffsetMinutes: () => rig.ledger.siteUtcOffsetMinutes(), clock: rig.clock }),
      alertRoutes({ connection: rig.database.connection, alerts: rig.alerts, queries, liveFeed: rig.feed, clock: rig.clock }),
      liveRoutes({ feed: rig.feed, queries, alerts: rig.alerts, clock: options.liveClock ?? rig.clock, options: { ...DEFAULT_LIVE_FEED_OPTIONS, ...options.live } }),
    ],
  })
  const fixture: IngestApp = {
    rig,
    community,
    queries,
    caller: null,
    admin: caller(community.accounts.adminId, 'admin'),
    gridManager: caller(community.accounts.gridManagerIds[0]!, 'grid-manager', { gridId: community.gridIds[0]! }),
    gateStaff: caller(community.accounts.gateStaffId, 'gate-staff', { checkpointEdgeId: community.gateEdgeId }),
    ownGridPerson,
    otherGridPerson,
    app,
  }
  t.teardown(() => app.close())
  return fixture
}
