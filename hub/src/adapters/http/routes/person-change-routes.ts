import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { oneOf } from '../../../../../protocol/policy/policy-field-schemas.js'
import type { Caller } from '../../../domain/caller.js'
import type { PersonRecord } from '../../../domain/people/mask-personal-data.js'
import { mayManageGrid } from '../../../domain/people/people-scope.js'
import { newId } from '../../../domain/new-id.js'
import type { PersonChange, PersonRelation } from '../../sqlite/people/person-repository.js'
import type { HubRoutes } from '../build-hub-app.js'
import { commitPeopleChange } from '../people/commit-people-change.js'
import { clash, invalid, missing, outOfScope } from '../people/people-errors.js'
import type { PeopleRouteDeps } from '../people/people-route-deps.js'
import { displayNameField, idField, idParams, nullableId, OkResponse } from '../people/people-schemas.js'
import { checkedPersonalData, maskedContact } from '../people/personal-data-input.js'
import { RELATION_VALUES } from '../people/person-view-schema.js'
import { requireCaller } from '../require-caller.js'
import { managedPerson as managedPersonOf } from './person-routes.js'

const MANAGED_ROLES = ['resident', 'tenant', 'staff'] as const
const typedText = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, description })
const nullableText = (maxLength: number, description: string) => Type.Union([typedText(maxLength, description), Type.Null()])

const NewPersonBody = Type.Object(
  {
    displayName: displayNameField(),
    role: oneOf(MANAGED_ROLES, 'resident (owner or family), tenant, or staff (no household). Visitors come from visitor passes.'),
    relation: Type.Optional(oneOf(RELATION_VALUES, 'Tie to the household; default family (resident) or tenant (tenant).')),
    householdId: Type.Optional(nullableId('Household; required for residents and tenants.')),
    landlordId: Type.Optional(nullableId('Landlord of a tenant.')),
    phone: Type.Optional(nullableText(32, 'Mobile or landline; normalised to digits.')),
    idNumber: Type.Optional(nullableText(32, 'Resident ID number (18 characters, checked).')),
  },
  { additionalProperties: false },
)
const EditPersonBody = Type.Object(
  {
    displayName: Type.Optional(displayNameField()),
    role: Type.Optional(oneOf(MANAGED_ROLES, 'resident, tenant or staff.')),
    relation: Type.Optional(Type.Union([oneOf(RELATION_VALUES, 'Tie to the household.'), Type.Null()])),
    landlordId: Type.Optional(nullableId('Landlord of a tenant.')),
    phone: Type.Optional(nullableText(32, 'Mobile or landline.')),
    idNumber: Type.Optional(nullableText(32, 'Resident ID number.')),
  },
  { additionalProperties: false, minProperties: 1 },
)
const MoveBody = Type.Object(
  { householdId: idField('The household they move to.'), relation: Type.Optional(oneOf(RELATION_VALUES, 'Their tie to the new household.')) },
  { additionalProperties: false },
)
const MoveOutBody = Type.Object({ note: Type.Optional(typedText(200, 'Why, for the audit log.')) }, { additionalProperties: false })
const PersonParams = idParams('personId')
const CreatedResponse = Type.Object({ id: Type.String() }, { description: 'Created.' })

/**
 * Changing people: create, edit, move to another household, move out (credentials and phone
 * keys revoked, open tenancies ended), delete a mistaken record. Admin everywhere; a grid manager
 * within their grid (staff persons are the admin's). Every change is audited in its transaction.
 */
export function personChangeRoutes(deps: PeopleRouteDeps): HubRoutes {
  const { persons, households, landlords, declarations } = deps.repositories

  const householdInScope = (caller: Caller, householdId: string) => {
    const household = households.get(householdId)
    if (household === null) throw missing('HOUSEHOLD_NOT_FOUND', `no household ${householdId}`)
    if (!mayManageGrid(caller, household.gridId)) throw outOfScope('that household is outside your grid')
    return household
  }
  const managedPerson = (caller: Caller, personId: string): PersonRecord => managedPersonOf(deps, caller, personId)
  const requireLandlord = (landlordId: string | null | undefined) => {
    if (typeof landlordId === 'string' && landlords.get(landlordId) === null) throw missing('LANDLORD_NOT_FOUND', `no landlord ${landlordId}`)
  }
  const refuseDuplicateIdNumber = (idNumber: string | null | undefined, exceptId: string | null) => {
    if (typeof idNumber !== 'string') return
    const other = persons.otherWithIdNumber(idNumber, exceptId)
    if (other !== null) throw clash('DUPLICATE_ID_NUMBER', 'someone is already registered with this ID number', [`/idNumber is ${other}'s`])
  }

  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof NewPersonBody> }>(
      '/api/persons',
      { schema: { tags: ['people'], summary: 'Register a resident, tenant or staff member', body: NewPersonBody, response: { 201: CreatedResponse } } },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        const body = request.body
        const { phone, idNumber } = checkedPersonalData({ phone: body.phone ?? null, idNumber: body.idNumber ?? null })
        const householdId = body.householdId ?? null
        if (body.role === 'staff' ? householdId !== null : householdId === null) {
          throw invalid('HOUSEHOLD_REQUIRED', body.role === 'staff' ? 'staff have no household' : 'residents and tenants need a household')
        }
        const id = newId('per')
        commitPeopleChange(deps, caller, (change) => {
          if (householdId === null) {
            if (caller.role !== 'admin') throw outOfScope('staff are registered by the admin')
          } else householdInScope(caller, householdId)
          requireLandlord(body.landlordId)
          refuseDuplicateIdNumber(idNumber, null)
          const relation: PersonRelation | null = body.role === 'staff' ? null : (body.relation ?? (body.role === 'tenant' ? 'tenant' : 'family'))
          persons.insert({ id, displayName: body.displayName, role: body.role, relation, householdId, landlordId: body.landlordId ?? null, phone, idNumber, status: 'active' }, change.nowMs)
          change.audit('person.created', { kind: 'person', id }, { role: body.role, relation, householdId, ...maskedContact(phone, idNumber) })
        })
        return reply.status(201).send({ id })
      },
    )

    app.patch<{ Params: Static<typeof PersonParams>; Body: Static<typeof EditPersonBody> }>(
      '/api/persons/:personId',
      { schema: { tags: ['people'], summary: 'Edit a person', params: PersonParams, body: EditPersonBody, response: { 200: OkResponse } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        const { phone, idNumber } = checkedPersonalData({ phone: request.body.phone, idNumber: request.body.idNumber })
        commitPeopleChange(deps, caller, (change) => {
          const person = managedPerson(caller, request.params.personId)
          if (request.body.role === 'staff' && person.householdId !== null) throw invalid('HOUSEHOLD_REQUIRED', 'staff have no household: move them out first')
          if (request.body.role !== undefined && request.body.role !== 'staff' && person.householdId === null) {
            throw invalid('HOUSEHOLD_REQUIRED', 'residents and tenants need a household: move them into one')
          }
          requireLandlord(request.body.landlordId)
          refuseDuplicateIdNumber(idNumber, person.id)
          const edit: PersonChange = { ...request.body, phone, idNumber }
          persons.update(person.id, edit, change.nowMs)
          change.audit('person.edited', { kind: 'person', id: person.id }, { fields: Object.keys(request.body), ...maskedContact(phone, idNumber) })
          if (edit.displayName !== undefined || edit.role !== undefined) change.affectsAccess('person edited')
        })
        return { ok: true as const }
      },
    )

    app.post<{ Params: Static<typeof PersonParams>; Body: Static<typeof MoveBody> }>(
      '/api/persons/:personId/move',
      { schema: { tags: ['people'], summary: 'Move a person to another household (moves a moved-out person back in)', params: PersonParams, body: MoveBody, response: { 200: OkResponse } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        commitPeopleChange(deps, caller, (change) => {
          const person = managedPerson(caller, request.params.personId)
          if (person.role === 'staff') throw invalid('HOUSEHOLD_REQUIRED', 'staff have no household')
          const target = householdInScope(caller, request.body.householdId)
          const relation = request.body.relation ?? person.relation ?? 'family'
          const status = person.status === 'moved-out' ? 'active' : person.status
          persons.update(person.id, { householdId: target.id, relation, status }, change.nowMs)
          change.audit('person.moved', { kind: 'person', id: person.id }, { fromHouseholdId: person.householdId, toHouseholdId: target.id, relation, status })
          change.affectsAccess('person moved')
        })
        return { ok: true as const }
      },
    )

    app.post<{ Params: Static<typeof PersonParams>; Body: Static<typeof MoveOutBody> }>(
      '/api/persons/:personId/move-out',
      { schema: { tags: ['people'], summary: 'Move a person out: credentials and phone keys revoked, tenancy ended', params: PersonParams, body: MoveOutBody, response: { 200: OkResponse } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        commitPeopleChange(deps, caller, (change) => {
          const person = managedPerson(caller, request.params.personId)
          if (person.status === 'moved-out') throw clash('ALREADY_MOVED_OUT', 'this person has already moved out')
          persons.update(person.id, { status: 'moved-out' }, change.nowMs)
          const revoked = persons.revokeAccess(person.id, caller.accountId, change.nowMs)
          const tenancyId = declarations.openDeclarationOf(person.id, null)
          if (tenancyId !== null) declarations.decide(tenancyId, 'ended', caller.accountId, null, change.nowMs)
          change.audit('person.moved-out', { kind: 'person', id: person.id }, { householdId: person.householdId, revokedCredentials: revoked, endedDeclarationId: tenancyId, note: request.body.note ?? null })
          change.affectsAccess('person moved out')
        })
        return { ok: true as const }
      },
    )

    app.delete<{ Params: Static<typeof PersonParams> }>(
      '/api/persons/:personId',
      { schema: { tags: ['people'], summary: 'Delete a mistaken record (a person with history is moved out instead)', params: PersonParams, response: { 200: OkResponse } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        commitPeopleChange(deps, caller, (change) => {
          const person = managedPerson(caller, request.params.personId)
          const history = persons.historyOf(person.id)
          if (history !== null) throw clash('PERSON_HAS_HISTORY', 'this person has history: move them out instead', [`still referred to by ${history}`])
          persons.delete(person.id)
          change.audit('person.deleted', { kind: 'person', id: person.id }, { displayName: person.displayName, householdId: person.householdId })
        })
        return { ok: true as const }
      },
    )
  }
}
