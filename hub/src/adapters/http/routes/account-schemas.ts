import { Type } from '@sinclair/typebox'
import { HUB_ROLES } from '../../../domain/caller.js'
import { MAX_PASSWORD_LENGTH } from '../../../domain/accounts/password-policy.js'

const NullableId = Type.Union([Type.String(), Type.Null()])

export const HubRoleSchema = Type.Union(HUB_ROLES.map((role) => Type.Literal(role)))

/** New usernames: ASCII letters, digits and . _ @ - (case-insensitive), 3 to 64 characters. */
export const NewUsernameSchema = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$', description: 'letters, digits, . _ @ -; 3 to 64; case-insensitive' })
export const DisplayNameSchema = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' })
/** What sign-in accepts (the policy applies when a password is set, not when one is typed). */
export const TypedPasswordSchema = Type.String({ minLength: 1, maxLength: 1024 })
export const NewPasswordSchema = Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH, description: 'at least 10 characters, not the username' })

export const AccountViewSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: HubRoleSchema,
  gridId: NullableId,
  checkpointEdgeId: NullableId,
  landlordId: NullableId,
  personId: NullableId,
  isDisabled: Type.Boolean(),
  mustChangePassword: Type.Boolean({ description: 'true after an admin reset: only GET /api/me and POST /api/me/password work until it is changed' }),
  hasPassword: Type.Boolean(),
  createdAtMs: Type.Integer(),
  passwordChangedAtMs: Type.Union([Type.Integer(), Type.Null()]),
})

export const SessionViewSchema = Type.Object({
  account: AccountViewSchema,
  csrfToken: Type.String({ description: 'send it as X-CSRF-Token on every POST, PUT, PATCH and DELETE' }),
  expiresAtMs: Type.Integer({ description: 'the session ends at the latest then (sooner when idle)' }),
})

export const NoContentSchema = Type.Null({ description: 'done' })
