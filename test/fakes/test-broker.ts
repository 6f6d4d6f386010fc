import { EventEmitter } from 'node:events'
import { timingSafeEqual } from 'node:crypto'
import net from 'node:net'
import tls from 'node:tls'
import type { Aedes, AuthenticateError, Client, PublishPacket } from 'aedes'
import { TOPIC_KINDS, edgeNamespaceFilter, isFilterCoveredBy, matchTopic } from '../../protocol/mqtt/topics.js'
import { edgeClientId } from '../../edge/src/adapters/mqtt/edge-client-id.js'

export interface TestBrokerEdge {
  readonly edgeId: string
  readonly username: string
  readonly password: string
}

/** A publish the broker accepted (authorized), in the order it accepted them. */
export interface AcceptedPublish {
  readonly topic: string
  readonly payload: Buffer
  readonly isRetained: boolean
  readonly clientId: string
}

interface TestBrokerEvents {
  accepted: [publish: AcceptedPublish]
  authRefused: [username: string]
  held: [count: number]
}

/** Serve MQTT over TLS with this key and certificate (and require client certificates signed by `ca`, if given). */
export interface TestBrokerTls {
  readonly key: Buffer
  readonly cert: Buffer
  readonly clientCa?: Buffer
}

/** aedes CONNACK return code 4 (MQTT 3.1.1 §3.2.2.3): bad user name or password. */
const BAD_USERNAME_OR_PASSWORD = 4
/** Return code 2: identifier rejected. */
const IDENTIFIER_REJECTED = 2

function authError(message: string, returnCode: number): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError
}

/**
 * A real aedes broker on a loopback port with the contract's ACL: a password per edge, the client
 * id bound to the credential, publishes limited to the edge's own kinds and retain flags,
 * subscriptions limited to its namespace. It records every publish it accepts, can hold
 * publishes back (no PUBACK until released), and can be stopped and started again on the same
 * port to play a hub outage.
 */
export class TestBroker extends EventEmitter<TestBrokerEvents> {
  readonly accepted: AcceptedPublish[] = []
  readonly refusedPublishes: string[] = []
  readonly refusedSubscriptions: string[] = []
  readonly authRefusals: string[] = []
  /** Publishes for which this returns true are not authorized (so not acknowledged) until `releaseHeld()`. */
  holdWhen: ((topic: string, payload: Buffer) => boolean) | undefined
  readonly #baseTopic: string
  readonly #edges: readonly TestBrokerEdge[]
  readonly #tls: TestBrokerTls | undefined
  readonly #edgeOfClient = new WeakMap<Client, string>()
  readonly #sockets = new Set<net.Socket>()
  #held: Array<() => void> = []
  #broker: Aedes | undefined
  #server: net.Server | undefined
  #port = 0

  constructor(baseTopic: string, edges: readonly TestBrokerEdge[], tlsOptions?: TestBrokerTls) {
    super()
    this.#baseTopic = baseTopic
    this.#edges = edges
    this.#tls = tlsOptions
  }

  get port(): number {
    return this.#port
  }

  get url(): string {
    return `${this.#tls === undefined ? 'mqtt' : 'mqtts'}://127.0.0.1:${this.#port}`
  }

  get heldCount(): number {
    return this.#held.length
  }

  get isRunning(): boolean {
    return this.#broker !== undefined
  }

  /** Starts on `port`, or on the port of the previous run, or on a free one. */
  async start(port = this.#port): Promise<void> {
    const { Aedes } = await import('aedes')
    const broker = await Aedes.createBroker({
      authenticate: (client, username, password, done) => this.#authenticate(client, username, password, done),
      authorizePublish: (client, packet, done) => this.#authorizePublish(client, packet, done),
      authorizeSubscribe: (client, subscription, done) => {
        const edgeId = this.#edgeOfClient.get(client)
        const isAllowed = edgeId !== undefined && isFilterCoveredBy(subscription.topic, edgeNamespaceFilter(this.#baseTopic, edgeId))
        if (!isAllowed) this.refusedSubscriptions.push(subscription.topic)
        done(null, isAllowed ? subscription : null)
      },
    })
    const onSocket = (socket: net.Socket) => {
      this.#sockets.add(socket)
      socket.on('close', () => this.#sockets.delete(socket))
      broker.handle(socket)
    }
    const options = this.#tls
    const server =
      options === undefined
        ? net.createServer(onSocket)
        : tls.createServer(
            { key: options.key, cert: options.cert, ca: options.clientCa, requestCert: options.clientCa !== undefined, rejectUnauthorized: true },
            onSocket,
          )
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
    const address = server.address()
    this.#port = typeof address === 'object' && address !== null ? address.port : port
    this.#broker = broker
    this.#server = server
  }

  /** Closes the broker and every connection at once, like a hub that lost power. Held publishes are never acknowledged. */
  async stop(): Promise<void> {
    const broker = this.#broker
    const server = this.#server
    this.#broker = undefined
    this.#server = undefined
    this.#held = []
    if (broker === undefined || server === undefined) return
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    for (const socket of this.#sockets) socket.destroy()
    await new Promise<void>((resolve) => broker.close(() => resolve()))
    await closed
  }

  /** Resolves with the client id of the next client the broker lets go (after its will, if any, was handled). */
  nextClientDisconnect(timeoutMs = 5_000): Promise<string> {
    const broker = this.#broker
    if (broker === undefined) return Promise.reject(new Error('the test broker is not running'))
    return new Promise((resolve, reject) => {
      const onDisconnect = (client: Client) => {
        clearTimeout(timer)
        resolve(client.id)
      }
      const timer = setTimeout(() => {
        broker.off('clientDisconnect', onDisconnect)
        reject(new Error(`timed out after ${timeoutMs} ms waiting for a client to disconnect`))
      }, timeoutMs)
      broker.once('clientDisconnect', onDisconnect)
    })
  }

  releaseHeld(): void {
    const held = this.#held
    this.#held = []
    for (const release of held) release()
  }

  /** Publishes as the hub does, from inside the broker (no ACL). */
  async publishAsHub(topic: string, payload: Buffer, options: { retain: boolean }): Promise<void> {
    const broker = this.#broker
    if (broker === undefined) throw new Error('the test broker is not running')
    await new Promise<void>((resolve, reject) =>
      broker.publish({ cmd: 'publish', topic, payload, qos: 1, retain: options.retain, dup: false }, (error) => (error ? reject(error) : resolve())),
    )
  }

  /** Resolves with the first non-undefined result of `probe` over the accepted publishes, checked on every new one. */
  waitFor<T>(what: string, probe: (accepted: readonly AcceptedPublish[]) => T | undefined, timeoutMs = 5_000): Promise<T> {
    return this.#waitUntil('accepted', what, () => probe(this.accepted), timeoutMs)
  }

  /** Resolves once the broker has refused `count` connections for their credential. */
  waitForAuthRefusals(count: number, timeoutMs = 5_000): Promise<void> {
    return this.#waitUntil('authRefused', `${count} refused connections`, () => (this.authRefusals.length >= count ? true : undefined), timeoutMs).then(() => undefined)
  }

  /** Resolves once at least `count` publishes are being held back. */
  waitForHeld(count: number, timeoutMs = 5_000): Promise<void> {
    return this.#waitUntil('held', `${count} held publishes`, () => (this.#held.length >= count ? true : undefined), timeoutMs).then(() => undefined)
  }

  /** Publishes accepted on one topic, parsed as JSON. */
  messagesOn(topic: string): unknown[] {
    return this.accepted.filter((publish) => publish.topic === topic).map((publish) => JSON.parse(publish.payload.toString('utf8')) as unknown)
  }

  /** Checks `probe` now and on every `event`; resolves with its first non-undefined result, rejects after `timeoutMs`. */
  #waitUntil<T>(event: keyof TestBrokerEvents, what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const result = probe()
        if (result === undefined) return
        cleanup()
        resolve(result)
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))
      }, timeoutMs)
      const cleanup = () => {
        clearTimeout(timer)
        this.off(event, check)
      }
      this.on(event, check)
      check()
    })
  }

  #authenticate(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: AuthenticateError | null, success: boolean | null) => void,
  ): void {
    const edge = this.#edges.find((candidate) => candidate.username === username)
    const expected = Buffer.from(edge?.password ?? '', 'utf8')
    const given = password ?? Buffer.alloc(0)
    if (edge === undefined || expected.length !== given.length || !timingSafeEqual(expected, given)) {
      this.authRefusals.push(username ?? '')
      this.emit('authRefused', username ?? '')
      return done(authError('bad user name or password', BAD_USERNAME_OR_PASSWORD), null)
    }
    if (client.id !== edgeClientId(edge.edgeId)) return done(authError('client id does not match the credential', IDENTIFIER_REJECTED), null)
    this.#edgeOfClient.set(client, edge.edgeId)
    done(null, true)
  }

  #authorizePublish(client: Client | null, packet: PublishPacket, done: (error?: Error | null) => void): void {
    const edgeId = client === null ? undefined : this.#edgeOfClient.get(client)
    const matched = matchTopic(this.#baseTopic, packet.topic)
    const spec = matched === null ? undefined : TOPIC_KINDS[matched.kind]
    const isAllowed = client !== null && matched?.edgeId === edgeId && spec?.publisher === 'edge' && spec.retain === packet.retain
    if (!isAllowed) {
      this.refusedPublishes.push(packet.topic)
      return done(new Error('not authorized'))
    }
    const payload = Buffer.from(packet.payload)
    const accept = () => {
      const publish = { topic: packet.topic, payload, isRetained: packet.retain, clientId: client.id }
      this.accepted.push(publish)
      this.emit('accepted', publish)
      done(null)
    }
    if (this.holdWhen?.(packet.topic, payload) !== true) return accept()
    this.#held.push(accept)
    this.emit('held', this.#held.length)
  }
}
