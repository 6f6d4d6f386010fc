import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { oneOf } from '../../../../../protocol/policy/policy-field-schemas.js'
import type { Caller } from '../../../domain/caller.js'
import { newId } from '../../../domain/new-id.js'
import { gridScopeOf, mayManageGrid } from '../../../domain/people/people-scope.js'
import { DECLARATION_STATUSES, type DeclarationRecord } from '../../sqlite/people/tenant-declaration-repository.js'
import type { HubRoutes } from '../build-hub-app.js'
import { commitPeopleChange } from '../people/commit-people-change.js'
import { clash, invalid, missing, outOfScope } from '../people/people-errors.js'
import type { PeopleRouteDeps } from '../people/people-route-deps.js'
import { displayNameField, idField, idParams, nullableString, PageQueryFields, pageOf, pageResponse } from '../people/people-schemas.js'
import { checkedPersonalData, maskedContact } from '../people/personal-data-input.js'
import { requireCaller } from '../require-caller.js'

const DeclarationSchema = Type.Object(
  {
    id: Type.String(),
    landlordId: Type.String(),
    landlordName: Type.String(),
    personId: Type.String(),
    personName: Type.String(),
    householdId: Type.String(),
    buildingId: Type.String(),
    buildingName: Type.String(),
    unitName: Type.String(),
    room: Type.String(),
    gridId: nullableString(),
    declaredAtMs: Type.Integer(),
    status: oneOf(DECLARATION_STATUSES, 'pending until grid staff verify or reject; ended when the tenancy ends.'),
    decidedByAccountId: nullableString(),
    decidedAtMs: Type.Union([Type.Integer(), Type.Null()]),
    note: nullableString(),
  },
  { additionalProperties: false },
)
const DeclarationQuery = Type.Object(
  {
    status: Type.Optional(oneOf(DECLARATION_STATUSES, 'Only this status.')),
    landlordId: Type.Optional(Type.String({ maxLength: 63 })),
    gridId: Type.Optional(Type.String({ maxLength: 63 })),
    ...PageQueryFields,
  },
  { additionalProperties: false },
)
const noteField = (description: string) => Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001F\\u007F]*$', description })
const TenantFields = Type.Object(
  {
    displayName: displayNameField("The tenant's name."),
    phone: Type.String({ minLength: 1, maxLength: 32, description: "The tenant's phone (grid staff call it to verify)." }),
    idNumber: Type.String({ minLength: 1, maxLength: 32, description: "The tenant's resident ID number (checked)." }),
  },
  { additionalProperties: false },
)
const DeclareBody = Type.Object(
  {
    landlordId: Type.Optional(idField('The declaring landlord; a landlord caller declares as themself.')),
    householdId: idField('Where the tenant lives.'),
    tenant: TenantFields,
    note: Type.Optional(noteField('Lease term, room share ...')),
  },
  { additionalProperties: false },
)
const DecisionBody = Type.Object({ note: Type.Optional(noteField('Why (audited).')) }, { additionalProperties: false })
const RejectBody = Type.Object({ note: noteField('Why the declaration is rejected (audited).') }, { additionalProperties: false })
const DeclarationParams = idParams('declarationId')

/**
 * Tenant declarations (ARCHITECTURE.md story 7): a landlord declares a tenant (a pending person);
 * grid staff verify by phone (the tenant becomes an active tenant of the household, which feeds
 * the gate permissions) or reject; the landlord or staff end a tenancy (moved out, access revoked).
 */
export function tenantDeclarationRoutes(deps: PeopleRouteDeps): HubRoutes {
  const { declarations, households, landlords, persons } = deps.repositories
  const readable = (caller: Caller, declarationId: string): DeclarationRecord => {
    const declaration = declarations.get(declarationId)
    if (declaration === null) throw missing('DECLARATION_NOT_FOUND', `no declaration ${declarationId}`)
    const isOwn = caller.role === 'landlord' && caller.landlordId === declaration.landlordId
    if (!isOwn && !mayManageGrid(caller, declaration.gridId)) throw outOfScope('this declaration is outside your scope')
    return declaration
  }
  const pending = (caller: Caller, declarationId: string): DeclarationRecord => {
    const declaration = readable(caller, declarationId)
    if (caller.role === 'landlord') throw outOfScope('grid staff verify declarations')
    if (declaration.status !== 'pending') throw clash('DECLARATION_NOT_PENDING', `the declaration is ${declaration.status}`)
    return declaration
  }

  return (app: FastifyInstance) => {
    app.get<{ Querystring: Static<typeof DeclarationQuery> }>(
      '/api/tenant-declarations',
      { schema: { tags: ['tenants'], summary: 'Tenant declarations, pending first (scoped by role)', querystring: DeclarationQuery, response: { 200: pageResponse(DeclarationSchema, 'One page of declarations.') } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'landlord'])
        const gridScope = gridScopeOf(caller)
        if (gridScope !== null && request.query.gridId !== undefined && request.query.gridId !== gridScope) throw outOfScope('a grid manager sees their own grid only')
        const landlordId = caller.role === 'landlord' ? (caller.landlordId ?? 'no-landlord') : request.query.landlordId
        const page = pageOf(request.query)
        const found = declarations.list({ status: request.query.status, landlordId, gridId: gridScope ?? request.query.gridId }, page)
        return { ...found, ...page }
      },
    )

    app.get<{ Params: Static<typeof DeclarationParams> }>(
      '/api/tenant-declarations/:declarationId',
      { schema: { tags: ['tenants'], summary: 'One declaration', params: DeclarationParams, response: { 200: DeclarationSchema } } },
      async (request) => readable(requireCaller(request, ['admin', 'grid-manager', 'landlord']), request.params.declarationId),
    )

    app.post<{ Body: Static<typeof DeclareBody> }>(
      '/api/tenant-declarations',
      { schema: { tags: ['tenants'], summary: 'Declare a tenant (landlord; or staff on their behalf)', body: DeclareBody, response: { 201: DeclarationSchema } } },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'landlord'])
        const { tenant } = request.body
        const { phone, idNumber } = checkedPersonalData({ phone: tenant.phone, idNumber: tenant.idNumber })
        const landlordId = caller.role === 'landlord' ? caller.landlordId : (request.body.landlordId ?? null)
        if (caller.role === 'landlord' && request.body.landlordId !== undefined && request.body.landlordId !== caller.landlordId) {
          throw outOfScope('a landlord declares their own tenants')
        }
        if (landlordId === null) throw invalid('LANDLORD_REQUIRED', 'say which landlord declares the tenant', ['/landlordId is required'])
        const declaration = commitPeopleChange(deps, caller, (change) => {
          if (landlords.get(landlordId) === null) throw missing('LANDLORD_NOT_FOUND', `no landlord ${landlordId}`)
          const household = households.get(request.body.householdId)
          if (household === null) throw missing('HOUSEHOLD_NOT_FOUND', `no household ${request.body.householdId}`)
          if (caller.role === 'grid-manager' && !mayManageGrid(caller, household.gridId)) throw outOfScope('that household is outside your grid')
          if (persons.otherWithIdNumber(idNumber, null) !== null) throw clash('DUPLICATE_ID_NUMBER', 'someone is already registered with this ID number')
          const personId = newId('per')
          persons.insert(
            { id: personId, displayName: tenant.displayName, role: 'tenant', relation: 'tenant', householdId: household.id, landlordId, phone, idNumber, status: 'pending' },
            change.nowMs,
          )
          const id = newId('td')
          declarations.insert({ id, landlordId, personId, householdId: household.id, note: request.body.note ?? null }, change.nowMs)
          change.audit('tenant.declared', { kind: 'tenant-declaration', id }, { landlordId, personId, householdId: household.id, ...maskedContact(phone, idNumber) })
          return declarations.get(id)!
        })
        return reply.status(201).send(declaration)
      },
    )

    app.post<{ Params: Static<typeof DeclarationParams>; Body: Static<typeof DecisionBody> }>(
      '/api/tenant-declarations/:declarationId/verify',
      { schema: { tags: ['tenants'], summary: 'Verify a pending declaration: the tenant becomes active (grid staff)', params: DeclarationParams, body: DecisionBody, response: { 200: DeclarationSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        return commitPeopleChange(deps, caller, (change) => {
          const declaration = pending(caller, request.params.declarationId)
          declarations.decide(declaration.id, 'verified', caller.accountId, request.body.note ?? null, change.nowMs)
          persons.update(
            declaration.personId,
            { status: 'active', role: 'tenant', relation: 'tenant', householdId: declaration.householdId, landlordId: declaration.landlordId },
            change.nowMs,
          )
          change.audit('tenant.verified', { kind: 'tenant-declaration', id: declaration.id }, { personId: declaration.personId, note: request.body.note ?? null })
          change.affectsAccess('tenant verified')
          return declarations.get(declaration.id)!
        })
      },
    )

    app.post<{ Params: Static<typeof DeclarationParams>; Body: Static<typeof RejectBody> }>(
      '/api/tenant-declarations/:declarationId/reject',
      { schema: { tags: ['tenants'], summary: 'Reject a pending declaration (grid staff)', params: DeclarationParams, body: RejectBody, response: { 200: DeclarationSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        return commitPeopleChange(deps, caller, (change) => {
          const declaration = pending(caller, request.params.declarationId)
          declarations.decide(declaration.id, 'rejected', caller.accountId, request.body.note, change.nowMs)
          if (persons.get(declaration.personId)?.status === 'pending') persons.update(declaration.personId, { status: 'moved-out' }, change.nowMs)
          change.audit('tenant.rejected', { kind: 'tenant-declaration', id: declaration.id }, { personId: declaration.personId, note: request.body.note })
          return declarations.get(declaration.id)!
        })
      },
    )

    app.post<{ Params: Static<typeof DeclarationParams>; Body: Static<typeof DecisionBody> }>(
      '/api/tenant-declarations/:declarationId/end',
      { schema: { tags: ['tenants'], summary: 'End a tenancy (or withdraw a pending declaration): the tenant moves out', params: DeclarationParams, body: DecisionBody, response: { 200: DeclarationSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'landlord'])
        return commitPeopleChange(deps, caller, (change) => {
          const declaration = readable(caller, request.params.declarationId)
          if (declaration.status !== 'pending' && declaration.status !== 'verified') throw clash('DECLARATION_CLOSED', `the declaration is already ${declaration.status}`)
          declarations.decide(declaration.id, 'ended', caller.accountId, request.body.note ?? null, change.nowMs)
          const revoked = endTenancyOf(deps, declaration, caller.accountId, change.nowMs)
          change.audit('tenant.tenancy-ended', { kind: 'tenant-declaration', id: declaration.id }, { personId: declaration.personId, revokedCredentials: revoked, note: request.body.note ?? null })
          if (declaration.status === 'verified') change.affectsAccess('tenancy ended')
          return declarations.get(declaration.id)!
        })
      },
    )
  }
}

/** The tenant moves out and loses access, unless they are tied to the household by another open declaration. */
function endTenancyOf(deps: PeopleRouteDeps, declaration: DeclarationRecord, accountId: string, nowMs: number): number {
  const { persons, declarations } = deps.repositories
  if (declarations.openDeclarationOf(declaration.personId, declaration.id) !== null) return 0
  persons.update(declaration.personId, { status: 'moved-out' }, nowMs)
  return persons.revokeAccess(declaration.personId, accountId, nowMs)
}
