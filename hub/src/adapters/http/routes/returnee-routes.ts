import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { FastifyInstance } from 'fastify'
import type { Caller } from '../../../domain/caller.js'
import { newId } from '../../../domain/new-id.js'
import { gridScopeOf, mayManageGrid } from '../../../domain/people/people-scope.js'
import { hasHealthConcern, ReturneeAnswers, ReturneeHealth, ReturneeTransport } from '../../../domain/people/returnee-answers.js'
import { auditActorOf } from '../../sqlite/append-audit.js'
import { ObservationRepository, type ObservationOrderView } from '../../sqlite/access/observation-repository.js'
import type { ReturneeRecord } from '../../sqlite/people/returnee-repository.js'
import type { HubRoutes } from '../build-hub-app.js'
import { HubHttpError } from '../hub-http-error.js'
import { commitPeopleChange, type PeopleChange } from '../people/commit-people-change.js'
import { clash, invalid, missing, outOfScope } from '../people/people-errors.js'
import type { PeopleRouteDeps } from '../people/people-route-deps.js'
import { displayNameField, epochMsQuery, idField, idParams, nullableString, PageQueryFields, pageOf, pageResponse } from '../people/people-schemas.js'
import { checkedPersonalData, maskedContact } from '../people/personal-data-input.js'
import { requireCaller } from '../require-caller.js'
import { existingPerson } from './person-routes.js'

const NewcomerFields = Type.Object(
  {
    displayName: displayNameField(),
    householdId: idField('Where they will live.'),
    phone: Type.String({ minLength: 1, maxLength: 32 }),
    idNumber: Type.String({ minLength: 1, maxLength: 32 }),
  },
  { additionalProperties: false, description: 'Someone not registered yet: registered as a family member of the household.' },
)
const ObservationFields = Type.Object(
  {
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, description: 'Default: the site’s observation_default_days (14).' })),
    reason: Type.Optional(Type.String({ maxLength: 200, pattern: '^[^\\u0000-\\u001F\\u007F]*$' })),
  },
  { additionalProperties: false, description: 'Place the person under home observation from now (admin or their grid manager).' },
)
const RegisterBody = Type.Composite(
  [
    ReturneeAnswers,
    Type.Object({
      personId: Type.Optional(idField('A registered person who came back.')),
      newcomer: Type.Optional(NewcomerFields),
      observation: Type.Optional(ObservationFields),
    }),
  ],
  { additionalProperties: false },
)
const ReturneeSchema = Type.Object(
  {
    id: Type.String(),
    personId: Type.String(),
    personName: Type.String(),
    householdId: nullableString(),
    buildingName: nullableString(),
    unitName: nullableString(),
    room: nullableString(),
    gridId: nullableString(),
    cameFrom: Type.String(),
    arrivedOn: Type.String(),
    transport: ReturneeTransport,
    health: ReturneeHealth,
    hasHealthConcern: Type.Boolean(),
    registeredByAccountId: Type.String(),
    registeredAtMs: Type.Integer(),
    observationId: nullableString(),
    observationEndsAtMs: Type.Union([Type.Integer(), Type.Null()]),
  },
  { additionalProperties: false },
)
const ReturneeQuery = Type.Object(
  {
    gridId: Type.Optional(Type.String({ maxLength: 63 })),
    personId: Type.Optional(Type.String({ maxLength: 63 })),
    sinceMs: epochMsQuery('Registered at or after (epoch ms).'),
    ...PageQueryFields,
  },
  { additionalProperties: false },
)
const ReturneeParams = idParams('returneeId')
type RegisterBody = Static<typeof RegisterBody>

/**
 * Returnee registrations (story 4: the returnee lane's "four questions"): registered by gate
 * staff, grid managers (their grid) and the admin, for a registered person or a newcomer, and
 * optionally placing them under home observation in the same transaction (H-access's
 * ObservationRepository, the site's default days) — which tells the policy.
 */
export function returneeRoutes(deps: PeopleRouteDeps): HubRoutes {
  const { returnees, persons, households, connection } = deps.repositories
  const observations = new ObservationRepository(connection)

  const registeredPerson = (caller: Caller, body: RegisterBody, change: PeopleChange): string => {
    if ((body.personId === undefined) === (body.newcomer === undefined)) {
      throw invalid('PERSON_OR_NEWCOMER', 'give either personId or newcomer', ['/personId or /newcomer is required, not both'])
    }
    if (body.personId !== undefined) {
      const person = existingPerson(deps, body.personId)
      if (caller.role === 'grid-manager' && !mayManageGrid(caller, person.gridId)) throw outOfScope('this person is outside your grid')
      return person.id
    }
    const newcomer = body.newcomer!
    const { phone, idNumber } = checkedPersonalData({ phone: newcomer.phone, idNumber: newcomer.idNumber })
    const household = households.get(newcomer.householdId)
    if (household === null) throw missing('HOUSEHOLD_NOT_FOUND', `no household ${newcomer.householdId}`)
    if (caller.role === 'grid-manager' && !mayManageGrid(caller, household.gridId)) throw outOfScope('that household is outside your grid')
    if (persons.otherWithIdNumber(idNumber, null) !== null) throw clash('DUPLICATE_ID_NUMBER', 'someone is already registered with this ID number: use their personId')
    const personId = newId('per')
    persons.insert({ id: personId, displayName: newcomer.displayName, role: 'resident', relation: 'family', householdId: household.id, landlordId: null, phone, idNumber, status: 'active' }, change.nowMs)
    change.audit('person.created', { kind: 'person', id: personId }, { role: 'resident', relation: 'family', householdId: household.id, ...maskedContact(phone, idNumber) })
    return personId
  }

  const placeObservation = (caller: Caller, personId: string, observation: NonNullable<RegisterBody['observation']>, change: PeopleChange): ObservationOrderView => {
    if (!mayManageGrid(caller, existingPerson(deps, personId).gridId)) throw outOfScope('home observation is placed by the admin or the grid manager')
    const placed = observations.place(
      { subjectKind: 'person', subjectId: personId, days: observation.days, reason: observation.reason ?? 'returnee' },
      { actor: auditActorOf(caller), atMs: change.nowMs, accountId: caller.accountId },
    )
    if (!placed.ok) throw invalid(placed.code, placed.message)
    change.affectsAccess('returnee placed under home observation')
    return placed.value
  }

  const readable = (caller: Caller, returneeId: string) => {
    const returnee = returnees.get(returneeId)
    if (returnee === null) throw missing('RETURNEE_NOT_FOUND', `no returnee registration ${returneeId}`)
    if (!mayManageGrid(caller, returnee.gridId)) throw outOfScope('this registration is outside your grid')
    return returnee
  }

  return (app: FastifyInstance) => {
    app.post<{ Body: RegisterBody }>(
      '/api/returnees',
      { schema: { tags: ['returnees'], summary: 'Register a returnee (the four questions), optionally placing home observation', body: RegisterBody, response: { 201: ReturneeSchema } } },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'gate-staff'])
        const body = request.body
        const returnee = commitPeopleChange(deps, caller, (change) => {
          const personId = registeredPerson(caller, body, change)
          const observationId = body.observation === undefined ? null : placeObservation(caller, personId, body.observation, change).id
          const id = newId('ret')
          returnees.insert(
            { id, personId, cameFrom: body.cameFrom, arrivedOn: body.arrivedOn, transport: JSON.stringify(body.transport), health: JSON.stringify(body.health), registeredByAccountId: caller.accountId, observationId },
            change.nowMs,
          )
          change.audit('returnee.registered', { kind: 'returnee', id }, { personId, cameFrom: body.cameFrom, arrivedOn: body.arrivedOn, transport: body.transport.mode, observationId })
          return returnees.get(id)!
        })
        return reply.status(201).send(returneeView(returnee))
      },
    )

    app.get<{ Querystring: Static<typeof ReturneeQuery> }>(
      '/api/returnees',
      { schema: { tags: ['returnees'], summary: 'Returnee registrations, newest first (a grid manager: their grid)', querystring: ReturneeQuery, response: { 200: pageResponse(ReturneeSchema, 'One page of registrations.') } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        const scope = gridScopeOf(caller)
        if (scope !== null && request.query.gridId !== undefined && request.query.gridId !== scope) throw outOfScope('a grid manager sees their own grid only')
        const page = pageOf(request.query)
        const found = returnees.list(
          { gridId: scope ?? request.query.gridId, personId: request.query.personId, sinceMs: request.query.sinceMs },
          page,
        )
        return { items: found.items.map(returneeView), total: found.total, ...page }
      },
    )

    app.get<{ Params: Static<typeof ReturneeParams> }>(
      '/api/returnees/:returneeId',
      { schema: { tags: ['returnees'], summary: 'One returnee registration', params: ReturneeParams, response: { 200: ReturneeSchema } } },
      async (request) => returneeView(readable(requireCaller(request, ['admin', 'grid-manager']), request.params.returneeId)),
    )
  }
}

function returneeView(record: ReturneeRecord): Static<typeof ReturneeSchema> {
  const transport = storedJson(ReturneeTransport, record.transport, record.id)
  const health = storedJson(ReturneeHealth, record.health, record.id)
  return { ...record, transport, health, hasHealthConcern: hasHealthConcern(health) }
}

function storedJson<S extends typeof ReturneeTransport | typeof ReturneeHealth>(schema: S, text: string, id: string): Static<S> {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  if (!Value.Check(schema, parsed)) throw new HubHttpError(500, 'CORRUPT_RETURNEE', `returnee registration ${id} is unreadable`)
  return parsed
}
