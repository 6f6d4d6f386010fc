import type { FastifyInstance } from 'fastify'
import { systemClock } from '../../../edge/src/adapters/system-clock.js'
import { EdgeCredentialStore } from '../../../hub/src/adapters/sqlite/edge-credential-store.js'
import { createAccessRepositories } from '../../../hub/src/adapters/http/access/access-route-deps.js'
import { buildHubApp } from '../../../hub/src/adapters/http/build-hub-app.js'
import { accessRoutes } from '../../../hub/src/adapters/http/routes/access-routes.js'
import { enrollmentRoutes } from '../../../hub/src/adapters/http/routes/enrollment-routes.js'
import { peopleRoutes } from '../../../hub/src/adapters/http/routes/people-routes.js'
import { createPeopleRepositories } from '../../../hub/src/adapters/sqlite/people/people-repositories.js'
import { SqliteEdgeEnrollmentStore } from '../../../hub/src/adapters/sqlite/sqlite-edge-enrollment-store.js'
import type { HubDatabase } from '../../../hub/src/adapters/sqlite/open-hub-database.js'
import type { Caller } from '../../../hub/src/domain/caller.js'
import type { Logger } from '../../../hub/src/ports/logger.js'
import { EdgeEnrollment } from '../../../hub/src/services/enrollment/edge-enrollment.js'

type Json = Record<string, unknown>

/**
 * Who seeds the demo community, as the audit log names it. No account row stands behind it: the
 * demo must leave the hub without any admin, so that the newcomer creates the first one with the
 * one-time setup token the hub prints (FirstAdminSetup).
 */
export const SEED_CALLER: Caller = {
  accountId: 'demo-seed',
  displayName: 'npm start: demo community seed',
  role: 'admin',
  gridId: null,
  checkpointEdgeId: null,
  landlordId: null,
  personId: null,
}

/**
 * Where the hub will be, for the enrollment tokens issued before it runs: the token's printed
 * command and the check of the wiring against a draft config. The edge gets the running hub's
 * own answers when it trades the token.
 */
export interface HubEndpoints {
  readonly httpUrl: string
  readonly mqttUrl: string
  readonly publicKeyBase64: string
}

/** A seeding request the hub refused: the demo data no longer fits the hub's rules. */
export class SeedRefusedError extends Error {
  readonly code = 'SEED_REFUSED'
}

/**
 * The hub's own HTTP routes for the community model and enrollment, built in-process on the hub's
 * SQLite file before the hub process starts, and called with inject() as `SEED_CALLER`. Why this
 * way and not SQL or the running hub's API: the routes hold the validation (schemas, phone and ID
 * number checks, scope rules) and write the audit row inside each change's transaction, so the
 * seeded community is exactly what an admin could have typed in; and the running hub's API would
 * need an admin session, which the demo must not create. The hub recompiles every edge's policy
 * when it starts, so no policy listener is needed here.
 */
export class SeedingApi {
  readonly #database: HubDatabase
  readonly #log: Logger
  readonly #hub: HubEndpoints
  #app: FastifyInstance | null = null

  constructor(database: HubDatabase, log: Logger, hub: HubEndpoints) {
    this.#database = database
    this.#log = log
    this.#hub = hub
  }

  async start(): Promise<void> {
    const connection = this.#database.connection
    const deps = { clock: systemClock, policyChanges: { modelChanged: () => undefined }, log: this.#log }
    const credentials = new EdgeCredentialStore(connection)
    const enrollment = new EdgeEnrollment(
      { mqttUrls: [this.#hub.mqttUrl], hubHttpUrl: this.#hub.httpUrl, baseTopic: 'gatehouse', hubPublicKeyBase64: this.#hub.publicKeyBase64, caPem: null },
      { store: new SqliteEdgeEnrollmentStore(connection, credentials, null), clock: systemClock, log: this.#log, announceRevoked: () => undefined },
    )
    const app = buildHubApp({
      log: this.#log,
      authenticate: () => SEED_CALLER,
      routes: [
        ...peopleRoutes({ ...deps, repositories: createPeopleRepositories(connection) }),
        ...accessRoutes({ ...deps, repositories: createAccessRepositories(connection) }),
        enrollmentRoutes(enrollment),
      ],
    })
    await app.ready()
    this.#app = app
  }

  async stop(): Promise<void> {
    await this.#app?.close()
    this.#app = null
  }

  /** A request that must succeed (2xx); returns the JSON answer. */
  async call<T = Json>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown): Promise<T> {
    if (this.#app === null) throw new Error('the seeding API is not started')
    const reply = await this.#app.inject({ method, url, ...(body !== undefined && { payload: body as Json }) })
    if (reply.statusCode < 200 || reply.statusCode >= 300) {
      throw new SeedRefusedError(`${method} ${url} answered ${reply.statusCode}: ${reply.body}`)
    }
    return (reply.body === '' ? null : reply.json()) as T
  }
}
