import { Type, type Static } from '@sinclair/typebox'
import type { ServerResponse } from 'node:http'
import { alertView } from '../../../domain/ledger/alert-view.js'
import { LEDGER_ROLES, eventView, ledgerEdgeScopeOf, maySeeLedgerOf, personVisibilityFor } from '../../../domain/ledger/ledger-event-view.js'
import type { Caller } from '../../../domain/caller.js'
import type { AlertStore } from '../../../ports/alert-store.js'
import type { Clock, TimerHandle } from '../../../ports/clock.js'
import type { LedgerQueries } from '../../../ports/ledger-queries.js'
import type { LiveFeed, LiveItem } from '../../../services/live-feed.js'
import type { HubRoutes } from '../build-hub-app.js'
import { requireCaller } from '../require-caller.js'

export interface LiveFeedOptions {
  /** A comment line this often keeps proxies and the browser from closing an idle stream. */
  readonly heartbeatMs: number
  /** A client with more than this many bytes not yet taken by its socket is too slow: dropped (SLOW_CLIENT). */
  readonly maxBufferedBytes: number
  /** At most this many events and alerts are replayed on resume; further behind, the client is told to reload. */
  readonly maxResumeItems: number
  /** The browser's reconnect delay (SSE `retry:`). */
  readonly retryMs: number
}

export const DEFAULT_LIVE_FEED_OPTIONS: LiveFeedOptions = { heartbeatMs: 15_000, maxBufferedBytes: 256 * 1024, maxResumeItems: 1_000, retryMs: 3_000 }

export interface LiveRoutesDeps {
  readonly feed: LiveFeed
  readonly queries: Pick<LedgerQueries, 'eventsAfter' | 'gridOfPerson' | 'personNameOf' | 'feedCursor'>
  readonly alerts: Pick<AlertStore, 'raisedAfter'>
  readonly clock: Clock
  readonly options: LiveFeedOptions
}

const LiveQuery = Type.Object(
  { lastEventId: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}-[0-9]{1,15}$', description: 'for clients that cannot send the Last-Event-ID header' })) },
  { additionalProperties: false },
)

interface Cursor {
  eventSeq: number
  alertSeq: number
}

/** SSE ids are `<last access event feedSeq>-<last alert seq>`, so one id resumes both streams. */
function parseCursor(text: string | undefined): Cursor | null {
  const match = /^([0-9]{1,15})-([0-9]{1,15})$/.exec(text ?? '')
  return match === null ? null : { eventSeq: Number(match[1]), alertSeq: Number(match[2]) }
}

/**
 * GET /api/live: Server-Sent Events for dashboards (story 6) — `access` (every attempt, as the
 * caller may see it), `alert` (raised, repeated, cleared, acknowledged) and `status` (an edge
 * online or offline). Gate staff get their checkpoint only; grid managers every door with other
 * grids' people masked. Resumes from the ledger after Last-Event-ID. A client that cannot keep
 * up is dropped (counted), never buffered without bound.
 */
export function liveRoutes(deps: LiveRoutesDeps): HubRoutes {
  return (app) => {
    const open = new Set<LiveConnection>()
    // A stream never ends by itself: closing the app would wait for every dashboard to leave.
    app.addHook('preClose', (done) => {
      for (const connection of open) connection.end()
      done()
    })
    app.get<{ Querystring: Static<typeof LiveQuery> }>(
      '/api/live',
      {
        schema: {
          tags: ['ledger'],
          summary: 'Live feed (text/event-stream): access events, alerts and checkpoint status; resumes after Last-Event-ID',
          querystring: LiveQuery,
          response: {
            200: Type.String({
              description:
                'text/event-stream. Events: ready, access (an access event), alert ({change, alert}), status (an edge online/offline), reset (too far behind: reload). Ids are "<eventSeq>-<alertSeq>".',
            }),
          },
        },
      },
      (request, reply) => {
        const caller = requireCaller(request, LEDGER_ROLES)
        const header = request.headers['last-event-id']
        const resumeFrom = parseCursor(typeof header === 'string' ? header : request.query.lastEventId)
        reply.hijack()
        const raw = reply.raw
        const headers = Object.entries(reply.getHeaders()).filter((entry): entry is [string, string | number | string[]] => entry[1] !== undefined)
        raw.writeHead(200, {
          ...Object.fromEntries(headers),
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        })
        const connection = new LiveConnection(caller, raw, deps, () => open.delete(connection))
        open.add(connection)
        connection.start(resumeFrom)
      },
    )
  }
}

class LiveConnection {
  readonly #caller: Caller
  readonly #raw: ServerResponse
  readonly #deps: LiveRoutesDeps
  readonly #onClosed: () => void
  readonly #isVisible: (personId: string | null) => boolean
  #cursor: Cursor = { eventSeq: 0, alertSeq: 0 }
  #heartbeat: TimerHandle | undefined
  #unsubscribe: (() => void) | undefined
  #isClosed = false

  constructor(caller: Caller, raw: ServerResponse, deps: LiveRoutesDeps, onClosed: () => void) {
    this.#caller = caller
    this.#raw = raw
    this.#deps = deps
    this.#onClosed = onClosed
    this.#isVisible = personVisibilityFor(caller, (personId) => deps.queries.gridOfPerson(personId))
  }

  start(resumeFrom: Cursor | null): void {
    this.#raw.on('close', () => this.#close())
    this.#write(`retry: ${this.#deps.options.retryMs}\n\n`)
    // Subscribing and reading the ledger in one synchronous step: nothing is published in between.
    this.#unsubscribe = this.#deps.feed.subscribe((item) => this.#onItem(item))
    this.#cursor = resumeFrom ?? { ...this.#deps.queries.feedCursor() }
    if (resumeFrom !== null) this.#replay(resumeFrom)
    this.#send('ready', { role: this.#caller.role, edgeId: ledgerEdgeScopeOf(this.#caller) }, true)
    this.#scheduleHeartbeat()
  }

  #replay(from: Cursor): void {
    const { queries, alerts, options } = this.#deps
    const events = queries.eventsAfter(from.eventSeq, options.maxResumeItems + 1, ledgerEdgeScopeOf(this.#caller))
    const raised = alerts.raisedAfter(from.alertSeq, options.maxResumeItems + 1)
    if (events.length > options.maxResumeItems || raised.length > options.maxResumeItems) {
      // Too far behind to replay: start again from now and let the page reload its lists.
      this.#cursor = { ...queries.feedCursor() }
      this.#send('reset', { reason: 'too far behind; reload the lists' }, true)
      return
    }
    for (const record of events) this.#onItem({ kind: 'access', record })
    for (const alert of raised) this.#onItem({ kind: 'alert', change: { change: 'raised', alert } })
  }

  #onItem(item: LiveItem): void {
    switch (item.kind) {
      case 'access': {
        const { record } = item
        if (record.feedSeq <= this.#cursor.eventSeq) return
        this.#cursor.eventSeq = record.feedSeq
        if (maySeeLedgerOf(this.#caller, record.edgeId)) this.#send('access', eventView(record, this.#isVisible(record.personId), this.#nameOf(record.personId)), true)
        return
      }
      case 'alert': {
        const { change } = item
        const isNew = change.change === 'raised' && change.alert.seq > this.#cursor.alertSeq
        if (isNew) this.#cursor.alertSeq = change.alert.seq
        else if (change.change === 'raised') return
        if (maySeeLedgerOf(this.#caller, change.alert.edgeId)) {
          const alert = alertView(change.alert, this.#isVisible(change.alert.personId), this.#nameOf(change.alert.personId))
          this.#send('alert', { change: change.change, alert }, isNew)
        }
        return
      }
      case 'status':
        if (maySeeLedgerOf(this.#caller, item.edgeId)) this.#send('status', { ...item, at: new Date(item.atMs).toISOString() }, false)
    }
  }

  /** Read at each event (not remembered): a stream lives for days and people are renamed. */
  #nameOf(personId: string | null): string | null {
    return personId === null ? null : this.#deps.queries.personNameOf(personId)
  }

  #send(event: string, data: unknown, withId: boolean): void {
    const id = withId ? `id: ${this.#cursor.eventSeq}-${this.#cursor.alertSeq}\n` : ''
    this.#write(`${id}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  }

  #write(frame: string): void {
    if (this.#isClosed) return
    if (this.#raw.writableLength > this.#deps.options.maxBufferedBytes) {
      this.#deps.feed.countDrop('SLOW_CLIENT')
      this.#raw.destroy()
      this.#close()
      return
    }
    this.#raw.write(frame)
  }

  #scheduleHeartbeat(): void {
    this.#heartbeat = this.#deps.clock.setTimeout(() => {
      this.#write(': heartbeat\n\n')
      if (!this.#isClosed) this.#scheduleHeartbeat()
    }, this.#deps.options.heartbeatMs)
  }

  /** The hub is stopping: ends the stream (the browser's EventSource reconnects to the hub when it is back). */
  end(): void {
    this.#close()
    this.#raw.end()
  }

  #close(): void {
    if (this.#isClosed) return
    this.#isClosed = true
    this.#unsubscribe?.()
    if (this.#heartbeat !== undefined) this.#deps.clock.clearTimeout(this.#heartbeat)
    this.#onClosed()
  }
}
