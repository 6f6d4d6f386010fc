import { Type, type TSchema } from '@sinclair/typebox'
import { identifier, printableText } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import type { PageRequest } from '../../sqlite/people/people-query.js'

/** `{ [name]: id }` path parameters. */
export function idParams<const K extends string>(name: K) {
  return Type.Object({ [name]: identifier(`Id of the ${name.replace(/Id$/, '')}.`) } as { [P in K]: ReturnType<typeof identifier> })
}

export const DEFAULT_PAGE_LIMIT = 50
export const MAX_PAGE_LIMIT = 200

/** Paging in a query string (strings: the app does not coerce query types). */
export const PageQueryFields = {
  limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: `Rows per page, 1–${MAX_PAGE_LIMIT} (default ${DEFAULT_PAGE_LIMIT}).` })),
  offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$', description: 'Rows to skip (default 0).' })),
}

export function pageOf(query: { readonly limit?: string | undefined; readonly offset?: string | undefined }): PageRequest {
  return {
    limit: Math.min(MAX_PAGE_LIMIT, query.limit === undefined ? DEFAULT_PAGE_LIMIT : Number(query.limit)),
    offset: query.offset === undefined ? 0 : Number(query.offset),
  }
}

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
