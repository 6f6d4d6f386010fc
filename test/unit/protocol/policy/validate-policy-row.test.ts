import t from 'tap'
import { validatePolicyChange, validatePolicyRow } from '../../../../protocol/policy/validate-policy-row.js'
import { POLICY_ENTITY_NAMES } from '../../../../protocol/policy/policy-entities.js'
import { PolicyChange } from '../../../../protocol/mqtt/messages/policy-announcement.js'
import { Value } from '@sinclair/typebox/value'
import { communityEntities, makeCredential, makeObservation, makeSchedule } from '../../../fakes/policy-rows.js'
import { ByteFuzzer } from '../../../fuzz/byte-fuzzer.js'

const codes = (result: ReturnType<typeof validatePolicyRow>) => (result.ok ? [] : result.violations.map((v) => `${v.path} ${v.code}`))

t.test('accepts every row of the test community, typed by its entity', async (t) => {
  const entities = communityEntities()
  for (const entity of POLICY_ENTITY_NAMES) {
    for (const row of entities[entity]) t.same(codes(validatePolicyRow(entity, row)), [], `${entity} ${row.id}`)
  }
})

t.test('every row fits the PolicyChange envelope of a delta', async (t) => {
  const entities = communityEntities()
  entities.schedule.push(makeSchedule('s', ['mon-fri 07:00-22:00'], { holidays: ['2026-10-01'], holidayWindows: [] }))
  for (const entity of POLICY_ENTITY_NAMES) {
    for (const row of entities[entity]) t.ok(Value.Check(PolicyChange, { op: 'put', entity, key: row.id, row }), `${entity} ${row.id}`)
  }
})

t.test('lists every schema violation of a row at once', async (t) => {
  const row = { ...makeCredential('c-1', 'P 1', 'card:h10301:1:1'), status: 'lost', extra: 1 }
  const result = validatePolicyRow('credential', row)
  t.equal(result.ok, false)
  const paths = result.ok ? [] : result.violations.map((v) => v.path)
  t.ok(paths.includes('/personId') && paths.includes('/status') && paths.includes('/extra'), paths.join(' '))
})

t.test('refuses an unknown entity with UNKNOWN_ENTITY', async (t) => {
  t.same(codes(validatePolicyRow('household', { id: 'h-1' })), [' UNKNOWN_ENTITY'])
})

t.test('checks the rules across columns', async (t) => {
  const card = (patch: object) => codes(validatePolicyRow('credential', { ...makeCredential('c-1', 'p-1', 'card:h10301:1:1'), ...patch }))
  t.same(card({ validFromMs: 10, validUntilMs: 10 }), ['/validUntilMs EMPTY_INTERVAL'])
  t.same(card({ lookupKey: 'pin:1234' }), ['/lookupKey KIND_MISMATCH'], "a card's key starts card:")
  t.same(card({ hostBuildingId: 'b1' }), ['/hostBuildingId UNEXPECTED_FIELD'])
  t.same(card({ boundPhoneKeyId: 'pk-1' }), ['/boundPhoneKeyId UNEXPECTED_FIELD'], 'only passes are bound to phones')
  t.same(card({ kind: 'visitor', lookupKey: 'visitor:abcdefgh' }), ['/hostPersonId MISSING_FIELD', '/hostBuildingId MISSING_FIELD', '/validUntilMs MISSING_FIELD'])
  t.same(card({ kind: 'visitor', lookupKey: 'pin:4321', hostPersonId: 'p-2', hostBuildingId: 'b1', validUntilMs: 5 }), [], 'a visitor pass may be a PIN')
  t.same(codes(validatePolicyRow('observation', makeObservation('o', 'person', 'p', 20, 10))), ['/endsAtMs EMPTY_INTERVAL'])
  const schedule = makeSchedule('s', ['mon-fri 07:00-22:00', 'mon 08:00-08:00'], { holidays: ['2026-02-30'], holidayWindows: ['xyz 07:00-08:00'] })
  t.same(codes(validatePolicyRow('schedule', schedule)), ['/windows/1 BAD_WINDOW', '/holidayWindows/0 BAD_WINDOW', '/holidays/0 BAD_DATE'])
})

t.test('checks changes: entity known, row valid, row id equal to the key', async (t) => {
  const row = makeCredential('c-1', 'p-1', 'card:h10301:1:1')
  t.same(validatePolicyChange({ op: 'put', entity: 'credential', key: 'c-1', row }), { ok: true, change: { op: 'put', entity: 'credential', key: 'c-1', row } })
  t.same(validatePolicyChange({ op: 'delete', entity: 'credential', key: 'c-1' }), { ok: true, change: { op: 'delete', entity: 'credential', key: 'c-1' } })
  const mismatch = validatePolicyChange({ op: 'put', entity: 'credential', key: 'c-2', row })
  t.same(mismatch.ok ? [] : mismatch.violations.map((v) => v.code), ['KEY_MISMATCH'])
  const unknown = validatePolicyChange({ op: 'delete', entity: 'door-rule', key: 'x' })
  t.same(unknown.ok ? [] : unknown.violations.map((v) => v.code), ['UNKNOWN_ENTITY'])
})

t.test('never throws on hostile rows and bounds the violations it lists (20,000 rows)', async (t) => {
  const random = new ByteFuzzer(99)
  const valid = Object.entries(communityEntities()).flatMap(([entity, rows]) => rows.map((row) => [entity, row] as const))
  const hostile = (): unknown => random.pick([null, 1, 'x', [], {}, { id: 'x'.repeat(2000) }, Number.NaN, { __proto__: { id: 'a' } }])
  let maxViolations = 0
  for (let i = 0; i < 20_000; i++) {
    const [entity, row] = random.pick(valid)
    const mutated: Record<string, unknown> = { ...row }
    const keys = Object.keys(mutated)
    for (let m = random.int(4); m > 0; m--) mutated[random.chance(0.8) ? random.pick(keys) : `k${random.int(99)}`] = hostile()
    const result = validatePolicyRow(random.chance(0.95) ? entity : 'nope', random.chance(0.05) ? hostile() : mutated)
    if (!result.ok) maxViolations = Math.max(maxViolations, result.violations.length)
  }
  t.ok(maxViolations <= 32, `at most ${maxViolations} violations per row`)
})
