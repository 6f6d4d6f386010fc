import { Type, type TSchema } from '@sinclair/typebox'
import { identifier, printableText } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import type { PageRequest } from '../../sqlite/people/people-query.js'

/** `{ [name]: id }` path parameters. */
export function idParams<const K extends string>(name: K) {
  return Type.Object({ [name]: identifier(`Id of the ${name.replace(/Id$/, '')}.`) } as { [P in K]: ReturnType<typeof identifier> })
}

export const DEFAULT_PAGE_LIMIT = 50
export const MAX_PAGE_LIMIT = 200

/** Paging in a query string (buildHubApp converts integer query parameters from text). */
export const PageQueryFields = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_LIMIT, description: `Rows per page (default ${DEFAULT_PAGE_LIMIT}).` })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'Rows to skip (default 0).' })),
}

export function pageOf(query: { readonly limit?: number | undefined; readonly offset?: number | undefined }): PageRequest {
  return { limit: query.limit ?? DEFAULT_PAGE_LIMIT, offset: query.offset ?? 0 }
}

/** An instant in a query string, epoch milliseconds. */
export const epochMsQuery = (description: string) => Type.Optional(Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000, description }))

export function pageResponse<T extends TSchema>(item: T, description: string) {
  return Type.Object(
    { items: Type.Array(item), total: Type.Integer({ minimum: 0 }), limit: Type.Integer(), offset: Type.Integer() },
    { description },
  )
}

export const nullableString = () => Type.Union([Type.String(), Type.Null()])
export const nullableInteger = () => Type.Union([Type.Integer(), Type.Null()])

export const displayNameField = (description = 'Name as the community office writes it.') => printableText(64, description)

/** Search text: printable, up to 64 characters. */
export const searchText = (description: string) => Type.String({ minLength: 1, maxLength: 64, pattern: '^[^\\u0000-\\u001F\\u007F]*$', description })

export const idField = (description: string) => identifier(description)
export const nullableId = (description: string) => Type.Union([identifier(description), Type.Null()])

export const OkResponse = Type.Object({ ok: Type.Literal(true) }, { description: 'Done.' })
