import { Type, type Static } from '@sinclair/typebox'
import { accountView } from '../../../services/accounts/account-caller.js'
import type { AccountAdministration } from '../../../services/accounts/account-administration.js'
import type { HubRoutes } from '../build-hub-app.js'
import { requireCaller } from '../require-caller.js'
import { accountRefusal } from './account-refusal.js'
import { AccountViewSchema, DisplayNameSchema, HubRoleSchema, NewUsernameSchema } from './account-schemas.js'

export interface AccountRoutesDeps {
  readonly administration: AccountAdministration
}

const TAGS = ['accounts']
const ADMIN_ONLY = ['admin'] as const

const ScopeId = Type.String({ minLength: 1, maxLength: 64 })
const NullableScopeId = Type.Union([ScopeId, Type.Null()])
const AccountIdParams = Type.Object({ accountId: Type.String({ minLength: 1, maxLength: 64 }) })

const ListQuery = Type.Object(
  {
    role: Type.Optional(HubRoleSchema),
    search: Type.Optional(Type.String({ maxLength: 64, description: 'part of the username or display name' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
)

const CreateBody = Type.Object(
  {
    username: NewUsernameSchema,
    displayName: DisplayNameSchema,
    role: HubRoleSchema,
    gridId: Type.Optional(ScopeId),
    checkpointEdgeId: Type.Optional(ScopeId),
    landlordId: Type.Optional(ScopeId),
    personId: Type.Optional(ScopeId),
  },
  { additionalProperties: false, description: 'grid-manager needs gridId, gate-staff checkpointEdgeId, landlord landlordId, resident personId' },
)

const PatchBody = Type.Object(
  {
    displayName: Type.Optional(DisplayNameSchema),
    role: Type.Optional(HubRoleSchema),
    gridId: Type.Optional(NullableScopeId),
    checkpointEdgeId: Type.Optional(NullableScopeId),
    landlordId: Type.Optional(NullableScopeId),
    personId: Type.Optional(NullableScopeId),
    isDisabled: Type.Optional(Type.Boolean({ description: 'true ends every session of the account at once' })),
  },
  { additionalProperties: false, minProperties: 1 },
)

const TemporaryPassword = Type.String({ description: 'shown once; the account must change it at its first sign-in' })

/** Staff and resident accounts, for admins only (grid managers and others get 403). */
export function accountRoutes(deps: AccountRoutesDeps): HubRoutes {
  const { administration } = deps
  return (app) => {
    app.get<{ Querystring: Static<typeof ListQuery> }>(
      '/api/accounts',
      {
        schema: {
          tags: TAGS,
          summary: 'List accounts (admin)',
          querystring: ListQuery,
          response: { 200: Type.Object({ accounts: Type.Array(AccountViewSchema), total: Type.Integer() }) },
        },
      },
      async (request) => {
        requireCaller(request, ADMIN_ONLY)
        const { role, search, limit = 100, offset = 0 } = request.query
        const { accounts, total } = administration.list({ ...(role === undefined ? {} : { role }), ...(search === undefined ? {} : { search }), limit, offset })
        return { accounts: accounts.map(accountView), total }
      },
    )

    app.get<{ Params: Static<typeof AccountIdParams> }>(
      '/api/accounts/:accountId',
      { schema: { tags: TAGS, summary: 'One account (admin)', params: AccountIdParams, response: { 200: AccountViewSchema } } },
      async (request, reply) => {
        requireCaller(request, ADMIN_ONLY)
        const account = administration.get(request.params.accountId)
        if (account === null) throw accountRefusal(reply, { code: 'NOT_FOUND' })
        return accountView(account)
      },
    )

    app.post<{ Body: Static<typeof CreateBody> }>(
      '/api/accounts',
      {
        schema: {
          tags: TAGS,
          summary: 'Create an account with a one-time temporary password (admin)',
          body: CreateBody,
          response: { 201: Type.Object({ account: AccountViewSchema, temporaryPassword: TemporaryPassword }) },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request, ADMIN_ONLY)
        const outcome = await administration.create(caller, request.body)
        if (!outcome.ok) throw accountRefusal(reply, outcome)
        return reply.status(201).send({ account: accountView(outcome.account), temporaryPassword: outcome.temporaryPassword })
      },
    )

    app.patch<{ Params: Static<typeof AccountIdParams>; Body: Static<typeof PatchBody> }>(
      '/api/accounts/:accountId',
      {
        schema: {
          tags: TAGS,
          summary: "Change an account's name, role, scope or disable it (admin)",
          params: AccountIdParams,
          body: PatchBody,
          response: { 200: AccountViewSchema },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request, ADMIN_ONLY)
        const outcome = administration.update(caller, request.params.accountId, request.body)
        if (!outcome.ok) throw accountRefusal(reply, outcome)
        return accountView(outcome.account)
      },
    )

    app.post<{ Params: Static<typeof AccountIdParams> }>(
      '/api/accounts/:accountId/password-reset',
      {
        schema: {
          tags: TAGS,
          summary: "Reset an account's password to a one-time temporary one; ends its sessions and lifts a sign-in lock (admin)",
          params: AccountIdParams,
          response: { 200: Type.Object({ temporaryPassword: TemporaryPassword }) },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request, ADMIN_ONLY)
        const outcome = await administration.resetPassword(caller, request.params.accountId)
        if (!outcome.ok) throw accountRefusal(reply, outcome)
        return { temporaryPassword: outcome.temporaryPassword }
      },
    )
  }
}
