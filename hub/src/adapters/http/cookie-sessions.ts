import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Caller } from '../../domain/caller.js'
import { secretsEqual } from '../../domain/accounts/secret-token.js'
import type { Clock } from '../../ports/clock.js'
import { callerOfAccount } from '../../services/accounts/account-caller.js'
import type { ActiveSession, SignInService } from '../../services/accounts/sign-in-service.js'
import { HubHttpError } from './hub-http-error.js'
import { readCookie, sessionCookieHeader, sessionCookieName } from './session-cookie.js'

/** The header a cookie-authenticated unsafe request must carry, with the token sign-in and `GET /api/me` return. */
export const CSRF_HEADER = 'x-csrf-token'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Routes that need no CSRF token: signing in (or setting up) creates the session the token belongs to. */
const CSRF_EXEMPT_ROUTES = new Set(['POST /api/session', 'POST /api/setup'])

/** What a session that must change its password may still do; elsewhere it counts as signed out. */
const PASSWORD_CHANGE_ROUTES = new Set(['GET /api/me', 'POST /api/me/password', 'DELETE /api/session'])

export interface CookieSessionsDeps {
  readonly signIn: SignInService
  readonly clock: Clock
  /** Serve the cookie `Secure` (HTTPS); see session-cookie.ts for why plain HTTP needs false. */
  readonly isCookieSecure: boolean
}

export interface RequestSession {
  readonly token: string
  readonly active: ActiveSession
}

/**
 * Cookie sessions over HTTP: establishes the caller of a request from the session cookie,
 * enforces CSRF (synchronizer token derived from the session secret, sent back in
 * `X-CSRF-Token`) on every unsafe method, and sets or clears the cookie.
 */
export class CookieSessions {
  readonly #deps: CookieSessionsDeps
  readonly #sessions = new WeakMap<FastifyRequest, RequestSession>()

  constructor(deps: CookieSessionsDeps) {
    this.#deps = deps
  }

  /** buildHubApp's `authenticate`: the caller, null when anonymous; throws 403 CSRF_REQUIRED. */
  authenticate(request: FastifyRequest): Caller | null {
    const token = readCookie(request.headers.cookie, sessionCookieName(this.#deps.isCookieSecure))
    if (token === null) return null
    const active = this.#deps.signIn.activeSession(token)
    if (active === null) return null
    const route = `${request.method} ${request.routeOptions.url ?? ''}`
    if (!SAFE_METHODS.has(request.method) && !CSRF_EXEMPT_ROUTES.has(route)) {
      const sent = request.headers[CSRF_HEADER]
      if (typeof sent !== 'string' || !secretsEqual(sent, active.csrfToken)) {
        throw new HubHttpError(403, 'CSRF_REQUIRED', `a signed-in ${request.method} needs the ${CSRF_HEADER} header from sign-in or GET /api/me`)
      }
    }
    this.#sessions.set(request, { token, active })
    if (active.account.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(route)) return null
    return callerOfAccount(active.account)
  }

  /** The session `authenticate` found for this request (also one that must change its password). */
  sessionOf(request: FastifyRequest): RequestSession | null {
    return this.#sessions.get(request) ?? null
  }

  setCookie(reply: FastifyReply, token: string, expiresAtMs: number): void {
    const maxAgeSeconds = (expiresAtMs - this.#deps.clock.now()) / 1000
    reply.header('set-cookie', sessionCookieHeader(token, maxAgeSeconds, this.#deps.isCookieSecure))
  }

  clearCookie(reply: FastifyReply): void {
    reply.header('set-cookie', sessionCookieHeader('', 0, this.#deps.isCookieSecure))
  }
}

/** `buildHubApp({ authenticate: sessionAuthenticator(cookieSessions) })`. */
export function sessionAuthenticator(sessions: CookieSessions): (request: FastifyRequest) => Caller | null {
  return (request) => sessions.authenticate(request)
}
