import { Type, type Static } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { accountView } from '../../../services/accounts/account-caller.js'
import type { FirstAdminSetup } from '../../../services/accounts/first-admin-setup.js'
import type { ActiveSession, SignInService } from '../../../services/accounts/sign-in-service.js'
import type { HubRoutes } from '../build-hub-app.js'
import type { CookieSessions } from '../cookie-sessions.js'
import { HubHttpError } from '../hub-http-error.js'
import { accountRefusal } from './account-refusal.js'
import {
  AccountViewSchema,
  DisplayNameSchema,
  NewPasswordSchema,
  NewUsernameSchema,
  NoContentSchema,
  SessionViewSchema,
  TypedPasswordSchema,
} from './account-schemas.js'

export interface SessionRoutesDeps {
  readonly signIn: SignInService
  readonly cookies: CookieSessions
  readonly setup: FirstAdminSetup
}

const TAGS = ['session']

const SignInBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: TypedPasswordSchema }, { additionalProperties: false })
const SetupBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }), username: NewUsernameSchema, displayName: DisplayNameSchema, password: NewPasswordSchema },
  { additionalProperties: false },
)
const PasswordChangeBody = Type.Object({ currentPassword: TypedPasswordSchema, newPassword: NewPasswordSchema }, { additionalProperties: false })

function sessionView(session: ActiveSession) {
  return { account: accountView(session.account), csrfToken: session.csrfToken, expiresAtMs: session.expiresAtMs }
}

function currentSession(cookies: CookieSessions, request: FastifyRequest): { token: string; active: ActiveSession } {
  const session = cookies.sessionOf(request)
  if (session === null) throw new HubHttpError(401, 'SIGN_IN_REQUIRED', 'sign in first')
  return session
}

/**
 * Sign-in and the signed-in account's own routes: first-admin setup, sign in / out, who am I,
 * change my password. Sign-in and setup are anonymous; the rest use the session cookie (a
 * session that must change its password may use exactly these).
 */
export function sessionRoutes(deps: SessionRoutesDeps): HubRoutes {
  return (app) => {
    app.get(
      '/api/setup',
      { schema: { tags: TAGS, summary: 'Whether the first admin still has to be created', security: [], response: { 200: Type.Object({ isSetUp: Type.Boolean() }) } } },
      async () => ({ isSetUp: deps.setup.isSetUp() }),
    )

    app.post<{ Body: Static<typeof SetupBody> }>(
      '/api/setup',
      {
        schema: {
          tags: TAGS,
          summary: 'Create the first admin with the one-time setup token printed at first start',
          security: [],
          body: SetupBody,
          response: { 201: Type.Object({ account: AccountViewSchema }) },
        },
      },
      async (request, reply) => {
        const outcome = await deps.setup.createFirstAdmin({ ...request.body, ip: request.ip })
        if (!outcome.ok) throw accountRefusal(reply, outcome)
        return reply.status(201).send({ account: accountView(outcome.account) })
      },
    )

    app.post<{ Body: Static<typeof SignInBody> }>(
      '/api/session',
      { schema: { tags: TAGS, summary: 'Sign in with username and password; sets the session cookie', security: [], body: SignInBody, response: { 200: SessionViewSchema } } },
      async (request, reply) => {
        const outcome = await deps.signIn.signIn({ ...request.body, ip: request.ip })
        if (!outcome.ok) throw accountRefusal(reply, outcome)
        deps.cookies.setCookie(reply, outcome.sessionToken, outcome.session.expiresAtMs)
        return sessionView(outcome.session)
      },
    )

    app.delete(
      '/api/session',
      { schema: { tags: TAGS, summary: 'Sign out: ends this session and clears the cookie', response: { 204: NoContentSchema } } },
      async (request, reply: FastifyReply) => {
        const session = deps.cookies.sessionOf(request)
        if (session !== null) deps.signIn.signOut(session.token)
        deps.cookies.clearCookie(reply)
        return reply.status(204).send()
      },
    )

    app.get(
      '/api/me',
      { schema: { tags: TAGS, summary: 'The signed-in account, its CSRF token and when the session ends', response: { 200: SessionViewSchema } } },
      async (request) => sessionView(currentSession(deps.cookies, request).active),
    )

    app.post<{ Body: Static<typeof PasswordChangeBody> }>(
      '/api/me/password',
      {
        schema: {
          tags: TAGS,
          summary: 'Change my password (needs the current one); ends my other sessions',
          body: PasswordChangeBody,
          response: { 204: NoContentSchema },
        },
      },
      async (request, reply) => {
        const { active } = currentSession(deps.cookies, request)
        const outcome = await deps.signIn.changePassword(active, { ...request.body, ip: request.ip })
        if (!outcome.ok) throw accountRefusal(reply, outcome)
        return reply.status(204).send()
      },
    )
  }
}
