import { oneOf } from '../../../../../protocol/policy/policy-field-schemas.js'
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Caller } from '../../../domain/caller.js'
import { maskPersonalData, revealPersonalData, type PersonRecord } from '../../../domain/people/mask-personal-data.js'
import { mayManageGrid } from '../../../domain/people/people-scope.js'
import type { PersonFilter } from '../../sqlite/people/person-repository.js'
import type { HubRoutes } from '../build-hub-app.js'
import { commitPeopleChange } from '../people/commit-people-change.js'
import { missing, outOfScope } from '../people/people-errors.js'
import type { PeopleRouteDeps } from '../people/people-route-deps.js'
import { idParams, PageQueryFields, pageOf, pageResponse, searchText } from '../people/people-schemas.js'
import { PERSON_ROLE_VALUES, PERSON_STATUS_VALUES, PersonViewSchema, viewerOf } from '../people/person-view-schema.js'
import { requireCaller } from '../require-caller.js'

const PersonListQuery = Type.Object(
  {
    name: Type.Optional(searchText('Name containing this text.')),
    phoneTail: Type.Optional(Type.String({ pattern: '^[0-9]{4}$', description: 'Last 4 digits of the phone (尾号).' })),
    gridId: Type.Optional(Type.String({ maxLength: 63 })),
    buildingId: Type.Optional(Type.String({ maxLength: 63 })),
    unitId: Type.Optional(Type.String({ maxLength: 63 })),
    room: Type.Optional(searchText('Room containing this text, e.g. "302".')),
    householdId: Type.Optional(Type.String({ maxLength: 63 })),
    landlordId: Type.Optional(Type.String({ maxLength: 63 })),
    role: Type.Optional(oneOf(PERSON_ROLE_VALUES, 'Only this role.')),
    status: Type.Optional(oneOf(PERSON_STATUS_VALUES, 'Only this status (default: active and pending).')),
    ...PageQueryFields,
  },
  { additionalProperties: false },
)
type PersonListQuery = Static<typeof PersonListQuery>

const PersonParams = idParams('personId')
const RevealBody = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 200, pattern: '^[^\\u0000-\\u001F\\u007F]*$', description: 'Why the full data is needed (audited).' }) },
  { additionalProperties: false },
)

/**
 * Reading people: the list with search and paging, one person, and the audited reveal of the
 * full phone and ID number. Every answer goes through `maskPersonalData` for the caller.
 */
export function personRoutes(deps: PeopleRouteDeps): HubRoutes {
  const { persons } = deps.repositories
  return (app: FastifyInstance) => {
    app.get<{ Querystring: PersonListQuery }>(
      '/api/persons',
      {
        schema: {
          tags: ['people'],
          summary: 'List and search residents, tenants and staff (scoped and masked by role)',
          querystring: PersonListQuery,
          response: { 200: pageResponse(PersonViewSchema, 'One page of people.') },
        },
      },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'gate-staff', 'landlord', 'resident'])
        const viewer = viewerOf(caller, persons)
        const page = pageOf(request.query)
        if (caller.role === 'resident' && viewer.householdId === null) {
          const self = caller.personId === null ? null : persons.get(caller.personId)
          const items = self === null ? [] : [maskPersonalData(viewer, self)!]
          return { items, total: items.length, ...page }
        }
        const found = persons.search(scopedFilter(caller, viewer.householdId, request.query), page)
        const items = found.items.map((person) => maskPersonalData(viewer, person)).filter((view) => view !== null)
        return { items, total: found.total, ...page }
      },
    )

    app.get<{ Params: Static<typeof PersonParams> }>(
      '/api/persons/:personId',
      {
        schema: { tags: ['people'], summary: 'One person (masked by role)', params: PersonParams, response: { 200: PersonViewSchema } },
      },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'gate-staff', 'landlord', 'resident'])
        const person = existingPerson(deps, request.params.personId)
        const view = maskPersonalData(viewerOf(caller, persons), person)
        if (view === null) throw outOfScope('this person is outside your scope')
        return view
      },
    )

    app.post<{ Params: Static<typeof PersonParams>; Body: Static<typeof RevealBody> }>(
      '/api/persons/:personId/reveal',
      {
        schema: {
          tags: ['people'],
          summary: 'Show the full phone and ID number (admin, or the grid manager of the person; audited)',
          params: PersonParams,
          body: RevealBody,
          response: { 200: PersonViewSchema },
        },
      },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        const person = existingPerson(deps, request.params.personId)
        if (!mayManageGrid(caller, person.gridId)) throw outOfScope('this person is outside your grid')
        commitPeopleChange(deps, caller, (change) =>
          change.audit('person.personal-data-revealed', { kind: 'person', id: person.id }, { reason: request.body.reason }),
        )
        return revealPersonalData(person)
      },
    )
  }
}

/** The person, or 404 PERSON_NOT_FOUND. */
export function existingPerson(deps: PeopleRouteDeps, personId: string): PersonRecord {
  const person = deps.repositories.persons.get(personId)
  if (person === null) throw missing('PERSON_NOT_FOUND', `no person ${personId}`)
  return person
}

/** The person, if the caller may change them (admin; the grid manager of their grid), else 403/404. */
export function managedPerson(deps: PeopleRouteDeps, caller: Caller, personId: string): PersonRecord {
  const person = existingPerson(deps, personId)
  if (!mayManageGrid(caller, person.gridId)) throw outOfScope('this person is outside your grid')
  return person
}

/** The query's filters narrowed to the caller's scope; asking for another grid is refused. */
function scopedFilter(caller: Caller, ownHouseholdId: string | null, query: PersonListQuery): PersonFilter {
  const filter: PersonFilter = { ...query }
  switch (caller.role) {
    case 'grid-manager':
      if (query.gridId !== undefined && query.gridId !== caller.gridId) throw outOfScope('a grid manager sees their own grid only')
      return { ...filter, gridId: caller.gridId ?? 'no-grid' }
    case 'landlord':
      return { ...filter, landlordId: caller.landlordId ?? 'no-landlord' }
    case 'resident':
      return { ...filter, householdId: ownHouseholdId ?? 'no-household' }
    default:
      return filter
  }
}
