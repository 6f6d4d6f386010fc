import t from 'tap'
import { compilePolicy, type EdgePolicyCompilation } from '../../../hub/src/domain/policy-compiler/compile-edge-policy.js'
import { DEFAULT_CREDENTIAL_RETENTION_MS, DEFAULT_VISITOR_PASS_RETENTION_MS } from '../../../hub/src/domain/policy-compiler/policy-model-index.js'
import type { PolicyModel } from '../../../hub/src/domain/policy-compiler/policy-model.js'
import type { PolicyEntities } from '../../../protocol/policy/policy-snapshot.js'
import { validatePolicySnapshot } from '../../../protocol/policy/validate-policy-snapshot.js'
import { MONDAY_10AM_MS, modelCard, modelPerson, modelRule, smallCommunityModel } from '../../fakes/hub-policy-model.js'

const DAY_MS = 86_400_000

function compiled(model: PolicyModel, edgeId: string, nowMs = MONDAY_10AM_MS): Extract<EdgePolicyCompilation, { ok: true }> {
  const result = compilePolicy(model, edgeId, nowMs)
  if (!result.ok) throw new Error(`compile failed: ${result.code}`)
  return result
}

function ids(rows: readonly { id: string }[]): string[] {
  return rows.map((row) => row.id)
}

function accessPairs(entities: PolicyEntities): string[] {
  return entities.access.map((row) => `${row.personId}@${row.doorId}`).sort()
}

t.test('compiles only the edge’s own doors and the people whose rules reach them', async (t) => {
  const model = smallCommunityModel()
  const gate = compiled(model, 'edge-gate').entities
  t.same(ids(gate.door), ['door-gate'])
  t.same(ids(gate.site), ['xiangyang'])
  t.same(ids(gate.person).sort(), ['per-1', 'per-2', 'per-3', 'per-4', 'per-5', 'per-6', 'per-7', 'per-8', 'per-staff'].sort())
  t.ok(gate.access.every((row) => row.doorId === 'door-gate'))
  const building = compiled(model, 'edge-bld-1').entities
  t.same(ids(building.door), ['door-bld-1'])
  t.same(accessPairs(building), ['per-1@door-bld-1', 'per-2@door-bld-1', 'per-3@door-bld-1', 'per-4@door-bld-1', 'per-staff@door-bld-1'])
  t.same(ids(building.credential).sort(), ['card-1', 'card-2', 'card-3', 'card-4', 'card-staff'])
  t.equal(building.person.find((person) => person.id === 'per-1')?.buildingId, 'bld-1')
  t.equal(building.person.find((person) => person.id === 'per-1')?.householdId, 'hh-1')
})

t.test('the result is a valid snapshot body for every edge', async (t) => {
  const model = smallCommunityModel()
  for (const edgeId of model.edgeIds) {
    const { entities } = compiled(model, edgeId)
    const result = validatePolicySnapshot({ v: 1, edgeId, version: 1, issuedAt: '2026-03-02T02:00:00.000Z', entities, signature: `${'A'.repeat(86)}==` })
    t.ok(result.ok, `${edgeId}: ${result.ok ? '' : JSON.stringify(result.violations)}`)
  }
})

t.test('a quarantined household’s order reaches the edges its members pass, and no other', async (t) => {
  const model = smallCommunityModel()
  model.observations.push({ id: 'obs-hh-1', subjectKind: 'household', subjectId: 'hh-1', startsAtMs: MONDAY_10AM_MS - DAY_MS, endsAtMs: MONDAY_10AM_MS + 13 * DAY_MS })
  t.same(ids(compiled(model, 'edge-gate').entities.observation), ['obs-hh-1'])
  t.same(ids(compiled(model, 'edge-bld-1').entities.observation), ['obs-hh-1'])
  t.same(ids(compiled(model, 'edge-bld-2').entities.observation), [])
  t.equal(compiled(model, 'edge-gate').nextChangeAtMs, MONDAY_10AM_MS + 13 * DAY_MS, 'recompiled when the order ends')
})

t.test('building-wide and person orders reach the edges of those people', async (t) => {
  const model = smallCommunityModel()
  model.observations.push(
    { id: 'obs-bld-2', subjectKind: 'building', subjectId: 'bld-2', startsAtMs: MONDAY_10AM_MS, endsAtMs: MONDAY_10AM_MS + DAY_MS },
    { id: 'obs-per-1', subjectKind: 'person', subjectId: 'per-1', startsAtMs: MONDAY_10AM_MS, endsAtMs: MONDAY_10AM_MS + DAY_MS },
    { id: 'obs-nobody', subjectKind: 'person', subjectId: 'per-unknown', startsAtMs: MONDAY_10AM_MS, endsAtMs: MONDAY_10AM_MS + DAY_MS },
  )
  t.same(ids(compiled(model, 'edge-gate').entities.observation), ['obs-bld-2', 'obs-per-1'])
  t.same(ids(compiled(model, 'edge-bld-1').entities.observation), ['obs-per-1'])
  t.same(ids(compiled(model, 'edge-bld-2').entities.observation), ['obs-bld-2'])
})

t.test('an ended observation order is left out; one starting later is kept', async (t) => {
  const model = smallCommunityModel()
  model.observations.push(
    { id: 'obs-ended', subjectKind: 'person', subjectId: 'per-1', startsAtMs: MONDAY_10AM_MS - 14 * DAY_MS, endsAtMs: MONDAY_10AM_MS },
    { id: 'obs-later', subjectKind: 'person', subjectId: 'per-2', startsAtMs: MONDAY_10AM_MS + DAY_MS, endsAtMs: MONDAY_10AM_MS + 15 * DAY_MS },
  )
  t.same(ids(compiled(model, 'edge-gate').entities.observation), ['obs-later'])
  t.same(ids(compiled(model, 'edge-gate', MONDAY_10AM_MS - 1).entities.observation), ['obs-ended', 'obs-later'])
  t.equal(compiled(model, 'edge-gate', MONDAY_10AM_MS - 1).nextChangeAtMs, MONDAY_10AM_MS)
})

t.test('a sealed building reaches only the edges with a door of that building', async (t) => {
  const model = smallCommunityModel()
  model.lockdowns.push({ id: 'lock-1', buildingId: 'bld-1', startsAtMs: MONDAY_10AM_MS, endsAtMs: MONDAY_10AM_MS + 3 * DAY_MS })
  model.lockdowns.push({ id: 'lock-old', buildingId: 'bld-1', startsAtMs: MONDAY_10AM_MS - 3 * DAY_MS, endsAtMs: MONDAY_10AM_MS - DAY_MS })
  t.same(ids(compiled(model, 'edge-bld-1').entities.lockdown), ['lock-1'])
  t.same(ids(compiled(model, 'edge-bld-2').entities.lockdown), [])
  t.same(ids(compiled(model, 'edge-gate').entities.lockdown), [])
  t.equal(compiled(model, 'edge-bld-1').nextChangeAtMs, MONDAY_10AM_MS + 3 * DAY_MS)
  const staffAccess = compiled(model, 'edge-bld-1').entities.access.find((row) => row.personId === 'per-staff')
  t.equal(staffAccess?.isLockdownExempt, true, 'the staff rule’s exemption is carried')
})

t.test('a visitor pass reaches the gates and the host building, nowhere else, with no access rows', async (t) => {
  const model = smallCommunityModel()
  model.persons.push(modelPerson('per-visitor', { role: 'visitor' }))
  model.credentials.push(
    modelCard('pass-visitor', 'per-visitor', 0, {
      kind: 'visitor',
      lookupKey: 'visitor:Q7dK2mXw9pL',
      hostPersonId: 'per-3',
      hostBuildingId: 'bld-2',
      validFromMs: MONDAY_10AM_MS,
      validUntilMs: MONDAY_10AM_MS + 4 * 3_600_000,
    }),
  )
  for (const [edgeId, isIncluded] of [['edge-gate', true], ['edge-bld-2', true], ['edge-bld-1', false]] as const) {
    const { entities } = compiled(model, edgeId)
    t.equal(entities.person.some((person) => person.id === 'per-visitor'), isIncluded, `${edgeId}: visitor`)
    t.equal(entities.credential.some((credential) => credential.id === 'pass-visitor'), isIncluded, `${edgeId}: pass`)
    t.notOk(entities.access.some((row) => row.personId === 'per-visitor'), `${edgeId}: no access rows`)
  }
  const pass = compiled(model, 'edge-gate').entities.credential.find((credential) => credential.id === 'pass-visitor')
  t.same(pass, {
    id: 'pass-visitor',
    personId: 'per-visitor',
    kind: 'visitor',
    lookupKey: 'visitor:Q7dK2mXw9pL',
    status: 'active',
    validFromMs: MONDAY_10AM_MS,
    validUntilMs: MONDAY_10AM_MS + 4 * 3_600_000,
    boundPhoneKeyId: null,
    hostPersonId: 'per-3',
    hostBuildingId: 'bld-2',
  })
  const afterExpiry = MONDAY_10AM_MS + 4 * 3_600_000 + DEFAULT_VISITOR_PASS_RETENTION_MS
  t.equal(compiled(model, 'edge-gate').nextChangeAtMs, afterExpiry, 'dropped a day after its end')
  t.notOk(compiled(model, 'edge-gate', afterExpiry).entities.person.some((person) => person.id === 'per-visitor'))
})

t.test('a revoked card stays as REVOKED for the retention period, then leaves', async (t) => {
  const model = smallCommunityModel()
  const revokedAtMs = MONDAY_10AM_MS - DAY_MS
  model.credentials[0] = modelCard('card-1', 'per-1', 1, { status: 'revoked', revokedAtMs })
  const now = compiled(model, 'edge-gate')
  t.equal(now.entities.credential.find((credential) => credential.id === 'card-1')?.status, 'revoked')
  t.equal(now.nextChangeAtMs, revokedAtMs + DEFAULT_CREDENTIAL_RETENTION_MS)
  const later = compiled(model, 'edge-gate', revokedAtMs + DEFAULT_CREDENTIAL_RETENTION_MS)
  t.notOk(later.entities.credential.some((credential) => credential.id === 'card-1'))
  t.ok(later.entities.person.some((person) => person.id === 'per-1'), 'the person keeps their access')
})

t.test('a revoked card issued again to someone else gives way to the active one', async (t) => {
  const model = smallCommunityModel()
  model.credentials[0] = modelCard('card-1', 'per-1', 1, { status: 'revoked', revokedAtMs: MONDAY_10AM_MS - DAY_MS })
  model.credentials.push(modelCard('card-1-again', 'per-2', 1))
  const { entities } = compiled(model, 'edge-gate')
  const withKey = entities.credential.filter((credential) => credential.lookupKey === 'card:h10301:1:1')
  t.same(ids(withKey), ['card-1-again'])
})

t.test('pending and moved-out people get nothing; their cards do not reach edges', async (t) => {
  const model = smallCommunityModel()
  model.persons[0] = modelPerson('per-1', { householdId: 'hh-1', status: 'pending' })
  model.persons[1] = modelPerson('per-2', { householdId: 'hh-1', status: 'moved-out' })
  const { entities } = compiled(model, 'edge-gate')
  t.notOk(entities.person.some((person) => person.id === 'per-1' || person.id === 'per-2'))
  t.notOk(entities.credential.some((credential) => credential.id === 'card-1' || credential.id === 'card-2'))
})

t.test('schedules carry the holiday calendar from yesterday on', async (t) => {
  const model = smallCommunityModel()
  model.holidays.push('2026-03-01', '2026-02-27', '2026-04-05')
  const result = compiled(model, 'edge-gate')
  t.same(result.entities.schedule, [
    { id: 'sch-staff', name: 'Staff hours', windows: ['mon-fri 07:00-19:00'], holidays: ['2026-03-01', '2026-04-05', '2026-05-01'], holidayWindows: [] },
  ])
  // 2026-03-01 leaves the list at local midnight starting 2026-03-03 (16:00 UTC on 03-02).
  t.equal(result.nextChangeAtMs, Date.UTC(2026, 2, 2, 16, 0, 0))
  model.accessRules.splice(2, 1)
  t.same(compiled(model, 'edge-gate').entities.schedule, [], 'no schedule without a row naming it')
})

t.test('a rule applies within its validity window only, and the window’s edges are recompile instants', async (t) => {
  const model = smallCommunityModel()
  model.accessRules.push(
    modelRule('rule-per-1-bld-2', { subjectKind: 'person', subjectId: 'per-1', targetKind: 'building', targetId: 'bld-2', validFromMs: MONDAY_10AM_MS + DAY_MS, validUntilMs: MONDAY_10AM_MS + 2 * DAY_MS }),
  )
  const before = compiled(model, 'edge-bld-2')
  t.notOk(before.entities.access.some((row) => row.personId === 'per-1'))
  t.equal(before.nextChangeAtMs, MONDAY_10AM_MS + DAY_MS)
  const during = compiled(model, 'edge-bld-2', MONDAY_10AM_MS + DAY_MS)
  t.ok(during.entities.access.some((row) => row.personId === 'per-1'))
  t.equal(during.nextChangeAtMs, MONDAY_10AM_MS + 2 * DAY_MS)
  t.notOk(compiled(model, 'edge-bld-2', MONDAY_10AM_MS + 2 * DAY_MS).entities.access.some((row) => row.personId === 'per-1'))
  model.accessRules = model.accessRules.filter((rule) => rule.id !== 'rule-staff')
  t.equal(compiled(model, 'edge-gate').nextChangeAtMs, null, 'another edge’s rule is no reason to recompile this one')
})

t.test('every subject kind reaches its people', async (t) => {
  const cases = [
    ['person', 'per-5', ['per-5']],
    ['household', 'hh-3', ['per-5', 'per-6']],
    ['unit', 'unit-2', ['per-5', 'per-6', 'per-7', 'per-8']],
    ['building', 'bld-1', ['per-1', 'per-2', 'per-3', 'per-4']],
    ['grid', 'grid-1', ['per-1', 'per-2', 'per-3', 'per-4', 'per-5', 'per-6', 'per-7', 'per-8']],
    ['role', 'staff', ['per-staff']],
  ] as const
  for (const [subjectKind, subjectId, expected] of cases) {
    const model = smallCommunityModel()
    model.accessRules = [modelRule('rule', { subjectKind, subjectId, targetKind: 'door', targetId: 'door-bld-1' })]
    t.same(ids(compiled(model, 'edge-bld-1').entities.person).sort(), [...expected].sort(), subjectKind)
  }
})

t.test('medical exceptions of included people that have not ended are kept', async (t) => {
  const model = smallCommunityModel()
  model.medicalExceptions.push(
    { id: 'med-1', personId: 'per-1', startsAtMs: MONDAY_10AM_MS, endsAtMs: MONDAY_10AM_MS + 3_600_000, approvedBy: 'Dr. 李' },
    { id: 'med-ended', personId: 'per-1', startsAtMs: MONDAY_10AM_MS - DAY_MS, endsAtMs: MONDAY_10AM_MS - 1, approvedBy: 'Dr. 李' },
    { id: 'med-5', personId: 'per-5', startsAtMs: MONDAY_10AM_MS, endsAtMs: MONDAY_10AM_MS + 3_600_000, approvedBy: 'Dr. 李' },
  )
  t.same(ids(compiled(model, 'edge-bld-1').entities['medical-exception']), ['med-1'])
  t.same(ids(compiled(model, 'edge-gate').entities['medical-exception']), ['med-1', 'med-5'])
})

t.test('phone keys of included people are kept; a revoked one for the retention period', async (t) => {
  const model = smallCommunityModel()
  const publicKey = `${'A'.repeat(43)}=`
  model.phoneKeys.push(
    { id: 'pk-1', personId: 'per-1', publicKey, passCredentialId: null, status: 'active', enrolledAtMs: 0, revokedAtMs: null },
    { id: 'pk-2', personId: 'per-1', publicKey, passCredentialId: null, status: 'revoked', enrolledAtMs: 0, revokedAtMs: MONDAY_10AM_MS - DAY_MS },
    { id: 'pk-old', personId: 'per-1', publicKey, passCredentialId: null, status: 'revoked', enrolledAtMs: 0, revokedAtMs: MONDAY_10AM_MS - 31 * DAY_MS },
    { id: 'pk-5', personId: 'per-5', publicKey, passCredentialId: null, status: 'active', enrolledAtMs: 0, revokedAtMs: null },
  )
  t.same(ids(compiled(model, 'edge-bld-1').entities['phone-key']), ['pk-1', 'pk-2'])
})

t.test('refuses an unknown edge and a model without a site', async (t) => {
  const model = smallCommunityModel()
  t.match(compilePolicy(model, 'edge-nope', MONDAY_10AM_MS), { ok: false, code: 'UNKNOWN_EDGE' })
  model.site = null
  t.match(compilePolicy(model, 'edge-gate', MONDAY_10AM_MS), { ok: false, code: 'NO_SITE' })
})

t.test('texts are made printable and short enough for the row schemas', async (t) => {
  const model = smallCommunityModel()
  model.persons[0] = modelPerson('per-1', { householdId: 'hh-1', displayName: `王\u0007${'伟'.repeat(80)}`, photoId: 'Not An Id!' })
  const person = compiled(model, 'edge-gate').entities.person.find((row) => row.id === 'per-1')!
  t.equal(person.displayName.length, 64)
  t.notMatch(person.displayName, /\u0007/)
  t.equal(person.photoId, null)
})
