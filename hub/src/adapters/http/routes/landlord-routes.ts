import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Caller } from '../../../domain/caller.js'
import { maskLandlordData } from '../../../domain/people/people-scope.js'
import { newId } from '../../../domain/new-id.js'
import type { LandlordRecord } from '../../sqlite/people/landlord-repository.js'
import type { HubRoutes } from '../build-hub-app.js'
import { commitPeopleChange } from '../people/commit-people-change.js'
import { clash, missing, outOfScope } from '../people/people-errors.js'
import type { PeopleRouteDeps } from '../people/people-route-deps.js'
import { displayNameField, idParams, nullableId, nullableString, OkResponse, PageQueryFields, pageOf, pageResponse, searchText } from '../people/people-schemas.js'
import { checkedPersonalData, maskedContact } from '../people/personal-data-input.js'
import { requireCaller } from '../require-caller.js'

const LandlordSchema = Type.Object(
  {
    id: Type.String(),
    displayName: Type.String(),
    phone: Type.Union([Type.String(), Type.Null()], { description: 'Full for grid managers and the landlord; masked for the admin.' }),
    idNumber: Type.Union([Type.String(), Type.Null()], { description: 'Always masked.' }),
    personId: nullableString(),
    activeTenantCount: Type.Integer(),
    pendingTenantCount: Type.Integer(),
    createdAtMs: Type.Integer(),
  },
  { additionalProperties: false },
)
const LandlordQuery = Type.Object({ name: Type.Optional(searchText('Name containing this text.')), ...PageQueryFields }, { additionalProperties: false })
const contactText = (description: string) => Type.Union([Type.String({ minLength: 1, maxLength: 32, description }), Type.Null()])
const NewLandlordBody = Type.Object(
  {
    displayName: displayNameField(),
    phone: Type.Optional(contactText('Mobile or landline.')),
    idNumber: Type.Optional(contactText('Resident ID number (checked).')),
    personId: Type.Optional(nullableId('Their own person record, when they live in the community.')),
  },
  { additionalProperties: false },
)
const EditLandlordBody = Type.Partial(NewLandlordBody, { additionalProperties: false, minProperties: 1 })
const LandlordParams = idParams('landlordId')

/** Landlords (房东): registered by the admin or grid staff; a landlord reads their own record. */
export function landlordRoutes(deps: PeopleRouteDeps): HubRoutes {
  const { landlords, persons } = deps.repositories
  const visible = (caller: Caller, landlord: LandlordRecord): LandlordRecord => {
    const view = maskLandlordData(caller, landlord)
    if (view === null) throw outOfScope('this landlord is outside your scope')
    return view
  }
  const existing = (landlordId: string): LandlordRecord => {
    const landlord = landlords.get(landlordId)
    if (landlord === null) throw missing('LANDLORD_NOT_FOUND', `no landlord ${landlordId}`)
    return landlord
  }
  const requirePerson = (personId: string | null | undefined) => {
    if (typeof personId === 'string' && persons.get(personId) === null) throw missing('PERSON_NOT_FOUND', `no person ${personId}`)
  }

  return (app: FastifyInstance) => {
    app.get<{ Querystring: Static<typeof LandlordQuery> }>(
      '/api/landlords',
      { schema: { tags: ['tenants'], summary: 'Landlords (a landlord sees their own)', querystring: LandlordQuery, response: { 200: pageResponse(LandlordSchema, 'One page of landlords.') } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'landlord'])
        const page = pageOf(request.query)
        const landlordId = caller.role === 'landlord' ? (caller.landlordId ?? 'no-landlord') : undefined
        const found = landlords.list({ name: request.query.name, landlordId }, page)
        return { items: found.items.map((landlord) => visible(caller, landlord)), total: found.total, ...page }
      },
    )

    app.get<{ Params: Static<typeof LandlordParams> }>(
      '/api/landlords/:landlordId',
      { schema: { tags: ['tenants'], summary: 'One landlord', params: LandlordParams, response: { 200: LandlordSchema } } },
      async (request) => visible(requireCaller(request, ['admin', 'grid-manager', 'landlord']), existing(request.params.landlordId)),
    )

    app.post<{ Body: Static<typeof NewLandlordBody> }>(
      '/api/landlords',
      { schema: { tags: ['tenants'], summary: 'Register a landlord', body: NewLandlordBody, response: { 201: LandlordSchema } } },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        const { phone, idNumber } = checkedPersonalData({ phone: request.body.phone ?? null, idNumber: request.body.idNumber ?? null })
        const landlord = commitPeopleChange(deps, caller, (change) => {
          requirePerson(request.body.personId)
          const id = newId('ll')
          landlords.insert({ id, displayName: request.body.displayName, phone, idNumber, personId: request.body.personId ?? null }, change.nowMs)
          change.audit('landlord.created', { kind: 'landlord', id }, { displayName: request.body.displayName, ...maskedContact(phone, idNumber) })
          return landlords.get(id)!
        })
        return reply.status(201).send(visible(caller, landlord))
      },
    )

    app.patch<{ Params: Static<typeof LandlordParams>; Body: Static<typeof EditLandlordBody> }>(
      '/api/landlords/:landlordId',
      { schema: { tags: ['tenants'], summary: 'Edit a landlord', params: LandlordParams, body: EditLandlordBody, response: { 200: LandlordSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        const { phone, idNumber } = checkedPersonalData({ phone: request.body.phone, idNumber: request.body.idNumber })
        const landlord = commitPeopleChange(deps, caller, (change) => {
          const landlordId = existing(request.params.landlordId).id
          requirePerson(request.body.personId)
          landlords.update(landlordId, { ...request.body, phone, idNumber })
          change.audit('landlord.edited', { kind: 'landlord', id: landlordId }, { fields: Object.keys(request.body), ...maskedContact(phone, idNumber) })
          return landlords.get(landlordId)!
        })
        return visible(caller, landlord)
      },
    )

    app.delete<{ Params: Static<typeof LandlordParams> }>(
      '/api/landlords/:landlordId',
      { schema: { tags: ['tenants'], summary: 'Delete a landlord nobody refers to (admin)', params: LandlordParams, response: { 200: OkResponse } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        commitPeopleChange(deps, caller, (change) => {
          const landlord = existing(request.params.landlordId)
          if (landlords.isReferenced(landlord.id)) throw clash('LANDLORD_IN_USE', 'declarations, tenants or an account still refer to this landlord')
          landlords.delete(landlord.id)
          change.audit('landlord.deleted', { kind: 'landlord', id: landlord.id }, { displayName: landlord.displayName })
        })
        return { ok: true as const }
      },
    )
  }
}
