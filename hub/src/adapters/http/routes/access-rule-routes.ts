import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { identifier } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import { epochMs, nullable, oneOf } from '../../../../../protocol/policy/policy-field-schemas.js'
import { RULE_SUBJECT_KINDS, RULE_TARGET_KINDS } from '../../../domain/access/access-rule-check.js'
import type { AccessRouteDeps } from '../access/access-route-deps.js'
import { AccessRuleViewSchema } from '../access/access-view-schemas.js'
import { commitAccessChange, notFoundError } from '../access/commit-access-change.js'
import type { HubRoutes } from '../build-hub-app.js'
import { OkResponse, PageQueryFields, idParams, pageOf, pageResponse } from '../people/people-schemas.js'
import { requireCaller } from '../require-caller.js'

const TAGS = ['access rules']
const READERS = ['admin', 'grid-manager'] as const

const changeableFields = {
  scheduleId: Type.Optional(nullable(identifier('When: a schedule; null or absent: at any time.'))),
  isLockdownExempt: Type.Optional(Type.Boolean({ description: 'Staff only: still opens while the building is sealed.' })),
  validFromMs: Type.Optional(nullable(epochMs('Not before this instant.'))),
  validUntilMs: Type.Optional(nullable(epochMs('Not from this instant on.'))),
}
const RuleBody = Type.Object(
  {
    subjectKind: oneOf(RULE_SUBJECT_KINDS, 'Who: person, household, unit, building, grid (their people) or role.'),
    subjectId: identifier('Their id; for a role: resident, tenant or staff.'),
    targetKind: oneOf(RULE_TARGET_KINDS, 'Where: door, door-group, gates (every gate), building (its doors), own-building.'),
    targetId: Type.Optional(nullable(identifier('The door, group or building; null or absent for gates and own-building.'))),
    ...changeableFields,
  },
  { additionalProperties: false },
)
const RulePatch = Type.Object(changeableFields, { additionalProperties: false, minProperties: 1 })
const RuleListQuery = Type.Object(
  {
    subjectKind: Type.Optional(oneOf(RULE_SUBJECT_KINDS, 'Only this kind of subject.')),
    subjectId: Type.Optional(identifier('Only rules for this subject.')),
    targetKind: Type.Optional(oneOf(RULE_TARGET_KINDS, 'Only this kind of target.')),
    targetId: Type.Optional(identifier('Only rules for this door, group or building.')),
    scheduleId: Type.Optional(identifier('Only rules on this schedule.')),
    ...PageQueryFields,
  },
  { additionalProperties: false },
)
const RuleParams = idParams('ruleId')

/** Access rules: who may pass where and when (m003 access_rules). Admin changes, grid managers read. */
export function accessRuleRoutes(deps: AccessRouteDeps): HubRoutes {
  const { accessRules } = deps.repositories
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof RuleBody> }>(
      '/api/access-rules',
      { schema: { tags: TAGS, summary: 'Create an access rule (who, where, when)', body: RuleBody, response: { 201: AccessRuleViewSchema } } },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin'])
        const body = request.body
        const input = {
          subjectKind: body.subjectKind,
          subjectId: body.subjectId,
          targetKind: body.targetKind,
          targetId: body.targetId ?? null,
          scheduleId: body.scheduleId ?? null,
          isLockdownExempt: body.isLockdownExempt ?? false,
          validFromMs: body.validFromMs ?? null,
          validUntilMs: body.validUntilMs ?? null,
        }
        const rule = commitAccessChange(deps, caller, (context) => accessRules.create(input, context), (value) => `access-rule.created ${value.id}`)
        return reply.status(201).send(rule)
      },
    )

    app.get<{ Querystring: Static<typeof RuleListQuery> }>(
      '/api/access-rules',
      { schema: { tags: TAGS, summary: 'List access rules', querystring: RuleListQuery, response: { 200: pageResponse(AccessRuleViewSchema, 'One page of rules.') } } },
      async (request) => {
        requireCaller(request, READERS)
        const { limit, offset, ...filter } = request.query
        const page = pageOf({ limit, offset })
        return { ...accessRules.list(filter, page), ...page }
      },
    )

    app.get<{ Params: Static<typeof RuleParams> }>(
      '/api/access-rules/:ruleId',
      { schema: { tags: TAGS, summary: 'One access rule', params: RuleParams, response: { 200: AccessRuleViewSchema } } },
      async (request) => {
        requireCaller(request, READERS)
        const rule = accessRules.get(request.params.ruleId)
        if (rule === null) throw notFoundError(`access rule ${request.params.ruleId}`)
        return rule
      },
    )

    app.patch<{ Params: Static<typeof RuleParams>; Body: Static<typeof RulePatch> }>(
      '/api/access-rules/:ruleId',
      { schema: { tags: TAGS, summary: "Change a rule's schedule, validity or lockdown exemption", params: RuleParams, body: RulePatch, response: { 200: AccessRuleViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        return commitAccessChange(deps, caller, (context) => accessRules.update(request.params.ruleId, request.body, context), (value) => `access-rule.changed ${value.id}`)
      },
    )

    app.delete<{ Params: Static<typeof RuleParams> }>(
      '/api/access-rules/:ruleId',
      { schema: { tags: TAGS, summary: 'Remove an access rule', params: RuleParams, response: { 200: OkResponse } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        commitAccessChange(deps, caller, (context) => accessRules.delete(request.params.ruleId, context), (value) => `access-rule.removed ${value.id}`)
        return { ok: true as const }
      },
    )
  }
}
