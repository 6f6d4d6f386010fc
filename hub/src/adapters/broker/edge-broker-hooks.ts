import type { AuthenticateError, Client, PublishPacket, Subscription } from 'aedes'
import { edgeClientId } from '../../../../edge/src/adapters/mqtt/edge-client-id.js'
import type { RefusalCounts } from '../../../../edge/src/services/refusal-counts.js'
import { checkEdgePublish, checkEdgeSubscribe, type BrokerRefusalReason } from '../../domain/broker/edge-topic-acl.js'
import type { EdgeMessageOutcome, EdgeMessageSink } from '../../ports/edge-message-sink.js'
import type { Logger } from '../../ports/logger.js'
import type { EdgePasswordVerifier } from '../sqlite/edge-credential-store.js'

/** CONNACK return codes, MQTT 3.1.1 §3.2.2.3. */
const IDENTIFIER_REJECTED = 2
const BAD_USERNAME_OR_PASSWORD = 4
const NOT_AUTHORIZED = 5

export interface BrokerRefusedError extends Error {
  readonly code: 'BROKER_REFUSED'
  readonly reason: BrokerRefusalReason
}

function refusal(reason: BrokerRefusalReason, returnCode?: number): BrokerRefusedError & AuthenticateError {
  return Object.assign(new Error(`refused: ${reason}`), { code: 'BROKER_REFUSED' as const, reason, returnCode: returnCode ?? NOT_AUTHORIZED })
}

export interface EdgeBrokerHooksDeps {
  readonly baseTopic: string
  readonly verifyEdgePassword: EdgePasswordVerifier
  readonly sink: EdgeMessageSink
  readonly refusals: RefusalCounts
  readonly log: Logger
}

/**
 * aedes' authentication and authorization hooks for edges. The edge id comes from the verified
 * credential (username = edge id), never from the client's topics; the client id must be the
 * edge's fixed id, so no edge can take over another's persistent session. Every edge publish the
 * ACL lets through goes to the sink BEFORE aedes acknowledges it (aedes writes the QoS 1 PUBACK
 * right after authorizePublish calls back); a sink failure refuses the publish, which closes the
 * connection without a PUBACK, so the edge sends the message again after reconnecting.
 */
export class EdgeBrokerHooks {
  readonly #deps: EdgeBrokerHooksDeps
  readonly #edgeOfClient = new WeakMap<Client, string>()
  /** The newest authenticated client of each edge, to drop when its credential is revoked. */
  readonly #clientOfEdge = new Map<string, Client>()

  constructor(deps: EdgeBrokerHooksDeps) {
    this.#deps = deps
  }

  get connectedEdgeIds(): string[] {
    return [...this.#clientOfEdge].filter(([, client]) => !client.closed).map(([edgeId]) => edgeId)
  }

  /** Closes the connection of `edgeId`, if it has one (its credential was revoked). */
  disconnectEdge(edgeId: string): boolean {
    const client = this.#clientOfEdge.get(edgeId)
    this.#clientOfEdge.delete(edgeId)
    if (client === undefined || client.closed) return false
    this.#deps.log.info({ edgeId }, 'credential revoked: edge disconnected')
    client.close()
    return true
  }

  forgetClient(client: Client): void {
    const edgeId = this.#edgeOfClient.get(client)
    if (edgeId !== undefined && this.#clientOfEdge.get(edgeId) === client) this.#clientOfEdge.delete(edgeId)
  }

  readonly authenticate = (
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: AuthenticateError | null, success: boolean | null) => void,
  ): void => {
    if (username === undefined || username === '') return done(this.#refuse('anonymous', { clientId: client.id }, NOT_AUTHORIZED), null)
    if (!this.#deps.verifyEdgePassword(username, password ?? Buffer.alloc(0))) {
      return done(this.#refuse('bad-credentials', { clientId: client.id, username: username.slice(0, 80) }, BAD_USERNAME_OR_PASSWORD), null)
    }
    if (client.id !== edgeClientId(username)) {
      return done(this.#refuse('client-id-mismatch', { clientId: client.id, edgeId: username }, IDENTIFIER_REJECTED), null)
    }
    this.#edgeOfClient.set(client, username)
    this.#clientOfEdge.set(username, client)
    done(null, true)
  }

  readonly authorizePublish = (client: Client | null, packet: PublishPacket, done: (error?: Error | null) => void): void => {
    const edgeId = client === null ? undefined : this.#edgeOfClient.get(client)
    if (edgeId === undefined) return done(this.#refuse('not-connected-as-edge', { topic: packet.topic.slice(0, 200) }))
    const decision = checkEdgePublish(this.#deps.baseTopic, edgeId, packet.topic, packet.retain)
    if (!decision.ok) return done(this.#refuse(decision.reason, { edgeId, topic: packet.topic.slice(0, 200), retain: packet.retain }))
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload)
    // The PUBACK leaves when `done` is called: only after the sink has the message durably.
    new Promise<EdgeMessageOutcome>((resolve) => resolve(this.#deps.sink.accept(edgeId, packet.topic, payload))).then(
      (outcome) => {
        if (outcome.status === 'rejected') this.#deps.log.debug({ edgeId, kind: decision.value, code: outcome.code }, 'edge message rejected by the sink')
        done(null)
      },
      (error: unknown) => done(this.#refuse('sink-failed', { edgeId, kind: decision.value, err: error })),
    )
  }

  readonly authorizeSubscribe = (client: Client, subscription: Subscription, done: (error: Error | null, subscription?: Subscription | null) => void): void => {
    const edgeId = this.#edgeOfClient.get(client)
    if (edgeId === undefined) {
      this.#refuse('not-connected-as-edge', { filter: subscription.topic.slice(0, 200) })
      return done(null, null)
    }
    const decision = checkEdgeSubscribe(this.#deps.baseTopic, edgeId, subscription.topic)
    if (!decision.ok) {
      this.#refuse(decision.reason, { edgeId, filter: subscription.topic.slice(0, 200) })
      return done(null, null)
    }
    done(null, subscription)
  }

  #refuse(reason: BrokerRefusalReason, detail: Record<string, unknown>, returnCode?: number): BrokerRefusedError & AuthenticateError {
    this.#deps.refusals.add(reason)
    if (reason === 'sink-failed') this.#deps.log.error({ reason, ...detail }, 'edge publish not acknowledged: the hub could not store it')
    else this.#deps.log.warn({ reason, ...detail }, 'broker refused an edge request')
    return refusal(reason, returnCode)
  }
}
